package scenarios

import (
	"math"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// tally plays runs of a built-in scenario, as parley run does (run i with
// seed RunSeed(seed, i)), and counts what the library comments claim.
type tally struct {
	runs, agreed, invited, mediated int
	firstDraftKept                  int // single text: agreements on the first draft
	u                               [2]float64
	rounds                          map[int]int // rounds of the agreements
	agreement                       sim.Outcome // the last agreement
}

func play(t *testing.T, name string, sets ...string) (*Scenario, tally) {
	t.Helper()
	sc, err := Load(name, sets)
	if err != nil {
		t.Fatal(err)
	}
	s := sim.NewSession(sc.Negotiation)
	tl := tally{runs: sc.Runs, rounds: map[int]int{}}
	for i := range sc.Runs {
		res := s.Play(i, sim.RunSeed(sc.Seed, i), sc.Negotiation.Protocol.Type == sim.SingleText)
		if res.Mediation.Invited {
			tl.invited++
		}
		if !res.Agreed() {
			continue
		}
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
			t.Skip("plays 1000 sessions of the flagship")
		}
		sets := []string{"runs=500"}
		_, f := play(t, "south-caucasus", sets...)
		if f.invited != 458 || f.mediated != 458 || f.agreed != 458 || f.rounds[10] != 458 || !near(f.u[0], 0.72) || !near(f.u[1], 0.77) {
			t.Errorf("with the facilitator: invited %d, mediated %d, agreed %d (in round 10: %d), utilities %.3f %.3f; the comment says 458 each, round 10, 0.72 0.77",
				f.invited, f.mediated, f.agreed, f.rounds[10], f.u[0], f.u[1])
		}
		_, b := play(t, "south-caucasus", append(sets, "facilitator.mode=never")...)
		if b.agreed != 298 || b.rounds[56]+b.rounds[57] != b.agreed || !near(b.u[0], 0.59) || !near(b.u[1], 0.70) {
			t.Errorf("bilateral: %d agreements, rounds %v, utilities %.3f %.3f; the comment says 298, rounds 56-57, 0.59 0.70",
				b.agreed, b.rounds, b.u[0], b.u[1])
		}
		_, c := play(t, "south-caucasus", append(sets, "facilitator.invite_when.stalled_rounds=30", "facilitator.invite_when.projected_no_deal=false")...)
		if c.invited != 0 {
			t.Errorf("later triggers: invited in %d runs; the comment says never", c.invited)
		}
	})
}
