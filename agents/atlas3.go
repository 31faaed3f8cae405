package agents

import (
	"fmt"
	"math"
	"strings"

	"github.com/parley-sim/parley/sim"
)

// Atlas3's constants (Mori & Ito 2017; GENIUS Atlas3/etc/strategy.java).
const (
	atlasTF = 1.0 // the time of the final-offer phase
	atlasPF = 0.5 // the chance that the party concedes first when both compromise
)

func atlas3Params() []Param {
	return append([]Param{anacConventionParam("Atlas3 as GENIUS 9.1.10 plays it: utilities as GENIUS's (hi taken as 1), its final-offer test in floating point on the measured time per turn, its search with simulated annealing once the relative-utility search fails, most frequent values with random ties")},
		acceptanceParamsWith("Atlas3's: the offer reaches its threshold, and in the final-offer phase anything its list of the opponent's bids does not beat")...)
}

func atlas3Info() Info {
	return Info{
		Name:    "atlas3",
		Summary: "Atlas3 (ANAC 2015 winner): a threshold floored by the expected utility of a final-offer game, ending by replaying the opponent's own bids",
		Rule: "With df = δ_s = δ^(D+1), rv the reservation value and C the party's best utility among the opponent's offers, the final-offer game has payoffs A11 = rv·df (both hardline), A12 = df^TF (TF = 1), A21 = C·df^TF if C ≥ rv else rv·df, A22 = PF·A21 + (1 − PF)·A12 (PF = 0.5); " +
			"the opponent hardlines with q = 1/(1 − (A11 − A21)/(A12 − A22)) (1 when undefined or outside [0, 1]), so E = q·A21 + (1 − q)·A22 and target = E/df^t. " +
			"Threshold τ(t) = target + (hi − target)(1 − t) if df = 1, else max(hi·(1 − t/df), target), hi the best utility (1 in GENIUS's normalised spaces). " +
			"It accepts (auto) iff u ≥ τ and walks away iff rv·df^t ≥ τ. " +
			"It bids: from a random outcome, the single-issue change of lowest utility still ≥ τ (ties at random); failing that, its best outcome conceding issue by issue in random order (GENIUS's relative-utility search for linear spaces); failing that, its best outcome; then, issue by issue in random order, it swaps in the value the opponent offered most often whenever that does not lower its utility. Never below rv. " +
			"Final-offer phase, once fewer rounds remain than the number of distinct offers the opponent has made plus one (GENIUS: t > 1 − (time per turn)·(|list| + 1)): it walks down the opponent's distinct offers sorted by its own utility, offering each that beats the standing offer and rv, else accepting the standing offer if it beats rv; past the list's end it accepts anything worth at least rv. " +
			"Parley keeps the 1024 best distinct offers of the opponent.",
		Citation: "Mori & Ito (2017), Atlas3: a negotiating agent based on expecting lower limit of concession function, in Modern Approaches to Agent-based Complex Automated Negotiation, SCI 674, 169-173; GENIUS 10.4 agents/anac/y2015/Atlas3",
		Params:   atlas3Params(),
		New:      newAtlas3,
	}
}

func newAtlas3(p Params) (sim.Maker, error) {
	v, err := resolve(atlas3Params(), p)
	if err != nil {
		return nil, fmt.Errorf("atlas3: %w", err)
	}
	m := &atlas3Maker{genius: v.str("convention") == conventionGenius}
	if m.acc, err = newAcceptance(v, acceptAuto); err != nil {
		return nil, fmt.Errorf("atlas3: %w", err)
	}
	return m, nil
}

// atlas3Maker makes Atlas3 strategies. It is safe for concurrent use;
// with convention genius it keeps GENIUS's utilities of the last utility
// it saw.
type atlas3Maker struct {
	acc    acceptance
	genius bool
	sorted geniusCache
}

var (
	_ sim.Maker     = (*atlas3Maker)(nil)
	_ sim.Strategy  = (*atlas3)(nil)
	_ sim.Explainer = (*atlas3)(nil)
)

