package agents

import (
	"fmt"
	"math"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// TestEffectiveHorizon checks the horizon r* = ln(rv/hi)/ln(δ_r(1 − p))
// against values computed by hand (natural logarithms to 9 digits).
func TestEffectiveHorizon(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name        string
		self        sim.Self
		p           float64 // the strategy's breakdown parameter
		hi          float64
		delay, want float64
	}{
		// The flagship's Armenia at δ = 0.95, with the protocol's 1%:
		// d = 0.95·0.99 = 0.9405, ln 0.35 = −1.049822124,
		// ln 0.9405 = −0.061343791: r* = 17.1137919.
		{"impatient Armenia", sim.Self{Discount: 0.95, Breakdown: 0.01, Reservation: 0.35}, -1, 1, 0.9405, 17.1137919},
		// δ = 0.995: d = 0.98505, ln 0.98505 = −0.015062999: r* = 69.6959868,
		// after a 60-round deadline.
		{"patient Armenia", sim.Self{Discount: 0.995, Breakdown: 0.01, Reservation: 0.35}, -1, 1, 0.98505, 69.6959868},
		// Azerbaijan: d = 0.998·0.99 = 0.98802, ln 0.4 = −0.916290732,
		// ln 0.98802 = −0.012052297: r* = 76.0259704.
		{"Azerbaijan", sim.Self{Discount: 0.998, Breakdown: 0.01, Reservation: 0.4}, -1, 1, 0.98802, 76.0259704},
		// No breakdown: ln 0.2 = −1.609437912, ln 0.9 = −0.105360516.
		{"discount alone", sim.Self{Discount: 0.9, Reservation: 0.2}, -1, 1, 0.9, 15.2755318},
		// The perceived risk replaces the protocol's: d = 0.9·(1 − 0.5).
		{"perceived breakdown", sim.Self{Discount: 0.9, Breakdown: 0.01, Reservation: 0.2}, 0.5, 1, 0.45, 2.0155571},
		// Breakdown alone: d = 0.95, ln 0.95 = −0.051293294.
		{"breakdown alone", sim.Self{Discount: 1, Breakdown: 0.05, Reservation: 0.2}, -1, 1, 0.95, 31.3771601},
		// Per-offer discounting: two offers a round, d = 0.9² = 0.81.
		{"per offer", sim.Self{Discount: 0.9, Reservation: 0.2, DiscountPerOffer: true}, -1, 1, 0.81, 7.6377659},
		// A discounted reservation value falls with the deal: only the
		// breakdown risk is left, d = 0.95.
		{"discounted reservation", sim.Self{Discount: 0.9, Breakdown: 0.05, Reservation: 0.2, DiscountReservation: true}, -1, 1, 0.95, 31.3771601},
		// hi < 1: ln(0.3/0.8) = −0.980829253.
		{"best outcome below 1", sim.Self{Discount: 0.9, Reservation: 0.3}, -1, 0.8, 0.9, 9.3092678},
		{"no reservation value", sim.Self{Discount: 0.9, Breakdown: 0.1}, -1, 1, 0.81, inf},
		{"no cost of delay", sim.Self{Discount: 1, Reservation: 0.3}, -1, 1, 1, inf},
		{"nothing to gain", sim.Self{Discount: 0.9, Reservation: 0.8}, -1, 0.8, 0.9, 0},
		{"certain breakdown", sim.Self{Discount: 0.9, Reservation: 0.3}, 1, 1, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := delayFactor(&tc.self, tc.p)
			if math.Abs(d-tc.delay) > 1e-15 {
				t.Errorf("delay factor %v, want %v", d, tc.delay)
			}
			got := effectiveHorizon(d, tc.self.Reservation, tc.hi)
			if math.IsInf(tc.want, 1) != math.IsInf(got, 1) || (!math.IsInf(got, 1) && math.Abs(got-tc.want) > 1e-7) {
				t.Errorf("r* = %v, want %v", got, tc.want)
			}
			// The definition: hi·d^r* = rv.
			if got > 0 && !math.IsInf(got, 1) {
				if v := tc.hi * math.Pow(d, got); math.Abs(v-tc.self.Reservation) > 1e-12 {
					t.Errorf("hi·d^r* = %v, want the reservation value %v", v, tc.self.Reservation)
				}
			}
		})
	}
}

