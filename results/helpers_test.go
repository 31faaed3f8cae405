package results

import (
	"context"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/parley-sim/parley/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// concede is a tiny deterministic test strategy: it asks for the outcome
// whose utility is nearest above the target 1 − (1 − r)·t^(1/e), where r
// is the reservation value and t the relative time, and accepts any offer
// worth at least that target. After round walkAfter (if positive) it
// walks away instead of answering.
type concede struct {
	e         float64
	walkAfter int
}

func (m concede) NewStrategy(self *sim.Self) sim.Strategy { return &conceding{self: self, m: m} }

type conceding struct {
	self *sim.Self
	m    concede
}

func (s *conceding) target(t *sim.Turn) float64 {
	r := s.self.Reservation
	return 1 - (1-r)*math.Pow(t.Time, 1/s.m.e)
}

func (s *conceding) Propose(t *sim.Turn) sim.Outcome {
	if o, ok := s.self.Utility.Lowest(s.target(t)); ok {
		return o
	}
	return s.self.Utility.Best()
}

func (s *conceding) Respond(t *sim.Turn, offer sim.Outcome) sim.Action {
	if s.m.walkAfter > 0 && t.Round >= s.m.walkAfter {
		return sim.Walk
	}
	if s.self.Utility.Of(offer) >= s.target(t) {
		return sim.Accept
	}
	return sim.Reject
}

// testNegotiation builds a small three-issue negotiation by hand.
func testNegotiation(t testing.TB, breakdown float64, first int, walkAfter int) *sim.Negotiation {
	t.Helper()
	n, err := buildNegotiation(breakdown, first, walkAfter)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// exampleNegotiation is testNegotiation for examples: a 20% breakdown
// risk and a random first mover.
func exampleNegotiation() *sim.Negotiation {
	n, err := buildNegotiation(0.2, sim.RandomFirst, 0)
	if err != nil {
		panic(err) // the fixed test scenario is valid
	}
	return n
}

func buildNegotiation(breakdown float64, first int, walkAfter int) (*sim.Negotiation, error) {
	issues := []sim.Issue{
		{ID: "corridor", Label: "Transit corridor", Values: []sim.Value{{ID: "closed"}, {ID: "joint"}, {ID: "open"}}},
		{ID: "border", Label: "Border line", Unit: "km", Numeric: true, Values: []sim.Value{{ID: "0", Number: 0}, {ID: "5", Number: 5}, {ID: "10", Number: 10}}},
		{ID: "recognition", Values: []sim.Value{{ID: "no"}, {ID: "yes"}}},
	}
	sp, err := sim.NewSpace(issues)
	if err != nil {
		return nil, err
	}
	north, err := sim.NewUtility(sp, sim.Additive{
		Weights: []float64{0.5, 0.3, 0.2},
		Values:  [][]float64{{1, 0.6, 0}, {1, 0.5, 0}, {0, 1}},
	})
	if err != nil {
		return nil, err
	}
	south, err := sim.NewUtility(sp, sim.Additive{
		Weights: []float64{0.25, 0.5, 0.25},
		Values:  [][]float64{{0, 0.7, 1}, {0, 0.4, 1}, {1, 0}},
	})
	if err != nil {
		return nil, err
	}
	return &sim.Negotiation{
		Name:  "twostates",
		Space: sp,
		Parties: [2]sim.Party{
			{ID: "north", Label: "North", Utility: north, Reservation: 0.3, Discount: 0.95, Strategy: concede{e: 0.5}, StrategyName: "boulware"},
			{ID: "south", Label: "South", Utility: south, Reservation: 0.25, Discount: 0.9, Strategy: concede{e: 1.5, walkAfter: walkAfter}, StrategyName: "conceder"},
		},
		Protocol: sim.Protocol{Deadline: 8, FirstMover: first, Breakdown: breakdown},
	}, nil
}

// facilitatedNegotiation is testNegotiation with a facilitator that
// either party may invite after two stalled rounds (the other agreeing
// half of the time), with a utility of its own and a guarantee on a closed
// corridor.
func facilitatedNegotiation(t testing.TB) *sim.Negotiation {
	t.Helper()
	n := testNegotiation(t, 0.1, sim.RandomFirst, 0)
	fu, err := sim.NewUtility(n.Space, sim.Additive{
		Weights: []float64{0.6, 0.2, 0.2},
		Values:  [][]float64{{0, 0.5, 1}, {0.5, 1, 0.5}, {1, 0}},
	})
	if err != nil {
		t.Fatal(err)
	}
	n.Facilitator = &sim.Facilitator{
		Name:     "third state",
		Consent:  sim.ConsentEither,
		Triggers: [2]sim.Triggers{{StalledRounds: 2, AcceptOffer: 0.5}, {StalledRounds: 2, AcceptOffer: 0.5}},
		Utility:  fu,
		Guarantees: []sim.Guarantee{{
			Name:  "corridor_security",
			When:  []sim.Condition{{Issue: 0, Value: 0}},
			Delta: [2]float64{0.1, 0.1},
			Cost:  0.01,
		}},
		Budget: 0.2,
	}
	if err := n.Validate(); err != nil {
		t.Fatal(err)
	}
	return n
}

// play runs a batch and returns its results in run order.
func play(t testing.TB, n *sim.Negotiation, runs, trace int, seed uint64) []*sim.Result {
	t.Helper()
	var out []*sim.Result
	b := sim.Batch{Negotiation: n, Runs: runs, Seed: seed, Workers: 2, Trace: trace}
	err := b.Run(context.Background(), func(r *sim.Result) error {
		c := *r
		out = append(out, &c)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file (run go test -update after checking the change)\n--- got:\n%s\n--- want:\n%s", name, clip(got), clip(want))
	}
}

func clip(b []byte) string {
	if len(b) > 4000 {
		return string(b[:4000]) + "\n…"
	}
	return string(b)
}

// within reports whether a and b differ by at most tol, or are both NaN.
func within(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol
}
