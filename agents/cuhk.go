package agents

import (
	"fmt"
	"math"
	"strings"

	"github.com/parley-sim/parley/sim"
)

// CUHKAgent's constants (Hao & Leung 2014; GENIUS CUHKAgent.java).
const (
	cuhkAlpha1      = 2.0  // α₁: the larger, the tougher
	cuhkMinConcede  = 0.08 // the smallest concede-to time t_c
	cuhkStored      = 100  // distinct opponent bids whose values are counted
	cuhkHistory     = 10   // distinct bids read for the concession degree
	cuhkSample      = 200  // candidate bids scored at most (sampled beyond)
	cuhkExplore     = 0.05 // chance of a random candidate instead of the best
	cuhkLastChance  = 5    // rounds left below which it offers the opponent's best bid
	cuhkLargeDomain = 3000 // outcomes above which an undiscounted domain gets a fixed threshold
	cuhkHugeDomain  = 10000
)

func cuhkParams() []Param {
	return append([]Param{anacConventionParam("CUHKAgent as GENIUS 9.1.10 plays it: candidates from 0.01-wide utility bins, its clock and its dead concede-to-opponent switch, no acceptance at its first turn, its threshold not floored at the reservation value"),
		opponentModelParam(modelAuto, "CUHKAgent's own: the count of each issue value in the opponent's first 100 distinct bids, summed over the issues")},
		acceptanceParamsWith("CUHKAgent's: the offer reaches its threshold or its next bid, or, once the opponent's best offer beats what it still expects, an offer within 0.01 of that best")...)
}

func cuhkInfo() Info {
	return Info{
		Name:    "cuhkagent",
		Summary: "CUHKAgent (ANAC 2012 winner): a threshold that falls until an adaptive concede-to time, bidding what the opponent offered most often",
		Rule: "With the session discount δ_s = δ^(D+1) and MAX the best utility: t_c = 0.08 + 0.92·δ_s^b (b = 1.8 if δ_s > 0.75, 1.5 if > 0.5, else 1.2), raised to t_c + 0.1(1 − t_c)·c^10 by the opponent's concession degree c = (k/10)², k the number of its last 10 distinct bids offered only once (the number of distinct bids while fewer than 11), capped at 1. " +
			"Threshold τ(t) = MAX − (MAX − MAX·δ_s^(1−t_c))(t/t_c)^α₁ (α₁ = 2) until t_c, then MAX·δ_s^(1−t); undiscounted domains of more than 3000 outcomes use MAX − 0.05 (MAX − 0.25 from t = 0.98 above 10000 outcomes); never below the reservation value. " +
			"It opens with its best outcome. It bids the opponent's best offer so far when that reaches τ, else among the outcomes in [τ, MAX] (200 drawn at random when there are more) the one the opponent model scores highest (GENIUS's ties by coin flip, and a random candidate with probability 0.05); in its last 4 rounds it bids the opponent's best offer (if that is below 0.85, and 2 or more rounds remain, an outcome of [MAX − 0.15, MAX − 0.02] chosen the same way). " +
			"It accepts (auto) an offer reaching τ or its next bid; otherwise, if the opponent's best offer beats MAX·δ_s/δ_s^t after t_c, or beats τ, it accepts an offer within 0.01 of that best, or else offers that best next. " +
			"It walks away when its reservation value reaches τ (before flooring) or its next bid, or after t_c when rv·δ_s^t > MAX·δ_s. Every acceptance requires u ≥ reservation value.",
		Citation: "Hao & Leung (2014), CUHKAgent: an adaptive negotiation strategy for bilateral negotiations over multiple items, in Novel Insights in Agent-based Complex Automated Negotiation, SCI 535, 171-179; GENIUS 10.4 agents/anac/y2012/CUHKAgent",
		Params:   cuhkParams(),
		New:      newCUHK,
	}
}

func newCUHK(p Params) (sim.Maker, error) {
	v, err := resolve(cuhkParams(), p)
	if err != nil {
		return nil, fmt.Errorf("cuhkagent: %w", err)
	}
	m := &cuhkMaker{model: v.str("opponent_model"), genius: v.str("convention") == conventionGenius}
	if m.genius && m.model != modelAuto {
		return nil, fmt.Errorf("cuhkagent: opponent_model %s is not allowed with convention genius, which uses GENIUS's CUHKAgent statistic", m.model)
	}
	if m.acc, err = newAcceptance(v, acceptAuto); err != nil {
		return nil, fmt.Errorf("cuhkagent: %w", err)
	}
	return m, nil
}

