package agents

import (
	"fmt"
	"math"
	"strings"

	"github.com/parley-sim/parley/sim"
)

// HardHeaded's constants (van Krimpen, Looije & Hajizadeh 2013; GENIUS
// KLH.java).
const (
	hhKa        = 0.05  // initial concession Ka
	hhE         = 0.05  // concession exponent e (Boulware)
	hhMin       = 0.585 // MINIMUM_BID_UTILITY
	hhTolerance = 0.01  // UTILITY_TOLORANCE: the width of a bid band
	hhTop       = 4     // TOP_SELECTED_BIDS: a band of more bids yields hhTop+1
	hhIgnoreDF  = 0.9   // discount factors at least this are ignored
	hhLateE     = 30.0  // the exponent after the discount's step point
)

func hardHeadedParams() []Param {
	return append([]Param{anacConventionParam("HardHeaded as GENIUS 9.1.10's KLH plays it: its bid list with 1e-8 key offsets, stepping entry by entry, its own frequency model with GENIUS's weight renormalisation, minUtil 0.585 whatever the reservation value"),
		opponentModelParam(modelAuto, "frequency, HardHeaded's own")},
		acceptanceParamsWith("HardHeaded's: the offer beats the lowest utility it has offered so far, or is at least as good as its next bid")...)
}

// anacConventionParam is the "convention" parameter of the ANAC agents:
// parley's reading of the published agent (the default), or GENIUS's
// implementation exactly, as genius describes.
func anacConventionParam(genius string) Param {
	return Param{
		Name:    "convention",
		Doc:     "parley (default: the published rules with parley's conventions: never below the reservation value, exact utilities) or genius (" + genius + "; it may offer and accept below the reservation value)",
		Default: conventionParley,
		Choices: []string{conventionParley, conventionGenius},
	}
}

func hardHeadedInfo() Info {
	return Info{
		Name:    "hardheaded",
		Summary: "HardHeaded (ANAC 2011 winner): a stubborn Boulware that offers, in 0.01-wide bands, the bids a frequency model rates best for the opponent",
		Rule: "Target p(t) = MIN + (1 − F)(MAX − MIN), F = Ka + (1 − Ka)·t^(1/e), Ka = 0.05, e = 0.05, MAX = best utility, MIN = max(0.585, reservation value) (at most MAX). " +
			"With a session discount δ_s = δ^(D+1) below 0.9 it follows GENIUS's two-phase variant: until t = δ_s, e' = e/δ_s over the raised floor MIN + (MAX − MIN)δ_s; after it, e = 30 over [MIN, MIN + (MAX − MIN)δ_s]; (t/δ_s) is capped at 1. " +
			"It opens with its best outcome. Whenever its queue of bids is empty it takes the next utility level below its last bid; if that is below p(t) it re-offers one of its earlier bids drawn at random, else it collects the outcomes less than 0.01 below that level and still ≥ p(t): at most 4 are queued in ascending utility, more yield the 5 the opponent model rates best. " +
			"If the opponent's best offer so far is better for it than the queue's head, that offer goes first. " +
			"It accepts (auto) when the offer beats the lowest utility it has offered so far or is at least as good as its next bid, always requiring u ≥ reservation value.",
		Citation: "van Krimpen, Looije & Hajizadeh (2013), HardHeaded, in Complex Automated Negotiations, SCI 435, 223-227; GENIUS 10.4 agents/anac/y2011/HardHeaded/KLH.java",
		Params:   hardHeadedParams(),
		New:      newHardHeaded,
	}
}

func newHardHeaded(p Params) (sim.Maker, error) {
	v, err := resolve(hardHeadedParams(), p)
	if err != nil {
		return nil, fmt.Errorf("hardheaded: %w", err)
	}
	m := &hardHeadedMaker{model: v.str("opponent_model"), genius: v.str("convention") == conventionGenius}
	if m.genius && m.model != modelAuto {
		return nil, fmt.Errorf("hardheaded: opponent_model %s is not allowed with convention genius, which uses GENIUS's HardHeaded model", m.model)
	}
	if m.model == modelAuto {
		m.model = modelFrequency
	}
	if m.acc, err = newAcceptance(v, acceptAuto); err != nil {
		return nil, fmt.Errorf("hardheaded: %w", err)
	}
	return m, nil
}

