package agents

import (
	"fmt"
	"math"
	"strings"

	"github.com/parley-sim/parley/sim"
)

// agentKTremor is AgentK's tremor: the spread of its random bidding
// exponent.
const agentKTremor = 2.0

func agentKParams() []Param {
	return append([]Param{anacConventionParam("AgentK as GENIUS 9.1.10's Agent_K plays it: random bids until one reaches its bid target, lowered by 0.01 after every 501 misses, e_max not capped, the reservation value never read")},
		acceptanceParamsWith("AgentK's probabilistic rule p = t^α/5 + (u − e_max) + (u − τ), accepted when p exceeds a uniform draw, p < 0.1 counting as 0")...)
}

func agentKInfo() Info {
	return Info{
		Name:    "agentk",
		Summary: "AgentK (ANAC 2010 winner): estimates the best reachable utility from the opponent's offers and accepts at random, more readily late",
		Rule: "On each offer received, with μ and σ² the mean and variance of the party's utilities of all offers received, d = √(12σ²) and e_max = μ + (1 − μ)d: " +
			"α = 1 + tremor + 10μ − 2·tremor·μ (tremor = 2), β = α + U·tremor − tremor/2 (U uniform); pre = 1 − t^α(1 − e_max), ratio = min(2, (d + 0.1)/(1 − pre)), τ = ratio·pre + 1 − ratio, and the same with β gives the bid target τ_b; " +
			"parley caps e_max at the best utility (GENIUS lets it exceed 1 when the opponent's offers are spread wider than a uniform distribution, d > 1, and then accepts nothing); each target above e_max is pulled towards it by r·f/m, r = target − e_max, f = min(1/r², m), m = 400 − 300t³, and a target at or below e_max becomes e_max. " +
			"It accepts (auto) with probability p = t^α/5 + (u − e_max) + (u − τ), p < 0.1 counting as 0, drawn from its random stream. " +
			"It bids one of the distinct offers received whose utility exceeds τ (and the reservation value), drawn at random (parley keeps the 1024 best distinct offers), or else an outcome drawn uniformly among those worth at least max(τ_b, reservation value) (GENIUS draws random bids until one qualifies, lowering τ_b by 0.01 after 500 failures; parley draws from the qualifying set directly and lowers τ_b to the best utility when none qualifies). " +
			"Before the first offer τ = τ_b = 1. Every acceptance requires u ≥ reservation value.",
		Citation: "Kawaguchi, Fujita & Ito (2012), AgentK: compromising strategy based on estimated maximum utility, in New Trends in Agent-Based Complex Automated Negotiations, SCI 383, 137-144; GENIUS 10.4 agents/anac/y2010/AgentK/Agent_K.java",
		Params:   agentKParams(),
		New:      newAgentK,
	}
}

func newAgentK(p Params) (sim.Maker, error) {
	v, err := resolve(agentKParams(), p)
	if err != nil {
		return nil, fmt.Errorf("agentk: %w", err)
	}
	m := &agentKMaker{genius: v.str("convention") == conventionGenius}
	if m.acc, err = newAcceptance(v, acceptAuto); err != nil {
		return nil, fmt.Errorf("agentk: %w", err)
	}
	return m, nil
}

// agentKMaker makes AgentK strategies. It is safe for concurrent use;
// with convention genius it keeps GENIUS's utilities of the last utility
// it saw.
type agentKMaker struct {
	acc    acceptance
	genius bool
	sorted geniusCache
}

var (
	_ sim.Maker     = (*agentKMaker)(nil)
	_ sim.Strategy  = (*agentK)(nil)
	_ sim.Explainer = (*agentK)(nil)
)

// NewStrategy returns a fresh strategy for one session.
func (m *agentKMaker) NewStrategy(self *sim.Self) sim.Strategy {
	if m.genius {
		return m.newGenius(self)
	}
	if !usable(self) {
		return walker{}
	}
	s := &agentK{self: self, target: 1, bidTarget: 1, planRound: -1, last: sim.NoOutcome, how: m.acc}
	s.lo, s.hi = rangeOf(self)
	s.kept = newKeptOffers(self.Utility, self.Deadline)
	s.acc = s.accs.build(m.acc, self)
	s.feed.opp = int32(1 - self.Index)
	return s
}

// agentK plays one session of AgentK.
type agentK struct {
	self   *sim.Self
	lo, hi float64
	acc    acceptor
	accs   acceptors
	feed   oppFeed
	kept   keptOffers // distinct offers received

	sum, sum2 float64 // of the utilities received
	n         int
	last      sim.Outcome // the last offer received
	fresh     bool        // last arrived since the previous plan
	alpha     float64
	eMax      float64

	target, bidTarget float64
	p                 float64 // probability of accepting the standing offer

	planRound int
	planTime  float64
	next      sim.Outcome
	nextU     float64

	// What drove the last move, for Explain: the statistics and time of
	// the last learning step, where the bid came from (the pool it was
	// drawn from and its floor), the acceptance draw.
	how        acceptance
	mean, dev  float64
	learnT     float64
	fromKept   bool
	pool       int
	floor      float64
	accepted   bool
	acceptedU  float64
	acceptDraw float64
}

// pull applies AgentK's pull of a target towards e_max.
func pull(target, eMax, m float64) float64 {
	if target <= eMax {
		return eMax
	}
	r := target - eMax
	f := 1 / (r * r)
	if f > m || math.IsNaN(f) {
		f = m
	}
	return target - r*f/m
}

