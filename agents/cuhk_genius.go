package agents

import (
	"fmt"
	"math"

	"github.com/parley-sim/parley/sim"
)

// This file is CUHKAgent in the GENIUS convention: GENIUS 9.1.10's
// agents.anac.y2012.CUHKAgent.CUHKAgent, step by step, where cuhk.go is
// parley's reading of the published agent.

// CUHKAgent's constants in GENIUS beyond cuhk.go's.
const (
	cuhkBinWidth     = 0.01   // the width of a utility bin
	cuhkBinnedAll    = 20000  // spaces of fewer outcomes have every bid binned
	cuhkBinnedDraws  = 20001  // otherwise this many random bids are binned
	cuhkLateRounds   = 10     // rounds left from which the late phase starts
	cuhkLastChanceT  = 0.9985 // the late phase's last chance needs t above this
	cuhkLastBandHigh = 0.02   // the last chance's band is [MAX − 0.15, MAX − 0.02]
	cuhkLastBandLow  = 0.15
	cuhkLastBestLow  = 0.85 // the last chance bids the opponent's best unless below this
)

// newGenius returns GENIUS's CUHKAgent for one session.
func (m *cuhkMaker) newGenius(self *sim.Self) sim.Strategy {
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
	s := &cuhkGenius{self: self, space: space, u: g.u, how: m.acc, oppBest: sim.NoOutcome, oppLast: sim.NoOutcome, planRound: -1}
	// The best bid: the first of highest utility in GENIUS's enumeration
	// order (getMaxUtilityBid's brute-force search).
	s.best = sim.NoOutcome
	for gi := range len(g.u) {
		o := fromGeniusIndex(space, gi)
		if s.best == sim.NoOutcome || g.u[o] > g.u[s.best] {
			s.best = o
		}
	}
	s.max = g.u[s.best]
	s.tau = s.max
	s.df = geniusDiscount(self)
	if self.Reservation > 0 {
		s.rv = self.Reservation
	}
	beta := 1.2
	switch {
	case s.df > 0.75:
		beta = 1.8
	case s.df > 0.5:
		beta = 1.5
	}
	s.tc0 = cuhkMinConcede + (1-cuhkMinConcede)*accuratePow(s.df, beta)
	s.tc = s.tc0
	s.bin(g.u)
	s.seen = newBitset(len(g.u))
	s.history = make([]sim.Outcome, 0, min(max(self.Deadline, 1), 1<<16))
	s.counter = make([]int32, len(g.u))
	s.counts = newValueTable(space)
	s.acc = s.accs.build(m.acc, self)
	s.feed.opp = int32(1 - self.Index)
	return s
}

// fromGeniusIndex returns the outcome of GENIUS's enumeration index k (the
// first issue fastest).
func fromGeniusIndex(s *sim.Space, k int) sim.Outcome {
	o := sim.Outcome(0)
	for i, is := range s.Issues() {
		n := len(is.Values)
		o = s.Neighbour(o, i, k%n)
		k /= n
	}
	return o
}

// cuhkGenius plays one session of GENIUS's CUHKAgent.
type cuhkGenius struct {
	self  *sim.Self
	space *sim.Space
	u     []float64 // GENIUS utility per outcome
	best  sim.Outcome
	max   float64 // MAX: the best bid's utility
	df    float64
	rv    float64 // rv′: the reservation value if positive, else 0
	acc   acceptor
	accs  acceptors
	how   acceptance
	feed  oppFeed

	// The utility bins, flat: bin i is bins[binOff[i]:binOff[i+1]].
	bins   []sim.Outcome
	binOff []int32

	tc0, tc float64
	tau     float64 // the threshold BidToOffer keeps

	// The opponent model: its distinct bids in order of first
	// appearance, how often each was offered, its best, the value counts.
	seen    bitset
	history []sim.Outcome
	counter []int32
	counts  valueTable
	oppBest sim.Outcome
	oppLast sim.Outcome
	offered int // bids it has made

	planRound int
	planTime  float64
	action    sim.Action  // at this turn: Accept, Walk or Reject (offer next)
	next      sim.Outcome // the bid it offers at this turn
	floor     float64     // BidToOffer's floor at this turn
	why       uint8       // cuhkBid* of the bid
	pool      int         // candidates ChooseBid chose from
}

