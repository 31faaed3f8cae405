package results

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/parley-sim/parley/results/chart"
	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/sim"
)

// quantile7 is R's type 7 quantile of sorted values.
func quantile7(x []float64, p float64) float64 {
	h := float64(len(x)-1) * p
	lo := int(math.Floor(h))
	if lo+1 >= len(x) {
		return x[lo]
	}
	return x[lo] + (h-float64(lo))*(x[lo+1]-x[lo])
}

func TestHistQuantile(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 3, 10, 101, 1000} {
		var h convCell
		var x []float64
		for range n {
			u := rng.Float64()
			if rng.IntN(4) == 0 {
				u = 0.5 // ties
			}
			h[utilityBin(u)]++
			x = append(x, float64(utilityBin(u))/ConvergenceResolution)
		}
		slices.Sort(x)
		for _, p := range []float64{0, 0.1, 0.5, 0.9, 1} {
			if got, want := histQuantile(&h, n, p), quantile7(x, p); math.Abs(got-want) > 1e-9 {
				t.Errorf("n %d, p %v: %v, want %v", n, p, got, want)
			}
		}
	}
}

func TestUtilityBin(t *testing.T) {
	for _, c := range []struct {
		u    float64
		want int
	}{{0, 0}, {1, 1000}, {0.5004, 500}, {0.5006, 501}, {-0.2, 0}, {1.3, 1000}, {math.NaN(), 0}} {
		if got := utilityBin(c.u); got != c.want {
			t.Errorf("utilityBin(%v) = %d, want %d", c.u, got, c.want)
		}
	}
}

// convergenceOracle recomputes convergence.csv from the traces of every
// run: at the end of each round, each party's utility of the latest
// offer of each offerer (offers of no party counted as the third
// offerer's), the agreement replacing them in the round of agreement;
// an agreement on the facilitator's text is the third offerer's word
// alone, the parties' offers staying what they were.
func convergenceOracle(t *testing.T, n *sim.Negotiation, results []*sim.Result, offerKinds ...sim.EventKind) []chart.ConvergenceRow {
	t.Helper()
	vals := map[[3]int][]float64{} // round, party, offerer
	maxRound := 0
	for _, res := range results {
		if res.Trace == nil {
			t.Fatal("the oracle needs every run traced")
		}
		latest := [3]sim.Outcome{sim.NoOutcome, sim.NoOutcome, sim.NoOutcome}
		k := 0
		for r := 0; r <= res.Round; r++ {
			for ; k < len(res.Trace) && res.Trace[k].Round <= r; k++ {
				e := res.Trace[k]
				if slices.Contains(offerKinds, e.Kind) && e.Outcome != sim.NoOutcome {
					j := e.Actor
					if j < 0 {
						j = chart.ThirdOfferer
					}
					latest[j] = e.Outcome
				}
			}
			table := latest
			if r == res.Round && res.Agreed() {
				if res.Mediation.Mediated {
					table[chart.ThirdOfferer] = res.Agreement // the facilitator's text, not the parties' offer
				} else {
					for j := range table {
						if table[j] != sim.NoOutcome {
							table[j] = res.Agreement
						}
					}
				}
			}
			for j, o := range table {
				if o == sim.NoOutcome {
					continue
				}
				for i := range 2 {
					u := math.Round(n.Parties[i].Utility.Of(o)*1000) / 1000
					vals[[3]int{r, i, j}] = append(vals[[3]int{r, i, j}], u)
				}
			}
			maxRound = max(maxRound, r)
		}
	}
	var out []chart.ConvergenceRow
	for r := 0; r <= maxRound; r++ {
		for i := range 2 {
			for j := range 3 {
				x := vals[[3]int{r, i, j}]
				if len(x) == 0 {
					continue
				}
				slices.Sort(x)
				row := chart.ConvergenceRow{Round: r, Party: i, OfferBy: j, N: len(x)}
				for q, p := range convProbs {
					row.Q[q] = quantile7(x, p)
				}
				out = append(out, row)
			}
		}
	}
	return out
}

