package agents

import (
	"fmt"
	"slices"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// TestTournament plays every strategy of the catalogue, with its defaults,
// against every other, on a small domain (1000 outcomes) and a large one
// (10^4 outcomes), under alternating offers and under the monotonic
// concession protocol, from both sides. Each session must end without a
// panic, every offer must be worth at least its maker's reservation value
// and an agreement at least both reservation values (for the strategies
// that promise it: keepsReservation), and the same seed must give the
// same trace.
func TestTournament(t *testing.T) {
	if testing.Short() {
		t.Skip("plays thousands of sessions")
	}
	names := make([]string, 0)
	for _, in := range Catalog() {
		names = append(names, in.Name)
	}
	domains := []struct {
		name     string
		k, n     int
		deadline int
	}{
		{"3x10", 3, 10, 60},
		{"4x10", 4, 10, 30},
	}
	protocols := []sim.ProtocolType{sim.Alternating, sim.MonotonicConcession}
	res := [2]float64{0.25, 0.3}
	for _, d := range domains {
		for _, pt := range protocols {
			agreed, total := 0, 0
			for _, a := range names {
				for _, b := range names {
					n := bench(t, d.k, d.n, maker(t, a, nil), maker(t, b, nil), d.deadline, 0, res)
					n.Parties[0].StrategyName, n.Parties[1].StrategyName = a, b
					n.Parties[0].Discount = 0.995
					n.Protocol.Type = pt
					n.Protocol.FirstMover = sim.RandomFirst
					s := sim.NewSession(n)
					for run := range 2 {
						seed := sim.RunSeed(7, run)
						r1 := s.Play(run, seed, true)
						r2 := s.Play(run, seed, true)
						if !slices.Equal(r1.Trace, r2.Trace) || r1.End != r2.End || r1.Agreement != r2.Agreement {
							t.Errorf("%s %v %s vs %s: the same seed gave different sessions", d.name, pt, a, b)
						}
						checkSession(t, fmt.Sprintf("%s %v %s vs %s run %d", d.name, pt, a, b, run), n, &r1, [2]bool{keepsReservation(a, nil), keepsReservation(b, nil)})
						total++
						if r1.Agreed() {
							agreed++
						}
					}
				}
			}
			t.Logf("%s %v: %d of %d sessions agreed", d.name, pt, agreed, total)
		}
	}
}

// keepsReservation reports whether strategy name with parameters p
// promises never to offer or accept less than its reservation value:
// every strategy in parley's convention does; the GENIUS and NegMAS
// conventions reproduce platforms that do not.
func keepsReservation(name string, p Params) bool {
	c, _ := p["convention"].(string)
	return name != "aspiration" && c != conventionGenius && c != conventionNegmas
}

// checkSession checks that every offer was worth at least its maker's
// reservation value and that an agreement is individually rational, for
// the parties whose strategy keeps its reservation value (keeps).
func checkSession(t *testing.T, label string, n *sim.Negotiation, r *sim.Result, keeps [2]bool) {
	t.Helper()
	for _, e := range r.Trace {
		if e.Kind != sim.EventOffer || e.Actor < 0 || !keeps[e.Actor] {
			continue
		}
		p := &n.Parties[e.Actor]
		if u := p.Utility.Of(e.Outcome); u < p.Reservation {
			t.Errorf("%s: %s offered %d worth %v < reservation %v in round %d", label, p.StrategyName, e.Outcome, u, p.Reservation, e.Round)
			return
		}
	}
	if r.Agreed() {
		for i, p := range n.Parties {
			if keeps[i] && r.Utility[i] < p.Reservation {
				t.Errorf("%s: agreement %d worth %v to %s, below its reservation %v", label, r.Agreement, r.Utility[i], p.StrategyName, p.Reservation)
			}
		}
	}
}
