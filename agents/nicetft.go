package agents

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/parley-sim/parley/sim"
)

// Nice Tit-for-Tat's constants (Baarslag, Hindriks & Jonker 2013; GENIUS
// NiceTitForTat and its BOA decoupling).
const (
	niceFirstBids   = 0.01   // the opponent's starting point: its bids up to this time
	niceBigDomain   = 3000   // outcomes above which a domain is big
	niceNashDomain  = 200000 // GENIUS estimates the Nash point below this size
	niceNashSample  = 20000  // parley scores at most this many outcomes for it
	niceDefaultNash = 0.7    // the Nash utility assumed without an estimate
	niceAcceptTime  = 0.98   // after it, the expected value of waiting decides
	niceEnough      = 10     // more bids to come than this: wait (40 in big domains)
	niceEnoughBig   = 40
)

func niceTFTParams() []Param {
	return append([]Param{opponentModelParam(modelAuto, "bayesian, Nice Tit-for-Tat's own")},
		acceptanceParamsWith("Nice Tit-for-Tat's: AC_next, then after t = 0.98 accept unless a better offer is still expected in the time left")...)
}

func niceTFTInfo() Info {
	return Info{
		Name:    "nice-tft",
		Summary: "Nice Tit-for-Tat (ANAC 2011): mirrors the opponent's concession as a share of the way to the estimated Nash point",
		Rule: "From its opponent model the party estimates its own utility at the Nash point, u_N (Nash product with disagreement (rv, 0) over the outcomes, scored with the model; 0.7 without a model or above 200000 outcomes), times 1.4 − 0.6·gap (gap = hi − the opponent's starting point, 0 before its first bid), clamped to [0.5, hi]. " +
			"The opponent's starting point m is the party's lowest utility of its bids up to t = 0.01 (its first bid if none); its concession is c = (best utility it has offered) − m. " +
			"The target is hi − min(1, c/(u_N − m))·(hi − u_N) (hi − (hi − u_N) when u_N ≤ m), lowered by bonus·max(0, target − u_N), bonus = clamp(max(0.5 − 0.4·δ_s, min(1, 20(t − t₀))), 0, 1), t₀ = 0.91 (0.85 above 3000 outcomes), δ_s = δ^(D+1); never below the reservation value. " +
			"It offers, among the outcomes of utility in [0.98·target, target + 0.05], widened by 0.01 until it holds two (or one at the top), the one the model rates best for the opponent (without a model, its own best), unless the opponent's best offer so far is at least as good, which it then offers; it opens with its best outcome. " +
			"It accepts (auto) by AC_next; from t = 0.98 also when at most 10 (40 above 3000 outcomes) opponent offers fall in the window of the time left, [2t − 1, t], and none of them is better than the offer; it rejects when more than one offer falls in that window and the opponent's best offer is better. Every acceptance requires u ≥ reservation value.",
		Citation: "Baarslag, Hindriks & Jonker (2013), A tit for tat negotiation strategy for real-time bilateral negotiations, in Complex Automated Negotiations, SCI 435, 229-233; GENIUS 10.4 agents/anac/y2011/Nice_Tit_for_Tat and its BOA decoupling (NiceTitForTat_Offering, AC_NiceTitForTat)",
		Params:   niceTFTParams(),
		New:      newNiceTFT,
	}
}

func newNiceTFT(p Params) (sim.Maker, error) {
	v, err := resolve(niceTFTParams(), p)
	if err != nil {
		return nil, fmt.Errorf("nice-tft: %w", err)
	}
	m := &niceTFTMaker{model: v.str("opponent_model")}
	if m.model == modelAuto {
		m.model = modelBayesian
	}
	if m.acc, err = newAcceptance(v, acceptAuto); err != nil {
		return nil, fmt.Errorf("nice-tft: %w", err)
	}
	return m, nil
}

// niceTFTMaker makes Nice Tit-for-Tat strategies. It is immutable.
type niceTFTMaker struct {
	model string
	acc   acceptance
}

