package sim

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/optimize"
)

// ContinuousProblem is a two-party bargaining problem over a box of real
// decision variables, such as border lines or shares that need not sit on a
// grid. Utilities are arbitrary continuous functions of the variables.
type ContinuousProblem struct {
	// Lower and Upper bound each variable; they must have the same length,
	// at least 1, and Lower[i] ≤ Upper[i].
	Lower, Upper []float64
	// Utility holds party A's and party B's utility of a point x.
	Utility [2]func(x []float64) float64
	// Disagreement is the disagreement point d (the reservation values).
	Disagreement [2]float64
	// Starts is the number of starting points of the multi-start search per
	// variable; the search uses Starts^dim points, at most 256, spread by a
	// Halton sequence beyond that. Zero means 7.
	Starts int
}

// ContinuousPoint is a point of the box with both utilities.
type ContinuousPoint struct {
	// X is the point.
	X []float64
	// U holds party A's and party B's utility of X.
	U [2]float64
}

// ContinuousSolutions holds the bargaining solutions of a continuous problem.
// The definitions are those of [Solutions]; GENIUS's "Kalai" point is not
// computed here (it needs the frontier, not a single optimum).
type ContinuousSolutions struct {
	// Ideal holds each party's highest utility over the individually
	// rational points.
	Ideal [2]float64
	// Nash maximises (u_A − d_A)(u_B − d_B) over individually rational points.
	Nash ContinuousPoint
	// KalaiSmorodinsky maximises min_i (u_i − d_i)/(Ideal_i − d_i).
	KalaiSmorodinsky ContinuousPoint
	// Egalitarian maximises min_i (u_i − d_i).
	Egalitarian ContinuousPoint
	// MaxWelfare maximises u_A + u_B.
	MaxWelfare ContinuousPoint
}

// ErrNoRationalPoint reports that no point gives both parties at least
// their disagreement utility.
var ErrNoRationalPoint = errors.New("no individually rational point")

// penalty weighs constraint violations; exact for the Lipschitz objectives
// used here, whose multipliers stay far below it.
const penalty = 1e3

// SolveContinuous computes the bargaining solutions of p by multi-start
// Nelder–Mead (gonum/optimize) on the box, mapped to the whole real line by
// x = lo + (hi−lo)(1+sin y)/2 so that every candidate is feasible, with
// individual rationality imposed by an exact penalty.
func SolveContinuous(p ContinuousProblem) (ContinuousSolutions, error) {
	var s ContinuousSolutions
	dim := len(p.Lower)
	if dim == 0 || len(p.Upper) != dim {
		return s, fmt.Errorf("continuous problem: %d lower and %d upper bounds", len(p.Lower), len(p.Upper))
	}
	for i := range dim {
		if !(p.Lower[i] <= p.Upper[i]) {
			return s, fmt.Errorf("continuous problem: variable %d: lower %v above upper %v", i, p.Lower[i], p.Upper[i])
		}
	}
	if p.Utility[0] == nil || p.Utility[1] == nil {
		return s, errors.New("continuous problem: missing utility function")
	}
	d := p.Disagreement
	gains := func(u [2]float64) (ga, gb, viol float64) {
		ga, gb = u[0]-d[0], u[1]-d[1]
		return ga, gb, max(0, -ga) + max(0, -gb)
	}
	var err error
	for i := range 2 {
		var pt ContinuousPoint
		pt, err = p.maximise(func(u [2]float64) float64 {
			_, _, viol := gains(u)
			return u[i] - penalty*viol
		}, true)
		if err != nil {
			return s, err
		}
		s.Ideal[i] = pt.U[i]
	}
	if s.Nash, err = p.maximise(func(u [2]float64) float64 {
		ga, gb, viol := gains(u)
		return max(0, ga)*max(0, gb) - penalty*viol
	}, true); err != nil {
		return s, err
	}
	if s.KalaiSmorodinsky, err = p.maximise(func(u [2]float64) float64 {
		ga, gb, viol := gains(u)
		return min(ratio(ga, s.Ideal[0]-d[0]), ratio(gb, s.Ideal[1]-d[1])) - penalty*viol
	}, true); err != nil {
		return s, err
	}
	if s.Egalitarian, err = p.maximise(func(u [2]float64) float64 {
		ga, gb, viol := gains(u)
		return min(ga, gb) - penalty*viol
	}, true); err != nil {
		return s, err
	}
	s.MaxWelfare, err = p.maximise(func(u [2]float64) float64 { return u[0] + u[1] }, false)
	return s, err
}

// maximise returns the best point found for f(u(x)) over all starts. When
// rational is true, f penalises irrational points and maximise reports
// ErrNoRationalPoint if even the best point falls short of the disagreement
// point by more than 1e-9.
func (p ContinuousProblem) maximise(f func(u [2]float64) float64, rational bool) (ContinuousPoint, error) {
	dim := len(p.Lower)
	x := make([]float64, dim)
	toBox := func(y []float64) []float64 {
		for i, v := range y {
			x[i] = p.Lower[i] + (p.Upper[i]-p.Lower[i])*(1+math.Sin(v))/2
		}
		return x
	}
	eval := func(y []float64) [2]float64 {
		xx := toBox(y)
		return [2]float64{p.Utility[0](xx), p.Utility[1](xx)}
	}
	prob := optimize.Problem{Func: func(y []float64) float64 { return -f(eval(y)) }}
	settings := &optimize.Settings{
		Converger:       &optimize.FunctionConverge{Absolute: 1e-15, Iterations: 400},
		FuncEvaluations: 20000,
	}
	best := math.Inf(1)
	var bestY []float64
	for _, start := range p.starts() {
		res, err := optimize.Minimize(prob, start, settings, &optimize.NelderMead{})
		if err != nil && res == nil {
			return ContinuousPoint{}, fmt.Errorf("continuous problem: %w", err)
		}
		if res.F < best {
			best, bestY = res.F, res.X
		}
	}
	u := eval(bestY)
	pt := ContinuousPoint{X: append([]float64(nil), toBox(bestY)...), U: u}
	d := p.Disagreement
	if rational && (u[0] < d[0]-1e-9 || u[1] < d[1]-1e-9) {
		return pt, ErrNoRationalPoint
	}
	return pt, nil
}

// starts returns the starting points in the unbounded coordinates y: a
// regular grid strictly inside the box, or a Halton sequence when the grid
// would exceed 256 points.
func (p ContinuousProblem) starts() [][]float64 {
	dim := len(p.Lower)
	k := p.Starts
	if k <= 0 {
		k = 7
	}
	// Box fraction f in (0,1) corresponds to y = asin(2f − 1).
	toY := func(f float64) float64 { return math.Asin(2*f - 1) }
	total := math.Pow(float64(k), float64(dim))
	var out [][]float64
	if total <= 256 {
		n := int(total)
		for c := range n {
			y := make([]float64, dim)
			for i, r := 0, c; i < dim; i, r = i+1, r/k {
				y[i] = toY((float64(r%k) + 0.5) / float64(k))
			}
			out = append(out, y)
		}
		return out
	}
	primes := []int{2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53}
	for c := 1; c <= 256; c++ {
		y := make([]float64, dim)
		for i := range dim {
			y[i] = toY(halton(c, primes[i%len(primes)]))
		}
		out = append(out, y)
	}
	return out
}

// halton returns the i-th element of the van der Corput sequence in base b.
func halton(i, b int) float64 {
	f, r := 1.0, 0.0
	for ; i > 0; i /= b {
		f /= float64(b)
		r += f * float64(i%b)
	}
	return r
}
