package agents

import (
	"errors"
	"fmt"
	"math"

	"github.com/parley-sim/parley/sim"
)

// The brw-demand strategy: at each of its offers the party demands the
// share of its range that the proposer gets in the subgame-perfect
// equilibrium of alternating offers with discounting and breakdown
// (Rubinstein 1982; Binmore, Rubinstein and Wolinsky 1986) over the
// offers left before the deadline (Ståhl 1972's finite horizon), scaled
// from its reservation value to its best outcome. Patience is bargaining
// power in that game: the more patient side's demands are higher.

const brwCitation = "Rubinstein (1982), Perfect equilibrium in a bargaining model, Econometrica 50(1):97-109; Ståhl (1972), Bargaining Theory, Stockholm School of Economics (the finite horizon); Binmore, Rubinstein & Wolinsky (1986), The Nash bargaining solution in economic modelling, RAND J. Econ. 17(2):176-188 (breakdown risk); Osborne & Rubinstein (1990), Bargaining and Markets, Academic Press, ch. 3-4"

const brwRule = "At each of its offers the party demands its equilibrium share s of the range from lo = max(worst utility, reservation value) to hi = its best outcome's utility: target = lo + s·(hi − lo). " +
	"s is the proposer's share of a unit pie in the textbook alternating-offers game (every offer a period) with n answerable offers left, this one included, solved backwards from the last one, where the proposer takes everything: s_1 = 1, s_n = 1 − a·s'_(n−1), s' the other side's share as proposer; in closed form, with a the responder's and b the proposer's factor per offer and s* = (1 − a)/(1 − ab) Rubinstein's share, s_n = s* + (ab)^((n−1)/2)·(1 − s*) for odd n and s_n = s*·(1 − (ab)^(n/2)) for even n. " +
	"Each side's factor per offer is √(δ_r·(1 − p)): δ_r its discount factor per round (δ² when the protocol discounts per offer; 1 when it discounts the reservation value like a deal), p the breakdown risk the party perceives (Binmore, Rubinstein & Wolinsky: breakdown acts as discounting), two offers a round; the opponent's δ is sim.Self.OpponentDiscount, public in Rubinstein's model. " +
	"In the engine the first mover makes offer k = 2r in round r and the second mover offer 2r + 1; the second mover's offer in the last round is never answered, so n = 2D − 1 − k (the first mover makes the last answerable offer). " +
	"It offers the outcome of highest own utility at or below its target (rounding in the responder's favour, so that an equilibrium responder accepts on a grid; ties to the lowest outcome index), or, with nothing in [lo, target], the lowest at or above it; with an opponent model, the outcome of [max(lo, target − band), target] the model rates best for the opponent. " +
	"It accepts by its acceptance condition, always also requiring u ≥ reservation value; auto is the equilibrium responder's rule: accept an offer worth at least what rejecting brings, its own next demand discounted by one offer, lo + b·s_(n−1)·(hi − lo) (within 1e-9; lo when its offer would never be answered). " +
	"As n grows s_n tends to s*, and with factors e^(−r_iΔ) as Δ → 0 s* tends to r_j/(r_i + r_j), the asymmetric Nash bargaining solution with bargaining power ∝ 1/r_i; near the deadline the last proposer's demands rise towards 1 and the other side's fall towards 1 − its opponent's factor."

// brwParams are the parameters of the brw-demand strategy.
func brwParams() []Param {
	ps := []Param{{
		Name:    "breakdown",
		Doc:     "the per-round breakdown probability p the party perceives, in [0, 1], for both sides' factors; −1 = the protocol's breakdown probability",
		Default: -1.0,
		Min:     -1,
		Max:     1,
	}}
	ps = append(ps, opponentModelParam(modelNone, ""), bandParam())
	return append(ps, acceptanceParamsWith("the equilibrium responder's rule: offer ≥ its own next demand discounted by one offer")...)
}

func brwInfo() Info {
	return Info{
		Name:     "brw-demand",
		Summary:  "demands its Rubinstein/BRW equilibrium share of the range from its reservation value to its best outcome, for both sides' discount factors, the breakdown risk and the offers left",
		Rule:     brwRule,
		Citation: brwCitation,
		Params:   brwParams(),
		New:      newBRW,
	}
}