// hardHeadedMaker makes HardHeaded strategies. It is safe for concurrent
// use; with convention genius it keeps the bid list of the last utility
// it saw.
type hardHeadedMaker struct {
	model  string
	acc    acceptance
	genius bool
	keys   hhKeysCache
}

var (
	_ sim.Maker     = (*hardHeadedMaker)(nil)
	_ sim.Strategy  = (*hardHeaded)(nil)
	_ sim.Explainer = (*hardHeaded)(nil)
)

// NewStrategy returns a fresh strategy for one session.
func (m *hardHeadedMaker) NewStrategy(self *sim.Self) sim.Strategy {
	if m.genius {
		return m.newGenius(self)
	}
	if !usable(self) {
		return walker{}
	}
	s := &hardHeaded{self: self, planRound: -1, oppBest: sim.NoOutcome, lowestYet: 1, how: m.acc}
	s.hi = self.Utility.Max()
	s.min = min(max(hhMin, self.Reservation), s.hi)
	s.df = sessionDiscount(self)
	s.mine = make([]sim.Outcome, 0, min(max(self.Deadline, 1), 1<<16)+1)
	s.acc = s.accs.build(m.acc, self)
	if self.Space != nil && self.Space.Size() == self.Utility.Len() {
		s.model = newModel(m.model, self)
	}
	s.feed.opp = int32(1 - self.Index)
	return s
}

// hardHeaded plays one session of HardHeaded.
type hardHeaded struct {
	self    *sim.Self
	hi, min float64 // MAX and MIN
	df      float64 // session discount
	acc     acceptor
	accs    acceptors
	model   opponentModel
	feed    oppFeed

	oppBest   sim.Outcome // the opponent's best offer for the party so far
	lowestYet float64     // lowest utility offered so far
	mine      []sim.Outcome

	// queue holds the bids to offer next, a ring of capacity 8.
	queue      [8]sim.Outcome
	qHead, qN  int
	planRound  int
	planTime   float64
	p          float64
	next       sim.Outcome
	nextU      float64
	proposedAt int // round+1 of the last proposal

	// What drove the last move, for Explain. The last refill of the
	// queue: why (hhFill*), the next level down, the number of outcomes in
	// its band, and the target and time then.
	how          acceptance
	fill         uint8
	fillLevel    float64
	fillBand     int
	fillP, fillT float64
	frontOpp     bool // the queue's head is the opponent's best offer, put there by the last refill
	sentOpp      bool // the last bid was the opponent's best offer
	accepted     bool
	acceptedU    float64
}

// Why HardHeaded last refilled its queue, for Explain.
const (
	hhFillOpen    uint8 = iota // its best outcome, to open
	hhFillBand                 // the band below the next level down
	hhFillReoffer              // the next level is below the target: an earlier bid
	hhFillHold                 // no lower level: the last bid again
)

// target returns HardHeaded's p(t).
func (s *hardHeaded) target(t float64) float64 {
	hi, lo, df := s.hi, s.min, s.df
	switch {
	case df >= hhIgnoreDF:
		f := hhKa + (1-hhKa)*math.Pow(min(t/df, 1), 1/hhE)
		return lo + (1-f)*(hi-lo)
	case t <= df:
		e := hhE / df
		f := hhKa + (1-hhKa)*math.Pow(t/df, 1/e)
		floor := lo + math.Abs(hi-lo)*df
		return floor + (1-f)*(hi-floor)
	default:
		f := hhKa + (1-hhKa)*math.Pow((t-df)/(1-df), 1/hhLateE)
		top := lo + math.Abs(hi-lo)*df
		return lo + (1-f)*(top-lo)
	}
}

