package agents_test

import (
	"fmt"
	"strconv"

	"github.com/parley-sim/parley/agents"
	"github.com/parley-sim/parley/sim"
)

func ExampleLookup() {
	info, ok := agents.Lookup("boulware")
	if !ok {
		return
	}
	fmt.Println(info.Name + ": " + info.Summary)
	for _, p := range info.Params {
		fmt.Printf("  %s = %v\n", p.Name, p.Default)
	}
	// NegMAS's Boulware: the negmas convention, whose preset exponent is 4.
	m, err := info.New(agents.Params{"convention": "negmas"})
	fmt.Println(m != nil, err)
	// Output:
	// boulware: holds firm and concedes late: time-dependent with e = 0.2 (parley, GENIUS) or 4 (NegMAS)
	//   e = 0
	//   convention = parley
	//   k = 0
	//   tolerance = 0.0001
	//   opponent_model = none
	//   band = 0.02
	//   acceptance = auto
	//   accept_threshold = 0.9
	//   accept_time = 0.98
	// true <nil>
}

// Boulware against Conceder on a pie of 100 shares, 100 rounds: the
// Boulware side gets about 0.835, the share where the two targets cross
// in continuous time (README.md, "Worked example: where two time-dependent
// agents meet").
func Example_session() {
	const shares = 100
	vals := make([]sim.Value, shares+1)
	ua := make([]float64, shares+1)
	ub := make([]float64, shares+1)
	for x := range vals {
		vals[x] = sim.Value{ID: strconv.Itoa(x), Number: float64(x)}
		ua[x] = float64(x) / shares
		ub[x] = 1 - ua[x]
	}
	space, err := sim.NewSpace([]sim.Issue{{ID: "share", Numeric: true, Values: vals}})
	if err != nil {
		fmt.Println(err)
		return
	}
	strategy := func(name string) sim.Maker {
		info, _ := agents.Lookup(name)
		m, err := info.New(nil)
		if err != nil {
			panic(err)
		}
		return m
	}
	n := &sim.Negotiation{
		Space: space,
		Parties: [2]sim.Party{
			{ID: "a", Utility: sim.NewUtilityFromValues(ua), Discount: 1, Strategy: strategy("boulware")},
			{ID: "b", Utility: sim.NewUtilityFromValues(ub), Discount: 1, Strategy: strategy("conceder")},
		},
		Protocol: sim.Protocol{Deadline: 100},
	}
	res := sim.NewSession(n).Play(0, 1, false)
	fmt.Printf("%v in round %d: a gets %.2f, b gets %.2f\n", res.End, res.Round, res.Utility[0], res.Utility[1])
	// Output:
	// agreement in round 70: a gets 0.83, b gets 0.17
}

// Two rubinstein agents split a pie of 10000 shares, with discount factors
// 0.9 (A, who opens) and 0.8 (B) and a deadline of 100 rounds. In the
// textbook game, where every offer is a period, A gets 5/7 (Rubinstein
// 1982; sim/README.md, "Oracles the tests use"). In parley's own game a deal is discounted per round, so B's
// counter-offer and A's next offer close in the same round: A's rejections
// cost it nothing, and the equilibrium gives it the whole pie.
func Example_rubinstein() {
	const shares = 10000
	vals := make([]sim.Value, shares+1)
	ua := make([]float64, shares+1)
	ub := make([]float64, shares+1)
	for x := range vals {
		vals[x] = sim.Value{ID: strconv.Itoa(x), Number: float64(x)}
		ua[x] = float64(x) / shares
		ub[x] = 1 - ua[x]
	}
	space, err := sim.NewSpace([]sim.Issue{{ID: "share", Numeric: true, Values: vals}})
	if err != nil {
		fmt.Println(err)
		return
	}
	info, _ := agents.Lookup("rubinstein")
	for _, period := range []string{"offer", "round"} {
		m, err := info.New(agents.Params{"period": period})
		if err != nil {
			fmt.Println(err)
			return
		}
		a, b := sim.NewUtilityFromValues(ua), sim.NewUtilityFromValues(ub)
		n := &sim.Negotiation{
			Space: space,
			Parties: [2]sim.Party{
				{ID: "a", Utility: a, Perceived: b, Discount: 0.9, Strategy: m},
				{ID: "b", Utility: b, Perceived: a, Discount: 0.8, Strategy: m},
			},
			Protocol: sim.Protocol{Deadline: 100},
		}
		res := sim.NewSession(n).Play(0, 1, false)
		fmt.Printf("period %s: %v in round %d, A gets %.3f\n", period, res.End, res.Round, res.Utility[0])
	}
	// Output:
	// period offer: agreement in round 0, A gets 0.714
	// period round: agreement in round 0, A gets 1.000
}
