package agents

import (
	"fmt"
	"math"

	"github.com/parley-sim/parley/sim"
)

// This file is Atlas3 in the GENIUS convention: GENIUS 9.1.10's
// agents.anac.y2015.Atlas3.Atlas3 with its etc.strategy, etc.bidSearch and
// etc.negotiatingInfo, step by step, where atlas3.go is parley's reading
// of the published agent.

// Atlas3's simulated annealing (bidSearch): the temperature falls from 1
// by the factor 0.999 per step until it reaches 0.0001.
const (
	atlasStartTemperature = 1.0
	atlasEndTemperature   = 0.0001
	atlasCool             = 0.999
)

// newGenius returns GENIUS's Atlas3 for one session.
func (m *atlas3Maker) newGenius(self *sim.Self) sim.Strategy {
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
	s := &atlas3Genius{self: self, space: space, u: g.u, rv: self.Reservation, df: geniusDiscount(self), linear: true,
		last: sim.NoOutcome, planRound: -1, how: m.acc}
	n := space.NumIssues()
	most := 0
	for _, is := range space.Issues() {
		most = max(most, len(is.Values))
	}
	s.issues = make([]int, n)
	s.vals = make([]int, most)
	s.freq = newValueTable(space)
	s.rel = newValueTable(space)
	s.seen = newBitset(len(g.u))
	s.pb = make([]sim.Outcome, 0, min(max(self.Deadline, 1), 1<<16))
	s.targets = make([]sim.Outcome, 0, 64)
	s.initMaxBid()
	for i, is := range space.Issues() {
		r := s.rel.issue(i)
		for v := range is.Values {
			r[v] = s.u[space.Neighbour(s.maxBid, i, v)] - s.u[s.maxBid]
		}
	}
	s.acc = s.accs.build(m.acc, self)
	s.feed.opp = int32(1 - self.Index)
	return s
}

// atlas3Genius plays one session of GENIUS's Atlas3.
type atlas3Genius struct {
	self  *sim.Self
	space *sim.Space
	u     []float64 // GENIUS utility per outcome
	rv    float64
	df    float64
	acc   acceptor
	accs  acceptors
	how   acceptance
	feed  oppFeed

	maxBid  sim.Outcome
	rel     valueTable // U(maxBid at set-up with issue i at v) − U(maxBid)
	freq    valueTable // how often the opponent offered each value
	linear  bool       // false once the relative-utility search has failed
	issues  []int      // shuffle buffers
	vals    []int
	targets []sim.Outcome // the searches' candidates

	seen   bitset
	pb     []sim.Outcome // the opponent's distinct offers, best first, ties in order of arrival
	bou    float64       // the best utility the opponent offered
	last   sim.Outcome   // the standing offer
	turns  int           // own turns
	cIndex int           // the final phase's position in pb

	planRound int
	planTime  float64
	tau       float64
	action    sim.Action // Accept, Walk, or Reject then offer next
	next      sim.Outcome
	final     bool
	fromList  bool
	accepted  bool
}

var (
	_ sim.Strategy  = (*atlas3Genius)(nil)
	_ sim.Explainer = (*atlas3Genius)(nil)
)

// shuffle fills p with 0..len(p)−1 in a random order (Collections.shuffle).
func (s *atlas3Genius) shuffle(p []int) {
	for i := range p {
		p[i] = i
	}
	for i := len(p) - 1; i > 0; i-- {
		j := drawN(s.self, i+1)
		p[i], p[j] = p[j], p[i]
	}
}

// randomBid draws each issue's value uniformly.
func (s *atlas3Genius) randomBid() sim.Outcome {
	o := sim.Outcome(0)
	for i, is := range s.space.Issues() {
		o = s.space.Neighbour(o, i, drawN(s.self, len(is.Values)))
	}
	return o
}

// noteMax replaces maxBid by o when o is at least as good, as every
// search of bidSearch does with the bids it meets.
func (s *atlas3Genius) noteMax(o sim.Outcome) {
	if s.maxBid == sim.NoOutcome || s.u[o] >= s.u[s.maxBid] {
		s.maxBid = o
	}
}

// initMaxBid is bidSearch.initMaxBid: from a random bid, up to one
// simulated annealing run towards utility 1 per issue (repeated while
// maxBid is below the reservation value), stopping once maxBid is worth 1.
func (s *atlas3Genius) initMaxBid() {
	s.maxBid = s.randomBid()
	for range s.space.NumIssues() {
		for tries := 0; ; tries++ {
			s.anneal(s.maxBid, 1)
			if s.u[s.maxBid] >= s.rv || tries >= 100 { // GENIUS would loop for ever
				break
			}
		}
		if s.u[s.maxBid] == 1 {
			break
		}
	}
}

