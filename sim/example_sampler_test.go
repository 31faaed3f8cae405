package sim_test

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parley-sim/parley/sim"
)

// firm opens with its best outcome, then offers and accepts anything worth
// at least its reservation value.
type firm struct{}

func (firm) NewStrategy(self *sim.Self) sim.Strategy { return &firmPlay{self} }

type firmPlay struct{ self *sim.Self }

func (f *firmPlay) Propose(t *sim.Turn) sim.Outcome {
	if o, ok := f.self.Utility.Lowest(f.self.Reservation); ok && t.Round > 0 {
		return o
	}
	return f.self.Utility.Best()
}

func (f *firmPlay) Respond(_ *sim.Turn, offer sim.Outcome) sim.Action {
	if f.self.Utility.Of(offer) >= f.self.Reservation {
		return sim.Accept
	}
	return sim.Reject
}

// reservationSampler makes b's reservation value an uncertain assumption,
// uniform on [0.3, 0.8], drawn by inversion from the run's own stream of
// the path "parties.b.reservation". It keeps one negotiation and changes
// it in place for each run.
type reservationSampler struct{ n sim.Negotiation }

func (s *reservationSampler) Sample(_ int, seed uint64, draw []float64) (*sim.Negotiation, []float64, error) {
	r := distuv.Uniform{Min: 0.3, Max: 0.8}.Quantile(sim.AssumptionUniform(seed, "parties.b.reservation"))
	s.n.Parties[1].Reservation = r
	return &s.n, append(draw, r), nil
}

// ExampleSampler plays a batch in which every run draws b's reservation
// value: b holds out for the extraterritorial regime when the joint one is
// worth less to it than its reservation.
func ExampleSampler() {
	space, _ := sim.NewSpace([]sim.Issue{{
		ID:     "corridor",
		Values: []sim.Value{{ID: "national"}, {ID: "joint"}, {ID: "extraterritorial"}},
	}})
	a, _ := sim.NewUtility(space, sim.Additive{Weights: []float64{1}, Values: [][]float64{{1, 0.6, 0}}})
	b, _ := sim.NewUtility(space, sim.Additive{Weights: []float64{1}, Values: [][]float64{{0, 0.7, 1}}})
	base := sim.Negotiation{
		Name:  "corridor",
		Space: space,
		Parties: [2]sim.Party{
			{ID: "a", Utility: a, Reservation: 0.2, Discount: 1, Strategy: greedy{}},
			{ID: "b", Utility: b, Reservation: 0.5, Discount: 1, Strategy: firm{}},
		},
		Protocol: sim.Protocol{Deadline: 3},
	}
	batch := sim.Batch{
		NewSampler: func() sim.Sampler { return &reservationSampler{n: base} },
		Runs:       4,
		Seed:       7,
	}
	_ = batch.Run(context.Background(), func(r *sim.Result) error {
		deal := "no deal"
		if r.Agreed() {
			deal = space.Value(r.Agreement, 0).ID
		}
		fmt.Printf("run %d: b's reservation %.2f: %s, welfare %.2f\n", r.Run, r.Draw[0], deal, r.Metrics.Welfare)
		return nil
	})
	// Output:
	// run 0: b's reservation 0.64: joint, welfare 1.30
	// run 1: b's reservation 0.72: no deal, welfare 0.92
	// run 2: b's reservation 0.74: no deal, welfare 0.94
	// run 3: b's reservation 0.53: joint, welfare 1.30
}
