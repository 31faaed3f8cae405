package agents

import (
	"math"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// pieSelf is a party on the pie of 101 points (u = x/100) with the given
// per-round discount and deadline.
func pieSelf(disc float64, deadline int) *sim.Self {
	ua, _ := unitPie(101)
	return &sim.Self{Utility: sim.NewUtilityFromValues(ua), Discount: disc, Deadline: deadline, FirstMover: true}
}

// TestHardHeadedTarget checks p(t) = MIN + (1 − F)(MAX − MIN),
// F = Ka + (1 − Ka)t^(1/e), Ka = e = 0.05, MIN = 0.585, MAX = 1:
//
//   - δ_s = 1, t = 0.5: 0.5^20 = 9.54e-7, F = 0.0500009, p = 0.979250;
//   - δ_s = 1, t = 0.99: 0.99^20 = 0.817907, F = 0.827012, p = 0.656790;
//   - δ_s = 0.5, t = 0.25: e' = 0.1, F = 0.05 + 0.95·0.5^10 = 0.050928,
//     floor 0.585 + 0.415·0.5 = 0.7925, p = 0.7925 + 0.949072·0.2075 = 0.989432;
//   - δ_s = 0.5, t = 0.75: F = 0.05 + 0.95·0.5^(1/30) = 0.978302,
//     top 0.7925, p = 0.585 + 0.021698·0.2075 = 0.589502;
//   - δ_s = 0.95, t = 0.95: t/δ_s capped at 1, F = 1, p = MIN.
func TestHardHeadedTarget(t *testing.T) {
	for _, tc := range []struct {
		df, t, want float64
	}{
		{1, 0.5, 0.979249624},
		{1, 0.99, 0.656790190},
		{0.5, 0.25, 0.989432495},
		{0.5, 0.75, 0.589502341},
		{0.95, 0.95, 0.585},
	} {
		s := &hardHeaded{hi: 1, min: hhMin, df: tc.df}
		if got := s.target(tc.t); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("δ_s=%v t=%v: p = %.9f, want %v", tc.df, tc.t, got, tc.want)
		}
	}
	// MIN is max(0.585, reservation value), at most the best utility.
	self := pieSelf(1, 10)
	self.Reservation = 0.7
	if s := maker(t, "hardheaded", nil).NewStrategy(self).(*hardHeaded); s.min != 0.7 {
		t.Errorf("MIN = %v with reservation 0.7, want 0.7", s.min)
	}
}

// TestHardHeadedConcedesLevelByLevel plays HardHeaded (A, opening) against
// a hardliner on the pie of 51 points (u = x/50, levels 0.02 apart, so
// every band holds one outcome): from its best, at each turn it offers the
// level below its last offer if that is at least p(t), and otherwise
// re-offers one of its earlier bids.
func TestHardHeadedConcedesLevelByLevel(t *testing.T) {
	const d = 40
	ua, ub := unitPie(51)
	n := oneIssue(t, ua, ub, [2]float64{0, 0}, maker(t, "hardheaded", nil), maker(t, "hardliner", nil), d, 0)
	res := sim.NewSession(n).Play(0, 1, true)
	s := &hardHeaded{hi: 1, min: hhMin, df: 1}
	var mine []sim.Outcome
	conceded, repeated := 0, 0
	for _, e := range res.Trace {
		if e.Kind != sim.EventOffer || e.Actor != 0 {
			continue
		}
		p := s.target(float64(e.Round+1) / float64(d+1))
		switch {
		case e.Round == 0:
			if e.Outcome != 50 {
				t.Fatalf("round 0: offered %d, want the best, 50", e.Outcome)
			}
		case ua[mine[len(mine)-1]-1] >= p:
			conceded++
			if want := mine[len(mine)-1] - 1; e.Outcome != want {
				t.Fatalf("round %d (p = %.4f): offered %d, want the level below its last offer, %d", e.Round, p, e.Outcome, want)
			}
		default:
			repeated++
			found := false
			for _, o := range mine {
				found = found || o == e.Outcome
			}
			if !found {
				t.Fatalf("round %d (p = %.4f): offered %d, want one of its earlier bids %v", e.Round, p, e.Outcome, mine)
			}
		}
		mine = append(mine, e.Outcome)
	}
	if conceded < 5 || repeated < 5 {
		t.Errorf("%d concessions and %d repeats: the test does not exercise both", conceded, repeated)
	}
}

