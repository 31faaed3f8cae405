package agents

import (
	"fmt"
	"math"

	"github.com/parley-sim/parley/sim"
)

// This file is AgentK in the GENIUS convention: GENIUS 9.1.10's
// agents.anac.y2010.AgentK.Agent_K, step by step, where agentk.go is
// parley's reading of the published agent.

// agentKSearchTries is how many random bids Agent_K draws at one bid target
// before it lowers the target by agentKSearchStep.
const (
	agentKSearchTries = 501
	agentKSearchStep  = 0.01
)

// newGenius returns GENIUS's AgentK for one session.
func (m *agentKMaker) newGenius(self *sim.Self) sim.Strategy {
	if self == nil || self.Utility == nil || self.Utility.Len() == 0 {
		return walker{}
	}
	space := self.Space
	if space == nil || space.Size() != self.Utility.Len() {
		var err error
		if space, err = sim.NewSpace([]sim.Issue{{ID: "outcome", Values: make([]sim.Value, self.Utility.Len())}}); err != nil {
			return walker{}
		}
	}
	g := m.sorted.get(self.Utility, space)
	s := &agentKGenius{self: self, space: space, u: g.u, target: 1, bidTarget: 1, last: sim.NoOutcome, planRound: -1, how: m.acc}
	s.seen = newBitset(len(g.u))
	s.kept = make([]sim.Outcome, 0, min(max(self.Deadline, 1), 1<<16))
	s.acc = s.accs.build(m.acc, self)
	s.feed.opp = int32(1 - self.Index)
	return s
}

// agentKGenius plays one session of GENIUS's AgentK.
type agentKGenius struct {
	self  *sim.Self
	space *sim.Space
	u     []float64 // GENIUS utility per outcome
	acc   acceptor
	accs  acceptors
	how   acceptance
	feed  oppFeed

	seen bitset
	kept []sim.Outcome // the opponent's distinct offers

	sum, sum2         float64
	n                 int
	last              sim.Outcome // the opponent's last offer
	fresh             bool
	target, bidTarget float64
	eMax, alpha       float64
	p                 float64

	planRound  int
	planTime   float64
	next       sim.Outcome
	fromKept   bool
	draws      int  // random bids drawn for the last bid
	accept     bool // at this turn, it accepts the opponent's last offer
	accepted   bool // its last move was an acceptance
	acceptDraw float64
}

var (
	_ sim.Strategy  = (*agentKGenius)(nil)
	_ sim.Explainer = (*agentKGenius)(nil)
)

// acceptProbability is Agent_K.acceptProbability for the offer o at time
// t: it updates the statistics, the target and the bid target, and
// returns the probability of accepting o.
func (s *agentKGenius) acceptProbability(o sim.Outcome, t float64) float64 {
	u := s.u[o]
	if s.seen.add(int(o)) && len(s.kept) < cap(s.kept) {
		s.kept = append(s.kept, o)
	}
	s.sum += u
	s.sum2 += u * u
	s.n++
	mean := s.sum / float64(s.n)
	variance := s.sum2/float64(s.n) - mean*mean
	dev := math.Sqrt(variance * 12)
	if math.IsNaN(dev) {
		dev = 0
	}
	s.eMax = mean + (1-mean)*dev
	s.alpha = 1 + agentKTremor + 10*mean - 2*agentKTremor*mean
	beta := s.alpha + draw(s.self)*agentKTremor - agentKTremor/2
	pre := 1 - accuratePow(t, s.alpha)*(1-s.eMax)
	pre2 := 1 - accuratePow(t, beta)*(1-s.eMax)
	ratio := (dev + 0.1) / (1 - pre)
	if math.IsNaN(ratio) || ratio > 2 {
		ratio = 2
	}
	ratio2 := (dev + 0.1) / (1 - pre2)
	if math.IsNaN(ratio2) || ratio2 > 2 {
		ratio2 = 2
	}
	t3 := t * t * t
	m := t3*(-300) + 400
	s.target = pull(ratio*pre+1-ratio, s.eMax, m)
	s.bidTarget = pull(ratio2*pre2+1-ratio2, s.eMax, m)
	p := accuratePow(t, s.alpha)/5 + (u - s.eMax) + (u - s.target)
	if p < 0.1 {
		p = 0
	}
	return p
}