// cuhkMaker makes CUHKAgent strategies. It is safe for concurrent use;
// with convention genius it keeps GENIUS's utilities of the last utility
// it saw.
type cuhkMaker struct {
	model  string // auto: CUHKAgent's counts
	acc    acceptance
	genius bool
	sorted geniusCache
}

var (
	_ sim.Maker     = (*cuhkMaker)(nil)
	_ sim.Strategy  = (*cuhk)(nil)
	_ sim.Explainer = (*cuhk)(nil)
	_ opponentModel = (*countModel)(nil)
)

// countModel is CUHKAgent's opponent statistic: each value's count in the
// opponent's bids while it has made at most 100 distinct ones; a bid scores
// the sum of its values' counts.
type countModel struct {
	space    *sim.Space
	counts   valueTable
	distinct *int // the owner's count of distinct bids received
}

func (m *countModel) update(o sim.Outcome) {
	if *m.distinct > cuhkStored {
		return
	}
	for i := range m.space.NumIssues() {
		m.counts.issue(i)[m.space.ValueIndex(o, i)]++
	}
}

func (m *countModel) utility(o sim.Outcome) float64 {
	var c float64
	for i := range m.space.NumIssues() {
		c += m.counts.issue(i)[m.space.ValueIndex(o, i)]
	}
	return c
}

// NewStrategy returns a fresh strategy for one session.
func (m *cuhkMaker) NewStrategy(self *sim.Self) sim.Strategy {
	if m.genius {
		return m.newGenius(self)
	}
	if !usable(self) {
		return walker{}
	}
	u := self.Utility
	s := &cuhk{self: self, planRound: -1, oppBest: sim.NoOutcome, seen: newBitset(u.Len()), how: m.acc}
	s.hi = u.Max()
	s.df = sessionDiscount(self)
	b := 1.2
	switch {
	case s.df > 0.75:
		b = 1.8
	case s.df > 0.5:
		b = 1.5
	}
	s.tc0 = cuhkMinConcede + (1-cuhkMinConcede)*math.Pow(s.df, b)
	s.tc = s.tc0
	s.acc = s.accs.build(m.acc, self)
	if self.Space != nil && self.Space.Size() == u.Len() {
		if m.model == modelAuto {
			s.model = &countModel{space: self.Space, counts: newValueTable(self.Space), distinct: &s.distinct}
		} else {
			s.model = newModel(m.model, self)
		}
	}
	s.feed.opp = int32(1 - self.Index)
	return s
}

// cuhk plays one session of CUHKAgent.
type cuhk struct {
	self    *sim.Self
	hi      float64 // MAX
	df      float64 // session discount
	tc0, tc float64 // concede-to time, original and adapted
	acc     acceptor
	accs    acceptors
	model   opponentModel
	feed    oppFeed

	seen     bitset
	distinct int
	// recent holds the last cuhkHistory distinct bids (in order of first
	// appearance) with the number of times each was offered.
	recent [cuhkHistory]struct {
		o sim.Outcome
		n int
	}
	oppBest sim.Outcome
	bids    int // offers received
	mine    int // offers made

	concede bool // offer the opponent's best next

	planRound int
	planTime  float64
	tau, raw  float64 // threshold, floored at the reservation value and not
	next      sim.Outcome
	nextU     float64

	// What drove the last move, for Explain: why it bid what it bid
	// (cuhkBid*), the band and candidates of the last choose, how it last
	// accepted or walked away.
	how        acceptance
	bidWhy     uint8
	sent       sim.Outcome
	chooseLo   float64
	chooseHi   float64
	choosePool int
	sampled    bool
	explored   bool
	last       uint8 // cuhkMove*
	moveU      float64
}

// The reasons of CUHKAgent's bids, for Explain.
const (
	cuhkBidOpen     uint8 = iota // its best outcome, to open
	cuhkBidLast                  // last rounds: the opponent's best offer
	cuhkBidLastBand              // last rounds: an outcome of [MAX − 0.15, MAX − 0.02]
	cuhkBidOppBest               // the opponent's best offer reaches the threshold
	cuhkBidChoose                // the model's favourite above the threshold
	cuhkBidFloor                 // the planned bid was below the reservation value
	cuhkBidConcede               // it decided, answering, to concede to the opponent's best
)

