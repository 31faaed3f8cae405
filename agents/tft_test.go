package agents

import (
	"math"
	"slices"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// TestImitateFormulas checks Faratin et al.'s imitative rules directly,
// with an example worked by hand (README.md, "Behaviour-dependent tactics"):
// a buyer (score decreasing in price, so
// s = 0 and the random term is added) whose last offer was 50, facing a
// seller whose offers went 110 → 100 → 90.
func TestImitateFormulas(t *testing.T) {
	seller := []float64{110, 100, 90}
	tests := []struct {
		name   string
		kind   string
		window int
		sign   float64
		r      float64
		want   float64
	}{
		{"relative δ=1", tftRelative, 1, 1, 0, 55.5556},       // 100/90 · 50
		{"relative δ=2", tftRelative, 2, 1, 0, 55},            // 110/100 · 50
		{"random absolute M=0", tftRandom, 1, 1, 0, 60},       // 50 + (100 − 90)
		{"random absolute R=3", tftRandom, 1, 1, 3, 63},       // 50 + 10 + (−1)^0·3
		{"random absolute R=3, s=1", tftRandom, 1, -1, 3, 57}, // a seller's sign
		{"averaged γ=2", tftAveraged, 2, 1, 0, 61.1111},       // 110/90 · 50
		{"averaged γ=1 is relative δ=1", tftAveraged, 1, 1, 0, 55.5556},
	}
	for _, tc := range tests {
		got, ok := imitate(tc.kind, seller, 50, tc.window, tc.sign, tc.r)
		if !ok || math.Abs(got-tc.want) > 5e-5 {
			t.Errorf("%s: %v (%v), want %v", tc.name, got, ok, tc.want)
		}
	}
	if _, ok := imitate(tftRelative, seller, 50, 3, 1, 0); ok {
		t.Error("relative δ=3 with three offers: want not applicable (needs n > 2δ)")
	}
}

// TestTFTTrace plays each imitative tactic as A (second mover) against a
// scripted B on the pie of 101 points (u_A = x/100). B offers 10, 20, 25,
// 25, 40, … A's utilities of B's offers are v = 0.1, 0.2, 0.25, 0.25, 0.4;
// A's position x starts at 1 and A offers the least x' ≥ x·100.
//
//   - relative δ=1: x = 1 (one offer: hold), 0.1/0.2 = 0.5, ·0.2/0.25 = 0.4,
//     ·0.25/0.25 = 0.4, ·0.25/0.4 = 0.25; at round 4 B's 40 (0.4) beats A's
//     next (0.25): A accepts by AC_next.
//   - random absolute δ=1, M=0: x = 1, 1 + 0.1 − 0.2 = 0.9, 0.85, 0.85,
//     0.85 + 0.25 − 0.4 = 0.7: A rejects 40 and offers 70.
//   - averaged γ=2: x = 1, 1 (two offers: hold), 1·0.1/0.25 = 0.4,
//     0.4·0.2/0.25 = 0.32, 0.32·0.25/0.4 = 0.2: A accepts 40 at round 4.
func TestTFTTrace(t *testing.T) {
	b := script{offers: []sim.Outcome{10, 20, 25, 25, 40, 40}}
	tests := []struct {
		strategy string
		params   Params
		offers   []sim.Outcome // A's offers, rounds 0..
		end      sim.EndReason
		round    int
	}{
		{tftRelative, nil, []sim.Outcome{100, 50, 40, 40}, sim.EndAgreement, 4},
		{tftRandom, nil, []sim.Outcome{100, 90, 85, 85, 70, 70}, sim.EndDeadline, 5},
		{tftAveraged, nil, []sim.Outcome{100, 100, 40, 32}, sim.EndAgreement, 4},
	}
	for _, tc := range tests {
		t.Run(tc.strategy, func(t *testing.T) {
			ua, ub := unitPie(101)
			n := oneIssue(t, ua, ub, [2]float64{0, 0}, maker(t, tc.strategy, tc.params), b, 6, 1)
			res := sim.NewSession(n).Play(0, 1, true)
			var offers []sim.Outcome
			for _, e := range res.Trace {
				if e.Kind == sim.EventOffer && e.Actor == 0 {
					offers = append(offers, e.Outcome)
				}
			}
			if !slices.Equal(offers, tc.offers) || res.End != tc.end || res.Round != tc.round {
				t.Errorf("A offered %v and the session ended by %v in round %d; want %v, %v in round %d", offers, res.End, res.Round, tc.offers, tc.end, tc.round)
			}
		})
	}
}

// TestTFTZeroUtility checks the fallback of the proportional rules when the
// opponent's offer is worth 0 to the party: the step is absolute.
func TestTFTZeroUtility(t *testing.T) {
	b := script{offers: []sim.Outcome{0, 10, 10}}
	ua, ub := unitPie(101)
	n := oneIssue(t, ua, ub, [2]float64{0, 0}, maker(t, tftRelative, nil), b, 3, 1)
	res := sim.NewSession(n).Play(0, 1, true)
	// v = 0, 0.1: x = 1 + 0 − 0.1 = 0.9, then 0.1/0.1 = 1: hold at 0.9.
	var offers []sim.Outcome
	for _, e := range res.Trace {
		if e.Kind == sim.EventOffer && e.Actor == 0 {
			offers = append(offers, e.Outcome)
		}
	}
	if want := []sim.Outcome{100, 90, 90}; !slices.Equal(offers, want) {
		t.Errorf("A offered %v, want %v", offers, want)
	}
}