// NewStrategy returns a fresh strategy for one session.
func (m *atlas3Maker) NewStrategy(self *sim.Self) sim.Strategy {
	if m.genius {
		return m.newGenius(self)
	}
	if !usable(self) {
		return walker{}
	}
	u := self.Utility
	s := &atlas3{self: self, planRound: -1, last: sim.NoOutcome, how: m.acc}
	s.hi = u.Max()
	s.df = sessionDiscount(self)
	s.best = u.Best()
	s.kept = newKeptOffers(u, self.Deadline)
	s.acc = s.accs.build(m.acc, self)
	if sp := self.Space; sp != nil && sp.Size() == u.Len() {
		s.space = sp
		s.freq = newValueTable(sp)
		s.rel = newValueTable(sp)
		s.issues = make([]int, sp.NumIssues())
		most := 0
		for i, is := range sp.Issues() {
			most = max(most, len(is.Values))
			r := s.rel.issue(i)
			for v := range r {
				r[v] = u.Of(sp.Neighbour(s.best, i, v)) - s.hi
			}
		}
		s.vals = make([]int, most)
	}
	s.feed.opp = int32(1 - self.Index)
	return s
}

// atlas3 plays one session of Atlas3.
type atlas3 struct {
	self  *sim.Self
	space *sim.Space // nil when the party has no outcome space
	hi    float64
	df    float64
	best  sim.Outcome
	acc   acceptor
	accs  acceptors
	feed  oppFeed

	kept   keptOffers // the opponent's distinct offers, best first: the PB list
	freq   valueTable // how often the opponent offered each value
	rel    valueTable // u(best with value v on issue i) − u(best)
	issues []int      // shuffle buffers
	vals   []int
	bou    float64 // best utility offered by the opponent
	last   sim.Outcome
	cIndex int // next position in the final-offer list

	planRound int
	planTime  float64
	tau       float64
	final     bool
	finalAcc  bool        // final phase: accept the standing offer
	next      sim.Outcome // the bid, in the final phase the list's entry
	nextU     float64
	fromList  bool

	// What drove the last move, for Explain: the final-offer game behind
	// the threshold (the opponent's chance of holding out q and the
	// floor E/df^t), how the bid was found (atlasBid*), the list entry
	// offered, the standing offer's utility, the last move (atlasMove*).
	how      acceptance
	q, floor float64
	bidWhy   uint8
	swapped  bool
	listPos  int
	offered  float64
	move     uint8
	moveU    float64
}

// How Atlas3 found its last bid, for Explain.
const (
	atlasBidNeighbour uint8 = iota // a single-issue change of a random outcome
	atlasBidRelative               // conceding issue by issue from its best outcome
	atlasBidBest                   // its best outcome
	atlasBidLowest                 // no outcome space: the lowest outcome above the threshold
)

// Atlas3's last move, for Explain.
const (
	atlasMoveBid         uint8 = iota
	atlasMoveList              // final phase: an entry of the opponent's offers
	atlasAcceptTau             // the offer reaches the threshold
	atlasAcceptFinal           // final phase: the list has nothing better
	atlasAcceptPast            // final phase: past the list's end
	atlasAcceptCondition       // by the chosen acceptance condition
	atlasWalk                  // rv·df^t reaches the threshold
)

// threshold returns τ(t).
func (s *atlas3) threshold(t float64) float64 {
	df, rv := s.df, s.self.Reservation
	c := s.bou
	a11 := rv * df
	a12 := math.Pow(df, atlasTF)
	a21 := rv * df
	if c >= rv {
		a21 = c * math.Pow(df, atlasTF)
	}
	a22 := atlasPF*a21 + (1-atlasPF)*a12
	q := 1.0
	if a12-a22 != 0 && 1-(a11-a21)/(a12-a22) != 0 {
		q = 1 / (1 - (a11-a21)/(a12-a22))
	}
	if q < 0 || q > 1 {
		q = 1
	}
	target := (q*a21 + (1-q)*a22) / math.Pow(df, t)
	s.q, s.floor = q, target
	if df == 1 {
		return target + (s.hi-target)*(1-t)
	}
	return max(s.hi*(1-t/df), target)
}

// shuffle fills p with 0..len(p)−1 in a random order.
func (s *atlas3) shuffle(p []int) {
	for i := range p {
		p[i] = i
	}
	for i := len(p) - 1; i > 0; i-- {
		j := drawN(s.self, i+1)
		p[i], p[j] = p[j], p[i]
	}
}