// CUHKAgent's last moves other than a bid, for Explain.
const (
	cuhkMoveBid         uint8 = iota
	cuhkAcceptTau             // the offer reaches the threshold
	cuhkAcceptNext            // the offer is at least its next bid
	cuhkAcceptNearBest        // within 0.01 of the opponent's best, which beats the threshold
	cuhkAcceptNearLate        // within 0.01 of the opponent's best, which beats MAX·δ_s after t_c
	cuhkAcceptCondition       // by the chosen acceptance condition
	cuhkWalkTau               // its reservation value reaches the threshold
	cuhkWalkNext              // its reservation value reaches its next bid
	cuhkWalkLate              // after t_c, rv·δ_s^t beats MAX·δ_s
)

// receive records one bid of the opponent.
func (s *cuhk) receive(o sim.Outcome) {
	u := s.self.Utility
	s.bids++
	if s.seen.add(int(o)) {
		s.distinct++
		copy(s.recent[:], s.recent[1:])
		s.recent[cuhkHistory-1].o, s.recent[cuhkHistory-1].n = o, 1
	} else {
		for i := range s.recent {
			if s.recent[i].n > 0 && s.recent[i].o == o {
				s.recent[i].n++
			}
		}
	}
	if s.oppBest == sim.NoOutcome || u.Of(o) > u.Of(s.oppBest) {
		s.oppBest = o
	}
	if s.model != nil {
		s.model.update(o)
	}
}

// degree is the opponent's concession degree.
func (s *cuhk) degree() float64 {
	k := s.distinct
	if s.distinct > cuhkHistory {
		k = 0
		for _, r := range s.recent {
			if r.n == 1 {
				k++
			}
		}
	}
	x := float64(k) / cuhkHistory
	return x * x
}

// threshold returns τ(t) before flooring.
func (s *cuhk) threshold(t float64) float64 {
	n := s.self.Utility.Len()
	if s.df == 1 && n > cuhkLargeDomain {
		if n > cuhkHugeDomain && t >= 0.98 {
			return s.hi - 0.25
		}
		return s.hi - 0.05
	}
	if t <= s.tc {
		floor := s.hi * math.Pow(s.df, 1-s.tc)
		return s.hi - (s.hi-floor)*math.Pow(t/s.tc, cuhkAlpha1)
	}
	return s.hi * math.Pow(s.df, 1-t)
}

// choose picks, among the outcomes with utility in [lo, hi], the one the
// model scores highest, as CUHKAgent's ChooseBid: at most 200 candidates
// (drawn with replacement when there are more), ties by coin flip, and a
// random candidate with probability 0.05.
func (s *cuhk) choose(lo, hi float64) sim.Outcome {
	u := s.self.Utility
	ranked := u.Ranked()
	a := u.AtLeast(max(lo, s.self.Reservation))
	b := a
	for b < len(ranked) && u.Of(ranked[b]) <= hi {
		b++
	}
	s.chooseLo, s.chooseHi, s.choosePool, s.sampled, s.explored = max(lo, s.self.Reservation), hi, b-a, b-a > cuhkSample, false
	if a >= b {
		return u.Best()
	}
	n := b - a
	pick := func(i int) sim.Outcome {
		if n > cuhkSample {
			return ranked[a+drawN(s.self, n)]
		}
		return ranked[a+i]
	}
	m := min(n, cuhkSample)
	best, bestV := sim.NoOutcome, 0.0
	for i := range m {
		o := pick(i)
		var v float64
		if s.model != nil {
			v = s.model.utility(o)
		}
		if v > bestV || (v == bestV && draw(s.self) < 0.5) {
			best, bestV = o, v
		}
	}
	if best == sim.NoOutcome || draw(s.self) >= 1-cuhkExplore {
		s.explored = true
		return ranked[a+drawN(s.self, n)] // uniform over the candidates, sampled or not
	}
	return best
}

// plan reads the opponent's offers and, once per turn, sets the threshold
// and the next bid.
func (s *cuhk) plan(round int, tm float64, h *sim.History) {
	u := s.self.Utility
	for o, ok := s.feed.next(h); ok; o, ok = s.feed.next(h) {
		if inSpace(o.Outcome, u.Len()) {
			s.receive(o.Outcome)
		}
	}
	if round == s.planRound && tm == s.planTime {
		return
	}
	s.planRound, s.planTime = round, tm
	if s.bids > 0 {
		s.tc = min(1, s.tc0+0.1*(1-s.tc0)*math.Pow(s.degree(), 10))
	}
	s.raw = s.threshold(tm)
	s.tau = max(s.raw, s.self.Reservation)
	left := s.self.Deadline - round
	switch {
	case s.bids == 0 || s.mine == 0:
		s.next, s.bidWhy = u.Best(), cuhkBidOpen
	case left < cuhkLastChance:
		s.next, s.bidWhy = s.oppBest, cuhkBidLast
		if u.Of(s.next) < 0.85 && left >= 2 {
			s.next, s.bidWhy = s.choose(s.hi-0.15, s.hi-0.02), cuhkBidLastBand
		}
	case u.Of(s.oppBest) >= s.tau:
		s.next, s.bidWhy = s.oppBest, cuhkBidOppBest
	default:
		s.next, s.bidWhy = s.choose(s.tau, s.hi), cuhkBidChoose
	}
	if u.Of(s.next) < s.self.Reservation {
		s.next, s.bidWhy = s.choose(s.tau, s.hi), cuhkBidFloor
	}
	s.nextU = u.Of(s.next)
}