// anneal is bidSearch.SimulatedAnnealingSearch from base towards the
// threshold: random single-issue changes, accepted when nearer the
// threshold or with probability exp(−|Δcost|/T); it returns a random one
// of the least good bids at or above the threshold it stood on, or base.
func (s *atlas3Genius) anneal(base sim.Outcome, threshold float64) sim.Outcome {
	cur, curU := base, s.u[base]
	s.targets = s.targets[:0]
	targetU := 0.0
	n := s.space.NumIssues()
	for temp := atlasStartTemperature; temp > atlasEndTemperature; temp *= atlasCool {
		i := drawN(s.self, n)
		next := s.space.Neighbour(cur, i, drawN(s.self, len(s.space.Issues()[i].Values)))
		nextU := s.u[next]
		s.noteMax(next)
		newCost, curCost := math.Abs(threshold-nextU), math.Abs(threshold-curU)
		if newCost < curCost || math.Exp(-math.Abs(newCost-curCost)/temp) > draw(s.self) {
			cur, curU = next, nextU
		}
		if curU >= threshold {
			switch {
			case len(s.targets) == 0 || curU < targetU:
				s.targets = append(s.targets[:0], cur)
				targetU = curU
			case curU == targetU && len(s.targets) < cap(s.targets):
				s.targets = append(s.targets, cur)
			}
		}
	}
	if len(s.targets) == 0 {
		return base
	}
	return s.targets[drawN(s.self, len(s.targets))]
}

// neighbourhood is bidSearch.NeighborhoodSearch: of the base bid's
// single-issue variants (the base bid itself once per issue) worth at
// least the threshold, a random one of the least good, or base.
func (s *atlas3Genius) neighbourhood(base sim.Outcome, threshold float64) sim.Outcome {
	found, foundU, ties := sim.NoOutcome, 0.0, 0
	for i, is := range s.space.Issues() {
		for v := range is.Values {
			o := s.space.Neighbour(base, i, v)
			x := s.u[o]
			s.noteMax(o)
			switch {
			case x < threshold:
			case found == sim.NoOutcome || x < foundU:
				found, foundU, ties = o, x, 1
			case x == foundU:
				ties++
				if drawN(s.self, ties) == 0 {
					found = o
				}
			}
		}
	}
	if found == sim.NoOutcome {
		return base
	}
	return found
}

// relative is bidSearch.relativeUtilitySearch: from maxBid, issue by issue
// in random order, the first value in random order whose relative utility
// keeps the concession within τ − 1.
func (s *atlas3Genius) relative(threshold float64) sim.Outcome {
	bid := s.maxBid
	d, sum := threshold-1.0, 0.0
	s.shuffle(s.issues)
	for _, i := range s.issues {
		vals := s.vals[:len(s.space.Issues()[i].Values)]
		s.shuffle(vals)
		r := s.rel.issue(i)
		for _, v := range vals {
			if d <= sum+r[v] {
				bid = s.space.Neighbour(bid, i, v)
				sum += r[v]
				break
			}
		}
	}
	return bid
}

// frequent is negotiatingInfo.getValuebyAllFrequencyList: the value of
// issue i the opponent offered most often, ties at random.
func (s *atlas3Genius) frequent(i int) int {
	vals := s.vals[:len(s.space.Issues()[i].Values)]
	s.shuffle(vals)
	f := s.freq.issue(i)
	best := -1
	for _, v := range vals {
		if best < 0 || f[v] > f[best] {
			best = v
		}
	}
	return best
}

// bid is bidSearch.getBid from a random base bid for the threshold.
func (s *atlas3Genius) bid(threshold float64) sim.Outcome {
	base := s.randomBid()
	b := s.neighbourhood(base, threshold)
	if s.u[b] < threshold {
		b = base
		if s.linear {
			b = s.relative(threshold)
			if s.u[b] < threshold {
				s.linear = false
			}
		}
		if !s.linear {
			if c := s.anneal(b, threshold); s.u[c] <= 1 && s.u[c] >= threshold {
				b = c
			}
		}
	}
	if s.u[b] < threshold {
		b = s.maxBid
	}
	// Swap in the opponent's most frequent values where that costs nothing.
	s.shuffle(s.issues)
	for _, i := range s.issues {
		if o := s.space.Neighbour(b, i, s.frequent(i)); s.u[o] >= s.u[b] {
			b = o
		}
	}
	return b
}

// threshold is strategy.getThreshold at time t.
func (s *atlas3Genius) threshold(t float64) float64 {
	df, rv := s.df, s.rv
	a11 := rv * df
	a12 := accuratePow(df, atlasTF)
	a21 := rv * df
	if s.bou >= rv {
		a21 = s.bou * accuratePow(df, atlasTF)
	}
	a22 := atlasPF*a21 + (1-atlasPF)*a12
	q := 1.0
	if a12-a22 != 0 && 1-(a11-a21)/(a12-a22) != 0 {
		q = 1 / (1 - (a11-a21)/(a12-a22))
	}
	if q < 0 || q > 1 {
		q = 1
	}
	target := (q*a21 + (1-q)*a22) / accuratePow(df, t)
	if df == 1 {
		return target + (1-target)*(1-t)
	}
	return max(1-t/df, target)
}