// randomBid draws each issue's value uniformly (GENIUS's searchBid).
func (s *agentKGenius) randomBid() sim.Outcome {
	o := sim.Outcome(0)
	for i, is := range s.space.Issues() {
		o = s.space.Neighbour(o, i, drawN(s.self, len(is.Values)))
	}
	return o
}

// selectBid is Agent_K.selectBid: one of the opponent's distinct offers
// worth strictly more than the target, uniformly; else random bids until
// one reaches the bid target, which falls by 0.01 after every 501 misses.
func (s *agentKGenius) selectBid() sim.Outcome {
	c := 0
	for _, o := range s.kept {
		if s.u[o] > s.target {
			c++
		}
	}
	s.fromKept, s.draws = c > 0, 0
	if c > 0 {
		k := int(math.Floor(draw(s.self) * float64(c)))
		for _, o := range s.kept {
			if s.u[o] > s.target {
				if k == 0 {
					return o
				}
				k--
			}
		}
	}
	loop := 0
	for {
		if loop > agentKSearchTries-1 {
			s.bidTarget -= agentKSearchStep
			loop = 0
		}
		o := s.randomBid()
		s.draws++
		loop++
		if s.u[o] >= s.bidTarget {
			return o
		}
	}
}

// plan reads the opponent's offers and, once per turn, does what
// Agent_K.chooseAction does: learn from the opponent's last offer, decide
// whether to accept it and, if not, pick the bid to offer.
func (s *agentKGenius) plan(round int, tm float64, h *sim.History) {
	for o, ok := s.feed.next(h); ok; o, ok = s.feed.next(h) {
		if inSpace(o.Outcome, len(s.u)) {
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
		s.p = s.acceptProbability(s.last, tm)
	}
	s.accept, s.accepted = false, false
	if s.last != sim.NoOutcome && s.acc == nil {
		s.acceptDraw = draw(s.self)
		if s.accept = s.p > s.acceptDraw; s.accept {
			return
		}
	}
	s.next = s.selectBid()
}

// Propose offers the planned bid.
func (s *agentKGenius) Propose(t *sim.Turn) sim.Outcome {
	round, tm, h := turnOf(t)
	s.plan(round, tm, h)
	if s.accept { // it decided to accept, but is asked for an offer
		s.accept = false
		s.next = s.selectBid()
	}
	s.accepted = false
	return s.next
}

// Respond accepts with AgentK's probability (or by the chosen condition);
// no reservation value check.
func (s *agentKGenius) Respond(t *sim.Turn, offer sim.Outcome) sim.Action {
	if t == nil || !inSpace(offer, len(s.u)) {
		return sim.Reject
	}
	round, tm, h := turnOf(t)
	s.plan(round, tm, h)
	ok := s.accept && offer == s.last
	if s.acc != nil {
		ok = s.acc.accept(decision{turn: t, time: tm, u: s.u[offer], next: s.u[s.next], target: s.target})
	}
	if ok {
		s.accepted = true
		return sim.Accept
	}
	return sim.Reject
}

// Explain says why GENIUS's AgentK made its last move.
func (s *agentKGenius) Explain() string {
	if s.accepted {
		if s.acc != nil {
			return acceptReason(s.how, s.u[s.last], s.u[s.next], s.target, s.planTime)
		}
		return fmt.Sprintf("accepts at random: with e_max %s, target %s and α = %s at t = %s it accepts with probability %s, and its draw %s fell below it (GENIUS's AgentK)",
			num(s.eMax), num(s.target), num(s.alpha), num(s.planTime), num(s.p), num(s.acceptDraw))
	}
	if s.fromKept {
		return fmt.Sprintf("target %s (e_max %s): re-offers one of the opponent's offers worth more, %s (GENIUS's AgentK)", num(s.target), num(s.eMax), num(s.u[s.next]))
	}
	return fmt.Sprintf("target %s: no offer of the opponent beats it; drew %d random bids until one reached its bid target %s, worth %s (GENIUS's AgentK)", num(s.target), s.draws, num(s.bidTarget), num(s.u[s.next]))
}
