package results

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/parley-sim/parley/results/narrate"
	"github.com/parley-sim/parley/sim"
)

// Kinds of assumption values (Assumption.Kind), as package scenarios
// names them.
const (
	// KindNumber is a real number.
	KindNumber = "number"
	// KindInteger is a whole number.
	KindInteger = "integer"
	// KindCategory is one of named values, drawn as its index in
	// Assumption.Values.
	KindCategory = "category"
)

// Assumption is one uncertain field of the scenario a batch played: a
// field given as a distribution, of which every run draws its own value
// (sim.Result.Draw, in the order of the assumptions). It mirrors
// scenarios.Assumption, which package results does not import.
type Assumption struct {
	// Path is the field's dotted path, as --set takes it; it names the
	// column of runs.csv that holds the values drawn.
	Path string `json:"path"`
	// Dist is the distribution in canonical form, as the resolved
	// scenario writes it: "{uniform: [0.9, 0.99]}".
	Dist string `json:"distribution"`
	// Kind is KindNumber, KindInteger or KindCategory.
	Kind string `json:"kind"`
	// Values are the names of a category's values, in the order of the
	// distribution (a draw is an index into it); empty otherwise.
	Values []string `json:"values,omitempty"`
}

// checkAssumptions reports assumptions that cannot name columns or
// hold draws: an empty or repeated path, an unknown kind, a category
// without values.
func checkAssumptions(as []Assumption) error {
	seen := map[string]bool{}
	for i, a := range as {
		switch {
		case a.Path == "":
			return fmt.Errorf("assumption %d has no path", i)
		case seen[a.Path]:
			return fmt.Errorf("assumption %s appears twice", a.Path)
		case a.Kind != KindNumber && a.Kind != KindInteger && a.Kind != KindCategory:
			return fmt.Errorf("assumption %s: unknown kind %q (want %s, %s or %s)", a.Path, a.Kind, KindNumber, KindInteger, KindCategory)
		case a.Kind == KindCategory && len(a.Values) == 0:
			return fmt.Errorf("assumption %s: a category without values", a.Path)
		}
		seen[a.Path] = true
	}
	return nil
}

// cell formats the value x drawn for a: a number as formatFloat does, an
// integer as a whole number, a category as the name of its value. It
// reports a draw that does not fit the kind.
func (a *Assumption) cell(x float64) (string, error) {
	switch a.Kind {
	case KindInteger:
		if x != math.Trunc(x) || math.Abs(x) > 1<<53 {
			return "", fmt.Errorf("assumption %s: draw %v is not a whole number", a.Path, x)
		}
		return strconv.FormatInt(int64(x), 10), nil
	case KindCategory:
		k := int(x)
		if float64(k) != x || k < 0 || k >= len(a.Values) {
			return "", fmt.Errorf("assumption %s: draw %v is not the index of one of its %d values", a.Path, x, len(a.Values))
		}
		return a.Values[k], nil
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "", fmt.Errorf("assumption %s: draw %v is not a finite number", a.Path, x)
	}
	return formatFloat(x), nil
}

// parse reads back a cell written by cell: the value drawn, as
// sim.Result.Draw holds it.
func (a *Assumption) parse(s string) (float64, error) {
	if a.Kind == KindCategory {
		for k, v := range a.Values {
			if v == s {
				return float64(k), nil
			}
		}
		return 0, fmt.Errorf("%q is not a value of %s", s, a.Path)
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, fmt.Errorf("%q is not a finite number", s)
	}
	if a.Kind == KindInteger && x != math.Trunc(x) {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	return x, nil
}

// appendDraw appends the cells of the values drawn for as to row.
func appendDraw(row []string, as []Assumption, draw []float64) ([]string, error) {
	if len(draw) != len(as) {
		return row, fmt.Errorf("%d values drawn for %d assumptions", len(draw), len(as))
	}
	for j := range as {
		c, err := as[j].cell(draw[j])
		if err != nil {
			return row, err
		}
		row = append(row, c)
	}
	return row, nil
}

// replayer gives the negotiations that runs of a batch with assumptions
// played, by drawing their assumptions again with a sampler of its own:
// a run's draw depends on its seed only (sim.Sampler), so the negotiation
// replayed is the one the run played.
type replayer struct {
	newSampler func() sim.Sampler
	shared     sim.Sampler // for negotiations used at once and dropped
}

// errNoSampler reports a batch with assumptions recorded without the
// means to replay its runs' negotiations.
var errNoSampler = errors.New("runs with uncertain assumptions: the traced runs need Options.NewSampler to replay the negotiations they played")

// at returns the negotiation that run res played. It is valid until the
// next call of at.
func (p *replayer) at(res *sim.Result) (*sim.Negotiation, error) {
	if p.shared == nil {
		p.shared = p.newSampler()
	}
	return replay(p.shared, res)
}

// keep returns the negotiation that run res played, made by a sampler of
// its own so that it stays valid.
func (p *replayer) keep(res *sim.Result) (*sim.Negotiation, error) {
	return replay(p.newSampler(), res)
}

// replay draws the assumptions of run res again with s and checks that
// they are the values the run drew.
func replay(s sim.Sampler, res *sim.Result) (*sim.Negotiation, error) {
	n, draw, err := s.Sample(0, res.Seed, nil)
	switch {
	case err != nil:
		return nil, fmt.Errorf("replaying the draw of seed %s: %w", narrate.SeedText(res.Seed), err)
	case n == nil:
		return nil, fmt.Errorf("replaying the draw of seed %s: the sampler returned no negotiation", narrate.SeedText(res.Seed))
	case !slices.Equal(draw, res.Draw):
		return nil, fmt.Errorf("replaying the draw of seed %s gave other values than the run drew: the sampler is not the batch's", narrate.SeedText(res.Seed))
	}
	return n, nil
}