// TestAgentKTargets checks AgentK's estimate, target and acceptance
// probability (β = α with no random stream):
//
//   - one offer 0.5 at t = 0.5: μ = 0.5, d = 0, e_max = 0.5, α = 6,
//     pre = 1 − 0.5^6·0.5 = 0.9921875, ratio 2, τ = 0.984375, pulled by
//     r·f/m = 1/(r·m) with r = 0.484375, m = 400 − 300/8 = 362.5:
//     τ = 0.978680; p = 0.5^6/5 + 0 + (0.5 − 0.978680) < 0.1 → 0;
//   - offers 0.6, 0.9 at t = 0.9: μ = 0.75, σ² = 0.0225, d = 0.519615,
//     e_max = 0.879904, α = 7.5, τ (after the pull, f capped at m) = e_max,
//     p = 0.9^7.5/5 + 2(0.9 − 0.879904) = 0.130943.
func TestAgentKTargets(t *testing.T) {
	for _, tc := range []struct {
		offers       []float64
		t            float64
		eMax, target float64
		p            float64
	}{
		{[]float64{0.5}, 0.5, 0.5, 0.9786797831, 0},
		{[]float64{0.4, 0.6}, 0.9, 0.6732050808, 0.6732050808, 0},
		{[]float64{0.6, 0.9}, 0.9, 0.8799038106, 0.8799038106, 0.1309428350},
		// Offers 0, 0, 0, 1: μ = 0.25, σ² = 0.1875, d = 1.5 > 1, so
		// μ + (1 − μ)d = 1.375: capped at the best utility, 1.
		{[]float64{0, 0, 0, 1}, 0.9, 1, 1, 0.1244862224}, // α = 4.5, p = 0.9^4.5/5
	} {
		s := &agentK{self: &sim.Self{}, hi: 1, target: 1, bidTarget: 1}
		var p float64
		for _, u := range tc.offers {
			p = s.learn(u, tc.t)
		}
		if math.Abs(s.eMax-tc.eMax) > 1e-9 || math.Abs(s.target-tc.target) > 1e-9 || math.Abs(p-tc.p) > 1e-9 {
			t.Errorf("offers %v at t=%v: e_max %.10f τ %.10f p %.10f; want %v %v %v", tc.offers, tc.t, s.eMax, s.target, p, tc.eMax, tc.target, tc.p)
		}
	}
}

// TestCUHKThreshold checks t_c and τ(t) = MAX − (MAX − MAX·δ_s^(1−t_c))(t/t_c)²
// before t_c and MAX·δ_s^(1−t) after, MAX = 1:
//
//   - δ_s = 0.5: b = 1.2, t_c = 0.08 + 0.92·0.5^1.2 = 0.480453;
//     τ(0.24) = 1 − (1 − 0.5^0.519547)(0.24/0.480453)² = 0.924540;
//     τ(0.7) = 0.5^0.3 = 0.812252;
//   - δ_s = 0.8: b = 1.8, t_c = 0.695673, τ(0.5) = 0.966085; with
//     concession degree 1: t_c = 0.695673 + 0.1·0.304327 = 0.726105,
//     τ(0.5) = 0.971887.
func TestCUHKThreshold(t *testing.T) {
	for _, tc := range []struct {
		df, deg, t, tc, tau float64
	}{
		{0.5, 0, 0.24, 0.480453259, 0.924540320},
		{0.5, 0, 0.7, 0.480453259, 0.812252396},
		{0.8, 0, 0.5, 0.695672569, 0.966084912},
		{0.8, 1, 0.5, 0.726105312, 0.971887158},
	} {
		// δ_s = δ^(D+1): a deadline of 9 rounds and δ = δ_s^(1/10).
		self := pieSelf(math.Pow(tc.df, 0.1), 9)
		s := maker(t, "cuhkagent", nil).NewStrategy(self).(*cuhk)
		s.tc = min(1, s.tc0+0.1*(1-s.tc0)*math.Pow(tc.deg, 10))
		if got := s.threshold(tc.t); math.Abs(s.tc-tc.tc) > 1e-9 || math.Abs(got-tc.tau) > 1e-9 {
			t.Errorf("δ_s=%v degree %v t=%v: t_c %.9f τ %.9f, want %v %v", tc.df, tc.deg, tc.t, s.tc, got, tc.tc, tc.tau)
		}
	}
}

