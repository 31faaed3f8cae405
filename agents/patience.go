package agents

import (
	"errors"
	"fmt"
	"math"

	"github.com/parley-sim/parley/sim"
)

// The patience strategy: Faratin, Sierra and Jennings's (1998)
// time-dependent concession, run on a clock whose end is the party's
// effective horizon rather than the deadline. The horizon is the round at
// which the party's best outcome, discounted by its own discount factor
// and by the breakdown risk it perceives, folded into one factor
// δ(1 − p) as in Binmore, Rubinstein and Wolinsky (1986), is worth no
// more than its reservation value: holding out for it any longer is worth
// less than walking away now. The less patient side, or the one that fears
// a breakdown more, reaches its horizon sooner and so concedes sooner.

const patienceCitation = "Faratin, Sierra & Jennings (1998), Negotiation decision functions for autonomous agents, Robotics and Autonomous Systems 24(3-4):159-182 (the time-dependent tactic); Binmore, Rubinstein & Wolinsky (1986), The Nash bargaining solution in economic modelling, RAND J. Econ. 17(2):176-188 (a per-round breakdown risk p acts as a discount factor 1 − p); Fatima, Wooldridge & Jennings (2006), Multi-issue negotiation with deadlines, JAIR 27:381-417 (deadlines and discount factors as the agents' two time constraints); acceptance conditions: Baarslag, Hindriks & Jonker (2014), Decision Support Systems 60:68-77"

const patienceRule = "A time-dependent concession (parley's convention) whose clock ends at the party's effective horizon H instead of the deadline D. " +
	"The party discounts a round of delay by d = δ_r·(1 − p): δ_r its discount factor per round (δ² when the protocol discounts per offer, two offers a round; 1 when the protocol discounts the reservation value like a deal, since waiting then lowers both alike) and p the per-round breakdown risk it perceives (Binmore, Rubinstein & Wolinsky 1986: breakdown acts as discounting). " +
	"Its best outcome hi held out for r rounds is worth d^r·hi; the horizon is the round where that meets the reservation value rv: r* = ln(rv/hi)/ln(d) (0 when rv ≥ hi or d = 0; +∞ when rv = 0 or d = 1), H = min(D, r*). " +
	"At relative time t = (r + 1)/(D + 1) the clock reads τ = min(1, t·(D + 1)/(H + 1)) = (r + 1)/(H + 1), and the target is u*(τ) = lo + (hi − lo)(1 − f(τ)), f(τ) = k + (1 − k)·τ^(1/e), lo = max(worst utility, rv); from round ⌈r*⌉ on it asks only for its reservation value. With H = D it is exactly time-dependent with the same e and k. " +
	"It offers the outcome of lowest own utility at or above u*(τ), ties to the lowest outcome index (with an opponent model, the outcome of [u*, u* + band] the model rates best for the opponent), never below its reservation value, walks away if no outcome is worth its reservation value, and accepts by its acceptance condition (default AC_next), always also requiring u ≥ rv. " +
	"With linear concession (e = 1, k = 0) on a unit pie, equal reservation values and horizons before the deadline, the deal splits the pie in proportion to the horizons: A gets (H_A + 1)/(H_A + H_B + 2)."

// patienceParams are the parameters of the patience strategy.
func patienceParams() []Param {
	ps := []Param{
		{
			Name:    "e",
			Min:     0,
			Max:     maxExponent,
			Default: 1.0,
			Doc:     "concession exponent over the effective horizon, f = τ^(1/e): e < 1 Boulware, 1 linear, e > 1 Conceder, 0 never concedes",
		},
		{
			Name:    "k",
			Doc:     "initial concession κ in [0, 1]: the share of the range hi − lo conceded at τ = 0",
			Default: 0.0,
			Min:     0,
			Max:     1,
		},
		{
			Name:    "breakdown",
			Doc:     "the per-round breakdown probability p the party perceives, in [0, 1]; −1 = the protocol's breakdown probability",
			Default: -1.0,
			Min:     -1,
			Max:     1,
		},
	}
	ps = append(ps, opponentModelParam(modelNone, ""), bandParam())
	return append(ps, acceptanceParamsWith("next")...)
}

func patienceInfo() Info {
	return Info{
		Name:     "patience",
		Summary:  "time-dependent concession that ends where its discounted best outcome, (δ(1−p))^r·best, falls to its reservation value: the less patient side concedes sooner",
		Rule:     patienceRule,
		Citation: patienceCitation,
		Params:   patienceParams(),
		New:      newPatience,
	}
}

func newPatience(p Params) (sim.Maker, error) {
	v, err := resolve(patienceParams(), p)
	if err != nil {
		return nil, fmt.Errorf("patience: %w", err)
	}
	m := &timeDependentMaker{
		name: "patience", conv: conventionParley, e: v.float("e"), k: v.float("k"), tol: negmasTolerance,
		model: v.str("opponent_model"), band: v.float("band"),
		patience: true, breakdown: v.float("breakdown"),
	}
	var errs []error
	if b := m.breakdown; b < 0 && b != -1 {
		errs = append(errs, fmt.Errorf("breakdown = %v: want a probability in [0, 1], or −1 for the protocol's", b))
	}
	if m.acc, err = newAcceptance(v, acceptNext); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("patience: %w", errors.Join(errs...))
	}
	return m, nil
}

// delayFactor returns d = δ_r·(1 − p), what one more round of delay
// multiplies a deal's worth by, relative to walking away, for the party
// self perceiving the breakdown risk p (−1: the protocol's): δ_r is its
// discount factor per round (δ² when deals are discounted per offer, 1
// when the value of no agreement is discounted like a deal).
func delayFactor(self *sim.Self, p float64) float64 {
	if p < 0 {
		p = self.Breakdown
	}
	p = min(max(p, 0), 1)
	dr := self.Discount
	if !(dr > 0 && dr <= 1) {
		dr = 1
	}
	switch {
	case self.DiscountReservation:
		dr = 1
	case self.DiscountPerOffer:
		dr *= dr
	}
	return dr * (1 - p)
}

// effectiveHorizon returns r*, the (real) number of rounds after which a
// party's best outcome hi, discounted by d per round, is worth its
// reservation value rv: d^r*·hi = rv. It is 0 when nothing is gained by
// waiting (rv ≥ hi, or d = 0) and +∞ when the aspiration never falls to rv
// (rv ≤ 0, or d ≥ 1).
func effectiveHorizon(d, rv, hi float64) float64 {
	switch {
	case !(hi > rv) || !(d > 0):
		return 0
	case !(rv > 0) || !(d < 1):
		return math.Inf(1)
	}
	return math.Log(rv/hi) / math.Log(d)
}

// patienceClock sets up the effective horizon of a patience strategy s for
// its party: H = min(D, r*) and the factor that turns the deadline's clock
// into the horizon's, (D + 1)/(H + 1), or 0 when the horizon does not come
// before the deadline.
func (s *timeDependent) patienceClock() {
	self := s.self
	s.delay = delayFactor(self, s.m.breakdown)
	s.horizon = effectiveHorizon(s.delay, self.Reservation, s.hi)
	if d := float64(max(self.Deadline, 1)); s.horizon < d {
		s.clock = (d + 1) / (s.horizon + 1)
	}
}

// patienceTime maps the deadline's relative time t onto the horizon's
// clock τ = min(1, t·(D + 1)/(H + 1)); t itself when the horizon is the
// deadline.
func (s *timeDependent) patienceTime(t float64) float64 {
	if s.clock == 0 {
		return t
	}
	return min(1, t*s.clock)
}
