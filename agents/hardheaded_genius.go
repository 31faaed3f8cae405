package agents

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sync/atomic"

	"github.com/parley-sim/parley/sim"
)

// This file is HardHeaded in the GENIUS convention: GENIUS 9.1.10's
// agents.anac.y2011.HardHeaded.KLH, step by step, where hardheaded.go is
// parley's reading of the published agent.

// hhKeys is HardHeaded's bid list (GENIUS's BidSelector): every outcome
// keyed by its GENIUS utility plus an offset of about −j·1e-8, j its
// position in the last pass of the construction, ascending by key. It is
// immutable once built and shared by the sessions of one utility.
type hhKeys struct {
	of   utilityKey
	u    []float64     // GENIUS utility per outcome (parley index)
	key  []float64     // ascending
	o    []sim.Outcome // o[i] has key[i]
	pos  []int32       // pos[o] is o's position in key, -1 if a key collision dropped it
	band int           // the most entries a refill's band can hold
}

// newHHKeys builds the bid list of u over s as GENIUS's BidSelector does:
// starting from the bid with every issue at its first value keyed by its
// utility, each issue in domain order replaces the map by a new one in
// which every entry, in ascending key order, spawns one bid per value of
// the issue, in domain order, keyed by its utility plus an offset that
// starts at −1e-8 and falls by 1e-8 (accumulated in floating point) at
// every insertion. An equal key replaces the earlier bid, as a TreeMap
// does.
func newHHKeys(u *sim.Utility, s *sim.Space) *hhKeys {
	k := &hhKeys{of: keyOf(u, s), u: geniusUtilities(u)}
	type entry struct {
		key float64
		o   sim.Outcome
	}
	cur := []entry{{key: k.u[0], o: 0}}
	var next []entry
	for i, is := range s.Issues() {
		next = next[:0]
		off := -1e-8
		for _, e := range cur {
			for v := range is.Values {
				o := s.Neighbour(e.o, i, v)
				next = append(next, entry{key: k.u[o] + off, o: o})
				off -= 1e-8
			}
		}
		slices.SortStableFunc(next, func(a, b entry) int { return cmp.Compare(a.key, b.key) })
		// Of equal keys the last inserted wins.
		w := 0
		for r := range next {
			if w > 0 && next[w-1].key == next[r].key {
				next[w-1] = next[r]
				continue
			}
			next[w] = next[r]
			w++
		}
		cur, next = next[:w], cur
	}
	k.key = make([]float64, len(cur))
	k.o = make([]sim.Outcome, len(cur))
	k.pos = make([]int32, len(k.u))
	for i := range k.pos {
		k.pos[i] = -1
	}
	for i, e := range cur {
		k.key[i], k.o[i] = e.key, e.o
		k.pos[e.o] = int32(i)
	}
	// The widest band: an entry and those less than 0.01 below it.
	lo := 0
	for hi := range k.key {
		for k.key[hi]-k.key[lo] >= hhTolerance {
			lo++
		}
		k.band = max(k.band, hi-lo+1)
	}
	return k
}

// lower returns the position of the entry with the greatest key strictly
// below key, or -1 (TreeMap.lowerEntry).
func (k *hhKeys) lower(key float64) int {
	i, _ := slices.BinarySearch(k.key, key) // first position with k.key ≥ key
	return i - 1
}

// hhKeysCache keeps the bid list of the last utility a maker saw.
type hhKeysCache struct{ last atomic.Pointer[hhKeys] }

func (c *hhKeysCache) get(u *sim.Utility, s *sim.Space) *hhKeys {
	if k := c.last.Load(); k != nil && k.of.matches(u, s) {
		return k
	}
	k := newHHKeys(u, s)
	c.last.Store(k)
	return k
}

// hhEntry is an entry of HardHeaded's bid list: a key and its bid.
type hhEntry struct {
	key float64
	o   sim.Outcome
}

// hhModel is HardHeaded's opponent model as GENIUS computes it: a copy of
// the party's utility space with every issue weight 1/n and every value's
// evaluation 1; from the opponent's second offer on, each issue's weight
// is set in turn through AdditiveUtilitySpace.setWeight, which renormalises
// all the weights at once, and the values of the latest offer gain 1.
type hhModel struct {
	space  *sim.Space
	w      []float64
	counts [][]int32
	max    []int32 // the largest count per issue
	last   sim.Outcome
	offers int
}

func newHHModel(s *sim.Space) *hhModel {
	n := s.NumIssues()
	m := &hhModel{space: s, w: make([]float64, n), counts: make([][]int32, n), max: make([]int32, n), last: sim.NoOutcome}
	for i, is := range s.Issues() {
		m.w[i] = 1 / float64(n)
		m.counts[i] = make([]int32, len(is.Values))
		for v := range m.counts[i] {
			m.counts[i][v] = 1
		}
		m.max[i] = 1
	}
	return m
}