func newBRW(p Params) (sim.Maker, error) {
	v, err := resolve(brwParams(), p)
	if err != nil {
		return nil, fmt.Errorf("brw-demand: %w", err)
	}
	m := &brwMaker{breakdown: v.float("breakdown"), model: v.str("opponent_model"), band: v.float("band")}
	var errs []error
	if b := m.breakdown; b < 0 && b != -1 {
		errs = append(errs, fmt.Errorf("breakdown = %v: want a probability in [0, 1], or −1 for the protocol's", b))
	}
	if m.acc, err = newAcceptance(v, acceptAuto); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("brw-demand: %w", errors.Join(errs...))
	}
	return m, nil
}

// brwMaker makes brw-demand strategies. It is immutable.
type brwMaker struct {
	breakdown float64 // perceived p; −1: the protocol's
	acc       acceptance
	model     string
	band      float64
}

var (
	_ sim.Maker     = (*brwMaker)(nil)
	_ sim.Strategy  = (*brw)(nil)
	_ sim.Explainer = (*brw)(nil)
)

// brwShare returns the proposer's equilibrium share of a unit pie with n
// answerable offers left, this one included, when the responder's factor
// per offer is a and the proposer's is b: the closed form of the
// backward induction s_1 = 1, s_n = 1 − a·(1 − b·s_(n−2)). It is 0 for
// n ≤ 0: an offer never answered is worth nothing.
func brwShare(n int, a, b float64) float64 {
	if n <= 0 {
		return 0
	}
	ab := a * b
	if !(ab < 1) { // nobody discounts: the last proposer takes everything
		if n%2 == 1 {
			return 1
		}
		return 0
	}
	s := (1 - a) / (1 - ab)
	if n%2 == 1 {
		return s + math.Pow(ab, float64((n-1)/2))*(1-s)
	}
	return s * (1 - math.Pow(ab, float64(n/2)))
}

// offerFactor is a side's factor per offer, √(δ_r(1 − p)), for the
// discount factor delta and the parameters of self's protocol (two offers
// a round).
func offerFactor(self *sim.Self, delta, p float64) float64 {
	s := *self
	s.Discount = delta
	return math.Sqrt(delayFactor(&s, p))
}

// NewStrategy returns a fresh strategy for one session.
func (m *brwMaker) NewStrategy(self *sim.Self) sim.Strategy {
	if !usable(self) {
		return walker{}
	}
	s := &brw{m: m, self: self, round: -1}
	s.lo, s.hi = rangeOf(self)
	s.own = offerFactor(self, self.Discount, m.breakdown)
	s.opp = offerFactor(self, self.OpponentDiscount, m.breakdown)
	s.last = 2*max(self.Deadline, 1) - 1
	s.acc = s.accs.build(m.acc, self) // nil for auto: the equilibrium rule
	if self.Space != nil && self.Space.Size() == self.Utility.Len() {
		s.model = newModel(m.model, self)
	}
	s.feed.opp = int32(1 - self.Index)
	return s
}

// brw plays one session. It plans once per round (its demand, its offer
// and its rejection value) and allocates nothing while it plays.
type brw struct {
	m        *brwMaker
	self     *sim.Self
	lo, hi   float64
	own, opp float64 // factors per offer: its own and the opponent's
	last     int     // T = 2D − 1: offers 0 … T − 1 are answered
	acc      acceptor
	accs     acceptors
	model    opponentModel
	feed     oppFeed

	// The plan of round: the offers left n at its own offer, its share,
	// target, offer, and the value of rejecting (scaled and absolute).
	round             int
	n                 int
	share, target     float64
	next              sim.Outcome
	nextU             float64
	rejShare, rejectU float64
	// For Explain: the last move was an acceptance of an offer worth
	// acceptedU.
	accepted  bool
	acceptedU float64
}

