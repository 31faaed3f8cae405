package agents

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// rubinsteinCase is one equilibrium oracle on the unit pie.
type rubinsteinCase struct {
	name    string
	params  Params     // both agents' parameters, besides the opponent's values
	disc    [2]float64 // δ of A and B
	cost    [2]float64
	q       float64    // breakdown probability
	b       [2]float64 // breakdown values of A and B
	d       int        // deadline in rounds
	first   int        // first mover
	horizon int        // textbook horizon T; 0 = the deadline's
	want    float64    // the first mover's share
}

// playRubinstein plays two rubinstein agents on a pie of n points.
func playRubinstein(t *testing.T, tc rubinsteinCase, n int) sim.Result {
	t.Helper()
	mk := func(opp int) sim.Maker {
		p := Params{"opponent_breakdown_value": tc.b[opp], "horizon": float64(tc.horizon)}
		for k, v := range tc.params {
			p[k] = v
		}
		return maker(t, "rubinstein", p)
	}
	neg := pie(t, n, mk(1), mk(0), tc.d, tc.first, tc.disc, [2]float64{0, 0})
	neg.Protocol.Breakdown = tc.q
	for i := range 2 {
		neg.Parties[i].BreakdownValue = tc.b[i]
		neg.Parties[i].Cost = tc.cost[i]
	}
	if err := neg.Validate(); err != nil {
		t.Fatal(err)
	}
	return sim.NewSession(neg).Play(0, 1, true)
}

// gridTolerance bounds the error of the equilibrium share on a grid of step
// g. Let λᵢ = δᵢ(1 − q) be what a rejection costs role i per period. On the
// grid the proposer takes the largest share that leaves the responder its
// continuation value, rounding down by less than g; that rounding lowers the
// proposer's share and, one period earlier, raises the other's by λ times as
// much. So the error e of a proposer's share lies in (−a, b] with
// a = g + λ·b' and b = λ·a' for the other role's bounds a', b': at the fixed
// point a ≤ g/(1 − λ_Fλ_S). A finite deadline of T periods moves the share
// by at most (λ_Fλ_S)^⌊T/2⌋ from the infinite game's (the textbook rows are
// rounded to 6 digits: 5e-7 more).
func gridTolerance(g float64, disc [2]float64, q float64, periods int, infinite bool) float64 {
	l := disc[0] * disc[1] * (1 - q) * (1 - q)
	tol := g/(1-l) + 5e-7 + 2*speTol
	if infinite {
		tol += math.Pow(l, float64(periods/2))
	}
	return tol
}

