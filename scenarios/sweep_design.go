package scenarios

import (
	"math"
	"strconv"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/samplemv"

	"github.com/parley-sim/parley/scenarios/internal/numtext"
	"github.com/parley-sim/parley/sim"
)

// assign returns the canonical text of every parameter's value at point,
// and the --set arguments of the fixed settings followed by those of the
// values, or nils for a point out of range.
func (s *Sweep) assign(point int) (vals, sets []string) {
	if point < 0 || point >= s.points {
		return nil, nil
	}
	k, nf := len(s.params), len(s.fixed)
	vals, sets = make([]string, k), make([]string, nf+k)
	for i, x := range s.fixed {
		sets[i] = x.path + "=" + x.list[0].arg
	}
	put := func(i int, text, arg string) {
		vals[i] = text
		sets[nf+i] = s.params[i].path + "=" + arg
	}
	switch s.Design {
	case DesignGrid:
		// Mixed radix, the last parameter varying fastest.
		rest := point
		for i := k - 1; i >= 0; i-- {
			l := s.params[i].list
			v := l[rest%len(l)]
			rest /= len(l)
			put(i, v.text, v.arg)
		}
	case DesignRandom:
		rng := sim.NewRand(sim.PointSeed(s.Seed, point), roleDesign)
		for i, p := range s.params {
			text, arg := p.at(rng.Float64())
			put(i, text, arg)
		}
	case DesignLatinHypercube:
		for i, p := range s.params {
			text, arg := p.at(s.lhs[point*k+i])
			put(i, text, arg)
		}
	}
	return vals, sets
}

// at returns the value of the parameter at u in [0, 1): the value of index
// floor(u·len) of a list; min + u·(max − min) rounded to 6 significant
// digits for a range; floor(min + u·(max − min + 1)) for an integer range,
// so that every whole number in [min, max] is equally likely.
func (p *sweepParam) at(u float64) (text, arg string) {
	u = min(max(u, 0), math.Nextafter(1, 0))
	if p.list != nil {
		v := p.list[min(int(u*float64(len(p.list))), len(p.list)-1)]
		return v.text, v.arg
	}
	if p.integer {
		x := min(math.Floor(p.min+u*(p.max-p.min+1)), p.max)
		t := strconv.FormatInt(int64(x), 10)
		return t, t
	}
	x := min(max(round6(p.min+u*(p.max-p.min)), p.min), p.max)
	t := numtext.Shortest(x)
	return t, t
}

// round6 rounds x to 6 significant decimal digits.
func round6(x float64) float64 {
	v, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 6, 64), 64)
	switch {
	case err != nil:
		return x
	case v == 0:
		return 0 // also turns -0 into 0
	}
	return v
}

// design fills in the points of a latin_hypercube design, drawn with gonum's
// samplemv.LatinHypercube from the unit hypercube, one column per
// parameter, seeded from the sweep's seed.
func (s *Sweep) design() {
	if s.Design != DesignLatinHypercube {
		return
	}
	k := len(s.params)
	s.lhs = make([]float64, s.points*k)
	batch := mat.NewDense(s.points, k, s.lhs)
	samplemv.LatinHypercube{
		Q:   distmv.NewUnitUniform(k, nil),
		Src: sim.NewRand(s.Seed, roleDesign),
	}.Sample(batch)
}