// Propose offers the planned bid, or the opponent's best offer after
// deciding to concede to it.
func (s *cuhk) Propose(t *sim.Turn) sim.Outcome {
	round, tm, h := turnOf(t)
	s.plan(round, tm, h)
	o := s.next
	s.last = cuhkMoveBid
	if s.concede && s.oppBest != sim.NoOutcome && s.self.Utility.Of(s.oppBest) >= s.self.Reservation {
		o = s.oppBest
		s.bidWhy = cuhkBidConcede
	}
	s.concede = false
	s.mine++
	s.sent = o
	return o
}

// Respond accepts by CUHKAgent's rule or the chosen condition, and walks
// away when its reservation value is worth more than going on.
func (s *cuhk) Respond(t *sim.Turn, offer sim.Outcome) sim.Action {
	if t == nil || !inSpace(offer, s.self.Utility.Len()) {
		return sim.Reject
	}
	round, tm, h := turnOf(t)
	s.plan(round, tm, h)
	u := s.self.Utility
	x := u.Of(offer)
	if x >= s.self.Reservation {
		var ok bool
		if s.acc != nil {
			ok = s.acc.accept(decision{turn: t, time: tm, u: x, next: s.nextU, target: s.tau})
			s.last = cuhkAcceptCondition
		} else {
			ok = s.accepts(x, tm)
		}
		if ok {
			s.moveU = x
			return sim.Accept
		}
	}
	rv := s.self.Reservation
	switch {
	case rv >= s.raw:
		s.last = cuhkWalkTau
	case rv >= s.nextU:
		s.last = cuhkWalkNext
	case tm > s.tc && rv*math.Pow(s.df, tm) > s.hi*s.df:
		s.last = cuhkWalkLate
	default:
		return sim.Reject
	}
	return sim.Walk
}

// accepts is CUHKAgent's acceptance rule; it may decide to concede to the
// opponent's best offer at its next bid.
func (s *cuhk) accepts(x, t float64) bool {
	switch {
	case x >= s.tau:
		s.last = cuhkAcceptTau
		return true
	case x >= s.nextU:
		s.last = cuhkAcceptNext
		return true
	case s.oppBest == sim.NoOutcome:
		return false
	}
	best := s.self.Utility.Of(s.oppBest)
	if (best*math.Pow(s.df, t) > s.hi*s.df && t > s.tc) || best > s.tau {
		if x >= best-0.01 {
			s.last = cuhkAcceptNearBest
			if best <= s.tau {
				s.last = cuhkAcceptNearLate
			}
			return true
		}
		s.concede = true
	}
	return false
}

// thresholdReason says how CUHKAgent's threshold τ came about, and, with
// floor, whether the reservation value raised it.
func (s *cuhk) thresholdReason(floor bool) string {
	t := s.planTime
	var b strings.Builder
	n := s.self.Utility.Len()
	switch {
	case s.df == 1 && n > cuhkLargeDomain:
		off := 0.05
		if n > cuhkHugeDomain && t >= 0.98 {
			off = 0.25
		}
		fmt.Fprintf(&b, "threshold %s at t = %s (its best %s less %s in an undiscounted domain of %d outcomes)", num(s.raw), num(t), num(s.hi), num(off), n)
	case s.df == 1:
		fmt.Fprintf(&b, "threshold %s at t = %s (undiscounted: its best outcome's utility)", num(s.raw), num(t))
	case t <= s.tc:
		fmt.Fprintf(&b, "threshold %s at t = %s, falling to %s at the concede-to time t_c = %s (δ_s = %s)",
			num(s.raw), num(t), num(s.hi*math.Pow(s.df, 1-s.tc)), num(s.tc), num(s.df))
	default:
		fmt.Fprintf(&b, "threshold %s at t = %s, past the concede-to time t_c = %s: its best discounted, MAX·δ_s^(1 − t) (δ_s = %s)",
			num(s.raw), num(t), num(s.tc), num(s.df))
	}
	if num(s.tc) != num(s.tc0) {
		fmt.Fprintf(&b, "; t_c raised from %s by the opponent's concession degree %s", num(s.tc0), num(s.degree()))
	}
	if floor && s.tau > s.raw {
		fmt.Fprintf(&b, "; floored at its reservation value %s", num(s.tau))
	}
	return b.String()
}

