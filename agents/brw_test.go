package agents

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// brwRecursion is the backward induction itself: the proposer's share
// with n answerable offers left, s_1 = 1, s_n = 1 − a·s'_(n−1) with s'
// the other side's share (the roles of a and b swapped).
func brwRecursion(n int, a, b float64) float64 {
	if n <= 0 {
		return 0
	}
	s := 1.0 // the last proposer's share
	for k := 2; k <= n; k++ {
		// The proposer at k left is the proposer of n when k ≡ n mod 2.
		resp := a
		if (n-k)%2 == 1 {
			resp = b
		}
		s = 1 - resp*s
	}
	return s
}

// TestBRWShare checks the closed form of the equilibrium share against the
// recursion and against the textbook values (Osborne and Rubinstein 1990,
// ch. 3-4, computed to 6 digits): Ståhl's finite horizons,
// Rubinstein's share, Binmore, Rubinstein & Wolinsky's breakdown share and
// their continuous-time limit.
func TestBRWShare(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		a, b, n := rng.Float64(), rng.Float64(), 1+rng.IntN(300)
		if got, want := brwShare(n, a, b), brwRecursion(n, a, b); math.Abs(got-want) > 1e-12 {
			t.Fatalf("n=%d a=%v b=%v: closed form %v, recursion %v", n, a, b, got, want)
		}
	}
	tests := []struct {
		name string
		n    int
		a, b float64 // the responder's and the proposer's factor per offer
		want float64
		tol  float64
	}{
		// Ståhl, δ = 0.9 for both: (1 − (−δ)^T)/(1 + δ).
		{"T=1", 1, 0.9, 0.9, 1, 1e-15},
		{"T=2", 2, 0.9, 0.9, 0.1, 1e-12},
		{"T=3", 3, 0.9, 0.9, 0.91, 1e-12},
		{"T=10", 10, 0.9, 0.9, 0.342801, 5e-7},
		{"T=11", 11, 0.9, 0.9, 0.691479, 5e-7},
		{"T=50", 50, 0.9, 0.9, 0.523603, 5e-7},
		// δ = (0.9, 0.8), the proposer's 0.9.
		{"(0.9, 0.8) T=2", 2, 0.8, 0.9, 0.2, 1e-12},
		{"(0.9, 0.8) T=3", 3, 0.8, 0.9, 0.92, 1e-12},
		{"(0.9, 0.8) T=10", 10, 0.8, 0.9, 0.576077, 5e-7},
		{"(0.9, 0.8) T=11", 11, 0.8, 0.9, 0.769569, 5e-7},
		{"(0.9, 0.8) T=50", 50, 0.8, 0.9, 0.714092, 5e-7},
		// Rubinstein: (1 − δ₂)/(1 − δ₁δ₂) = 5/7, and 5/14 for the other
		// side as proposer.
		{"Rubinstein 5/7", 10001, 0.8, 0.9, 5.0 / 7, 1e-12},
		{"Rubinstein 5/14", 10001, 0.9, 0.8, 5.0 / 14, 1e-12},
		// Equal patience: 1/(1 + δ) = 10/19.
		{"equal 10/19", 10001, 0.9, 0.9, 10.0 / 19, 1e-12},
		// Breakdown q = 0.1 alone, breakdown values 0: 1/(2 − q).
		{"breakdown 1/(2 − q)", 10001, 0.9, 0.9, 1 / 1.9, 1e-12},
		// Discount and breakdown, breakdown values 0:
		// [1 − (1 − q)δ₂]/[1 − (1 − q)²δ₁δ₂] = 0.28/0.4168.
		{"discount and breakdown", 10001, 0.9 * 0.8, 0.9 * 0.9, 0.28 / 0.4168, 1e-12},
		// r = (1, 2), δᵢ = e^(−rᵢΔ): 0.699390, 0.669994, 0.667000, → 2/3.
		{"Δ = 0.1", 100001, math.Exp(-0.2), math.Exp(-0.1), 0.699390, 5e-7},
		{"Δ = 0.01", 100001, math.Exp(-0.02), math.Exp(-0.01), 0.669994, 5e-7},
		{"Δ = 0.001", 1000001, math.Exp(-0.002), math.Exp(-0.001), 0.667000, 5e-7},
		{"Δ = 1e-6 → r₂/(r₁ + r₂)", 1 << 30, math.Exp(-2e-6), math.Exp(-1e-6), 2.0 / 3, 1e-6},
		// Nobody discounts: the last proposer takes everything.
		{"no discount, odd", 7, 1, 1, 1, 0},
		{"no discount, even", 8, 1, 1, 0, 0},
		{"never answered", 0, 0.9, 0.9, 0, 0},
	}
	for _, tc := range tests {
		if got := brwShare(tc.n, tc.a, tc.b); math.Abs(got-tc.want) > tc.tol {
			t.Errorf("%s: share %.9f, want %.9f ± %.1g", tc.name, got, tc.want, tc.tol)
		}
	}
}