var (
	_ sim.Strategy  = (*cuhkGenius)(nil)
	_ sim.Explainer = (*cuhkGenius)(nil)
)

// bin fills the utility bins: bins = ⌊MAX/0.01⌋, bin i holds the bids of
// utility in [i·0.01, (i+1)·0.01] (bounds in floating point), each in the
// first bin that holds it; the best bid goes first into the top bin.
// Fewer than 20000 outcomes are binned in GENIUS's enumeration order;
// otherwise 20001 random bids are, repeats kept.
func (s *cuhkGenius) bin(u []float64) {
	nb := int(s.max / cuhkBinWidth)
	if nb < 1 {
		s.binOff = make([]int32, 1)
		return
	}
	which := func(x float64) int {
		for i := range nb {
			if x <= float64(i+1)*cuhkBinWidth && x >= float64(i)*cuhkBinWidth {
				return i
			}
		}
		return -1
	}
	var order []sim.Outcome
	if len(u) < cuhkBinnedAll {
		order = make([]sim.Outcome, len(u))
		for k := range order {
			order[k] = fromGeniusIndex(s.space, k)
		}
	} else {
		order = make([]sim.Outcome, cuhkBinnedDraws)
		for k := range order {
			o := sim.Outcome(0)
			for i, is := range s.space.Issues() {
				o = s.space.Neighbour(o, i, drawN(s.self, len(is.Values)))
			}
			order[k] = o
		}
	}
	bin := make([]int32, len(order))
	size := make([]int32, nb)
	size[nb-1]++ // the best bid
	for k, o := range order {
		b := which(u[o])
		bin[k] = int32(b)
		if b >= 0 {
			size[b]++
		}
	}
	s.binOff = make([]int32, nb+1)
	for i := range nb {
		s.binOff[i+1] = s.binOff[i] + size[i]
	}
	s.bins = make([]sim.Outcome, s.binOff[nb])
	fill := make([]int32, nb)
	copy(fill, s.binOff[:nb])
	s.bins[fill[nb-1]] = s.best
	fill[nb-1]++
	for k, o := range order {
		if b := bin[k]; b >= 0 {
			s.bins[fill[b]] = o
			fill[b]++
		}
	}
}

// candidates returns the bids of the bins from ⌊lo/0.01⌋ to
// ⌊hi/0.01⌋ − 1 (getBidsBetweenUtility), or nil for none.
func (s *cuhkGenius) candidates(lo, hi float64) []sim.Outcome {
	nb := len(s.binOff) - 1
	a, b := int(lo/cuhkBinWidth), int(hi/cuhkBinWidth)
	a, b = max(a, 0), min(b, nb)
	if a >= b {
		return nil
	}
	return s.bins[s.binOff[a]:s.binOff[b]]
}

// receive updates the opponent model with its offer o.
func (s *cuhkGenius) receive(o sim.Outcome) {
	if s.seen.add(int(o)) {
		s.history = append(s.history, o)
		if s.oppBest == sim.NoOutcome || s.u[o] > s.u[s.oppBest] {
			s.oppBest = o
		}
	}
	s.counter[o]++
	if len(s.history) <= cuhkStored {
		for i := range s.space.NumIssues() {
			s.counts.issue(i)[s.space.ValueIndex(o, i)]++
		}
	}
	s.oppLast = o
}

// degree is the opponent's concession degree (getConcessionDegree).
func (s *cuhkGenius) degree() float64 {
	n := len(s.history)
	k := float64(n)
	if n > cuhkHistory {
		k = 0
		for _, o := range s.history[n-cuhkHistory:] {
			if s.counter[o] == 1 {
				k++
			}
		}
	}
	return accuratePow(k/cuhkHistory, 2)
}