// chooseReason says how choose picked the bid of utility x.
func (s *cuhk) chooseReason(x float64) string {
	what := fmt.Sprintf("the %d outcomes in [%s, %s]", s.choosePool, num(s.chooseLo), num(s.chooseHi))
	if s.sampled {
		what = fmt.Sprintf("%d drawn from %s", cuhkSample, what)
	}
	switch {
	case s.choosePool == 0:
		return "no outcome lies in [" + num(s.chooseLo) + ", " + num(s.chooseHi) + "]: its best outcome"
	case s.explored:
		return fmt.Sprintf("a random one of %s (it explores with probability %s), worth %s", what, num(cuhkExplore), num(x))
	case s.model == nil:
		return fmt.Sprintf("one of %s, worth %s", what, num(x))
	}
	return fmt.Sprintf("of %s, the one the opponent model scores highest, worth %s", what, num(x))
}

// Explain says why CUHKAgent made its last bid, accepted or walked away:
// its threshold, its concede-to time and the opponent's best offer.
func (s *cuhk) Explain() string {
	u := s.self.Utility
	rv := s.self.Reservation
	best := math.NaN()
	if s.oppBest != sim.NoOutcome {
		best = u.Of(s.oppBest)
	}
	switch s.last {
	case cuhkAcceptCondition:
		return acceptReason(s.how, s.moveU, s.nextU, s.tau, s.planTime)
	case cuhkAcceptTau:
		return fmt.Sprintf("accepts: the offer is worth %s to it, at least its %s", num(s.moveU), s.thresholdReason(true))
	case cuhkAcceptNext:
		return fmt.Sprintf("accepts: the offer is worth %s to it, at least as much as its next bid (%s)", num(s.moveU), num(s.nextU))
	case cuhkAcceptNearBest:
		return fmt.Sprintf("accepts: the offer (%s) is within 0.01 of the opponent's best offer so far (%s), which beats its threshold %s", num(s.moveU), num(best), num(s.tau))
	case cuhkAcceptNearLate:
		return fmt.Sprintf("accepts: the offer (%s) is within 0.01 of the opponent's best offer so far (%s), which after the concede-to time t_c = %s beats what it still expects, MAX·δ_s/δ_s^t = %s",
			num(s.moveU), num(best), num(s.tc), num(s.hi*s.df/math.Pow(s.df, s.planTime)))
	case cuhkWalkTau:
		return fmt.Sprintf("walks away: its reservation value %s reaches its %s", num(rv), s.thresholdReason(false))
	case cuhkWalkNext:
		return fmt.Sprintf("walks away: its reservation value %s reaches its next bid (%s)", num(rv), num(s.nextU))
	case cuhkWalkLate:
		return fmt.Sprintf("walks away: after the concede-to time t_c = %s its reservation value, discounted to t = %s, %s, beats its best discounted over the session, MAX·δ_s = %s",
			num(s.tc), num(s.planTime), num(rv*math.Pow(s.df, s.planTime)), num(s.hi*s.df))
	}
	x := u.Of(s.sent)
	left := s.self.Deadline - s.planRound
	switch s.bidWhy {
	case cuhkBidOpen:
		return fmt.Sprintf("opens with its best outcome (%s)", num(x))
	case cuhkBidLast:
		return fmt.Sprintf("in its last rounds (%d left): offers the opponent's best offer so far (%s)", left, num(x))
	case cuhkBidLastBand:
		return fmt.Sprintf("in its last rounds (%d left), the opponent's best offer so far (%s) is below 0.85: %s", left, num(best), s.chooseReason(x))
	case cuhkBidOppBest:
		return fmt.Sprintf("%s; the opponent's best offer so far (%s) reaches it: offers that back", s.thresholdReason(true), num(x))
	case cuhkBidConcede:
		return fmt.Sprintf("concedes to the opponent's best offer so far (%s): answering, it found that offer beats what it still expects (%s)", num(x), s.thresholdReason(true))
	case cuhkBidFloor:
		return fmt.Sprintf("%s; its planned bid was below its reservation value %s: %s", s.thresholdReason(true), num(rv), s.chooseReason(x))
	}
	return s.thresholdReason(true) + "; " + s.chooseReason(x)
}