func (s *hardHeaded) push(o sim.Outcome) {
	s.queue[(s.qHead+s.qN)%len(s.queue)] = o
	s.qN++
}

func (s *hardHeaded) pushFront(o sim.Outcome) {
	s.qHead = (s.qHead + len(s.queue) - 1) % len(s.queue)
	s.queue[s.qHead] = o
	s.qN++
}

func (s *hardHeaded) pop() sim.Outcome {
	o := s.queue[s.qHead]
	s.qHead = (s.qHead + 1) % len(s.queue)
	s.qN--
	return o
}

// plan reads the opponent's new offers and, once per turn, fills the queue
// if it is empty.
func (s *hardHeaded) plan(round int, tm float64, h *sim.History) {
	u := s.self.Utility
	for o, ok := s.feed.next(h); ok; o, ok = s.feed.next(h) {
		if !inSpace(o.Outcome, u.Len()) {
			continue
		}
		if s.model != nil {
			s.model.update(o.Outcome)
		}
		if s.oppBest == sim.NoOutcome || u.Of(o.Outcome) > u.Of(s.oppBest) {
			s.oppBest = o.Outcome
		}
	}
	if round == s.planRound && tm == s.planTime {
		return
	}
	s.planRound, s.planTime = round, tm
	s.p = max(s.target(tm), s.self.Reservation)
	switch {
	case len(s.mine) == 0 && s.qN == 0:
		s.push(u.Best())
		s.fill, s.fillP, s.fillT = hhFillOpen, s.p, tm
	case s.qN == 0:
		s.refill()
	}
	s.next = s.queue[s.qHead]
	s.nextU = u.Of(s.next)
}

// refill queues the next band of bids below the last bid.
func (s *hardHeaded) refill() {
	u := s.self.Utility
	ranked := u.Ranked()
	last := s.mine[len(s.mine)-1]
	s.fillP, s.fillT, s.frontOpp = s.p, s.planTime, false
	k := u.AtLeast(u.Of(last)) // the first position of the last bid's level
	if k == 0 {
		s.push(last) // nothing lower: hold
		s.fill = hhFillHold
		return
	}
	first := k - 1 // the highest-ranked outcome of the next level down
	firstU := u.Of(ranked[first])
	s.fillLevel = firstU
	if firstU < s.p {
		s.push(s.mine[drawN(s.self, len(s.mine))])
		s.fill = hhFillReoffer
	} else {
		// The band: positions lo..first, utilities in (firstU − 0.01,
		// firstU] and ≥ p.
		lo := first
		for lo > 0 && first-lo+1 < maxBand {
			x := u.Of(ranked[lo-1])
			if !(firstU-x < hhTolerance && x >= s.p) {
				break
			}
			lo--
		}
		n := first - lo + 1
		s.fill, s.fillBand = hhFillBand, n
		if n <= hhTop {
			for j := lo; j <= first; j++ {
				s.push(ranked[j])
			}
		} else {
			var taken [hhTop + 1]int
			for c := range hhTop + 1 {
				best, bestV := -1, math.Inf(-1)
				for j := first; j >= lo; j-- { // from the highest utility: ties stay there
					if isTaken(taken[:c], j) {
						continue
					}
					var v float64
					if s.model != nil {
						v = s.model.utility(ranked[j])
					}
					if best < 0 || v > bestV {
						best, bestV = j, v
					}
				}
				taken[c] = best
				s.push(ranked[best])
			}
		}
	}
	if s.oppBest != sim.NoOutcome && u.Of(s.queue[s.qHead]) < u.Of(s.oppBest) {
		s.pushFront(s.oppBest)
		s.frontOpp = true
	}
}

func isTaken(taken []int, j int) bool {
	for _, t := range taken {
		if t == j {
			return true
		}
	}
	return false
}