// score is ChooseBid's score of o: the sum over the issues of the count
// of its value among the opponent's offers.
func (s *cuhkGenius) score(o sim.Outcome) float64 {
	var c float64
	for i := range s.space.NumIssues() {
		c += s.counts.issue(i)[s.space.ValueIndex(o, i)]
	}
	return c
}

// choose is OpponentBidHistory.ChooseBid over the candidates c.
func (s *cuhkGenius) choose(c []sim.Outcome) sim.Outcome {
	n := len(c)
	s.pool = n
	pick := func(i int) sim.Outcome {
		if n >= cuhkSample {
			return c[drawN(s.self, n)]
		}
		return c[i]
	}
	m := min(n, cuhkSample)
	choice, top := sim.NoOutcome, 0.0
	for i := range m {
		o := pick(i)
		if v := s.score(o); v > top {
			choice, top = o, v
		} else if v == top && draw(s.self) < 0.5 {
			choice = o
		}
	}
	if choice != sim.NoOutcome && draw(s.self) < 1-cuhkExplore {
		return choice
	}
	return c[drawN(s.self, n)]
}

// bidToOffer is CUHKAgent.BidToOffer at time t: it updates the threshold
// and returns the bid to offer.
func (s *cuhkGenius) bidToOffer(t float64) sim.Outcome {
	n := len(s.u)
	if s.df == 1 && n > cuhkLargeDomain {
		s.floor = s.max - 0.05
		if s.df > 1-0.25 && n > cuhkHugeDomain && t >= 0.98 {
			s.floor = s.max - 0.25
		}
		s.tau = min(s.tau, s.floor)
	} else {
		if t <= s.tc {
			minThreshold := s.max * s.df / accuratePow(s.df, s.tc)
			s.tau = s.max - (s.max-minThreshold)*accuratePow(t/s.tc, cuhkAlpha1)
		} else {
			s.tau = s.max * s.df / accuratePow(s.df, t)
		}
		s.floor = s.tau
	}
	if b := s.u[s.oppBest]; b >= s.tau || b >= s.floor {
		s.why = cuhkBidOppBest
		return s.oppBest
	}
	s.why = cuhkBidChoose
	c := s.candidates(s.floor, s.max)
	if len(c) == 0 {
		s.pool = 0
		return s.best
	}
	return s.choose(c)
}

// acceptOffer is CUHKAgent.AcceptOpponentOffer for the offer x and the
// planned bid.
func (s *cuhkGenius) acceptOffer(x, bid sim.Outcome, t float64) bool {
	ux := s.u[x]
	if ux >= s.tau || ux >= s.u[bid] {
		return true
	}
	b := s.u[s.oppBest]
	dt := accuratePow(s.df, t)
	if (b*dt > s.max*s.df && t > s.tc) || b*dt > s.tau*dt {
		return ux >= b-0.01
	}
	return false
}

// terminate is CUHKAgent.TerminateCurrentNegotiation for the planned bid.
func (s *cuhkGenius) terminate(bid sim.Outcome, t float64) bool {
	if s.rv >= s.tau || s.rv >= s.u[bid] {
		return true
	}
	return s.rv*accuratePow(s.df, t) > s.max*s.df && t > s.tc
}