// TestCUHKConcessionDegree checks the opponent's concession degree: the
// number of its last 10 distinct bids offered only once, over 10, squared.
func TestCUHKConcessionDegree(t *testing.T) {
	s := maker(t, "cuhkagent", nil).NewStrategy(pieSelf(1, 100)).(*cuhk)
	for o := range 5 {
		s.receive(sim.Outcome(o))
	}
	if got := s.degree(); got != 0.25 { // 5 distinct, fewer than 11: (5/10)²
		t.Errorf("5 distinct bids: degree %v, want 0.25", got)
	}
	for o := 5; o < 15; o++ {
		s.receive(sim.Outcome(o))
	}
	s.receive(12)
	s.receive(14)
	s.receive(3) // older than the last 10: does not count
	// 8 of the last 10 distinct bids (5..14) were offered once.
	if got := s.degree(); math.Abs(got-0.64) > 1e-15 {
		t.Errorf("degree %v, want 0.64", got)
	}
}

// TestAtlas3Threshold checks the final-offer game:
//
//   - δ_s = 1, rv = 0, C = 0.5: A11 = 0, A12 = 1, A21 = 0.5, A22 = 0.75;
//     (A11 − A21)/(A12 − A22) = −2, q = 1/3, E = 0.5/3 + 0.75·2/3 = 2/3;
//     τ(0.5) = 2/3 + (1/3)·0.5 = 0.833333;
//   - δ_s = 0.8, rv = 0.2, C = 0.6: A = (0.16, 0.8, 0.48, 0.64), q = 1/3,
//     E = 0.586667, target = E/0.8^0.5 = 0.655913 > 1 − 0.5/0.8;
//   - δ_s = 0.8, rv = 0.2, C = 0.1 < rv: A21 = A11 = 0.16, q = 1 − 0 = 1,
//     E = 0.16, τ(0.3) = max(1 − 0.375, 0.16/0.8^0.3) = 0.625.
func TestAtlas3Threshold(t *testing.T) {
	for _, tc := range []struct {
		df, rv, c, t, want float64
	}{
		{1, 0, 0.5, 0.5, 0.833333333},
		{0.8, 0.2, 0.6, 0.5, 0.655913273},
		{0.8, 0.2, 0.1, 0.3, 0.625},
		{1, 0.3, 0.2, 0.9, 0.37},
	} {
		s := &atlas3{self: &sim.Self{Reservation: tc.rv}, hi: 1, df: tc.df, bou: tc.c}
		if got := s.threshold(tc.t); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("δ_s=%v rv=%v C=%v t=%v: τ = %.9f, want %v", tc.df, tc.rv, tc.c, tc.t, got, tc.want)
		}
	}
}