// Propose offers the head of the queue.
func (s *hardHeaded) Propose(t *sim.Turn) sim.Outcome {
	round, tm, h := turnOf(t)
	s.plan(round, tm, h)
	if s.proposedAt == round+1 && len(s.mine) > 0 {
		return s.mine[len(s.mine)-1] // asked twice in one turn
	}
	s.proposedAt = round + 1
	s.accepted = false
	s.sentOpp, s.frontOpp = s.frontOpp, false
	o := s.pop()
	s.mine = append(s.mine, o)
	if x := s.self.Utility.Of(o); x < s.lowestYet {
		s.lowestYet = x
	}
	return o
}

// Respond accepts by HardHeaded's rule or the chosen acceptance condition.
func (s *hardHeaded) Respond(t *sim.Turn, offer sim.Outcome) sim.Action {
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
		ok = u > s.lowestYet || s.nextU <= u
	} else {
		ok = s.acc.accept(decision{turn: t, time: tm, u: u, next: s.nextU, target: s.p})
	}
	if ok {
		s.accepted, s.acceptedU = true, u
		return sim.Accept
	}
	return sim.Reject
}

// curve names HardHeaded's target p at time t for an explanation.
func (s *hardHeaded) curve(p, t float64) string {
	phase := ""
	if s.df < hhIgnoreDF {
		phase = ", phase 1 of the curve for δ_s = " + num(s.df)
		if t > s.df {
			phase = ", phase 2 of the curve for δ_s = " + num(s.df)
		}
	}
	return fmt.Sprintf("target %s (concession curve at t = %s%s)", num(p), num(t), phase)
}

// Explain says why HardHeaded made its last bid or accepted: its target
// p(t) and the band of bids below its last one.
func (s *hardHeaded) Explain() string {
	u := s.self.Utility
	if s.accepted {
		if s.how.kind != acceptAuto {
			return acceptReason(s.how, s.acceptedU, s.nextU, s.p, s.planTime)
		}
		worth := "accepts: the offer is worth " + num(s.acceptedU) + " to it, "
		if s.acceptedU > s.lowestYet {
			return worth + "more than the lowest it has offered so far (" + num(s.lowestYet) + ")"
		}
		return worth + "at least as much as its next bid (" + num(s.nextU) + ")"
	}
	if len(s.mine) == 0 {
		return ""
	}
	x := u.Of(s.mine[len(s.mine)-1])
	if s.sentOpp {
		return fmt.Sprintf("the opponent's best offer so far is worth %s to it, more than its own next bid: offers it back", num(x))
	}
	var b strings.Builder
	if s.fillT != s.planTime {
		// The bid was queued at an earlier turn.
		fmt.Fprintf(&b, "offers the next of the bids it queued at t = %s (target then %s), worth %s", num(s.fillT), num(s.fillP), num(x))
		if s.qN > 0 {
			fmt.Fprintf(&b, "; %d more queued", s.qN)
		}
		return b.String()
	}
	switch s.fill {
	case hhFillOpen:
		return fmt.Sprintf("opens with its best outcome (%s); %s", num(x), s.curve(s.fillP, s.fillT))
	case hhFillHold:
		return fmt.Sprintf("%s; its last bid (%s) is its worst outcome: repeats it", s.curve(s.fillP, s.fillT), num(x))
	case hhFillReoffer:
		return fmt.Sprintf("%s; its next level down, %s, is below it: re-offers one of its earlier bids, worth %s", s.curve(s.fillP, s.fillT), num(s.fillLevel), num(x))
	}
	b.WriteString(s.curve(s.fillP, s.fillT))
	if s.fillBand > hhTop {
		who := "the opponent model"
		if s.model == nil {
			who = "itself"
		}
		fmt.Fprintf(&b, ", best bid for %s among %d above it within 0.01 below its next level down (%s), worth %s",
			who, s.fillBand, num(s.fillLevel), num(x))
	} else {
		fmt.Fprintf(&b, "; its next level down (%s) is above it: it queued the %d bid(s) within 0.01 below that level and above the target in ascending utility, and offers the lowest, worth %s",
			num(s.fillLevel), s.fillBand, num(x))
	}
	if s.qN > 0 {
		fmt.Fprintf(&b, "; %d more queued", s.qN)
	}
	return b.String()
}