// plan computes the round's demand, offer and rejection value.
func (s *brw) plan(r int, h *sim.History) {
	if s.model != nil {
		for o, ok := s.feed.next(h); ok; o, ok = s.feed.next(h) {
			if inSpace(o.Outcome, s.self.Utility.Len()) {
				s.model.update(o.Outcome)
			}
		}
	}
	if r == s.round {
		return
	}
	s.round = r
	k := 2 * r // the period of its own offer this round
	if !s.self.FirstMover {
		k++
	}
	s.n = max(s.last-k, 0)
	// Rejecting the offer answered now (period k − 1) leads to its own
	// offer at k, worth its share there one period later; nothing when
	// that offer will never be answered.
	s.rejShare = s.own * brwShare(s.n, s.opp, s.own)
	s.rejectU = s.lo + s.rejShare*(s.hi-s.lo)
	// Its demand; the unanswered last offer asks for everything.
	s.share = brwShare(max(s.n, 1), s.opp, s.own)
	s.target = s.lo + s.share*(s.hi-s.lo)
	u := s.self.Utility
	if s.model != nil {
		s.next = bestInBand(u, s.model, max(s.lo, s.target-s.m.band), s.target)
	} else {
		s.next = atMost(u, s.target, s.lo)
	}
	s.nextU = u.Of(s.next)
}

// atMost returns the outcome of highest utility at or below target (ties
// to the lowest index) if it is worth at least lo, else the outcome of
// lowest utility at or above target.
func atMost(u *sim.Utility, target, lo float64) sim.Outcome {
	ranked := u.Ranked()
	k := u.AtLeast(target)
	if k < len(ranked) && u.Of(ranked[k]) == target {
		return ranked[k]
	}
	if k > 0 {
		if v := u.Of(ranked[k-1]); v >= lo {
			return ranked[u.AtLeast(v)]
		}
	}
	return lowestAtLeast(u, target)
}

// Propose offers the planned outcome.
func (s *brw) Propose(t *sim.Turn) sim.Outcome {
	r, _, h := turnOf(t)
	s.plan(r, h)
	s.accepted = false
	return s.next
}

// Respond accepts an offer worth at least its reservation value that
// meets the acceptance condition: by default, worth at least what
// rejecting would bring.
func (s *brw) Respond(t *sim.Turn, offer sim.Outcome) sim.Action {
	u := s.self.Utility
	if t == nil || !inSpace(offer, u.Len()) {
		return sim.Reject
	}
	r, tm, h := turnOf(t)
	s.plan(r, h)
	uo := u.Of(offer)
	if uo < s.self.Reservation {
		return sim.Reject
	}
	ok := uo >= s.rejectU-speTol
	if s.acc != nil {
		ok = s.acc.accept(decision{turn: t, time: tm, u: uo, next: s.nextU, target: s.target})
	}
	if ok {
		s.accepted, s.acceptedU = true, uo
		return sim.Accept
	}
	return sim.Reject
}

// Explain says what share the party demanded and why, or why it accepted.
func (s *brw) Explain() string {
	if s.accepted {
		if s.acc != nil {
			return acceptReason(s.m.acc, s.acceptedU, s.nextU, s.target, float64(s.round+1)/float64(s.self.Deadline+1))
		}
		return fmt.Sprintf("accepts: the offer is worth %s to it, at least what rejecting would bring: its next demand's share %s discounted by one offer (×%.4g), %s",
			num(s.acceptedU), num(s.share), s.own, num(s.rejectU))
	}
	if s.n <= 0 {
		return fmt.Sprintf("asks for its best outcome (%s): its offer will not be answered", num(s.hi))
	}
	offers := "offers"
	if s.n == 1 {
		offers = "offer"
	}
	limit := "without discounting or breakdown the last proposer takes everything"
	if ab := s.opp * s.own; ab < 1 {
		limit = num((1-s.opp)/(1-ab)) + " without a deadline"
	}
	return fmt.Sprintf("demands %s of its range from %s to %s (target %s): the equilibrium proposer's share with %d answerable %s left, factors per offer %.4g (its own) and %.4g (the opponent's); %s",
		num(s.share), num(s.lo), num(s.hi), num(s.target), s.n, offers, s.own, s.opp, limit)
}
