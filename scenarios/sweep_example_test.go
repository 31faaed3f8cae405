package scenarios_test

import (
	"fmt"
	"strings"

	"github.com/parley-sim/parley/scenarios"
)

func ExampleLoadSweep() {
	s, err := scenarios.LoadSweep("facilitator-bias", scenarios.SweepOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s on %s: %s design, %d points x %d replications = %d runs\n",
		s.Name, s.Scenario, s.Design, s.Points(), s.Replications, s.Runs())
	fmt.Println("parameters:", s.Params())
	fmt.Println("point 6:", s.Values(6), s.Sets(6))
	n, err := s.Build(6)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("bias of point 6:", n.Facilitator.Bias)

	// Mistakes are reported at once, each where it is written.
	_, err = scenarios.ParseSweep("my-sweep.yaml", []byte(`name: my-sweep
scenario: south-caucasus
design: grid
parameters:
  parties.armenia.discont: [0.9, 0.95]
  facilitator.bias: [0, 1.5]
  protocol.deadline: {min: 20, max: 80}
`), scenarios.SweepOptions{})
	fmt.Println(err)
	// Output:
	// facilitator-bias on south-caucasus: grid design, 9 points x 200 replications = 1800 runs
	// parameters: [facilitator.bias]
	// point 6: [0.5] [facilitator.bias=0.5]
	// bias of point 6: 0.5
	// my-sweep.yaml:5:3: parties.armenia.discont: unknown field (did you mean "discount"?)
	// my-sweep.yaml:6:25: facilitator.bias: expected a number in [-1, 1], found 1.5
	// my-sweep.yaml:7:22: parameters.protocol.deadline: a range {min, max} needs design random or latin_hypercube; a grid takes a list of values, such as [0.9, 0.95]
}

func ExampleSweep_With() {
	s, err := scenarios.LoadSweep("facilitator-bias", scenarios.SweepOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Fewer replications than the file asks for, adaptive ones stopping at
	// ±0.1: the resolved sweep, and so the fingerprint, say so.
	quick, err := s.With(30, 0.1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(quick.Replications, quick.Precision, quick.Runs(), "runs at most")
	for _, line := range strings.Split(string(quick.Resolved), "\n") {
		if strings.HasPrefix(line, "replications:") || strings.HasPrefix(line, "precision:") {
			fmt.Println(line)
		}
	}
	fmt.Println("same sweep:", quick.Fingerprint() == s.Fingerprint())
	_, err = s.With(0, 0)
	fmt.Println(err)
	// Output:
	// 30 0.1 270 runs at most
	// replications: 30
	// precision: 0.1
	// same sweep: false
	// sweep facilitator-bias: replications 0 outside [1, 100000000]
}
