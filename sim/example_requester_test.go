package sim_test

import (
	"fmt"

	"github.com/parley-sim/parley/sim"
)

// stubborn repeats its best outcome and never accepts. As a Requester it
// asks for the facilitator's help after round 2 and as a Voter it accepts
// any text worth at least 0.6 to it, whatever its reservation value and
// the offers it received.
type stubborn struct{}

func (stubborn) NewStrategy(self *sim.Self) sim.Strategy { return &stubbornPlay{self} }

type stubbornPlay struct{ self *sim.Self }

func (s *stubbornPlay) Propose(*sim.Turn) sim.Outcome             { return s.self.Utility.Best() }
func (s *stubbornPlay) Respond(*sim.Turn, sim.Outcome) sim.Action { return sim.Reject }
func (s *stubbornPlay) Vote(_ *sim.Turn, b *sim.Ballot) bool      { return b.Value >= 0.6 }
func (s *stubbornPlay) Request(t *sim.Turn, other bool) sim.Ask {
	if t.Round >= 2 {
		return sim.AskYes
	}
	return sim.AskNo
}

// ExampleRequester plays two stubborn parties, who ask for the
// facilitator themselves and vote on its text themselves.
func ExampleRequester() {
	space, _ := sim.NewSpace([]sim.Issue{
		{ID: "corridor", Values: []sim.Value{{ID: "national"}, {ID: "joint"}}},
		{ID: "border", Values: []sim.Value{{ID: "old_line"}, {ID: "new_line"}}},
	})
	a, _ := sim.NewUtility(space, sim.Additive{Weights: []float64{0.7, 0.3}, Values: [][]float64{{1, 0}, {1, 0}}})
	b, _ := sim.NewUtility(space, sim.Additive{Weights: []float64{0.3, 0.7}, Values: [][]float64{{0, 1}, {0, 1}}})
	n := &sim.Negotiation{
		Name:  "stalemate",
		Space: space,
		Parties: [2]sim.Party{
			{ID: "a", Utility: a, Reservation: 0.2, Discount: 1, Strategy: stubborn{}},
			{ID: "b", Utility: b, Reservation: 0.2, Discount: 1, Strategy: stubborn{}},
		},
		Protocol:    sim.Protocol{Deadline: 10},
		Facilitator: &sim.Facilitator{},
	}
	r := sim.NewSession(n).Play(0, 1, false)
	m := r.Mediation
	fmt.Printf("%v in round %d; asked first: party %d (%s); the facilitator's text: %v\n", r.End, r.Round, m.AskedFirst, m.Reason, m.Mediated)
	fmt.Printf("%s, %s: %.1f and %.1f\n", space.Value(r.Agreement, 0).ID, space.Value(r.Agreement, 1).ID, r.Utility[0], r.Utility[1])
	// Output:
	// agreement in round 2; asked first: party 0 (asked); the facilitator's text: true
	// national, new_line: 0.7 and 0.7
}
