package scenarios_test

import (
	"fmt"

	"github.com/parley-sim/parley/scenarios"
)

func ExampleParse() {
	src := `name: pie
description: Split a pie of 10 slices.
issues:
  - {id: share, label: Slices for A, min: 0, max: 10, step: 1, unit: slices}
parties:
  a:
    weights: {share: 1}
    values: {share: {linear: increasing}}
    strategy: {type: boulware}
  b:
    weights: {share: 2}   # not 1: normalised, with a warning
    values: {share: {linear: decreasing}}
    strategy: {type: conceder}
protocol: {deadline: 20}
`
	s, err := scenarios.Parse("pie.yaml", []byte(src), []string{"parties.b.discount=0.9"})
	if err != nil {
		fmt.Println(err)
		return
	}
	n := s.Negotiation
	fmt.Println(s.Name, n.Space.Size(), "outcomes,", n.Protocol.Deadline, "rounds")
	o := n.Space.Encode([]int{7})
	fmt.Printf("%s: A %.1f, B %.1f\n", n.Space.Value(o, 0).Label, n.Parties[0].Utility.Of(o), n.Parties[1].Utility.Of(o))
	fmt.Println("B's discount:", n.Parties[1].Discount)
	for _, w := range s.Warnings {
		fmt.Println("warning:", w)
	}

	_, err = scenarios.Parse("pie.yaml", []byte(src), []string{"parties.a.stratgy.e=2", "protocol.deadline=0"})
	fmt.Println(err)
	// Output:
	// pie 11 outcomes, 20 rounds
	// 7 slices: A 0.7, B 0.3
	// B's discount: 0.9
	// warning: pie.yaml:11:5: parties.b.weights: weights sum to 2, not 1; each was divided by 2
	// --set parties.a.stratgy.e=2: parties.a.stratgy: unknown field (did you mean "strategy"?)
	// --set protocol.deadline=0: protocol.deadline: expected an integer in [1, 1000000], found 0
}

func ExampleNearest() {
	commands := []string{"run", "sweep", "validate"}
	for _, typed := range []string{"rnu", "valdiate", "plot"} {
		if s, ok := scenarios.Nearest(typed, commands); ok {
			fmt.Printf("%s: did you mean %q?\n", typed, s)
		} else {
			fmt.Printf("%s: no suggestion\n", typed)
		}
	}
	// Output:
	// rnu: did you mean "run"?
	// valdiate: did you mean "validate"?
	// plot: no suggestion
}