// bid searches a bid worth at least floor, as Atlas3's bidSearch.getBid.
func (s *atlas3) bid(floor float64) sim.Outcome {
	u := s.self.Utility
	s.swapped = false
	if s.space == nil {
		s.bidWhy = atlasBidLowest
		return lowestAtLeast(u, floor)
	}
	sp := s.space
	// Neighbourhood search from a random outcome.
	base := sim.Outcome(drawN(s.self, u.Len()))
	found, foundU, ties := sim.NoOutcome, math.Inf(1), 0
	for i, is := range sp.Issues() {
		for v := range is.Values {
			o := sp.Neighbour(base, i, v)
			x := u.Of(o)
			switch {
			case x < floor || x > foundU:
			case x < foundU:
				found, foundU, ties = o, x, 1
			default: // a tie: keep one of them uniformly
				ties++
				if drawN(s.self, ties) == 0 {
					found = o
				}
			}
		}
	}
	s.bidWhy = atlasBidNeighbour
	if found == sim.NoOutcome {
		s.bidWhy = atlasBidRelative
		// Relative-utility search from the best outcome.
		cur := s.best
		d, sum := floor-s.hi, 0.0
		s.shuffle(s.issues)
		for _, i := range s.issues {
			vals := s.vals[:len(sp.Issues()[i].Values)]
			s.shuffle(vals)
			r := s.rel.issue(i)
			for _, v := range vals {
				if d <= sum+r[v] {
					cur = sp.Neighbour(cur, i, v)
					sum += r[v]
					break
				}
			}
		}
		found = cur
		if u.Of(found) < floor {
			found, s.bidWhy = s.best, atlasBidBest
		}
	}
	// Swap in the opponent's most frequent values.
	if s.last != sim.NoOutcome {
		s.shuffle(s.issues)
		for _, i := range s.issues {
			f := s.freq.issue(i)
			top := 0
			for v := range f {
				if f[v] > f[top] {
					top = v
				}
			}
			if o := sp.Neighbour(found, i, top); u.Of(o) >= u.Of(found) {
				s.swapped = s.swapped || o != found
				found = o
			}
		}
	}
	return found
}

// plan reads the opponent's offers and, once per turn, decides.
func (s *atlas3) plan(round int, tm float64, h *sim.History) {
	u := s.self.Utility
	for o, ok := s.feed.next(h); ok; o, ok = s.feed.next(h) {
		if !inSpace(o.Outcome, u.Len()) {
			continue
		}
		s.last = o.Outcome
		s.bou = max(s.bou, u.Of(o.Outcome))
		s.kept.add(o.Outcome)
		if s.space != nil {
			for i := range s.space.NumIssues() {
				s.freq.issue(i)[s.space.ValueIndex(o.Outcome, i)]++
			}
		}
	}
	if round == s.planRound && tm == s.planTime {
		return
	}
	s.planRound, s.planTime = round, tm
	rv := s.self.Reservation
	s.tau = s.threshold(tm)
	s.final = s.self.Deadline-round < len(s.kept.list)+1
	s.finalAcc, s.fromList = false, false
	offered := math.Inf(-1)
	if s.last != sim.NoOutcome {
		offered = u.Of(s.last)
	}
	s.offered = offered
	if s.final {
		if s.cIndex >= len(s.kept.list) {
			s.finalAcc = offered >= rv
		} else if c := s.kept.list[s.cIndex]; u.Of(c) > offered && u.Of(c) > rv {
			s.next, s.nextU, s.fromList = c, u.Of(c), true
			return
		} else {
			s.finalAcc = offered > rv
		}
	}
	s.next = s.bid(max(s.tau, rv))
	s.nextU = u.Of(s.next)
}

// Propose offers the planned bid.
func (s *atlas3) Propose(t *sim.Turn) sim.Outcome {
	round, tm, h := turnOf(t)
	s.plan(round, tm, h)
	s.move = atlasMoveBid
	if s.fromList {
		s.move, s.listPos = atlasMoveList, s.cIndex
		s.cIndex++
		s.fromList = false
	}
	return s.next
}

// Respond accepts by Atlas3's rule or the chosen condition, and walks away
// when the reservation value, discounted, reaches the threshold.
func (s *atlas3) Respond(t *sim.Turn, offer sim.Outcome) sim.Action {
	if t == nil || !inSpace(offer, s.self.Utility.Len()) {
		return sim.Reject
	}
	round, tm, h := turnOf(t)
	s.plan(round, tm, h)
	x := s.self.Utility.Of(offer)
	rv := s.self.Reservation
	if x >= rv {
		var ok bool
		switch {
		case s.acc != nil:
			ok = s.acc.accept(decision{turn: t, time: tm, u: x, next: s.nextU, target: s.tau})
			s.move = atlasAcceptCondition
		case s.final:
			ok = s.finalAcc
			s.move = atlasAcceptFinal
			if s.cIndex >= len(s.kept.list) {
				s.move = atlasAcceptPast
			}
		default:
			ok = x >= s.tau
			s.move = atlasAcceptTau
		}
		if ok {
			s.moveU = x
			return sim.Accept
		}
	}
	if !s.final && rv*math.Pow(s.df, tm) >= s.tau {
		s.move = atlasWalk
		return sim.Walk
	}
	return sim.Reject
}

