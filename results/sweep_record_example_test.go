package results_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/parley-sim/parley/results"
	"github.com/parley-sim/parley/sim"
)

// ExampleSweepRecorder records a sweep of a small pie-splitting
// negotiation over three breakdown risks into a folder, and prints the
// first columns of points.csv.
func ExampleSweepRecorder() {
	space, _ := sim.NewSpace([]sim.Issue{{ID: "share", Values: []sim.Value{{ID: "low"}, {ID: "half"}, {ID: "high"}}}})
	a, _ := sim.NewUtility(space, sim.Additive{Weights: []float64{1}, Values: [][]float64{{0.2, 0.6, 1}}})
	b, _ := sim.NewUtility(space, sim.Additive{Weights: []float64{1}, Values: [][]float64{{1, 0.6, 0.2}}})
	risk := []string{"0", "0.3", "0.6"}
	build := func(p int) (*sim.Negotiation, error) {
		var br float64
		fmt.Sscan(risk[p], &br)
		return &sim.Negotiation{
			Name:  "pie",
			Space: space,
			Parties: [2]sim.Party{
				{ID: "a", Utility: a, Reservation: 0.1, Discount: 1, Strategy: halfway{}},
				{ID: "b", Utility: b, Reservation: 0.1, Discount: 1, Strategy: halfway{}},
			},
			Protocol: sim.Protocol{Deadline: 4, Breakdown: br},
		}, nil
	}
	base, _ := build(0)

	dir, _ := os.MkdirTemp("", "sweep")
	defer os.RemoveAll(dir)
	m := results.SweepManifest{
		Version: "example", Sweep: "pie-risk", Fingerprint: "0123456789abcdef",
		Parameters: []string{"protocol.breakdown"}, Points: len(risk), Replications: 50, Seed: 1,
	}
	rec, err := results.NewSweepRecorder(dir, m, base, func(p int) []string { return []string{risk[p]} },
		results.SweepRecorderOptions{NoCharts: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	sw := sim.Sweep{
		Points: m.Points, Build: build, Replications: m.Replications, Seed: m.Seed, From: rec.From(),
		Encode: rec.Encode, Emit: rec.Emit, PointDone: rec.PointDone,
	}
	if err := sw.Run(context.Background()); err != nil {
		rec.Abort()
		fmt.Println(err)
		return
	}
	if err := rec.Close(); err != nil {
		fmt.Println(err)
		return
	}
	points, _ := os.ReadFile(filepath.Join(dir, results.PointsFile))
	for _, line := range strings.Split(strings.TrimSpace(string(points)), "\n") {
		fmt.Println(strings.Join(strings.Split(line, ",")[:5], ","))
	}
	// Output:
	// point,protocol.breakdown,replications,agreements,agreement_rate
	// 0,0,50,50,1
	// 1,0.3,50,29,0.58
	// 2,0.6,50,11,0.22
}

// halfway proposes the middle outcome and, from round 2 on, accepts
// anything worth at least as much to it.
type halfway struct{}

func (halfway) NewStrategy(self *sim.Self) sim.Strategy { return halfwayStrategy{self} }

type halfwayStrategy struct{ self *sim.Self }

func (s halfwayStrategy) Propose(*sim.Turn) sim.Outcome { return 1 }

func (s halfwayStrategy) Respond(t *sim.Turn, o sim.Outcome) sim.Action {
	if t.Round >= 2 && s.self.Utility.Of(o) >= 0.6 {
		return sim.Accept
	}
	return sim.Reject
}