// TestRubinsteinTextbook plays two rubinstein agents with period offer, the
// textbook game of Rubinstein (1982) (every offer a period), and checks the
// first mover's share against every applicable row of the oracle table of
// sim/README.md (Rubinstein 1982; Ståhl 1972; Binmore, Rubinstein and
// Wolinsky 1986). They
// agree at once, on the first offer.
func TestRubinsteinTextbook(t *testing.T) {
	const n = 100001
	g := 1 / float64(n-1)
	offer := Params{"period": "offer"}
	cases := []rubinsteinCase{
		{name: "δ=(0.9,0.8) A first: 5/7", disc: [2]float64{0.9, 0.8}, d: 100, first: 0, want: 5.0 / 7},
		{name: "δ=(0.9,0.8) B first: B gets 5/14", disc: [2]float64{0.9, 0.8}, d: 100, first: 1, want: 5.0 / 14},
		{name: "δ=(0.9,0.9): 10/19", disc: [2]float64{0.9, 0.9}, d: 100, want: 10.0 / 19},
		{name: "δ=(0.5,0.5): 2/3", disc: [2]float64{0.5, 0.5}, d: 50, want: 2.0 / 3},
		{name: "breakdown q=0.1, b=0, δ=1: 1/(2−q)", disc: [2]float64{1, 1}, q: 0.1, d: 200, want: 0.526316},
		{name: "breakdown q=0.1, b=(0.2,0.1), δ=1", disc: [2]float64{1, 1}, q: 0.1, b: [2]float64{0.2, 0.1}, d: 200, want: 0.568421},
		{name: "δ=(0.9,0.8), q=0.1, b=(0.2,0.1)", disc: [2]float64{0.9, 0.8}, q: 0.1, b: [2]float64{0.2, 0.1}, d: 100, want: 0.682342},
		{name: "δ=(0.9,0.8), q=0.1, b=(0.2,0.1), B first", disc: [2]float64{0.9, 0.8}, q: 0.1, b: [2]float64{0.2, 0.1}, d: 100, first: 1, want: 0.427303},
		{name: "r=(1,2), Δ=0.01", disc: [2]float64{math.Exp(-0.01), math.Exp(-0.02)}, d: 1000, want: 0.669994},
		// Finite horizons, δ = (0.9, 0.9): the deadline gives T = 2D − 1
		// answerable offers; even T needs the horizon parameter.
		{name: "T=1", disc: [2]float64{0.9, 0.9}, d: 1, want: 1},
		{name: "T=2", disc: [2]float64{0.9, 0.9}, d: 2, horizon: 2, want: 0.1},
		{name: "T=3", disc: [2]float64{0.9, 0.9}, d: 2, want: 0.91},
		{name: "T=4", disc: [2]float64{0.9, 0.9}, d: 3, horizon: 4, want: 0.181},
		{name: "T=5", disc: [2]float64{0.9, 0.9}, d: 3, want: 0.8371},
		{name: "T=10", disc: [2]float64{0.9, 0.9}, d: 6, horizon: 10, want: 0.342801},
		{name: "T=11", disc: [2]float64{0.9, 0.9}, d: 6, want: 0.691479},
		{name: "T=50", disc: [2]float64{0.9, 0.9}, d: 30, horizon: 50, want: 0.523603},
		{name: "δ=(0.9,0.8) T=2", disc: [2]float64{0.9, 0.8}, d: 1, horizon: 2, want: 1}, // D = 1 allows one offer only: the horizon cannot add one
		{name: "δ=(0.9,0.8) T=2, D=2", disc: [2]float64{0.9, 0.8}, d: 2, horizon: 2, want: 0.2},
		{name: "δ=(0.9,0.8) T=3", disc: [2]float64{0.9, 0.8}, d: 2, want: 0.92},
		{name: "δ=(0.9,0.8) T=4", disc: [2]float64{0.9, 0.8}, d: 3, horizon: 4, want: 0.344},
		{name: "δ=(0.9,0.8) T=5", disc: [2]float64{0.9, 0.8}, d: 3, want: 0.8624},
		{name: "δ=(0.9,0.8) T=10", disc: [2]float64{0.9, 0.8}, d: 6, horizon: 10, want: 0.576077},
		{name: "δ=(0.9,0.8) T=11", disc: [2]float64{0.9, 0.8}, d: 6, want: 0.769569},
		{name: "δ=(0.9,0.8) T=50", disc: [2]float64{0.9, 0.8}, d: 26, horizon: 50, want: 0.714092},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.params = offer
			res := playRubinstein(t, tc, n)
			periods := 2*tc.d - 1
			if tc.horizon > 0 {
				periods = min(periods, tc.horizon)
			}
			infinite := tc.d >= 25 && tc.horizon == 0
			tol := gridTolerance(g, tc.disc, tc.q, periods, infinite)
			if !res.Agreed() || res.Round != 0 || res.By != 1-tc.first || res.Offers != 1 {
				t.Fatalf("want agreement on the first offer; got %v in round %d by %d after %d offers", res.End, res.Round, res.By, res.Offers)
			}
			got := res.Utility[tc.first]
			if math.Abs(got-tc.want) > tol {
				t.Errorf("first mover's share %.6f, want %.6f ± %.2g", got, tc.want, tol)
			}
			t.Logf("share %.6f, error %.2g, bound %.2g", got, got-tc.want, tol)
		})
	}
}

