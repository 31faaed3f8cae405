package agents_test

import (
	"fmt"

	"github.com/parley-sim/parley/agents"
	"github.com/parley-sim/parley/sim"
)

// patient is a Player that holds out for its best outcome and accepts any
// offer worth at least 0.6 to it: what a person at a terminal might do.
type patient struct{}

func (patient) Respond(v *agents.HumanView) (sim.Action, error) {
	if v.OfferUtility >= 0.6 {
		return sim.Accept, nil
	}
	return sim.Reject, nil
}

func (patient) Propose(v *agents.HumanView) (sim.Outcome, error) {
	return v.Self.Utility.Best(), nil
}

// A human party, here played by a program, against a linear conceder on a
// pie of ten shares. The agent's target in round r is 1 − (r+1)/11 (GENIUS,
// e = 1): it first offers a share worth 0.6 to the human in round 6.
func ExampleNewHuman() {
	vals := make([]sim.Value, 11)
	ua, ub := make([]float64, 11), make([]float64, 11)
	for x := range vals {
		vals[x] = sim.Value{ID: fmt.Sprint(x)}
		ua[x], ub[x] = float64(x)/10, 1-float64(x)/10
	}
	space, _ := sim.NewSpace([]sim.Issue{{ID: "share", Values: vals}})
	linear, _ := agents.Lookup("linear")
	agent, _ := linear.New(nil)
	human := agents.NewHuman(patient{})
	n := &sim.Negotiation{
		Space: space,
		Parties: [2]sim.Party{
			{ID: "you", Utility: sim.NewUtilityFromValues(ua), Discount: 1, Strategy: human},
			{ID: "agent", Utility: sim.NewUtilityFromValues(ub), Discount: 1, Strategy: agent},
		},
		Protocol: sim.Protocol{Deadline: 10, FirstMover: 1},
	}
	res := sim.NewSession(n).Play(0, 1, false)
	fmt.Printf("%v in round %d on share %s: %.1f to you, %.1f to the agent; error %v\n",
		res.End, res.Round, space.Value(res.Agreement, 0).ID, res.Utility[0], res.Utility[1], human.Err())
	// Output:
	// agreement in round 6 on share 6: 0.6 to you, 0.4 to the agent; error <nil>
}