// TestPatienceTargets checks the targets of one party against the rule
// computed by hand: linear concession over the horizon, the deadline's
// clock when the horizon lies beyond it.
func TestPatienceTargets(t *testing.T) {
	ua, _ := unitPie(10001)
	u := sim.NewUtilityFromValues(ua)
	tests := []struct {
		name     string
		params   Params
		discount float64
		deadline int
		round    int
		want     float64
	}{
		// d = 0.9, rv = 0.2: H = 15.2755318; in round 7 τ = 8/16.2755318
		// = 0.49153540, u* = 0.2 + 0.8·(1 − 0.49153540) = 0.60677168.
		{"linear, round 7", nil, 0.9, 60, 7, 0.606771682},
		// τ = (r + 1)/(H + 1) reaches 1 in round ⌈H⌉ = 16: in round 15
		// τ = 16/16.2755318 < 1.
		{"linear, round 15", nil, 0.9, 60, 15, 0.2 + 0.8*(1-16/16.2755318)},
		{"linear, round 16", nil, 0.9, 60, 16, 0.2},
		{"linear, round 40", nil, 0.9, 60, 40, 0.2},
		// Boulware e = 0.2 in round 7: 0.2 + 0.8·(1 − 0.49153540^5).
		{"Boulware, round 7", Params{"e": 0.2}, 0.9, 60, 7, 0.2 + 0.8*(1-math.Pow(8/16.2755318, 5))},
		// k = 0.1: f = 0.1 + 0.9τ.
		{"k, round 7", Params{"k": 0.1}, 0.9, 60, 7, 0.2 + 0.8*(1-0.1-0.9*8/16.2755318)},
		// δ = 0.995, rv = 0.2: H = 321.08 beyond a deadline of 60: the
		// deadline's clock, t = 8/61.
		{"horizon after the deadline", nil, 0.995, 60, 7, 0.2 + 0.8*(1-8.0/61)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			self := &sim.Self{Utility: u, Reservation: 0.2, Discount: tc.discount, Deadline: tc.deadline, FirstMover: true}
			s := maker(t, "patience", tc.params).NewStrategy(self).(*timeDependent)
			turn := &sim.Turn{Round: tc.round, Time: float64(tc.round+1) / float64(tc.deadline+1), Offers: &sim.History{}}
			s.Propose(turn)
			if math.Abs(s.cTarget-tc.want) > 1e-8 {
				t.Errorf("target %.9f, want %.9f", s.cTarget, tc.want)
			}
			if got := ua[s.cNext]; got < s.cTarget || got-s.cTarget > 1e-4 {
				t.Errorf("offer worth %v for a target of %v", got, s.cTarget)
			}
		})
	}
}

// TestPatienceIsTimeDependentWithoutDelay checks that with nothing making
// delay costly (δ = 1, no breakdown, or no reservation value) the horizon
// is the deadline and patience plays exactly as time-dependent with the
// same e and k.
func TestPatienceIsTimeDependentWithoutDelay(t *testing.T) {
	ua, ub := unitPie(1001)
	for _, p := range []Params{nil, {"e": 0.2}, {"e": 2, "k": 0.1}} {
		for _, res := range [][2]float64{{0, 0}, {0.2, 0.3}} {
			play := func(name string) sim.Result {
				n := oneIssue(t, ua, ub, res, maker(t, name, p), maker(t, "conceder", nil), 200, 0)
				return sim.NewSession(n).Play(0, 3, true)
			}
			a, b := play("patience"), play("time-dependent")
			if a.End != b.End || a.Round != b.Round || a.Agreement != b.Agreement || len(a.Trace) != len(b.Trace) {
				t.Fatalf("%v, reservations %v: patience %v in round %d on %d, time-dependent %v in round %d on %d",
					p, res, a.End, a.Round, a.Agreement, b.End, b.Round, b.Agreement)
			}
			for i := range a.Trace {
				if a.Trace[i] != b.Trace[i] {
					t.Fatalf("%v, reservations %v: event %d differs: %+v and %+v", p, res, i, a.Trace[i], b.Trace[i])
				}
			}
		}
	}
}