// thresholdReason says how Atlas3's threshold τ came about: the floor the
// final-offer game gives and, above it, the time-dependent part.
func (s *atlas3) thresholdReason() string {
	t := s.planTime
	game := fmt.Sprintf("the floor %s it expects from the final-offer game (the opponent's best offer so far %s; the opponent holds out with probability %s)",
		num(s.floor), num(s.bou), num(s.q))
	switch {
	case s.df == 1:
		return fmt.Sprintf("threshold %s at t = %s, falling linearly from its best %s to %s", num(s.tau), num(t), num(s.hi), game)
	case s.tau > s.floor:
		return fmt.Sprintf("threshold %s at t = %s, its best %s times (1 − t/δ_s) with δ_s = %s, above %s", num(s.tau), num(t), num(s.hi), num(s.df), game)
	}
	return fmt.Sprintf("threshold %s at t = %s: %s", num(s.tau), num(t), game)
}

// Explain says why Atlas3 made its last bid, accepted or walked away: its
// threshold from the final-offer game, or the opponent's own offers it
// replays at the end.
func (s *atlas3) Explain() string {
	rv := s.self.Reservation
	switch s.move {
	case atlasAcceptCondition:
		return acceptReason(s.how, s.moveU, s.nextU, s.tau, s.planTime)
	case atlasAcceptTau:
		return fmt.Sprintf("accepts: the offer is worth %s to it, at least its %s", num(s.moveU), s.thresholdReason())
	case atlasAcceptPast:
		return fmt.Sprintf("accepts: in the final-offer phase, past the end of its list of the opponent's %d offers, it takes anything worth its reservation value %s (the offer: %s)",
			len(s.kept.list), num(rv), num(s.moveU))
	case atlasAcceptFinal:
		if s.cIndex >= len(s.kept.list) { // cannot happen: Respond says atlasAcceptPast
			break
		}
		return fmt.Sprintf("accepts: in the final-offer phase, the next of the opponent's own offers on its list (its %s best, %s) does not beat the standing offer (%s)",
			ordinal(s.cIndex+1), num(s.self.Utility.Of(s.kept.list[s.cIndex])), num(s.moveU))
	case atlasWalk:
		return fmt.Sprintf("walks away: its reservation value %s, discounted to t = %s (%s), reaches its %s",
			num(rv), num(s.planTime), num(rv*math.Pow(s.df, s.planTime)), s.thresholdReason())
	case atlasMoveList:
		left := s.self.Deadline - s.planRound
		standing := "none yet"
		if !math.IsInf(s.offered, -1) {
			standing = num(s.offered)
		}
		return fmt.Sprintf("final-offer phase (%d rounds left, fewer than the opponent's %d distinct offers + 1): offers back the opponent's %s best offer for it (%s), which beats the standing offer (%s)",
			left, len(s.kept.list), ordinal(s.listPos+1), num(s.nextU), standing)
	}
	var b strings.Builder
	if s.final {
		b.WriteString("final-offer phase, but no offer left on its list beats the standing one; ")
	}
	b.WriteString(s.thresholdReason())
	if rv > s.tau {
		fmt.Fprintf(&b, "; its reservation value %s is above it", num(rv))
	}
	switch s.bidWhy {
	case atlasBidNeighbour:
		b.WriteString("; from a random outcome, the single-issue change of lowest utility still above it")
	case atlasBidRelative:
		b.WriteString("; no single-issue change of a random outcome reaches it: concedes issue by issue from its best outcome")
	case atlasBidBest:
		b.WriteString("; no search reaches it: its best outcome")
	case atlasBidLowest:
		b.WriteString("; the outcome of lowest utility above it")
	}
	if s.swapped {
		b.WriteString(", with the values the opponent offered most often swapped in where they cost it nothing")
	}
	fmt.Fprintf(&b, ", worth %s", num(s.nextU))
	return b.String()
}