// hhRenormal is GENIUS's RENORMALCORR.
const hhRenormal = 0.05

// setWeight is AdditiveUtilitySpace.setWeight for issue i: assign, then
// renormalise every weight from the sums before the loop; if the total is
// then off by 0.02 or more, the assigned weight alone is put back.
func (m *hhModel) setWeight(i int, w float64) {
	old := m.w[i]
	m.w[i] = w
	n := len(m.w)
	if n > 1 {
		sum := 0.0
		for _, x := range m.w {
			sum += x
		}
		diff := sum - 1
		corrected := sum + hhRenormal*float64(n)
		for j, x := range m.w {
			nw := x - diff*(x+hhRenormal)/corrected
			if nw < 0 {
				nw = 0
			}
			m.w[j] = nw
		}
	} else {
		m.w[0] = 1
	}
	total := 0.0
	for _, x := range m.w {
		total += x
	}
	if !(total > 0.98 && total < 1.02) {
		m.w[i] = old
	}
}

// update learns from the opponent's offer o (KLH.updateLearner).
func (m *hhModel) update(o sim.Outcome) {
	m.offers++
	prev := m.last
	m.last = o
	if m.offers < 2 {
		return
	}
	n := len(m.w)
	unchanged := 0
	for i := range n {
		if m.space.ValueIndex(o, i) == m.space.ValueIndex(prev, i) {
			unchanged++
		}
	}
	g := frequencyLearning / float64(n)
	total := 1 + g*float64(unchanged)
	maxW := 1 - float64(n)*g/total
	for i := range n {
		if m.space.ValueIndex(o, i) == m.space.ValueIndex(prev, i) && m.w[i] < maxW {
			m.setWeight(i, (m.w[i]+g)/total)
		} else {
			m.setWeight(i, m.w[i]/total)
		}
	}
	for i := range n {
		v := m.space.ValueIndex(o, i)
		m.counts[i][v]++
		m.max[i] = max(m.max[i], m.counts[i][v])
	}
}

// utility is the model's utility of o, summed like any additive utility
// (issue order, capped at 1).
func (m *hhModel) utility(o sim.Outcome) float64 {
	u := 0.0
	for i, w := range m.w {
		u += float64(w * (float64(m.counts[i][m.space.ValueIndex(o, i)]) / float64(m.max[i])))
	}
	return min(u, 1)
}

// newHardHeadedGenius returns GENIUS's HardHeaded for one session, or nil
// when the party has no outcome space to build its bid list over.
func (m *hardHeadedMaker) newGenius(self *sim.Self) sim.Strategy {
	if self == nil || self.Utility == nil || self.Utility.Len() == 0 {
		return walker{}
	}
	space := self.Space
	if space == nil || space.Size() != self.Utility.Len() {
		// No outcome space (a strategy built by hand): one issue whose
		// values are the outcomes.
		var err error
		if space, err = sim.NewSpace([]sim.Issue{{ID: "outcome", Values: make([]sim.Value, self.Utility.Len())}}); err != nil {
			return walker{}
		}
	}
	k := m.keys.get(self.Utility, space)
	s := &hardHeadedGenius{self: self, k: k, how: m.acc, oppBest: sim.NoOutcome, lowestYet: 1, planRound: -1}
	s.hi = k.u[k.o[len(k.o)-1]]
	s.df = geniusDiscount(self)
	s.model = newHHModel(space)
	s.band = newRBTree(k.band + 2)
	s.mine = make([]hhEntry, 0, min(max(self.Deadline, 1), 1<<16)+1)
	s.acc = s.accs.build(m.acc, self)
	s.feed.opp = int32(1 - self.Index)
	return s
}

// hardHeadedGenius plays one session of GENIUS's HardHeaded.
type hardHeadedGenius struct {
	self  *sim.Self
	k     *hhKeys
	hi    float64 // maxUtil: the utility of the highest-key bid
	df    float64 // GENIUS's discount factor
	model *hhModel
	band  rbTree // the refill's band, a TreeMap
	acc   acceptor
	accs  acceptors
	how   acceptance
	feed  oppFeed

	oppLast   sim.Outcome
	oppBest   sim.Outcome // the opponent's best offer; NoOutcome before any
	lowestYet float64
	mine      []hhEntry // the entries it offered, in order
	queue     [8]hhEntry
	qHead, qN int
	nodes     [hhTop + 1]int32 // the band's nodes the picks queued

	planRound  int
	planTime   float64
	p          float64
	accept     bool // accept the opponent's last offer at this turn
	proposedAt int  // round+1 of the last proposal

	// For Explain.
	fill      uint8
	fillBand  int
	fillLevel float64
	frontOpp  bool
	sentOpp   bool
	accepted  bool
	acceptedU float64
}

