package scenarios

import (
	"math"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// tally plays runs of a built-in scenario, as parley run does (run i with
// seed RunSeed(seed, i), drawing its own assumptions when the scenario has
// uncertain ones), and counts what the library comments claim.
type tally struct {
	runs, agreed, invited, mediated int
	firstDraftKept                  int         // single text: agreements on the first draft
	u                               [2]float64  // mean utilities of the agreements
	uAll                            [2]float64  // mean utilities over all runs
	rounds                          map[int]int // rounds of the agreements
	inviteRounds                    map[int]int // rounds of the invitations
	agreements                      map[sim.Outcome]int
	agreement                       sim.Outcome // the last agreement
	dismissedBy                     [2]int      // mediations that ended with a party turning the text down
}

func play(t *testing.T, name string, sets ...string) (*Scenario, tally) {
	t.Helper()
	sc, err := Load(name, sets)
	if err != nil {
		t.Fatal(err)
	}
	tl := tally{runs: sc.Runs, rounds: map[int]int{}, inviteRounds: map[int]int{}, agreements: map[sim.Outcome]int{}}
	b := sim.Batch{Negotiation: sc.Negotiation, Runs: sc.Runs, Seed: sc.Seed, Workers: 2}
	if sc.Negotiation.Protocol.Type == sim.SingleText {
		b.Trace = sc.Runs
	}
	if len(sc.Assumptions) > 0 {
		b.NewSampler = sc.NewSampler
	}
	var results []sim.Result
	if err := b.Run(t.Context(), func(r *sim.Result) error { results = append(results, *r); return nil }); err != nil {
		t.Fatal(err)
	}
	for _, res := range results {
		for k := range 2 {
			tl.uAll[k] += res.Utility[k] / float64(sc.Runs)
		}
		if res.Mediation.Invited {
			tl.invited++
			tl.inviteRounds[res.Mediation.InviteRound]++
		}
		if d := res.Mediation.DismissedBy; d >= 0 {
			tl.dismissedBy[d]++
		}
		if !res.Agreed() {
			continue
		}
		tl.agreements[res.Agreement]++
		tl.agreed++
		tl.rounds[res.Round]++
		tl.agreement = res.Agreement
		if res.Mediation.Mediated {
			tl.mediated++
		}
		for k := range 2 {
			tl.u[k] += res.Utility[k]
		}
		if len(res.Trace) > 0 && res.Trace[0].Kind == sim.EventDraft && res.Trace[0].Outcome == res.Agreement {
			tl.firstDraftKept++
		}
	}
	if tl.agreed > 0 {
		tl.u[0] /= float64(tl.agreed)
		tl.u[1] /= float64(tl.agreed)
	}
	return sc, tl
}

// near reports whether x rounds to want at two decimals.
func near(x, want float64) bool { return math.Abs(x-want) <= 0.005 }

// TestLibraryClaims checks the numbers that the comments of the built-in
// scenarios state. When one fails after a change to the engine or the
// agents, update the comment in library/ with the new numbers.
func TestLibraryClaims(t *testing.T) {
	t.Run("single-text", func(t *testing.T) {
		// No proposal ever wins two votes with one-issue moves: every
		// agreement is the random first draft.
		_, one := play(t, "single-text", "protocol.moves=one_issue")
		if one.agreed != 89 || one.firstDraftKept != one.agreed || !near(one.u[0], 0.53) || !near(one.u[1], 0.57) {
			t.Errorf("one_issue: %d agreements (%d on the first draft), mean utilities %.3f %.3f; the comment says 89, all, 0.53 0.57",
				one.agreed, one.firstDraftKept, one.u[0], one.u[1])
		}
		_, pkg := play(t, "single-text")
		if pkg.agreed != 181 || !near(pkg.u[0], 0.66) || !near(pkg.u[1], 0.69) {
			t.Errorf("package2: %d agreements, mean utilities %.3f %.3f; the comment says 181, 0.66 0.69", pkg.agreed, pkg.u[0], pkg.u[1])
		}
	})
	t.Run("zeuthen-mcp", func(t *testing.T) {
		sc, z := play(t, "zeuthen-mcp")
		if z.agreed != 1 {
			t.Fatalf("%d agreements, want 1", z.agreed)
		}
		if v := sc.Negotiation.Space.Value(z.agreement, 0); v.Number != 0.62 {
			t.Errorf("agreement on A's share %v, want the grid Nash point 0.62", v.Number)
		}
	})
	t.Run("south-caucasus", func(t *testing.T) {
		if testing.Short() {
			t.Skip("plays 4000 sessions of the flagship")
		}
		_, f := play(t, "south-caucasus")
		top := 0
		for _, c := range f.agreements {
			top = max(top, c)
		}
		lo, hi := spread(f.rounds)
		if f.invited != 883 || f.mediated != 883 || f.agreed != 883 || lo != 6 || hi != 20 || len(f.agreements) != 56 || top != 168 ||
			!near(f.u[0], 0.71) || !near(f.u[1], 0.75) || !near(f.uAll[0], 0.66) || !near(f.uAll[1], 0.71) {
			t.Errorf("with the facilitator: invited %d, mediated %d, agreed %d in rounds %d to %d, %d distinct agreements (the most common %d times), utilities %.3f %.3f (all runs %.3f %.3f); the comment says 883 each, rounds 6 to 20, 56 distinct (168), 0.71 0.75 (0.66 0.71)",
				f.invited, f.mediated, f.agreed, lo, hi, len(f.agreements), top, f.u[0], f.u[1], f.uAll[0], f.uAll[1])
		}
		_, b := play(t, "south-caucasus", "facilitator.mode=never")
		lo, hi = spread(b.rounds)
		if b.agreed != 592 || lo != 31 || hi != 58 || len(b.agreements) != 567 || !near(b.uAll[0], 0.45) || !near(b.uAll[1], 0.59) {
			t.Errorf("bilateral: %d agreements in rounds %d to %d, %d distinct, utilities over all runs %.3f %.3f; the comment says 592, rounds 31 to 58, 567 distinct, 0.45 0.59",
				b.agreed, lo, hi, len(b.agreements), b.uAll[0], b.uAll[1])
		}
		_, p := play(t, "south-caucasus", "parties.armenia.discount=0.95")
		if p.dismissedBy[1] != 224 || quantile(p.inviteRounds, 0.5) != 23 || !near(p.uAll[0], 0.53) {
			t.Errorf("impatient Armenia: Azerbaijan turned the text down in %d runs, median invitation round %d, Armenia's mean utility %.3f; the comment says 224, 23, 0.53",
				p.dismissedBy[1], quantile(p.inviteRounds, 0.5), p.uAll[0])
		}
		_, c := play(t, "south-caucasus", "facilitator.invite_when.stalled_rounds=30", "facilitator.invite_when.projected_no_deal=false")
		if c.invited != 0 {
			t.Errorf("later triggers: invited in %d runs; the comment says never", c.invited)
		}
	})
}

// spread returns the smallest and the largest key of a count.
func spread(counts map[int]int) (lo, hi int) {
	lo, hi = math.MaxInt, math.MinInt
	for k := range counts {
		lo, hi = min(lo, k), max(hi, k)
	}
	return lo, hi
}