// TestRubinsteinRound plays two rubinstein agents in parley's own game
// (period round): a deal in round r is worth δ^r·u − c·r, both offers of a
// round closing in the same round as far as discounting goes, and breakdown
// strikes between rounds. README.md derives the equilibrium: the first
// mover F's rejections cost nothing (its counter-offer closes in the same
// round as the second mover S's offer it rejected), so F proposes an
// ultimatum every round, and S keeps only what breakdown and the deadline
// give it. With no costs, b_F ≥ r_F and S's value affordable in every
// round, S's value at round 0 is
//
//	R_S = b_S + (1 − q)^(D−1)·(r_S − b_S)
//
// whatever the discount factors, and F's share is 1 − R_S.
func TestRubinsteinRound(t *testing.T) {
	const n = 10001
	g := 1 / float64(n-1)
	rs := func(q, bS, rS float64, d int) float64 { return bS + math.Pow(1-q, float64(d-1))*(rS-bS) }
	cases := []rubinsteinCase{
		// No breakdown: F takes the whole pie at once.
		{name: "δ=(0.9,0.8): F takes all", disc: [2]float64{0.9, 0.8}, d: 50, want: 1},
		{name: "δ=(0.9,0.8), B first: F takes all", disc: [2]float64{0.9, 0.8}, d: 50, first: 1, want: 1},
		{name: "costs (0.1, 0.2): F takes all", disc: [2]float64{1, 1}, cost: [2]float64{0.1, 0.2}, d: 50, want: 1},
		{name: "costs (0.2, 0.1): F takes all", disc: [2]float64{1, 1}, cost: [2]float64{0.2, 0.1}, d: 50, want: 1},
		{name: "D=1: F takes all", disc: [2]float64{0.9, 0.9}, d: 1, want: 1},
		// Breakdown: S keeps its breakdown value, less the deadline's pull.
		{name: "q=0.1, b=(0.2,0.1), δ=1", disc: [2]float64{1, 1}, q: 0.1, b: [2]float64{0.2, 0.1}, d: 50, want: 1 - rs(0.1, 0.1, 0, 50)},
		{name: "q=0.1, b=(0.2,0.1), δ=(0.9,0.99)", disc: [2]float64{0.9, 0.99}, q: 0.1, b: [2]float64{0.2, 0.1}, d: 50, want: 1 - rs(0.1, 0.1, 0, 50)},
		{name: "q=0.1, b=(0.2,0.1), δ=1, B first", disc: [2]float64{1, 1}, q: 0.1, b: [2]float64{0.2, 0.1}, d: 50, first: 1, want: 1 - rs(0.1, 0.2, 0, 50)},
		{name: "q=0.3, b=(0.25,0.4), δ=1, D=5", disc: [2]float64{1, 1}, q: 0.3, b: [2]float64{0.25, 0.4}, d: 5, want: 1 - rs(0.3, 0.4, 0, 5)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := playRubinstein(t, tc, n)
			// S's value gathers one rounding (≤ g) per round, shrinking by
			// (1 − q) per round back: at most g/q, or g·D without breakdown.
			tol := g*float64(tc.d) + 2*speTol
			if tc.q > 0 {
				tol = min(tol, g/tc.q+2*speTol)
			}
			if !res.Agreed() || res.Round != 0 || res.Offers != 1 {
				t.Fatalf("want agreement on the first offer; got %v in round %d after %d offers", res.End, res.Round, res.Offers)
			}
			got := res.Utility[tc.first]
			if math.Abs(got-tc.want) > tol {
				t.Errorf("first mover's share %.6f, want %.6f ± %.2g", got, tc.want, tol)
			}
		})
	}
	// The worked numbers of README.md.
	if x := 1 - rs(0.1, 0.1, 0, 50); math.Abs(x-0.900573) > 5e-7 {
		t.Errorf("README: F's share with q = 0.1, b_S = 0.1, D = 50 is %.6f, not 0.900573", x)
	}
}

// TestRubinsteinRecursion checks the backward induction itself against the
// finite-horizon recursion of Ståhl (1972), s_T−1 = 1, s_k = 1 − δ·s_{k+1},
// computed here in closed form, on a continuous frontier (a pie of 2^20
// shares), without the engine.
func TestRubinsteinRecursion(t *testing.T) {
	for _, d := range []float64{0.5, 0.9} {
		for periods := 1; periods <= 12; periods++ {
			want := (1 - math.Pow(-d, float64(periods))) / (1 + d) // the recursion's closed form
			const n = 1<<16 + 1
			ua, _ := unitPie(n)
			u := sim.NewUtilityFromValues(ua)
			g := &game{offer: true, T: periods, D: periods, d: [2]float64{d, d}, front: frontierRoles(u, nil, roleF)}
			vs := newSPEValues(g)
			v := vs.at(0)
			if math.Abs(v[roleF]-want) > 2.0/(n-1)/(1-d*d)+1e-9 {
				t.Errorf("δ=%v T=%d: F's value %.9f, want %.9f", d, periods, v[roleF], want)
			}
		}
	}
}