// TestPatienceSplit plays two linear patience agents on the unit pie, with
// equal reservation values ρ and different discount factors or perceived
// breakdown risks, and checks that the more patient side wins more, by
// the closed form. With targets ρ + (1 − ρ)(1 − x/hᵢ) in round x − 1
// (hᵢ = Hᵢ + 1), the targets add up to the pie at x* = hA·hB/((1 − ρ)(hA + hB)),
// where A's target is
//
//	1 − (1 − ρ)·x*/hA = hA/(hA + hB):
//
// the pie splits in proportion to the horizons, whatever ρ, as long as x*
// comes before both horizons and the deadline. The tolerance follows the
// derivation of crossingTolerance, with the clock in rounds: the accepted
// offer lies between the two targets of the agreement round x_e, which is
// at most 2g/(a + b) + 1 rounds after x*, where a = (1 − ρ)/hA and
// b = (1 − ρ)/hB are the targets' slopes per round and g the grid step; so
// |share − hA/(hA + hB)| ≤ max(a, b)·(2g/(a + b) + 1) + g.
func TestPatienceSplit(t *testing.T) {
	const rho = 0.2
	tests := []struct {
		name           string
		dA, dB, pA, pB float64 // discount factors and perceived breakdown risks
		hA, hB         float64 // horizons + 1, by hand (TestEffectiveHorizon's logarithms)
		n, deadline    int
	}{
		// ln 0.2/ln 0.9 = 15.2755318, ln 0.2/ln 0.95 = 31.3771601.
		{"δ 0.9 against 0.95", 0.9, 0.95, 0, 0, 16.2755318, 32.3771601, 1001, 100},
		// ln 0.99 = −0.010050336, ln 0.995 = −0.005012542.
		{"δ 0.99 against 0.995", 0.99, 0.995, 0, 0, 161.1377243, 322.0821912, 10001, 1000},
		// Equal discount factors, A fears a breakdown more: d_A =
		// 0.995·0.99, d_B = 0.995·0.995.
		{"breakdown risk 0.01 against 0.005", 0.995, 0.995, 0.01, 0.005, 107.8479707, 161.5410956, 10001, 1000},
		// Equal patience splits equally.
		{"equal", 0.99, 0.99, 0, 0, 161.1377243, 161.1377243, 10001, 1000},
	}
	for _, tc := range tests {
		ua, ub := unitPie(tc.n)
		share := tc.hA / (tc.hA + tc.hB)
		a, b := (1-rho)/tc.hA, (1-rho)/tc.hB
		g := 1 / float64(tc.n-1)
		tol := max(a, b)*(2*g/(a+b)+1) + g
		if xs := tc.hA * tc.hB / ((1 - rho) * (tc.hA + tc.hB)); xs >= min(tc.hA, tc.hB) || xs >= float64(tc.deadline) {
			t.Fatalf("%s: the crossing x* = %v does not come before the horizons and the deadline", tc.name, xs)
		}
		for first := range 2 {
			t.Run(fmt.Sprintf("%s/first=%d", tc.name, first), func(t *testing.T) {
				n := oneIssue(t, ua, ub, [2]float64{rho, rho}, maker(t, "patience", Params{"breakdown": tc.pA}), maker(t, "patience", Params{"breakdown": tc.pB}), tc.deadline, first)
				n.Parties[0].Discount, n.Parties[1].Discount = tc.dA, tc.dB
				res := sim.NewSession(n).Play(0, 1, false)
				if !res.Agreed() {
					t.Fatalf("no agreement: %v in round %d", res.End, res.Round)
				}
				got := res.Utility[0]
				if math.Abs(got-share) > tol {
					t.Errorf("A's share %.6f, want hA/(hA + hB) = %.6f ± %.2g (agreed in round %d)", got, share, tol, res.Round)
				}
				// The more patient side's margin, B's share minus A's.
				margin, want := res.Utility[1]-got, (tc.hB-tc.hA)/(tc.hA+tc.hB)
				if math.Abs(margin-want) > 2*tol {
					t.Errorf("B wins by %.6f, want (hB − hA)/(hA + hB) = %.6f ± %.2g", margin, want, 2*tol)
				}
				t.Logf("A %.6f (formula %.6f, bound %.2g), round %d", got, share, tol, res.Round)
			})
		}
	}
}

// TestPatienceParams checks what New refuses.
func TestPatienceParams(t *testing.T) {
	in, _ := Lookup("patience")
	for _, p := range []Params{{"breakdown": -0.5}, {"convention": "genius"}, {"e": -1.0}} {
		if _, err := in.New(p); err == nil {
			t.Errorf("New(%v): no error", p)
		}
	}
	for _, p := range []Params{{"breakdown": -1.0}, {"breakdown": 0.0}, {"breakdown": 1.0}, {"e": 0.0}} {
		if _, err := in.New(p); err != nil {
			t.Errorf("New(%v): %v", p, err)
		}
	}
}
