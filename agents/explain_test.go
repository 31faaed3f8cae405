package agents

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// TestExplain plays traced sessions and checks that every offer and
// acceptance of an explaining strategy carries its reason, that the
// reasons say what the rule did, and that asking for them changes nothing.
func TestExplain(t *testing.T) {
	ua, ub := unitPie(101)
	tests := []struct {
		name     string
		a, b     sim.Maker
		protocol sim.ProtocolType
		first    int
		// ua and ub are the parties' utilities of the values of the one
		// issue; nil means the unit pie in 101 shares.
		ua, ub []float64
		// setup, if not nil, changes the negotiation before play.
		setup func(n *sim.Negotiation)
		// want[i] lists phrases that must appear in some note of party i.
		want [2][]string
	}{
		{
			name: "boulware against conceder",
			a:    maker(t, "boulware", nil), b: maker(t, "conceder", nil),
			want: [2][]string{{"target 1.00 at t = 0.05 (Boulware, e = 0.2)", "accepts: the offer is worth"}, {"(Conceder, e = 2)"}},
		},
		{
			name: "hardliner against linear",
			a:    maker(t, "hardliner", nil), b: maker(t, "linear", nil),
			want: [2][]string{{"never concedes"}, {"target 0.24 at t = 0.95 (linear, e = 1)"}},
		},
		{
			name: "negmas boulware",
			a:    maker(t, "boulware", Params{"convention": "negmas"}), b: maker(t, "conceder", nil),
			want: [2][]string{{"(Boulware, NegMAS convention, e = 4)"}, {"Conceder"}},
		},
		{
			name: "tit-for-tat against linear",
			a:    maker(t, "tft-relative", nil), b: maker(t, "linear", nil),
			want: [2][]string{{"holds its position 1.00 until the opponent has made 2 offers (relative tit-for-tat, δ = 1)", "mirrors the opponent's concession of"}, {"linear"}},
		},
		{
			name: "averaged and random tit-for-tat",
			a:    maker(t, "tft-averaged", nil), b: maker(t, "tft-random", Params{"m": 0.05}),
			want: [2][]string{{"over its last 2 offers"}, {"plus a random concession of up to 0.05"}},
		},
		{
			name: "rubinstein",
			a:    maker(t, "rubinstein", nil), b: maker(t, "rubinstein", nil),
			setup: func(n *sim.Negotiation) {
				n.Parties[0].Reservation, n.Parties[1].Reservation = 0, 0
				n.Parties[0].Discount, n.Parties[1].Discount = 0.9, 0.8
				n.Protocol.DiscountPerOffer = true
			},
			want: [2][]string{{"offers the equilibrium split: ", " of the pie for itself and "}, {"accepts: taking the offer is worth at least what rejecting would bring it"}},
		},
		{
			name: "patience",
			a:    maker(t, "patience", nil), b: maker(t, "patience", nil),
			setup: func(n *sim.Negotiation) {
				n.Parties[0].Discount, n.Parties[1].Discount = 0.9, 0.95
			},
			want: [2][]string{
				{"target 0.95 at τ = 0.06 of its effective horizon, round 15.3 (patience, e = 1); its best outcome 1.00, discounted by δ(1 − p) = 0.9 a round, is worth its reservation value 0.20 by then"},
				{"target 0.96 at t = 0.05 (patience, e = 1); its best outcome 1.00, discounted by δ(1 − p) = 0.95 a round, stays above its reservation value 0.20 until round 31.4, after the deadline, so it concedes on the deadline's clock"},
			},
		},
		{
			name: "brw-demand",
			a:    maker(t, "brw-demand", nil), b: maker(t, "brw-demand", nil), first: 1,
			setup: func(n *sim.Negotiation) {
				n.Parties[0].Reservation, n.Parties[1].Reservation = 0, 0
				n.Parties[0].Discount, n.Parties[1].Discount = 0.81, 0.64
			},
			want: [2][]string{
				{"accepts: the offer is worth 0.65 to it, at least what rejecting would bring: its next demand's share 0.71 discounted by one offer (×0.9), 0.64"},
				{"demands 0.36 of its range from 0.00 to 1.00 (target 0.36): the equilibrium proposer's share with 39 answerable offers left, factors per offer 0.8 (its own) and 0.9 (the opponent's); 0.36 without a deadline"},
			},
		},
		{
			name: "micro",
			a:    maker(t, "micro", nil), b: maker(t, "micro", nil),
			ua: microA, ub: microB,
			want: [2][]string{{"opens with its best outcome", "concedes one step down its own ranking, to its 2nd best outcome"}, {"concedes one step"}},
		},
		{
			name: "hardheaded against conceder",
			a:    maker(t, "hardheaded", nil), b: maker(t, "conceder", nil),
			want: [2][]string{{"opens with its best outcome (1.00); target 0.98 (concession curve at t = 0.05)", "is below it: re-offers one of its earlier bids"}, {"Conceder"}},
		},
		{
			name: "agentk against conceder",
			a:    maker(t, "agentk", nil), b: maker(t, "conceder", nil),
			want: [2][]string{{"target 1.00: no offer from the opponent yet", "from the opponent's mean"}, {"Conceder"}},
		},
		{
			name: "cuhkagent against linear",
			a:    maker(t, "cuhkagent", nil), b: maker(t, "linear", nil),
			want: [2][]string{{"opens with its best outcome (1.00)", "threshold 1.00 at t = 0.10 (undiscounted: its best outcome's utility)"}, {"linear"}},
		},
		{
			name: "atlas3 against nice-tft",
			a:    maker(t, "atlas3", nil), b: maker(t, "nice-tft", nil),
			want: [2][]string{{"threshold 0.96 at t = 0.05, falling linearly from its best 1.00 to the floor 0.20", "accepts: in the final-offer phase"}, {"of the way to the estimated Nash point"}},
		},
		{
			name: "nice-tft with a condition against conceder",
			a:    maker(t, "nice-tft", Params{"acceptance": "next"}), b: maker(t, "conceder", nil),
			want: [2][]string{{"opens with its best outcome (1.00): the opponent has made no offer yet", "at least as much as its own next offer"}, {"Conceder"}},
		},
		{
			name: "zeuthen under monotonic concession",
			a:    maker(t, "zeuthen", Params{"opponent_reservation": 0.2}), b: maker(t, "zeuthen", Params{"opponent_reservation": 0.2}), protocol: sim.MonotonicConcession,
			want: [2][]string{{"opens with its best outcome", "concedes just enough: its risk"}, {"stands still: it would lose more"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := ua, ub
			if tc.ua != nil {
				a, b = tc.ua, tc.ub
			}
			n := oneIssue(t, a, b, [2]float64{0.2, 0.2}, tc.a, tc.b, 20, tc.first)
			n.Protocol.Type = tc.protocol
			if tc.setup != nil {
				tc.setup(n)
			}
			if tc.protocol == sim.MonotonicConcession {
				// Zeuthen reads the opponent's utility from its perception.
				n.Parties[0].Perceived, n.Parties[1].Perceived = n.Parties[1].Utility, n.Parties[0].Utility
			}
			plain := sim.NewSession(n).Play(0, 9, false)
			res := sim.NewSession(n).Play(0, 9, true)
			if plain.End != res.End || plain.Round != res.Round || plain.Agreement != res.Agreement {
				t.Fatalf("tracing changed the session: %v in round %d on %d, traced %v in round %d on %d",
					plain.End, plain.Round, plain.Agreement, res.End, res.Round, res.Agreement)
			}
			var notes [2][]string
			for i, e := range res.Trace {
				note := res.Note(i)
				if e.Actor < 0 {
					continue
				}
				if e.Kind == sim.EventOffer || (e.Kind == sim.EventAccept && tc.protocol == sim.Alternating) {
					if note == "" {
						t.Errorf("event %d (%v by %d in round %d) has no explanation", i, e.Kind, e.Actor, e.Round)
					}
				}
				notes[e.Actor] = append(notes[e.Actor], note)
			}
			for p := range 2 {
				all := strings.Join(notes[p], "\n")
				for _, w := range tc.want[p] {
					if !strings.Contains(all, w) {
						t.Errorf("party %d never says %q; it said:\n%s", p, w, all)
					}
				}
			}
		})
	}
}

func TestOrdinal(t *testing.T) {
	for n, want := range map[int]string{1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 22: "22nd", 101: "101st", 111: "111th"} {
		if got := ordinal(n); got != want {
			t.Errorf("ordinal(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestAcceptReason(t *testing.T) {
	tests := []struct {
		a    acceptance
		u    float64
		want string
	}{
		{acceptance{kind: acceptNext}, 0.7, "at least as much as its own next offer (0.60)"},
		{acceptance{kind: acceptAuto}, 0.7, "at least as much as its own next offer (0.60)"},
		{acceptance{kind: acceptTarget}, 0.7, "at least its target 0.65"},
		{acceptance{kind: acceptConst, threshold: 0.5}, 0.7, "at least its threshold 0.50"},
		{acceptance{kind: acceptTime, time: 0.9}, 0.1, "from t = 0.90 on it takes any offer"},
		{acceptance{kind: acceptCombi, time: 0.9}, 0.7, "its own next offer"},
		{acceptance{kind: acceptCombi, time: 0.9}, 0.5, "near the deadline (t = 0.95 ≥ 0.90)"},
	}
	for _, tc := range tests {
		if got := acceptReason(tc.a, tc.u, 0.6, 0.65, 0.95); !strings.Contains(got, tc.want) {
			t.Errorf("%s, u = %v: %q does not say %q", tc.a.kind, tc.u, got, tc.want)
		}
	}
}

// TestExplainANAC plays each ANAC agent as A against a scripted B (which
// offers script[round] and rejects everything) and checks chosen
// explanations word for word. The numbers are derived by hand in each
// case's comment; A's random stream (seed 1) decides only what the
// comments say it does.
func TestExplainANAC(t *testing.T) {
	ua, ub := unitPie(101)
	// hhA and hhB: HardHeaded's domain. Its levels below the best: 0.99
	// and five more within 0.01 of it, then 0.984, then 0.3.
	hhA := []float64{0, 0.3, 0.984, 0.986, 0.987, 0.988, 0.989, 0.99, 1}
	hhB := []float64{1, 0.9, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0}
	halfOver21 := math.Pow(0.5, 1.0/21) // δ_s = 0.5 with a 20-round deadline
	type note struct {
		round int
		kind  sim.EventKind
		text  string
		// prefix: the note starts with text (the rest depends on a
		// random draw).
		prefix bool
	}
	tests := []struct {
		name   string
		a      sim.Maker
		ua, ub []float64 // nil: the unit pie in 101 shares
		res    float64   // A's reservation value
		disc   float64   // A's per-round discount; 0 means 1
		// perceive gives A B's true utility as its perception.
		perceive        bool
		script          []sim.Outcome
		deadline, first int
		want            []note
	}{
		{
			// p(t) = 0.585 + 0.415(1 − 0.05 − 0.95·t^20) = 0.97925 for
			// t ≤ 0.4. Round 1: the next level down from 1 is 0.99, and
			// 0.989…0.986, 0.984 lie within 0.01 of it: a band of 6, of
			// which the 5 best for the (still flat) frequency model are
			// queued from the top. Round 6: the queue is empty, the next
			// level is 0.984 alone; round 7: it is 0.3 < p, so an earlier
			// bid again. Round 9 brings B's 1.00, more than A's lowest bid.
			name: "hardheaded", a: maker(t, "hardheaded", nil),
			ua: hhA, ub: hhB, deadline: 20,
			script: []sim.Outcome{0, 0, 0, 0, 0, 0, 0, 0, 8},
			want: []note{
				{0, sim.EventOffer, "opens with its best outcome (1.00); target 0.98 (concession curve at t = 0.05)", false},
				{1, sim.EventOffer, "target 0.98 (concession curve at t = 0.10), best bid for the opponent model among 6 above it within 0.01 below its next level down (0.99), worth 0.99; 4 more queued", false},
				{2, sim.EventOffer, "offers the next of the bids it queued at t = 0.10 (target then 0.98), worth 0.99; 3 more queued", false},
				{6, sim.EventOffer, "target 0.98 (concession curve at t = 0.33); its next level down (0.98) is above it: it queued the 1 bid(s) within 0.01 below that level and above the target in ascending utility, and offers the lowest, worth 0.98", false},
				{7, sim.EventOffer, "target 0.98 (concession curve at t = 0.38); its next level down, 0.30, is below it: re-offers one of its earlier bids, worth ", true},
				{9, sim.EventAccept, "accepts: the offer is worth 1.00 to it, more than the lowest it has offered so far (0.98)", false},
			},
		},
		{
			// B's 0.99 in round 2 is better than the queue's head when A
			// refills in round 6, so it goes first; AC_time(0.9) accepts
			// in round 18, t = 19/21.
			name: "hardheaded with acceptance time", a: maker(t, "hardheaded", Params{"acceptance": "time", "accept_time": 0.9}),
			ua: hhA, ub: hhB, deadline: 20,
			script: []sim.Outcome{0, 0, 7, 0},
			want: []note{
				{6, sim.EventOffer, "the opponent's best offer so far is worth 0.99 to it, more than its own next bid: offers it back", false},
				{18, sim.EventAccept, "accepts: from t = 0.90 on it takes any offer worth its reservation value (t = 0.90)", false},
			},
		},
		{
			// Round 11, t = 12/41, after ten offers of 0.5 and one of 1:
			// μ = 6/11 = 0.545, σ² = 3.5/11 − μ² = 0.020661, d = √(12σ²)
			// = 0.4979, e_max = μ + (1 − μ)d = 0.7718, α = 3 + 6μ = 6.27;
			// pre = 1 − t^α(1 − e_max) = 0.999898, ratio 2, τ = 0.999795,
			// pulled by 1/(r·m), r = 0.2280, m = 400 − 300t³ = 392.5:
			// τ = 0.9886. Round 36, t = 37/41, after 10 × 0.5 and 26 × 1:
			// μ = 31/36 = 0.8611, σ² = 0.050154, d = 0.7758, e_max =
			// 0.9689, α = 8.17, t^α = 0.4323, pre = 0.98655, τ = 0.9731,
			// which the pull (f capped at m) brings to e_max; p = t^α/5 +
			// 2(1 − e_max) = 0.1487. Seed 1's draw accepts in round 36.
			name: "agentk", a: maker(t, "agentk", nil), deadline: 40,
			script: []sim.Outcome{50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 100},
			want: []note{
				{0, sim.EventOffer, "target 1.00: no offer from the opponent yet; no offer it received beats the target: bids an outcome drawn among those worth at least its bid target 1.00 (1 of them), worth 1.00", false},
				{11, sim.EventOffer, "target 0.99 from the opponent's mean 0.55 and spread 0.50 over 11 offers (best reachable utility e_max 0.77), t = 0.29; re-offers one of the offers it received that beat the target (1 of them), worth 1.00", false},
				{36, sim.EventAccept, "accepts at random: the offer is worth 1.00 to it, so with e_max 0.97, target 0.97 and α = 8.17 at t = 0.90 it accepts with probability p = t^α/5 + (u − e_max) + (u − τ) = 0.15, and its draw 0.", true},
			},
		},
		{
			// δ_s = 0.99^21 = 0.80973, so b = 1.8 and t_c = 0.08 +
			// 0.92·δ_s^1.8 = 0.70922 (B's two distinct bids move it by
			// 10⁻²¹); τ falls to δ_s^(1 − t_c) = 0.94047 at t_c. Round 10,
			// t = 11/21: τ = 1 − 0.05953·(t/t_c)² = 0.96753, so the
			// outcomes 0.97…1 are the candidates; round 11, t = 12/21: τ
			// = 0.96135, and B's 0.97 reaches it.
			name: "cuhkagent", a: maker(t, "cuhkagent", nil), disc: 0.99, deadline: 20,
			script: []sim.Outcome{20, 40, 40, 40, 40, 40, 40, 40, 40, 40, 97},
			want: []note{
				{0, sim.EventOffer, "opens with its best outcome (1.00)", false},
				{10, sim.EventOffer, "threshold 0.97 at t = 0.52, falling to 0.94 at the concede-to time t_c = 0.71 (δ_s = 0.81); of the 4 outcomes in [0.97, 1.00], the one the opponent model scores highest, worth ", true},
				{11, sim.EventAccept, "accepts: the offer is worth 0.97 to it, at least its threshold 0.96 at t = 0.57, falling to 0.94 at the concede-to time t_c = 0.71 (δ_s = 0.81)", false},
			},
		},
		{
			// With rv = 0.95: τ (before the floor) first reaches 0.95 at
			// t = 14/21, 1 − 0.05953·0.88365 = 0.94740.
			name: "cuhkagent walks away", a: maker(t, "cuhkagent", nil), res: 0.95, disc: 0.99, deadline: 20,
			script: []sim.Outcome{20},
			want: []note{
				{13, sim.EventWalk, "walks away: its reservation value 0.95 reaches its threshold 0.95 at t = 0.67, falling to 0.94 at the concede-to time t_c = 0.71 (δ_s = 0.81)", false},
			},
		},
		{
			// Fewer than 5 rounds left from round 16; B's best, 0.2, is
			// below 0.85, so A bids in [MAX − 0.15, MAX − 0.02] (14
			// outcomes) while 2 or more rounds remain, and in the last
			// round its next bid is B's best, which it then accepts.
			name: "cuhkagent in its last rounds", a: maker(t, "cuhkagent", nil), disc: 0.99, deadline: 20,
			script: []sim.Outcome{20},
			want: []note{
				{16, sim.EventOffer, "in its last rounds (4 left), the opponent's best offer so far (0.20) is below 0.85: of the 14 outcomes in [0.85, 0.98], the one the opponent model scores highest, worth ", true},
				{19, sim.EventAccept, "accepts: the offer is worth 0.20 to it, at least as much as its next bid (0.20)", false},
			},
		},
		{
			// Undiscounted, rv = 0, C = 0.5: A11 = 0, A12 = 1, A21 = 0.5,
			// A22 = 0.75, q = 1/(1 + 0.5/0.25) = 1/3, E = 2/3; round 1,
			// t = 2/21: τ = 2/3 + (1/3)(1 − t) = 0.96825, and the lowest
			// outcome above it is worth 0.97. B has made 2 distinct
			// offers, so the final phase starts when fewer than 3 rounds
			// remain: round 18 offers B's best (0.5) back against its
			// standing 0.4; round 19, the list's next entry (0.4) does
			// not beat B's standing 0.4.
			name: "atlas3", a: maker(t, "atlas3", nil), deadline: 20,
			script: []sim.Outcome{50, 40, 50, 40, 50, 40, 50, 40, 50, 40, 50, 40, 50, 40, 50, 40, 50, 40, 40, 50},
			want: []note{
				{1, sim.EventOffer, "threshold 0.97 at t = 0.10, falling linearly from its best 1.00 to the floor 0.67 it expects from the final-offer game (the opponent's best offer so far 0.50; the opponent holds out with probability 0.33); from a random outcome, the single-issue change of lowest utility still above it, worth 0.97", false},
				{18, sim.EventOffer, "final-offer phase (2 rounds left, fewer than the opponent's 2 distinct offers + 1): offers back the opponent's 1st best offer for it (0.50), which beats the standing offer (0.40)", false},
				{19, sim.EventAccept, "accepts: in the final-offer phase, the next of the opponent's own offers on its list (its 2nd best, 0.40) does not beat the standing offer (0.40)", false},
			},
		},
		{
			// δ_s = 0.5, rv = 0, C = 0.6: A21 = 0.3, A12 = 0.5, A22 =
			// 0.4, q = 1/(1 + 0.3/0.1) = 0.25, E = 0.375. Round 4, t =
			// 5/21: τ = max(1 − t/0.5, 0.375/0.5^t) = max(0.5238, 0.4423).
			name: "atlas3 discounted", a: maker(t, "atlas3", nil), disc: halfOver21, deadline: 20,
			script: []sim.Outcome{60},
			want: []note{
				{4, sim.EventAccept, "accepts: the offer is worth 0.60 to it, at least its threshold 0.52 at t = 0.24, its best 1.00 times (1 − t/δ_s) with δ_s = 0.50, above the floor 0.44 it expects from the final-offer game (the opponent's best offer so far 0.60; the opponent holds out with probability 0.25)", false},
			},
		},
		{
			// δ_s = 0.5, rv = 0.8, C = 0 < rv: A11 = A21 = 0.4, q = 1, E =
			// 0.4. Round 2, t = 3/21: τ = max(1 − 2t, 0.4/0.5^t) =
			// max(0.7143, 0.4416), and rv·0.5^t = 0.7246 reaches it.
			name: "atlas3 walks away", a: maker(t, "atlas3", nil), res: 0.8, disc: halfOver21, deadline: 20,
			script: []sim.Outcome{0},
			want: []note{
				{2, sim.EventWalk, "walks away: its reservation value 0.80, discounted to t = 0.14 (0.72), reaches its threshold 0.71 at t = 0.14, its best 1.00 times (1 − t/δ_s) with δ_s = 0.50, above the floor 0.44 it expects from the final-offer game (the opponent's best offer so far 0.00; the opponent holds out with probability 1.00)", false},
			},
		},
		{
			// TestNiceTFTMirrors's session (B opens): u_N = 0.7 at first,
			// then 0.5. Round 4: B has conceded 0.4 of the 0.5 from its
			// start 0 to u_N, so A's target is 1 − 0.8·0.5 = 0.6, less the
			// bonus 0.1 of the gap to u_N: 0.59; it searches [0.98·0.59,
			// 0.59 + 0.05]. Round 6: B offers 0.6, past u_N: A's next bid
			// is B's best offer, 0.6, and AC_next accepts it.
			name: "nice-tft", a: maker(t, "nice-tft", Params{"opponent_model": "perceived"}), perceive: true, deadline: 100, first: 1,
			script: []sim.Outcome{0, 10, 20, 30, 40, 40, 60},
			want: []note{
				{0, sim.EventOffer, "target 0.97 at t = 0.01: the opponent has not conceded from its start 0.00, so it concedes nothing of its own way from 1.00 to the estimated Nash point 0.70, then 0.10 of the rest for time and discount; among the outcomes in [0.95, 1.00], the one its opponent model rates best, worth 0.96", false},
				{4, sim.EventOffer, "target 0.59 at t = 0.05: the opponent has conceded 0.40 from its start 0.00, 80% of the way to the estimated Nash point 0.50, so it concedes as much of its own way from 1.00 to it, to 0.60, then 0.10 of the rest for time and discount; among the outcomes in [0.58, 0.64], the one its opponent model rates best, worth 0.58", false},
				{6, sim.EventAccept, "accepts: the offer is worth 0.60 to it, at least as much as its next bid (0.60)", false},
			},
		},
		{
			// B stands at 0.2 (A opens). Round 48, t = 49/51: the bonus
			// 20(t − 0.91) is capped at 1, so the target is u_N = 0.5.
			// Round 49, t = 50/51 ≥ 0.98: only B's offer of round 48 is in
			// the window [2t − 1, t] (rounds ≥ 2·49 − 50), and it is not
			// better than itself, so A accepts below its next bid.
			name: "nice-tft near the deadline", a: maker(t, "nice-tft", Params{"opponent_model": "perceived"}), perceive: true, deadline: 50,
			script: []sim.Outcome{20},
			want: []note{
				{0, sim.EventOffer, "opens with its best outcome (1.00): the opponent has made no offer yet", false},
				{48, sim.EventOffer, "target 0.50 at t = 0.96: the opponent has not conceded from its start 0.20, so it concedes nothing of its own way from 1.00 to the estimated Nash point 0.50, then 1.00 of the rest for time and discount; among the outcomes in [0.49, 0.55], the one its opponent model rates best, worth 0.49", false},
				{49, sim.EventAccept, "accepts near the deadline (t = 0.98 ≥ 0.98): the offer (0.20) is below its next bid (0.49), but waiting is not worth it: the opponent's offers in the window of the time left, [2t − 1, t], number 1 (at most 10), and none beats this one", false},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := ua, ub
			if tc.ua != nil {
				a, b = tc.ua, tc.ub
			}
			n := oneIssue(t, a, b, [2]float64{tc.res, 0}, tc.a, script{offers: tc.script}, tc.deadline, tc.first)
			if tc.disc != 0 {
				n.Parties[0].Discount = tc.disc
			}
			if tc.perceive {
				n.Parties[0].Perceived = n.Parties[1].Utility
			}
			plain := sim.NewSession(n).Play(0, 1, false)
			res := sim.NewSession(n).Play(0, 1, true)
			if plain.End != res.End || plain.Round != res.Round || plain.Agreement != res.Agreement {
				t.Fatalf("tracing changed the session: %v in round %d on %d, traced %v in round %d on %d",
					plain.End, plain.Round, plain.Agreement, res.End, res.Round, res.Agreement)
			}
			for _, w := range tc.want {
				got, found := "", false
				for i, e := range res.Trace {
					if e.Actor == 0 && e.Round == w.round && e.Kind == w.kind {
						got, found = res.Note(i), true
					}
				}
				switch {
				case !found:
					t.Errorf("round %d: A made no %v (the session ended: %v in round %d)", w.round, w.kind, res.End, res.Round)
				case w.prefix && !strings.HasPrefix(got, w.text), !w.prefix && got != w.text:
					t.Errorf("round %d, %v:\n got %q\nwant %q", w.round, w.kind, got, w.text)
				}
			}
		})
	}
}

// TestExplainAgentKDraw checks that AgentK's explanation of a random
// acceptance reports a draw below the probability it reports (both
// rounded to two decimals).
func TestExplainAgentKDraw(t *testing.T) {
	ua, ub := unitPie(101)
	b := script{offers: []sim.Outcome{50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 100}}
	n := oneIssue(t, ua, ub, [2]float64{0, 0}, maker(t, "agentk", nil), b, 40, 0)
	accepted := 0
	for seed := range uint64(20) {
		res := sim.NewSession(n).Play(0, seed, true)
		for i, e := range res.Trace {
			if e.Actor != 0 || e.Kind != sim.EventAccept {
				continue
			}
			accepted++
			var p, d float64
			note := res.Note(i)
			k := strings.Index(note, "= t^α/5 + (u − e_max) + (u − τ) = ")
			if k < 0 {
				t.Fatalf("seed %d: %q gives no probability", seed, note)
			}
			if _, err := fmt.Sscanf(note[k:], "= t^α/5 + (u − e_max) + (u − τ) = %f, and its draw %f fell below it", &p, &d); err != nil {
				t.Fatalf("seed %d: %q: %v", seed, note, err)
			}
			if d > p || p < 0.1 {
				t.Errorf("seed %d: draw %v, probability %v: %q", seed, d, p, note)
			}
		}
	}
	if accepted == 0 {
		t.Error("no seed of 20 gave an acceptance")
	}
}

// TestEveryStrategyExplains checks that every strategy of the catalogue,
// built with its defaults for a party that can negotiate, is a
// sim.Explainer.
func TestEveryStrategyExplains(t *testing.T) {
	ua, ub := unitPie(11)
	for _, in := range Catalog() {
		n := oneIssue(t, ua, ub, [2]float64{0, 0}, maker(t, in.Name, nil), maker(t, in.Name, nil), 10, 0)
		self := &sim.Self{Space: n.Space, Utility: n.Parties[0].Utility, Discount: 1, Deadline: 10, FirstMover: true, Opponent: n.Parties[1].Utility, OpponentDiscount: 1}
		s := n.Parties[0].Strategy.NewStrategy(self)
		if _, ok := s.(sim.Explainer); !ok {
			t.Errorf("%s: %T does not explain its moves", in.Name, s)
		}
	}
}

// TestExplainDrawnExponent checks that an exponent drawn from a
// distribution, with all its digits, is explained to three significant
// digits.
func TestExplainDrawnExponent(t *testing.T) {
	ua, _ := unitPie(101)
	self := &sim.Self{Utility: sim.NewUtilityFromValues(ua), Discount: 1, Deadline: 10, FirstMover: true}
	for name, want := range map[string]string{"patience": "(patience, e = 0.271, k = 0.123)", "time-dependent": "(time-dependent, e = 0.271, k = 0.123)"} {
		s := maker(t, name, Params{"e": 0.2708407291013132, "k": 0.12345678}).NewStrategy(self)
		s.Propose(&sim.Turn{Round: 0, Time: 1.0 / 11, Offers: &sim.History{}})
		if got := s.(sim.Explainer).Explain(); !strings.Contains(got, want) {
			t.Errorf("%s: %q lacks %q", name, got, want)
		}
	}
}