// TestRubinsteinValuesStore checks that the stored values (stationary
// pattern, checkpoints and blocks) give the same V(k) as a plain backward
// pass, in both period conventions and for long and short games.
func TestRubinsteinValuesStore(t *testing.T) {
	ua, _ := unitPie(1001)
	u := sim.NewUtilityFromValues(ua)
	for _, tc := range []struct {
		offer bool
		T     int
		d     [2]float64
		c     [2]float64
		q     float64
		b     [2]float64
	}{
		{true, 999, [2]float64{0.9, 0.8}, [2]float64{}, 0, [2]float64{}},
		{false, 999, [2]float64{0.97, 0.99}, [2]float64{}, 0.05, [2]float64{0.3, 0.1}},
		{false, 1299, [2]float64{1, 1}, [2]float64{0.0001, 0.0002}, 0, [2]float64{}}, // costs: not stationary
		{true, 7, [2]float64{0.5, 0.5}, [2]float64{}, 0, [2]float64{}},
	} {
		t.Run(fmt.Sprintf("offer=%v T=%d", tc.offer, tc.T), func(t *testing.T) {
			g := &game{offer: tc.offer, T: tc.T, D: (tc.T + 1) / 2, d: tc.d, c: tc.c, q: tc.q, b: tc.b, front: frontierRoles(u, nil, roleF)}
			want := make([][2]float64, g.T+1)
			want[g.T] = g.res
			for k := g.T - 1; k >= 0; k-- {
				want[k], _, _, _ = g.node(k, want[k+1])
			}
			vs := newSPEValues(g)
			for _, k := range []int{0, 1, 2, 255, 256, 257, g.T / 2, g.T - 2, g.T - 1, g.T, 3, 0} {
				if k > g.T {
					continue
				}
				got := vs.at(k)
				for i := range 2 {
					if math.Abs(got[i]-want[k][i]) > 1e-12 {
						t.Errorf("V(%d)[%d] = %v, want %v (stationary from %d)", k, i, got[i], want[k][i], vs.stat)
					}
				}
			}
		})
	}
}

// TestFrontierRoles checks frontierRoles against the definition, by brute
// force on tables with many ties: a point for every pair of utilities no
// outcome dominates, the outcome of lowest index for each, by decreasing
// utility of F; without a perceived opponent, the opponent's utility is
// 1 − own.
func TestFrontierRoles(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		r := rand.New(rand.NewPCG(seed, 0))
		n := 200
		own, opp := make([]float64, n), make([]float64, n)
		for o := range n {
			own[o], opp[o] = float64(r.IntN(12))/11, float64(r.IntN(12))/11
		}
		for _, withOpp := range []bool{true, false} {
			var ou *sim.Utility
			if withOpp {
				ou = sim.NewUtilityFromValues(opp)
			}
			oppOf := func(o int) float64 {
				if withOpp {
					return opp[o]
				}
				return 1 - own[o]
			}
			for _, me := range []int{roleF, roleS} {
				var want []fpoint
				for o := range n {
					dominated := false
					for c := range n {
						if own[c] >= own[o] && oppOf(c) >= oppOf(o) && (own[c] > own[o] || oppOf(c) > oppOf(o)) {
							dominated = true
							break
						}
					}
					tie := slices.ContainsFunc(want, func(p fpoint) bool { return p.u[me] == own[o] && p.u[1-me] == oppOf(o) })
					if !dominated && !tie {
						var p fpoint
						p.u[me], p.u[1-me], p.o = own[o], oppOf(o), sim.Outcome(o)
						want = append(want, p)
					}
				}
				slices.SortFunc(want, func(a, b fpoint) int { return cmp.Compare(b.u[roleF], a.u[roleF]) })
				got := frontierRoles(sim.NewUtilityFromValues(own), ou, me)
				if !slices.Equal(got, want) {
					t.Errorf("seed %d, opponent %v, role %d:\n got %v\nwant %v", seed, withOpp, me, got, want)
				}
			}
		}
	}
}