var (
	_ sim.Maker     = (*niceTFTMaker)(nil)
	_ sim.Strategy  = (*niceTFT)(nil)
	_ sim.Explainer = (*niceTFT)(nil)
)

// NewStrategy returns a fresh strategy for one session.
func (m *niceTFTMaker) NewStrategy(self *sim.Self) sim.Strategy {
	if !usable(self) {
		return walker{}
	}
	u := self.Utility
	s := &niceTFT{self: self, planRound: -1, oppBest: sim.NoOutcome, first: math.Inf(1), firstBid: math.NaN(), how: m.acc}
	s.hi = u.Max()
	s.df = sessionDiscount(self)
	s.big = u.Len() > niceBigDomain
	s.acc = s.accs.build(m.acc, self)
	if self.Space != nil && self.Space.Size() == u.Len() {
		s.model = newModel(m.model, self)
	}
	s.feed.opp = int32(1 - self.Index)
	return s
}

// niceTFT plays one session of Nice Tit-for-Tat.
type niceTFT struct {
	self  *sim.Self
	hi    float64
	df    float64
	big   bool
	acc   acceptor
	accs  acceptors
	model opponentModel
	feed  oppFeed

	oppBest   sim.Outcome
	first     float64 // lowest utility of the opponent's bids up to t = 0.01
	firstBid  float64 // utility of its first bid; NaN before it
	gap       float64 // initialGap: hi − its starting point, 0 at first
	rawNash   float64 // the party's utility at the modelled Nash point
	nash      float64 // rawNash times the multiplier, clamped
	stale     bool    // the model learnt since the last estimate
	estimated bool    // rawNash holds an estimate

	planRound int
	planTime  float64
	target    float64
	next      sim.Outcome
	nextU     float64

	// What drove the last move, for Explain: the opponent's starting
	// point, the share of the way to the Nash point it mirrored, the
	// target before the time bonus and the bonus, the band searched,
	// whether it offered the opponent's best offer back, how it accepted.
	how              acceptance
	start, factor    float64
	mirrored, bonusV float64
	bandLo, bandHi   float64
	back             bool
	accepted         bool
	acceptedU        float64
	lateAccept       bool // accepted by the late rule, with window offers in the window
	window           int
}

// estimateNash sets the party's utility at the Nash point of its own and
// the modelled utility, before the multiplier: over every outcome below
// 20000, over every ⌈n/20000⌉-th above (GENIUS: all, below 200000).
func (s *niceTFT) estimateNash() {
	s.rawNash = niceDefaultNash
	u := s.self.Utility
	if n := u.Len(); s.model != nil && n < niceNashDomain {
		step := max(1, (n+niceNashSample-1)/niceNashSample)
		rv := s.self.Reservation
		best := math.Inf(-1)
		for o := 0; o < n; o += step {
			a, b := u.Of(sim.Outcome(o))-rv, s.model.utility(sim.Outcome(o))
			if a >= 0 && b >= 0 && a*b > best {
				best, s.rawNash = a*b, u.Of(sim.Outcome(o))
			}
		}
	}
}

// bonus is the extra share of the gap to the Nash point conceded when time
// or the discount presses.
func (s *niceTFT) bonus(t float64) float64 {
	df := s.df
	if df <= 0 || df >= 1 {
		df = 1
	}
	b := 0.5 - 0.4*df
	t0 := 0.91
	if s.big {
		t0 = 0.85
	}
	if t > t0 {
		b = max(b, min(1, 20*(t-t0)))
	}
	return max(0, min(1, b))
}

