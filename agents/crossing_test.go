package agents

import (
	"fmt"
	"math"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// crossing solves t^(1/eA) + t^(1/eB) = 1 by bisection (README.md, "Worked
// example: where two time-dependent agents meet"; Faratin et al. 1998):
// the time at which two GENIUS-convention agents' targets on the unit pie,
// pᵢ(t) = 1 − t^(1/eᵢ), add up to the whole pie.
func crossing(eA, eB float64) float64 {
	lo, hi := 0.0, 1.0
	for range 200 {
		m := (lo + hi) / 2
		if math.Pow(m, 1/eA)+math.Pow(m, 1/eB) < 1 {
			lo = m
		} else {
			hi = m
		}
	}
	return (lo + hi) / 2
}

// slope returns |p'(t)| of p(t) = 1 − t^(1/e).
func slope(e, t float64) float64 { return math.Pow(t, 1/e-1) / e }

// crossingTolerance bounds |A's share − 1 + t*^(1/eA)| for a session on the
// unit pie cut into n−1 shares with deadline d.
//
// Derivation. Let g = 1/(n−1) be the grid step, Δ = 1/(d+1) the clock step,
// pA, pB the targets, F = pA + pB − 1 (decreasing, F(t*) = 0), and t_e the
// time of the agreement round.
//
//  1. Each offer meets its maker's target and is within g of it: A's offers
//     give A a share in [pA(t), pA(t) + g), B's give A a share in
//     (1 − pB(t) − g, 1 − pB(t)].
//  2. The accepted offer was made at t_e or one round earlier, and both
//     targets fall with time, so AC_next (accept iff u ≥ u(my next offer)
//     ≥ my target) gives pA(t_e) ≤ share ≤ 1 − pB(t_e). Hence F(t_e) ≤ 0,
//     t_e ≥ t*.
//  3. In every round the second mover answers an offer made at the same t;
//     by 1 it accepts once F(t) ≤ −2g. So t_e ≤ τ + Δ with F(τ) = −2g,
//     τ − t* ≤ 2g/m, m = min |F'| on [t*, τ].
//  4. With L = max(|pA'|, |pB'|) on [t*, t_e]:
//     |share − pA(t*)| ≤ L·(t_e − t*) ≤ L·(2g/m + Δ).
//
// So the error is O(1/N + 1/D). The engine's clock (r+1)/(D+1) and its two
// turns per round shift the agreement by at most one round, Δ; they do not
// change the limit share. L and m are taken over [t*, t* + h] with h twice
// the first-order estimate; |p'| is monotone in t, so its extremes over an
// interval lie at the ends.
func crossingTolerance(tb testing.TB, eA, eB float64, n, d int) float64 {
	tb.Helper()
	ts := crossing(eA, eB)
	g, dt := 1/float64(n-1), 1/float64(d+1)
	h := 2 * (2*g/(slope(eA, ts)+slope(eB, ts)) + dt)
	end := min(ts+h, 1)
	L := max(slope(eA, ts), slope(eA, end), slope(eB, ts), slope(eB, end))
	m := min(slope(eA, ts), slope(eA, end)) + min(slope(eB, ts), slope(eB, end))
	reach := 2*g/m + dt
	if reach > h {
		tb.Fatalf("interval [t*, t*+%v] too short for reach %v", h, reach)
	}
	return L*reach + 1e-12 // floating-point utilities x/(n−1)
}

// TestCrossingTimeOracle plays GENIUS-convention time-dependent agents with
// AC_next on the unit pie and compares A's share with the continuous-time
// crossing (README.md's table), on ever finer grids and clocks.
func TestCrossingTimeOracle(t *testing.T) {
	tests := []struct {
		eA, eB       float64
		tStar, share float64 // README.md's table, to 6 decimals
	}{
		{1, 1, 0.5, 0.5},
		{0.2, 0.2, 0.870551, 0.5},
		{2, 2, 0.25, 0.5},
		{0.2, 2, 0.697357, 0.835079}, // Boulware vs Conceder
		{0.2, 1, 0.754878, 0.754878},
		{1, 2, 0.381966, 0.618034},
	}
	sizes := []struct{ n, d int }{{101, 100}, {1001, 1000}, {10001, 10000}}
	for _, tc := range tests {
		// The oracle itself: bisection against the published table.
		ts := crossing(tc.eA, tc.eB)
		if share := 1 - math.Pow(ts, 1/tc.eA); math.Abs(ts-tc.tStar) > 1e-6 || math.Abs(share-tc.share) > 1e-6 {
			t.Fatalf("eA=%v eB=%v: bisection gives t*=%.6f share %.6f, the README's table says %v, %v", tc.eA, tc.eB, ts, share, tc.tStar, tc.share)
		}
		for _, sz := range sizes {
			for first := range 2 {
				t.Run(fmt.Sprintf("eA=%v/eB=%v/N=%d/D=%d/first=%d", tc.eA, tc.eB, sz.n, sz.d, first), func(t *testing.T) {
					ua, ub := unitPie(sz.n)
					a := maker(t, "time-dependent", Params{"e": tc.eA})
					b := maker(t, "time-dependent", Params{"e": tc.eB})
					res := sim.NewSession(oneIssue(t, ua, ub, [2]float64{0, 0}, a, b, sz.d, first)).Play(0, 1, false)
					if !res.Agreed() {
						t.Fatalf("no agreement: %v", res.End)
					}
					tol := crossingTolerance(t, tc.eA, tc.eB, sz.n, sz.d)
					got := res.Utility[0]
					if math.Abs(got-tc.share) > tol+5e-7 { // the table is rounded to 6 digits
						t.Errorf("A's share %.6f, want %v ± %.2g (agreed in round %d, t = %.4f, t* = %v)",
							got, tc.share, tol, res.Round, float64(res.Round+1)/float64(sz.d+1), tc.tStar)
					}
					t.Logf("share %.6f, error %.2g, bound %.2g", got, got-tc.share, tol)
				})
			}
		}
	}
}