// TestBRWFactors checks the factors per offer read from the session:
// √(δ_r(1 − p)), two offers a round.
func TestBRWFactors(t *testing.T) {
	for _, tc := range []struct {
		name     string
		self     sim.Self
		p        float64
		own, opp float64
	}{
		{"per round", sim.Self{Discount: 0.81, OpponentDiscount: 0.64}, -1, 0.9, 0.8},
		{"per offer", sim.Self{Discount: 0.9, OpponentDiscount: 0.8, DiscountPerOffer: true}, -1, 0.9, 0.8},
		{"protocol's breakdown", sim.Self{Discount: 0.9, OpponentDiscount: 0.9, Breakdown: 0.1}, -1, 0.9, 0.9},
		{"perceived breakdown", sim.Self{Discount: 1, OpponentDiscount: 1, Breakdown: 0.5}, 0.19, 0.9, 0.9},
		{"discounted reservation", sim.Self{Discount: 0.5, OpponentDiscount: 0.5, Breakdown: 0.19, DiscountReservation: true}, -1, 0.9, 0.9},
		{"flagship", sim.Self{Discount: 0.995, OpponentDiscount: 0.998, Breakdown: 0.01}, -1, math.Sqrt(0.98505), math.Sqrt(0.98802)},
	} {
		own, opp := offerFactor(&tc.self, tc.self.Discount, tc.p), offerFactor(&tc.self, tc.self.OpponentDiscount, tc.p)
		if math.Abs(own-tc.own) > 1e-15 || math.Abs(opp-tc.opp) > 1e-15 {
			t.Errorf("%s: factors %v and %v, want %v and %v", tc.name, own, opp, tc.own, tc.opp)
		}
	}
}