// plan reads the opponent's offers and, once per turn, sets the target and
// the next bid.
func (s *niceTFT) plan(round int, tm float64, h *sim.History) {
	u := s.self.Utility
	for o, ok := s.feed.next(h); ok; o, ok = s.feed.next(h) {
		if !inSpace(o.Outcome, u.Len()) {
			continue
		}
		x := u.Of(o.Outcome)
		if math.IsNaN(s.firstBid) {
			s.firstBid = x
		}
		if float64(o.Round+1)/float64(s.self.Deadline+1) <= niceFirstBids {
			s.first = min(s.first, x)
		}
		if s.oppBest == sim.NoOutcome || x > u.Of(s.oppBest) {
			s.oppBest = o.Outcome
		}
		if s.model != nil {
			s.model.update(o.Outcome)
		}
		if _, fixed := s.model.(perceivedModel); !fixed || !s.estimated {
			s.stale = true
		}
	}
	if round == s.planRound && tm == s.planTime {
		return
	}
	s.planRound, s.planTime = round, tm
	s.back = false
	if s.oppBest == sim.NoOutcome {
		s.target, s.next = s.hi, u.Best()
		s.nextU = u.Of(s.next)
		return
	}
	if s.stale {
		s.estimateNash()
		s.stale, s.estimated = false, true
	}
	s.nash = min(s.hi, max(0.5, s.rawNash*max(0, 1.4-0.6*s.gap)))
	m := s.first
	if math.IsInf(m, 1) {
		m = s.firstBid
	}
	factor := 1.0
	if d := s.nash - m; d > 0 {
		factor = min(1, (u.Of(s.oppBest)-m)/d)
	}
	target := s.hi - factor*(s.hi-s.nash)
	s.gap = s.hi - m
	s.start, s.factor, s.mirrored, s.bonusV = m, factor, target, s.bonus(tm)
	target -= s.bonusV * max(0, target-s.nash)
	s.target = max(target, s.self.Reservation)
	s.next = s.pick(s.target)
	if u.Of(s.oppBest) >= u.Of(s.next) {
		s.next, s.back = s.oppBest, true
	}
	s.nextU = u.Of(s.next)
}

// pick returns the bid for a target: among the outcomes of utility in
// [0.98·target, target + 0.05], widened by 0.01 until it holds two (or one
// at the top), the one best for the opponent.
func (s *niceTFT) pick(target float64) sim.Outcome {
	u := s.self.Utility
	ranked := u.Ranked()
	target = min(target, s.hi)
	lo := max(0.98*target, s.self.Reservation)
	a := u.AtLeast(lo)
	hiU := target + 0.04
	for {
		hiU += 0.01
		s.bandLo, s.bandHi = lo, hiU
		b := u.AtLeast(math.Nextafter(hiU, math.Inf(1))) // first position above hiU
		if n := b - a; n > 1 || (hiU >= s.hi && n > 0) {
			if s.model == nil {
				return ranked[b-1] // best for the party
			}
			return bestInBand(u, s.model, lo, hiU)
		}
		if hiU > s.hi {
			return u.Best()
		}
	}
}

// Propose offers the planned bid.
func (s *niceTFT) Propose(t *sim.Turn) sim.Outcome {
	round, tm, h := turnOf(t)
	s.plan(round, tm, h)
	s.accepted = false
	return s.next
}

// Respond accepts by Nice Tit-for-Tat's rule or the chosen condition.
func (s *niceTFT) Respond(t *sim.Turn, offer sim.Outcome) sim.Action {
	if t == nil || !inSpace(offer, s.self.Utility.Len()) {
		return sim.Reject
	}
	round, tm, h := turnOf(t)
	s.plan(round, tm, h)
	x := s.self.Utility.Of(offer)
	if x < s.self.Reservation {
		return sim.Reject
	}
	var ok bool
	if s.acc != nil {
		ok = s.acc.accept(decision{turn: t, time: tm, u: x, next: s.nextU, target: s.target})
	} else {
		ok = s.accepts(x, round, tm, h)
	}
	if ok {
		s.accepted, s.acceptedU = true, x
		return sim.Accept
	}
	return sim.Reject
}