// learn updates the statistics and targets with the offer of utility u at
// time t and returns the probability of accepting it.
func (s *agentK) learn(u, t float64) float64 {
	s.sum += u
	s.sum2 += u * u
	s.n++
	mean := s.sum / float64(s.n)
	dev := math.Sqrt((s.sum2/float64(s.n) - mean*mean) * 12)
	if math.IsNaN(dev) {
		dev = 0
	}
	s.mean, s.dev, s.learnT = mean, dev, t
	s.eMax = min(mean+(1-mean)*dev, s.hi)
	s.alpha = 1 + agentKTremor + 10*mean - 2*agentKTremor*mean
	beta := s.alpha + draw(s.self)*agentKTremor - agentKTremor/2
	pre := 1 - math.Pow(t, s.alpha)*(1-s.eMax)
	pre2 := 1 - math.Pow(t, beta)*(1-s.eMax)
	ratio := (dev + 0.1) / (1 - pre)
	if math.IsNaN(ratio) || ratio > 2 {
		ratio = 2
	}
	ratio2 := (dev + 0.1) / (1 - pre2)
	if math.IsNaN(ratio2) || ratio2 > 2 {
		ratio2 = 2
	}
	m := 400 - 300*t*t*t
	s.target = pull(ratio*pre+1-ratio, s.eMax, m)
	s.bidTarget = pull(ratio2*pre2+1-ratio2, s.eMax, m)
	p := math.Pow(t, s.alpha)/5 + (u - s.eMax) + (u - s.target)
	if p < 0.1 {
		p = 0
	}
	return p
}

// plan reads the opponent's offers and, once per turn, learns from the
// latest and picks the next bid.
func (s *agentK) plan(round int, tm float64, h *sim.History) {
	u := s.self.Utility
	for o, ok := s.feed.next(h); ok; o, ok = s.feed.next(h) {
		if inSpace(o.Outcome, u.Len()) {
			s.kept.add(o.Outcome)
			s.last, s.fresh = o.Outcome, true
		}
	}
	if round == s.planRound && tm == s.planTime {
		return
	}
	s.planRound, s.planTime = round, tm
	s.p = 0
	if s.fresh {
		s.fresh = false
		s.p = s.learn(u.Of(s.last), tm)
	}
	// The next bid: a received offer above the target, else a random
	// outcome worth at least the bid target.
	c := s.kept.above(s.target)
	for c > 0 && u.Of(s.kept.list[c-1]) < s.self.Reservation {
		c--
	}
	s.fromKept, s.pool = c > 0, c
	if c > 0 {
		s.next = s.kept.list[drawN(s.self, c)]
	} else {
		if s.bidTarget > s.hi {
			s.bidTarget -= 0.01 * math.Ceil((s.bidTarget-s.hi)/0.01)
		}
		ranked := u.Ranked()
		k := u.AtLeast(max(s.bidTarget, s.lo))
		if k == len(ranked) {
			k = len(ranked) - 1
		}
		s.next = ranked[k+drawN(s.self, len(ranked)-k)]
		s.pool, s.floor = len(ranked)-k, max(s.bidTarget, s.lo)
	}
	s.nextU = u.Of(s.next)
}

// Propose offers the planned bid.
func (s *agentK) Propose(t *sim.Turn) sim.Outcome {
	round, tm, h := turnOf(t)
	s.plan(round, tm, h)
	s.accepted = false
	return s.next
}

// Respond accepts by AgentK's probabilistic rule or the chosen condition.
func (s *agentK) Respond(t *sim.Turn, offer sim.Outcome) sim.Action {
	if t == nil || !inSpace(offer, s.self.Utility.Len()) {
		return sim.Reject
	}
	round, tm, h := turnOf(t)
	s.plan(round, tm, h)
	u := s.self.Utility.Of(offer)
	if u < s.self.Reservation {
		return sim.Reject
	}
	var ok bool
	if s.acc == nil {
		s.acceptDraw = draw(s.self)
		ok = s.p > s.acceptDraw
	} else {
		ok = s.acc.accept(decision{turn: t, time: tm, u: u, next: s.nextU, target: s.target})
	}
	if ok {
		s.accepted, s.acceptedU = true, u
		return sim.Accept
	}
	return sim.Reject
}

// Explain says how AgentK's estimate of the best reachable utility set its
// target, where its bid came from, or with what probability it accepted.
func (s *agentK) Explain() string {
	if s.accepted {
		if s.how.kind != acceptAuto {
			return acceptReason(s.how, s.acceptedU, s.nextU, s.target, s.planTime)
		}
		return fmt.Sprintf("accepts at random: the offer is worth %s to it, so with e_max %s, target %s and α = %s at t = %s it accepts with probability p = t^α/5 + (u − e_max) + (u − τ) = %s, and its draw %s fell below it",
			num(s.acceptedU), num(s.eMax), num(s.target), num(s.alpha), num(s.learnT), num(s.p), num(s.acceptDraw))
	}
	var b strings.Builder
	if s.n == 0 {
		fmt.Fprintf(&b, "target %s: no offer from the opponent yet", num(s.target))
	} else {
		fmt.Fprintf(&b, "target %s from the opponent's mean %s and spread %s over %d offers (best reachable utility e_max %s), t = %s",
			num(s.target), num(s.mean), num(s.dev), s.n, num(s.eMax), num(s.learnT))
	}
	if s.fromKept {
		fmt.Fprintf(&b, "; re-offers one of the offers it received that beat the target (%d of them), worth %s", s.pool, num(s.nextU))
	} else {
		fmt.Fprintf(&b, "; no offer it received beats the target: bids an outcome drawn among those worth at least its bid target %s (%d of them), worth %s", num(s.floor), s.pool, num(s.nextU))
	}
	return b.String()
}