var (
	_ sim.Strategy  = (*hardHeadedGenius)(nil)
	_ sim.Explainer = (*hardHeadedGenius)(nil)
)

// target is KLH.get_p: HardHeaded's p(t) with minUtil = 0.585 whatever
// the reservation value, t/df not capped.
func (s *hardHeadedGenius) target(t float64) float64 {
	hi, lo, df := s.hi, hhMin, s.df
	switch {
	case df >= hhIgnoreDF:
		f := hhKa + (1-hhKa)*accuratePow(t/df, 1/hhE)
		return lo + (1-f)*(hi-lo)
	case t <= df:
		e := hhE / df
		f := hhKa + (1-hhKa)*accuratePow(t/df, 1/e)
		floor := lo + math.Abs(hi-lo)*df
		return floor + (1-f)*(hi-floor)
	default:
		f := hhKa + (1-hhKa)*accuratePow((t-df)/(1-df), 1/hhLateE)
		top := lo + math.Abs(hi-lo)*df
		return lo + (1-f)*(top-lo)
	}
}

func (s *hardHeadedGenius) push(e hhEntry) {
	s.queue[(s.qHead+s.qN)%len(s.queue)] = e
	s.qN++
}

func (s *hardHeadedGenius) pushFront(e hhEntry) {
	s.qHead = (s.qHead + len(s.queue) - 1) % len(s.queue)
	s.queue[s.qHead] = e
	s.qN++
}

func (s *hardHeadedGenius) pop() hhEntry {
	e := s.queue[s.qHead]
	s.qHead = (s.qHead + 1) % len(s.queue)
	s.qN--
	return e
}

// entryOf returns o's entry of the bid list.
func (s *hardHeadedGenius) entryOf(o sim.Outcome) hhEntry {
	return hhEntry{key: s.k.key[s.k.pos[o]], o: o}
}

// plan reads the opponent's new offers and, once per turn, does what
// KLH.chooseAction does before it acts: p(t), the refill of an empty
// queue, and the decision to accept.
func (s *hardHeadedGenius) plan(round int, tm float64, h *sim.History) {
	u := s.k.u
	for o, ok := s.feed.next(h); ok; o, ok = s.feed.next(h) {
		if !inSpace(o.Outcome, len(u)) {
			continue
		}
		s.oppLast = o.Outcome
		s.model.update(o.Outcome)
		if s.oppBest == sim.NoOutcome || u[o.Outcome] > u[s.oppBest] {
			s.oppBest = o.Outcome
		}
	}
	if round == s.planRound && tm == s.planTime {
		return
	}
	s.planRound, s.planTime = round, tm
	s.p = s.target(tm)
	switch {
	case len(s.mine) == 0 && s.qN == 0:
		last := len(s.k.key) - 1
		s.push(hhEntry{key: s.k.key[last], o: s.k.o[last]})
		s.fill = hhFillOpen
	case s.qN == 0:
		s.refill()
	}
	s.accept = false
	if s.oppBest != sim.NoOutcome {
		x := u[s.oppLast]
		s.accept = x > s.lowestYet || u[s.queue[s.qHead].o] <= x
	}
}