// plan reads the opponent's offers and, once per turn, decides what
// CUHKAgent.chooseAction decides.
func (s *cuhkGenius) plan(round int, tm float64, h *sim.History) {
	fresh := false
	for o, ok := s.feed.next(h); ok; o, ok = s.feed.next(h) {
		if inSpace(o.Outcome, len(s.u)) {
			s.receive(o.Outcome)
			fresh = true
		}
	}
	if round == s.planRound && tm == s.planTime {
		return
	}
	s.planRound, s.planTime = round, tm
	s.action = sim.Reject
	if fresh {
		s.tc = min(1, s.tc0+0.1*(1-s.tc0)*accuratePow(s.degree(), 10))
	}
	if s.oppLast == sim.NoOutcome || s.offered == 0 {
		s.next, s.why = s.best, cuhkBidOpen
		return
	}
	left := s.self.Deadline + 1 - (round + 1)
	lastChance := left <= cuhkLateRounds && tm > cuhkLastChanceT && left < 5
	var bid sim.Outcome
	if lastChance {
		bid, s.why = s.oppBest, cuhkBidLast
		if s.u[bid] < cuhkLastBestLow && left >= 2 {
			if c := s.candidates(s.max-cuhkLastBandLow, s.max-cuhkLastBandHigh); len(c) > 0 {
				bid, s.why = s.choose(c), cuhkBidLastBand
			}
		}
	} else {
		bid = s.bidToOffer(tm)
	}
	a, e := s.acceptOffer(s.oppLast, bid, tm), s.terminate(bid, tm)
	switch {
	case a && !e:
		s.action = sim.Accept
	case e && !a:
		s.action = sim.Walk
	case a && e:
		s.action = sim.Walk
		if s.u[s.oppLast] > s.rv {
			s.action = sim.Accept
		}
	}
	s.next = bid
}

// Propose offers the planned bid.
func (s *cuhkGenius) Propose(t *sim.Turn) sim.Outcome {
	round, tm, h := turnOf(t)
	s.plan(round, tm, h)
	if s.action == sim.Walk {
		return sim.NoOutcome
	}
	s.offered++
	s.action = sim.Reject
	return s.next
}

// Respond accepts or walks away as CUHKAgent decided (or by the chosen
// acceptance condition).
func (s *cuhkGenius) Respond(t *sim.Turn, offer sim.Outcome) sim.Action {
	if t == nil || !inSpace(offer, len(s.u)) {
		return sim.Reject
	}
	round, tm, h := turnOf(t)
	s.plan(round, tm, h)
	if s.acc != nil {
		if s.acc.accept(decision{turn: t, time: tm, u: s.u[offer], next: s.u[s.next], target: s.tau}) {
			s.action = sim.Accept
			return sim.Accept
		}
		return sim.Reject
	}
	if offer != s.oppLast && s.action == sim.Accept {
		return sim.Reject
	}
	return s.action
}

// Explain says why GENIUS's CUHKAgent made its last move.
func (s *cuhkGenius) Explain() string {
	switch s.action {
	case sim.Accept:
		return fmt.Sprintf("accepts: the offer is worth %s to it; threshold %s, its next bid %s, the opponent's best %s (GENIUS's CUHKAgent)",
			num(s.u[s.oppLast]), num(s.tau), num(s.u[s.next]), num(s.u[s.oppBest]))
	case sim.Walk:
		return fmt.Sprintf("walks away: its reservation value %s reaches its threshold %s or its next bid %s (GENIUS's CUHKAgent)", num(s.rv), num(s.tau), num(s.u[s.next]))
	}
	x := s.u[s.next]
	switch s.why {
	case cuhkBidOpen:
		return fmt.Sprintf("opens with its best outcome (%s)", num(x))
	case cuhkBidOppBest:
		return fmt.Sprintf("threshold %s at t = %s (t_c = %s); the opponent's best offer so far (%s) reaches it: offers that back", num(s.tau), num(s.planTime), num(s.tc), num(x))
	case cuhkBidLast, cuhkBidLastBand:
		return fmt.Sprintf("last chance: offers %s", num(x))
	}
	if math.IsNaN(x) {
		return ""
	}
	return fmt.Sprintf("threshold %s at t = %s (t_c = %s); of the %d bids binned from %s up, the one the opponent offered most values of, worth %s", num(s.tau), num(s.planTime), num(s.tc), s.pool, num(s.floor), num(x))
}
