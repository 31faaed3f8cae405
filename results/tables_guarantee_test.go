package results

import (
	"slices"
	"strconv"
	"testing"

	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/sim"
)

// TestTextGuarantees checks which events of a trace get the guarantee of
// the mediation they belong to.
func TestTextGuarantees(t *testing.T) {
	n := fixture.Facilitated(t)
	g := &n.Facilitator.Guarantees[0]
	ev := func(k sim.EventKind, actor int) sim.Event { return sim.Event{Actor: actor, Kind: k, Outcome: 0} }
	mediation := []sim.Event{
		ev(sim.EventInvite, -1), ev(sim.EventDraft, -1),
		ev(sim.EventDraft, -1), ev(sim.EventVoteYes, 0), ev(sim.EventVoteNo, 1),
		ev(sim.EventAccept, 0), ev(sim.EventDismiss, 1),
	}
	for _, c := range []struct {
		name  string
		trace []sim.Event
		notes []string
		want  []bool // which events carry g
	}{
		{"no notes", mediation, nil, make([]bool, 7)},
		{"guarantee named", mediation, []string{"", g.Name, "", "", "", "", ""}, []bool{false, true, true, true, true, true, true}},
		{"unknown name", mediation, []string{"", "other", "", "", "", "", ""}, make([]bool, 7)},
		{"bilateral accept after the final vote",
			append(slices.Clone(mediation), ev(sim.EventAccept, 0)),
			[]string{"", g.Name, "", "", "", "", "", ""},
			[]bool{false, true, true, true, true, true, true, false}},
		{"bilateral talks before and after",
			append(append([]sim.Event{ev(sim.EventOffer, 0), ev(sim.EventOffer, 1)}, mediation[:2]...), ev(sim.EventAccept, 0), ev(sim.EventDismiss, 1), ev(sim.EventOffer, 0), ev(sim.EventAccept, 1)),
			[]string{"", "", "", g.Name, "", "", "", ""},
			[]bool{false, false, false, true, true, true, false, false}},
		{"second mediation without guarantee",
			append(slices.Clone(mediation), mediation...),
			[]string{"", g.Name, "", "", "", "", "", "", "", "", "", "", "", ""},
			[]bool{false, true, true, true, true, true, true, false, false, false, false, false, false, false}},
		{"single-text drafts without invitation",
			[]sim.Event{ev(sim.EventDraft, -1), ev(sim.EventVoteYes, 0), ev(sim.EventVoteYes, 1)},
			[]string{g.Name, "", ""},
			make([]bool, 3)},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := &sim.Result{Trace: c.trace, Notes: c.notes}
			got := textGuarantees(n, res)
			if len(got) != len(c.trace) {
				t.Fatalf("%d guarantees for %d events", len(got), len(c.trace))
			}
			for i, w := range c.want {
				if (got[i] == g) != w || (got[i] != nil && got[i] != g) {
					t.Errorf("event %d (%s): guarantee %v, want %v", i, c.trace[i].Kind, got[i], w)
				}
			}
		})
	}
	n.Facilitator = nil
	if got := textGuarantees(n, &sim.Result{Trace: mediation, Notes: []string{"", g.Name}}); slices.ContainsFunc(got, func(g *sim.Guarantee) bool { return g != nil }) {
		t.Errorf("without a facilitator: %v", got)
	}
}

// TestRoundsGuarantee checks that rounds.csv values the facilitator's texts
// with the guarantee it attached, so that the final accept of a mediated
// agreement agrees with runs.csv, and every other event without it.
func TestRoundsGuarantee(t *testing.T) {
	n := fixture.Facilitated(t)
	dir := t.TempDir()
	const runs = 40
	record(t, dir, n, runs, runs, Options{Trace: runs, NoCharts: true})
	rounds := readCSV(t, dir, RoundsFile)
	results := fixture.Play(t, n, runs, runs, 7)
	g := &n.Facilitator.Guarantees[0]
	k, guaranteed, lifted := 0, 0, 0
	for _, res := range results {
		gs := textGuarantees(n, res)
		for j, e := range res.Trace {
			row := rounds[k]
			k++
			if row["run"] != strconv.Itoa(res.Run) || row["step"] != strconv.Itoa(j) {
				t.Fatalf("row %d is run %s step %s, want run %d step %d", k, row["run"], row["step"], res.Run, j)
			}
			if e.Outcome == sim.NoOutcome {
				continue
			}
			for p, id := range []string{"u_north", "u_south"} {
				want := n.Parties[p].Utility.Of(e.Outcome)
				if gs[j] != nil && g.Covers(n.Space, e.Outcome) {
					want += g.Delta[p]
					lifted++
				}
				if row[id] != formatFloat(want) {
					t.Errorf("run %d step %d (%s): %s = %s, want %s", res.Run, j, e.Kind, id, row[id], formatFloat(want))
				}
			}
		}
		if res.Mediation.Guarantee != "" {
			guaranteed++
			// The last event accepts the agreement: worth what runs.csv says.
			last := len(res.Trace) - 1
			for p := range 2 {
				if got := textUtility(n, gs[last], p, res.Agreement); got != res.Utility[p] {
					t.Errorf("run %d: accept worth %v to party %d, runs.csv %v", res.Run, got, p, res.Utility[p])
				}
			}
		}
	}
	if k != len(rounds) {
		t.Errorf("%d rows, %d events", len(rounds), k)
	}
	if guaranteed == 0 || lifted == 0 {
		t.Errorf("weak test batch: %d guaranteed agreements, %d lifted cells", guaranteed, lifted)
	}
}