// refill fills the empty queue as KLH.chooseAction does.
func (s *hardHeadedGenius) refill() {
	k := s.k
	s.frontOpp = false
	last := s.mine[len(s.mine)-1]
	j := k.lower(last.key)
	if j < 0 { // its last bid is the lowest: GENIUS would fail here; hold
		s.push(last)
		s.fill = hhFillHold
		return
	}
	first := hhEntry{key: k.key[j], o: k.o[j]}
	s.fillLevel = first.key
	b := &s.band
	b.reset()
	b.put(first.key, first.o)
	s.fill = hhFillBand
	if first.key < s.p {
		b.remove(first.key)
		e := s.mine[int(math.Floor(float64(len(s.mine))*draw(s.self)))]
		b.put(e.key, e.o)
		s.fill = hhFillReoffer
	}
	for a := j - 1; a >= 0 && first.key-k.key[a] < hhTolerance && k.key[a] >= s.p; a-- {
		b.put(k.key[a], k.o[a])
	}
	size := b.size()
	s.fillBand = size
	if size <= hhTop {
		for x := b.first(); x != rbNil; x = b.successor(x) {
			key, o := b.entry(x)
			s.push(hhEntry{key: key, o: o})
		}
	} else {
		// Five picks. A pick found by the scan is a live node of the band,
		// which a later removal may overwrite with its successor's entry;
		// the queue shows what each node holds once the picks are done.
		var snap [hhTop + 1]hhEntry
		var isSnap [hhTop + 1]bool
		for c := range hhTop + 1 {
			lastNode := b.last()
			bestKey, bestO := b.entry(lastNode)
			snap[c], isSnap[c] = hhEntry{key: bestKey, o: bestO}, true
			bestU := s.model.utility(bestO)
			for x := b.first(); x != rbNil; x = b.successor(x) {
				_, o := b.entry(x)
				if v := s.model.utility(o); v > bestU {
					bestU, isSnap[c], s.nodes[c] = v, false, x
				}
			}
			if isSnap[c] {
				b.remove(snap[c].key)
			} else {
				key, _ := b.entry(s.nodes[c])
				b.remove(key)
			}
		}
		for c := range hhTop + 1 {
			if isSnap[c] {
				s.push(snap[c])
			} else {
				key, o := b.entry(s.nodes[c])
				s.push(hhEntry{key: key, o: o})
			}
		}
	}
	if s.oppBest != sim.NoOutcome {
		if ob := s.entryOf(s.oppBest); s.queue[s.qHead].key < ob.key {
			s.pushFront(ob)
			s.frontOpp = true
		}
	}
}

// Propose offers the head of the queue.
func (s *hardHeadedGenius) Propose(t *sim.Turn) sim.Outcome {
	round, tm, h := turnOf(t)
	s.plan(round, tm, h)
	if s.proposedAt == round+1 && len(s.mine) > 0 {
		return s.mine[len(s.mine)-1].o // asked twice in one turn
	}
	s.proposedAt = round + 1
	s.accepted = false
	s.sentOpp, s.frontOpp = s.frontOpp, false
	e := s.pop()
	s.mine = append(s.mine, e)
	if e.key < s.lowestYet {
		s.lowestYet = s.k.u[e.o]
	}
	return e.o
}

// Respond accepts by HardHeaded's rule (or the chosen condition): the
// offer beats the lowest utility it has offered, or is at least as good
// as the head of its queue, undiscounted; no reservation value check.
func (s *hardHeadedGenius) Respond(t *sim.Turn, offer sim.Outcome) sim.Action {
	if t == nil || !inSpace(offer, len(s.k.u)) {
		return sim.Reject
	}
	round, tm, h := turnOf(t)
	s.plan(round, tm, h)
	x := s.k.u[offer]
	ok := s.accept && offer == s.oppLast
	if s.acc != nil {
		ok = s.acc.accept(decision{turn: t, time: tm, u: x, next: s.k.u[s.queue[s.qHead].o], target: s.p})
	}
	if ok {
		s.accepted, s.acceptedU = true, x
		return sim.Accept
	}
	return sim.Reject
}

// Explain says why GENIUS's HardHeaded made its last move.
func (s *hardHeadedGenius) Explain() string {
	if s.accepted {
		if s.how.kind != acceptAuto {
			return acceptReason(s.how, s.acceptedU, s.k.u[s.queue[s.qHead].o], s.p, s.planTime)
		}
		if s.acceptedU > s.lowestYet {
			return fmt.Sprintf("accepts: the offer is worth %s to it, more than the lowest it has offered so far (%s)", num(s.acceptedU), num(s.lowestYet))
		}
		return fmt.Sprintf("accepts: the offer is worth %s to it, at least as much as its next bid (%s)", num(s.acceptedU), num(s.k.u[s.queue[s.qHead].o]))
	}
	if len(s.mine) == 0 {
		return ""
	}
	x := s.k.u[s.mine[len(s.mine)-1].o]
	curve := fmt.Sprintf("target %s (GENIUS's HardHeaded at t = %s)", num(s.p), num(s.planTime))
	switch {
	case s.sentOpp:
		return fmt.Sprintf("the opponent's best offer so far is worth %s to it, more than its own next bid: offers it back", num(x))
	case s.fill == hhFillOpen:
		return fmt.Sprintf("opens with its best outcome (%s); %s", num(x), curve)
	case s.fill == hhFillReoffer:
		return fmt.Sprintf("%s; the next entry of its bid list, %s, is below it: re-offers one of its earlier bids, worth %s", curve, num(s.fillLevel), num(x))
	case s.fill == hhFillHold:
		return fmt.Sprintf("%s; its last bid is the lowest of its list: repeats it", curve)
	}
	return fmt.Sprintf("%s; offers from the band of %d entries below its last bid (at most 0.01 below %s), worth %s", curve, s.fillBand, num(s.fillLevel), num(x))
}