// accepts is Nice Tit-for-Tat's acceptance rule for an offer worth x.
func (s *niceTFT) accepts(x float64, round int, t float64, h *sim.History) bool {
	limit := niceEnough
	if s.big {
		limit = niceEnoughBig
	}
	// The opponent's offers in the window of the time left, [2t − 1, t],
	// counted up to limit + 1, and whether one beats x.
	count, better := 0, false
	if h != nil {
		from := windowStart(round, s.self.Deadline)
		u := s.self.Utility
		for i := h.Len() - 1; i >= 0 && count <= limit; i-- {
			o := h.At(i)
			if int(o.Round) < from {
				break
			}
			if o.By != s.feed.opp || !inSpace(o.Outcome, u.Len()) {
				continue
			}
			count++
			if u.Of(o.Outcome) > x {
				better = true
			}
		}
	}
	ok := x >= s.nextU
	s.lateAccept, s.window = false, count
	if !ok && t >= niceAcceptTime {
		ok = count <= limit && !better
		s.lateAccept = ok
	}
	if ok && count > 1 && s.oppBest != sim.NoOutcome && s.self.Utility.Of(s.oppBest) > x {
		ok = false
	}
	return ok
}

// Explain says what share of the way to the estimated Nash point Nice
// Tit-for-Tat mirrored, and the bid it chose for the target, or why it
// accepted.
func (s *niceTFT) Explain() string {
	u := s.self.Utility
	if s.accepted {
		switch {
		case s.how.kind != acceptAuto:
			return acceptReason(s.how, s.acceptedU, s.nextU, s.target, s.planTime)
		case s.lateAccept:
			limit := niceEnough
			if s.big {
				limit = niceEnoughBig
			}
			return fmt.Sprintf("accepts near the deadline (t = %s ≥ %s): the offer (%s) is below its next bid (%s), but waiting is not worth it: the opponent's offers in the window of the time left, [2t − 1, t], number %d (at most %d), and none beats this one",
				num(s.planTime), num(niceAcceptTime), num(s.acceptedU), num(s.nextU), s.window, limit)
		}
		return "accepts: the offer is worth " + num(s.acceptedU) + " to it, at least as much as its next bid (" + num(s.nextU) + ")"
	}
	if s.oppBest == sim.NoOutcome {
		return fmt.Sprintf("opens with its best outcome (%s): the opponent has made no offer yet", num(s.nextU))
	}
	var b strings.Builder
	best := u.Of(s.oppBest)
	fmt.Fprintf(&b, "target %s at t = %s: ", num(s.target), num(s.planTime))
	switch {
	case s.nash <= s.start:
		fmt.Fprintf(&b, "the opponent started at %s, no worse for it than the estimated Nash point %s, so it goes all the way there",
			num(s.start), num(s.nash))
	case s.factor == 0:
		fmt.Fprintf(&b, "the opponent has not conceded from its start %s, so it concedes nothing of its own way from %s to the estimated Nash point %s",
			num(s.start), num(s.hi), num(s.nash))
	default:
		fmt.Fprintf(&b, "the opponent has conceded %s from its start %s, %s%% of the way to the estimated Nash point %s, so it concedes as much of its own way from %s to it, to %s",
			num(best-s.start), num(s.start), strconv.FormatFloat(100*s.factor, 'f', 0, 64), num(s.nash), num(s.hi), num(s.mirrored))
	}
	if s.bonusV > 0 && s.mirrored > s.nash {
		fmt.Fprintf(&b, ", then %s of the rest for time and discount", num(s.bonusV))
	}
	if s.target > s.mirrored-s.bonusV*max(0, s.mirrored-s.nash) {
		b.WriteString(", floored at its reservation value")
	}
	if s.back {
		fmt.Fprintf(&b, "; the opponent's best offer so far (%s) is at least as good as its bid: offers it back", num(best))
		return b.String()
	}
	who := "the one its opponent model rates best"
	if s.model == nil {
		who = "its own best"
	}
	fmt.Fprintf(&b, "; among the outcomes in [%s, %s], %s, worth %s", num(s.bandLo), num(min(s.bandHi, s.hi)), who, num(s.nextU))
	return b.String()
}