// TestAtlas3FinalPhase plays Atlas3 (A, second mover) against a script on
// the pie of 101 points whose offers, worth 0.3, 0.35, 0.32, 0.34 to A, are
// all distinct: with 4 distinct offers received, the final phase starts
// when fewer than 5 rounds remain. Atlas3 then offers the opponent's own
// bids from its best for A down (35, 34, …) and accepts what it cannot beat.
func TestAtlas3FinalPhase(t *testing.T) {
	const d = 12
	b := script{offers: []sim.Outcome{30, 35, 32, 34, 34, 34, 34, 34, 34, 34, 34, 34}}
	ua, ub := unitPie(101)
	n := oneIssue(t, ua, ub, [2]float64{0, 0}, maker(t, "atlas3", nil), b, d, 1)
	res := sim.NewSession(n).Play(0, 1, true)
	// Round 8: 12 − 8 = 4 < 4 + 1: final. The list is 35, 34, 32, 30 and
	// the standing offer 34: A offers 35 (beats 34). Round 9: the list's
	// next is 34, which does not beat the standing 34 (0.34 > 0.34 is
	// false), but 34 beats rv = 0: A accepts.
	var last sim.Event
	for _, e := range res.Trace {
		if e.Actor == 0 && e.Round == 8 && e.Kind == sim.EventOffer && e.Outcome != 35 {
			t.Errorf("round 8: A offered %d, want 35 from the opponent's list", e.Outcome)
		}
		last = e
	}
	if !res.Agreed() || res.Round != 9 || res.Agreement != 34 || last.Kind != sim.EventAccept {
		t.Errorf("ended by %v in round %d on %d; want A to accept 34 in round 9\n%v", res.End, res.Round, res.Agreement, res.Trace)
	}
}

// TestNiceTFTBonus checks the time and discount bonus: 0.5 − 0.4·δ_s, or
// 20(t − t₀) after t₀ = 0.91 (0.85 in big domains), clamped to [0, 1].
func TestNiceTFTBonus(t *testing.T) {
	for _, tc := range []struct {
		df   float64
		big  bool
		t    float64
		want float64
	}{
		{1, false, 0.5, 0.1},
		{0.5, false, 0.5, 0.3},
		{1, false, 0.95, 0.8},
		{1, true, 0.9, 1},
		{1, false, 0.92, 0.2},
	} {
		s := &niceTFT{df: tc.df, big: tc.big}
		if got := s.bonus(tc.t); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("δ_s=%v big=%v t=%v: bonus %v, want %v", tc.df, tc.big, tc.t, got, tc.want)
		}
	}
}

// TestNiceTFTMirrors plays Nice Tit-for-Tat (A, perceiving B's utility)
// against a scripted B on the pie of 101 points that concedes from 0 to
// 0.4 for A and then stands. On a pie the Nash point is the even split:
// u_N = 0.5 times 1.4 − 0.6·gap, clamped to [0.5, 1] (the first estimate,
// with gap 0, is 0.7; from the second turn gap = 1, u_N = 0.5). A mirrors
// B's concession as a share of the way to u_N: once B offers 0.4 (80% of
// the way from 0 to 0.5), A's target is 1 − 0.8·0.5 = 0.6, less the bonus
// 0.1 of the gap to u_N: 0.59.
func TestNiceTFTMirrors(t *testing.T) {
	b := script{offers: []sim.Outcome{0, 10, 20, 30, 40, 40, 40}}
	ua, ub := unitPie(101)
	n := oneIssue(t, ua, ub, [2]float64{0, 0}, maker(t, "nice-tft", Params{"opponent_model": "perceived"}), b, 100, 1)
	n.Parties[0].Perceived = n.Parties[1].Utility
	res := sim.NewSession(n).Play(0, 1, true)
	var offers []sim.Outcome
	for _, e := range res.Trace {
		if e.Kind == sim.EventOffer && e.Actor == 0 && e.Round <= 6 {
			offers = append(offers, e.Outcome)
		}
	}
	// Targets: round 0 (B offered 0, c = 0): 1 − 0 = 1, bonus 0.1 of the
	// gap to 0.7 → 0.97; round 1: c = 0.1, factor 0.2: 1 − 0.2·0.5 = 0.9,
	// − 0.1·0.4 = 0.86; round 2: 0.8 − 0.03 = 0.77; round 3: 0.7 − 0.02 =
	// 0.68; round 4 on: 0.6 − 0.01 = 0.59. A offers, among the outcomes of
	// [0.98·target, target + 0.05], the best for B: the least for A.
	want := []sim.Outcome{96, 85, 76, 67, 58, 58, 58}
	for i := range min(len(offers), len(want)) {
		if offers[i] != want[i] {
			t.Errorf("A's offers %v, want %v", offers, want)
			break
		}
	}
}