func TestConvergenceOracle(t *testing.T) {
	single := fixture.Negotiation(t, 0, 0, 0)
	single.Protocol.Type = sim.SingleText
	single.Protocol.Deadline = 6
	for _, c := range []struct {
		name  string
		n     *sim.Negotiation
		kinds []sim.EventKind
	}{
		// Offers only: the facilitator's drafts are not offers.
		{"facilitated", fixture.Facilitated(t), []sim.EventKind{sim.EventOffer}},
		{"mixed", fixture.Negotiation(t, 0.2, sim.RandomFirst, 0), []sim.EventKind{sim.EventOffer}},
		// The single text's proposals are the third offerer's.
		{"single text", single, []sim.EventKind{sim.EventDraft}},
	} {
		t.Run(c.name, func(t *testing.T) {
			const runs = 60
			dir := t.TempDir()
			r, err := NewRecorder(dir, c.n, testManifest(runs), Options{NoCharts: true, Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			var results []*sim.Result
			b := sim.Batch{Negotiation: c.n, Runs: runs, Seed: 11, Workers: 2, Trace: runs, Observe: r.Observer()}
			err = b.Run(t.Context(), func(res *sim.Result) error {
				cp := *res
				results = append(results, &cp)
				return r.Add(res)
			})
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Close(); err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(filepath.Join(dir, ConvergenceFile))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			lim, err := folderLimits(c.n, r.Manifest())
			if err != nil {
				t.Fatal(err)
			}
			got, err := readConvergence(f, r.cols, lim)
			if err != nil {
				t.Fatal(err)
			}
			want := convergenceOracle(t, c.n, results, c.kinds...)
			if c.n.Facilitator != nil && !slices.ContainsFunc(got, func(r chart.ConvergenceRow) bool { return r.OfferBy == chart.ThirdOfferer }) {
				t.Error("no row of the facilitator's texts")
			}
			if len(got) != len(want) {
				t.Fatalf("%d rows, want %d", len(got), len(want))
			}
			for k := range got {
				g, w := got[k], want[k]
				if g.Round != w.Round || g.Party != w.Party || g.OfferBy != w.OfferBy || g.N != w.N ||
					math.Abs(g.Q[0]-w.Q[0]) > 1e-9 || math.Abs(g.Q[1]-w.Q[1]) > 1e-9 || math.Abs(g.Q[2]-w.Q[2]) > 1e-9 {
					t.Errorf("row %d = %+v, want %+v", k, g, w)
				}
			}
		})
	}
}

// TestConvergenceWorkers checks that convergence.csv does not depend on
// the number of workers, nor on whether Options.Workers is right.
func TestConvergenceWorkers(t *testing.T) {
	n := fixture.Facilitated(t)
	var first []byte
	for _, c := range []struct{ batch, declared int }{{1, 1}, {3, 3}, {3, 1}, {2, 0}} {
		dir := t.TempDir()
		r, err := NewRecorder(dir, n, testManifest(50), Options{NoCharts: true, Workers: c.declared})
		if err != nil {
			t.Fatal(err)
		}
		b := sim.Batch{Negotiation: n, Runs: 50, Seed: 3, Workers: c.batch, Trace: 1, Observe: r.Observer()}
		if err := b.Run(t.Context(), r.Add); err != nil {
			t.Fatal(err)
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, ConvergenceFile))
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = got
		} else if !bytes.Equal(got, first) {
			t.Errorf("%d workers (%d declared): convergence.csv differs", c.batch, c.declared)
		}
	}
}

// TestConvergenceStride checks that a long deadline keeps every s-th
// round only.
func TestConvergenceStride(t *testing.T) {
	n := fixture.Negotiation(t, 0, 0, 0)
	n.Protocol.Deadline = 2500
	c := newConvergence(n, 1)
	if c.stride != 3 {
		t.Fatalf("stride %d, want 3", c.stride)
	}
	dir := t.TempDir()
	r, err := NewRecorder(dir, n, testManifest(3), Options{NoCharts: true, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	b := sim.Batch{Negotiation: n, Runs: 3, Seed: 3, Workers: 1, Observe: r.Observer()}
	if err := b.Run(t.Context(), r.Add); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, dir, ConvergenceFile)
	last := 0
	for _, row := range rows {
		k, err := strconv.Atoi(row["round"])
		if err != nil || k%3 != 0 {
			t.Fatalf("round %q is not a multiple of 3", row["round"])
		}
		last = max(last, k)
	}
	if last < 1000 {
		t.Errorf("last round %d: the sessions should run well past 1000 rounds", last)
	}
	if len(c.states[0].rounds) != 0 {
		t.Error("newConvergence allocated rounds before any run")
	}
}

// TestNoObserver checks what happens when the batch is not observed: no
// convergence.csv or chart, a warning, and the files of an earlier
// observed run removed.
func TestNoObserver(t *testing.T) {
	dir := t.TempDir()
	n := fixture.Negotiation(t, 0, 0, 0)
	record(t, dir, n, 3, 1, testOptions(1, true))
	for _, f := range []string{ConvergenceFile, chart.Convergence + ".png"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Fatalf("observed run: %v", err)
		}
	}
	r, err := NewRecorder(dir, n, testManifest(3), testOptions(1, true))
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range fixture.Play(t, n, 3, 1, 7) {
		if err := r.Add(res); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{ConvergenceFile, chart.Convergence + ".png", chart.Convergence + ".svg"} {
		if _, err := os.Stat(filepath.Join(dir, f)); !os.IsNotExist(err) {
			t.Errorf("%s left from the earlier run: %v", f, err)
		}
		if slices.Contains(r.Manifest().Files, f) {
			t.Errorf("manifest lists %s", f)
		}
	}
	if !fixture.HasWarning(r.Summary().Warnings, "Recorder.Observer") {
		t.Errorf("no warning about the observer: %v", r.Summary().Warnings)
	}
}

func ExampleRecorder_Observer() {
	dir, err := os.MkdirTemp("", "parley-example-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	n := fixture.Example()
	b := sim.Batch{Negotiation: n, Runs: 200, Seed: 1}
	r, err := NewRecorder(dir, n, Manifest{Scenario: "twostates", Seed: 1}, Options{NoCharts: true, Workers: b.NumWorkers()})
	if err != nil {
		fmt.Println(err)
		return
	}
	b.Observe = r.Observer()
	if err := b.Run(context.Background(), r.Add); err != nil {
		r.Abort()
		fmt.Println(err)
		return
	}
	if err := r.Close(); err != nil {
		fmt.Println(err)
		return
	}
	data, err := os.ReadFile(filepath.Join(dir, ConvergenceFile))
	if err != nil {
		fmt.Println(err)
		return
	}
	lines := bytes.Split(data, []byte("\n"))
	for _, l := range lines[:5] {
		fmt.Println(string(l))
	}
	// Output:
	// round,party,offer_by,n,q10,q50,q90
	// 0,north,north,200,1,1,1
	// 0,north,south,200,0.3,0.3,0.3
	// 0,south,north,200,0,0,0
	// 0,south,south,200,0.925,0.925,0.925
}
