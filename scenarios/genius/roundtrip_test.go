package genius_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/parley-sim/parley/scenarios"
	"github.com/parley-sim/parley/scenarios/genius"
	"github.com/parley-sim/parley/sim"
)

// checkRoundTrip parses the scenario written for d with package scenarios
// and checks that it describes exactly the domain's model: the same
// issues, values, ids and labels, bit-identical utilities of every outcome
// for both parties (genius.Parley semantics), the reservation values, the
// per-round discounts, the strategies, the deadline, runs and seed, and no
// warnings from the scenario reader.
func checkRoundTrip(t testing.TB, d *genius.Domain, yaml []byte, opt genius.Options) {
	t.Helper()
	s, err := scenarios.Parse("imported.yaml", yaml, nil)
	if err != nil {
		t.Fatalf("the scenario does not parse: %v\n%s", err, yaml)
	}
	for _, w := range s.Warnings {
		t.Errorf("scenario warning: %v", w)
	}
	n := s.Negotiation
	space, err := d.Space()
	if err != nil {
		t.Fatal(err)
	}
	if n.Space.Size() != space.Size() || n.Space.NumIssues() != space.NumIssues() {
		t.Fatalf("scenario has %d issues and %d outcomes, domain %d and %d", n.Space.NumIssues(), n.Space.Size(), space.NumIssues(), space.Size())
	}
	for i, want := range space.Issues() {
		got := n.Space.Issues()[i]
		if got.ID != want.ID || got.Label != want.Label || got.Numeric != want.Numeric || len(got.Values) != len(want.Values) {
			t.Fatalf("issue %d: got %s %q numeric=%v with %d values, want %s %q numeric=%v with %d", i,
				got.ID, got.Label, got.Numeric, len(got.Values), want.ID, want.Label, want.Numeric, len(want.Values))
		}
		for j := range want.Values {
			if got.Values[j] != want.Values[j] {
				t.Fatalf("issue %s value %d: got %+v, want %+v", want.ID, j, got.Values[j], want.Values[j])
			}
		}
	}
	us, err := d.Utilities(space, genius.Parley)
	if err != nil {
		t.Fatal(err)
	}
	deadline := opt.Deadline
	if deadline == 0 {
		deadline = genius.DefaultDeadline
	}
	for p := range 2 {
		party := n.Parties[p]
		for o := range sim.Outcome(space.Size()) {
			if got, want := party.Utility.Of(o), us[p].Of(o); got != want {
				t.Fatalf("party %s outcome %d: scenario utility %v, domain %v", party.ID, o, got, want)
			}
		}
		if got, want := party.Reservation, d.Reservation(p, genius.Parley); got != want {
			t.Errorf("party %s: reservation %v, want %v", party.ID, got, want)
		}
		if got, want := party.Discount, genius.PerRoundDiscount(d.Profiles[p].Discount, deadline); got != want {
			t.Errorf("party %s: discount %v, want %v", party.ID, got, want)
		}
		strategy := opt.Strategy[p]
		if strategy == "" {
			strategy = genius.DefaultStrategy
		}
		if party.StrategyName != strategy {
			t.Errorf("party %s: strategy %q, want %q", party.ID, party.StrategyName, strategy)
		}
	}
	runs := opt.Runs
	if runs == 0 {
		runs = genius.DefaultRuns
	}
	if n.Protocol.Deadline != deadline || s.Runs != runs || s.Seed != opt.Seed {
		t.Errorf("deadline %d, runs %d, seed %d; want %d, %d, %d", n.Protocol.Deadline, s.Runs, s.Seed, deadline, runs, opt.Seed)
	}
}

// TestRoundTrip converts every corpus domain and reads the scenario back
// with package scenarios, with default and with chosen options.
func TestRoundTrip(t *testing.T) {
	opts := []genius.Options{
		{},
		{Strategy: [2]string{"conceder", "linear"}, Deadline: 40, Runs: 7, Seed: 99, RealSteps: 101, Name: "chosen"},
	}
	for _, dir := range genius.CorpusDomains(t) {
		for k, opt := range opts {
			t.Run(fmt.Sprintf("%s/%d", dir, k), func(t *testing.T) {
				im, err := genius.Import([]string{filepath.Join(genius.CorpusDir(t), filepath.FromSlash(dir))}, opt)
				if err != nil {
					t.Fatal(err)
				}
				if opt.Name != "" && im.Name != opt.Name {
					t.Errorf("name %q, want %q", im.Name, opt.Name)
				}
				checkRoundTrip(t, im.Domain, im.YAML, opt)
			})
		}
	}
}