// receive records the opponent's offer o (negotiatingInfo.updateInfo and
// updatePBList).
func (s *atlas3Genius) receive(o sim.Outcome) {
	s.last = o
	if s.u[o] > s.bou {
		s.bou = s.u[o]
	}
	for i := range s.space.NumIssues() {
		s.freq.issue(i)[s.space.ValueIndex(o, i)]++
	}
	if s.seen.add(int(o)) && len(s.pb) < cap(s.pb) {
		// Insert after the offers of at least its utility: a stable sort
		// by utility, best first.
		j := len(s.pb)
		for j > 0 && s.u[s.pb[j-1]] < s.u[o] {
			j--
		}
		s.pb = append(s.pb, 0)
		copy(s.pb[j+1:], s.pb[j:])
		s.pb[j] = o
	}
}

// plan reads the opponent's offers and, once per turn, decides what
// Atlas3.chooseAction decides.
func (s *atlas3Genius) plan(round int, tm float64, h *sim.History) {
	for o, ok := s.feed.next(h); ok; o, ok = s.feed.next(h) {
		if inSpace(o.Outcome, len(s.u)) {
			s.receive(o.Outcome)
		}
	}
	if round == s.planRound && tm == s.planTime {
		return
	}
	s.planRound, s.planTime = round, tm
	s.turns++
	ts := tm / float64(s.turns)
	s.tau = s.threshold(tm)
	s.action, s.fromList = sim.Reject, false
	s.final = tm > 1.0-ts*float64(len(s.pb)+1)
	offered := 0.0
	if s.last != sim.NoOutcome {
		offered = s.u[s.last]
	}
	if s.final {
		switch {
		case s.cIndex >= len(s.pb):
			if offered >= s.rv && s.last != sim.NoOutcome {
				s.action = sim.Accept
				return
			}
		case s.u[s.pb[s.cIndex]] > offered && s.u[s.pb[s.cIndex]] > s.rv:
			s.next, s.fromList = s.pb[s.cIndex], true
			return
		case offered > s.rv && s.last != sim.NoOutcome:
			s.action = sim.Accept
			return
		}
		s.next = s.bid(s.tau)
		return
	}
	if s.last != sim.NoOutcome && offered >= s.tau {
		s.action = sim.Accept
		return
	}
	if s.rv*accuratePow(s.df, tm) >= s.tau {
		s.action = sim.Walk
		return
	}
	s.next = s.bid(s.tau)
}

// Propose offers the planned bid, or walks away.
func (s *atlas3Genius) Propose(t *sim.Turn) sim.Outcome {
	round, tm, h := turnOf(t)
	s.plan(round, tm, h)
	switch s.action {
	case sim.Walk:
		return sim.NoOutcome
	case sim.Accept: // asked for an offer after deciding to accept
		s.next = s.bid(s.tau)
	}
	s.action = sim.Reject
	s.accepted = false
	if s.fromList {
		s.cIndex++
		s.fromList = false
	}
	return s.next
}

// Respond accepts or walks away as Atlas3 decided (or accepts by the
// chosen condition); no reservation value check outside its rules.
func (s *atlas3Genius) Respond(t *sim.Turn, offer sim.Outcome) sim.Action {
	if t == nil || !inSpace(offer, len(s.u)) {
		return sim.Reject
	}
	round, tm, h := turnOf(t)
	s.plan(round, tm, h)
	if s.acc != nil {
		if s.action == sim.Accept {
			s.action, s.next = sim.Reject, s.bid(s.tau)
		}
		if s.acc.accept(decision{turn: t, time: tm, u: s.u[offer], next: s.u[s.next], target: s.tau}) {
			s.accepted = true
			return sim.Accept
		}
		return s.action
	}
	if s.action == sim.Accept && offer == s.last {
		s.accepted = true
		return sim.Accept
	}
	if s.action == sim.Walk {
		return sim.Walk
	}
	return sim.Reject
}

// Explain says why GENIUS's Atlas3 made its last move.
func (s *atlas3Genius) Explain() string {
	switch {
	case s.accepted:
		if s.final {
			return fmt.Sprintf("accepts in the final-offer phase: the standing offer (%s) beats what its list of the opponent's %d offers has left (GENIUS's Atlas3)", num(s.u[s.last]), len(s.pb))
		}
		return fmt.Sprintf("accepts: the offer is worth %s to it, at least its threshold %s (GENIUS's Atlas3)", num(s.u[s.last]), num(s.tau))
	case s.action == sim.Walk:
		return fmt.Sprintf("walks away: its reservation value %s, discounted, reaches its threshold %s (GENIUS's Atlas3)", num(s.rv), num(s.tau))
	case s.final && s.cIndex > 0 && s.next == s.pb[s.cIndex-1]:
		return fmt.Sprintf("final-offer phase: offers back the opponent's %s best offer for it (%s) (GENIUS's Atlas3)", ordinal(s.cIndex), num(s.u[s.next]))
	}
	return fmt.Sprintf("threshold %s at t = %s from its final-offer game (the opponent's best offer so far %s): searched a bid worth %s (GENIUS's Atlas3)", num(s.tau), num(s.planTime), num(s.bou), num(s.u[s.next]))
}