// TestBRWEngine plays two brw-demand agents through the engine on a unit
// pie of 100001 points, without reservation values, and checks that the
// first offer is accepted and splits the pie as the finite-horizon
// equilibrium says (Ståhl 1972): with δ = (0.9, 0.8) per offer and
// a deadline of D rounds the game has T = 2D − 1 offers, and the first
// mover gets s_T (0.92 for T = 3, 0.8624 for T = 5, → 5/7). The more
// patient side wins more: A (0.9) gets 5/7 opening and 1 − 5/14 = 9/14
// answering, B (0.8) gets 2/7 and 5/14. The first mover rounds its demand
// down, so its share lies within one grid step below s_T.
func TestBRWEngine(t *testing.T) {
	ua, ub := unitPie(100001)
	g := 1e-5
	tests := []struct {
		deadline, first int
		perOffer        bool
		want            float64 // A's share
	}{
		{1, 0, true, 1},
		{2, 0, true, 0.92},
		{3, 0, true, 0.8624},
		{25, 0, true, brwShare(49, 0.8, 0.9)},
		{200, 0, true, 5.0 / 7},
		{200, 1, true, 1 - 5.0/14},
		{3, 1, true, 1 - brwShare(5, 0.9, 0.8)},
		// Per round: δ_r = 0.81 and 0.64 are the same factors per offer.
		{200, 0, false, 5.0 / 7},
		{2, 1, false, 1 - brwShare(3, 0.9, 0.8)},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("D=%d/first=%d/perOffer=%v", tc.deadline, tc.first, tc.perOffer), func(t *testing.T) {
			n := oneIssue(t, ua, ub, [2]float64{0, 0}, maker(t, "brw-demand", nil), maker(t, "brw-demand", nil), tc.deadline, tc.first)
			n.Parties[0].Discount, n.Parties[1].Discount = 0.9, 0.8
			if !tc.perOffer {
				n.Parties[0].Discount, n.Parties[1].Discount = 0.81, 0.64
			}
			n.Protocol.DiscountPerOffer = tc.perOffer
			res := sim.NewSession(n).Play(0, 1, false)
			if !res.Agreed() || res.Offers != 1 {
				t.Fatalf("%v in round %d after %d offers, want the first offer accepted", res.End, res.Round, res.Offers)
			}
			got := res.Utility[0]
			// The proposer rounds its own share down by less than g.
			lo, hi := tc.want-g, tc.want+1e-12
			if tc.first == 1 {
				lo, hi = tc.want-1e-12, tc.want+g
			}
			if got < lo || got > hi {
				t.Errorf("A's share %.6f, want %.6f (within one grid step in the responder's favour)", got, tc.want)
			}
		})
	}
}

// TestBRWDemandPath checks the demands of one party over a session against
// the closed form, scaled to its range: as the first mover with the
// flagship's factors, its demand share rises towards 1 as the deadline
// nears; as the second mover it falls towards 1 − the first mover's
// factor.
func TestBRWDemandPath(t *testing.T) {
	ua, _ := unitPie(10001)
	u := sim.NewUtilityFromValues(ua)
	own, opp := math.Sqrt(0.995*0.99), math.Sqrt(0.998*0.99)
	for _, first := range []bool{true, false} {
		self := &sim.Self{Utility: u, Reservation: 0.35, Discount: 0.995, OpponentDiscount: 0.998, Breakdown: 0.01, Deadline: 60, FirstMover: first}
		s := maker(t, "brw-demand", nil).NewStrategy(self).(*brw)
		prev := math.NaN()
		for r := range 60 {
			s.Propose(&sim.Turn{Round: r, Time: float64(r+1) / 61, Offers: &sim.History{}})
			k := 2 * r
			if !first {
				k++
			}
			n := 119 - k
			want := brwShare(max(n, 1), opp, own)
			if math.Abs(s.share-want) > 1e-15 || math.Abs(s.target-(0.35+want*0.65)) > 1e-12 {
				t.Fatalf("first=%v round %d: share %v target %v, want %v and %v", first, r, s.share, s.target, want, 0.35+want*0.65)
			}
			if r > 0 && r < 59 && (first && s.share < prev || !first && s.share > prev) {
				t.Errorf("first=%v round %d: share %v after %v: the path is not monotone", first, r, s.share, prev)
			}
			if got := ua[s.next]; got > s.target+1e-12 || s.target-got > 1e-4 {
				t.Errorf("first=%v round %d: offer worth %v for a target of %v", first, r, got, s.target)
			}
			prev = s.share
		}
		// The opening demands, by hand: a = √0.98802 = 0.9939920,
		// b = √0.98505 = 0.9924969, ab = 0.9865339, s* = (1 − a)/(1 − ab)
		// = 0.4461604, (ab)^59 = 0.4493744: the first mover (119 offers
		// left) demands s* + 0.4493744·(1 − s*) = 0.6950417, the second
		// (118) s*·(1 − 0.4493744) = 0.2456673.
		want := map[bool]float64{true: 0.6950417, false: 0.2456673}[first]
		if r0 := brwShare(map[bool]int{true: 119, false: 118}[first], opp, own); math.Abs(r0-want) > 1e-7 {
			t.Errorf("first=%v: opening share %v, want %v", first, r0, want)
		}
	}
}
