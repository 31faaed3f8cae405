package agents

import (
	"fmt"

	"github.com/parley-sim/parley/sim"
)

func microInfo() Info {
	return Info{
		Name:    "micro",
		Summary: "MiCRO: concedes one outcome down its own ranking for every new offer it receives, never below its reservation value (de Jonge 2022)",
		Rule: "The party ranks the outcomes worth at least its reservation value from its best down (ties by descending outcome index, the reverse of sim.Utility.Ranked). " +
			"At each proposal, if the number of distinct offers it has sent is at most the number of distinct offers it has received, it proposes the next outcome of its ranking; otherwise, or when the ranking is exhausted, it repeats one of the outcomes it has proposed, drawn uniformly from its random stream (NegMAS draws with Python's random.choice). " +
			"It accepts an offer at least as good as the offer it would make next: the next outcome of its ranking when it is ready to concede, else the last new outcome it proposed; with neither, or when that is worth less than its reservation value, any offer worth at least its reservation value. " +
			"The offer being answered counts as received. No parameters, no opponent model.",
		Citation: "de Jonge (2022), An analysis of the linear bilateral ANAC domains using the MiCRO benchmark strategy, IJCAI-22, 223-229; NegMAS MiCROOfferingPolicy and MiCROAcceptancePolicy (accept_same = true)",
		New: func(p Params) (sim.Maker, error) {
			if err := checkNoParams("micro", p); err != nil {
				return nil, err
			}
			return microMaker{}, nil
		},
	}
}

// checkNoParams reports any parameter given to a strategy that takes none.
func checkNoParams(name string, p Params) error {
	if _, err := resolve(nil, p); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// microMaker makes MiCRO strategies.
type microMaker struct{}

var (
	_ sim.Maker    = microMaker{}
	_ sim.Strategy = (*micro)(nil)
)

// NewStrategy returns a fresh strategy for one session.
func (microMaker) NewStrategy(self *sim.Self) sim.Strategy {
	if !usable(self) {
		return walker{}
	}
	u := self.Utility
	s := &micro{self: self, ranked: u.Ranked(), recv: newBitset(u.Len()), planRound: -1, sentRound: -1}
	s.feed.opp = int32(1 - self.Index)
	return s
}

// micro plays one session of MiCRO.
type micro struct {
	self   *sim.Self
	ranked []sim.Outcome // ascending; the ranking from the best is read backwards
	feed   oppFeed
	recv   bitset
	nRecv  int // distinct offers received
	sent   int // distinct offers sent: the first sent outcomes of the ranking

	planRound int
	planTime  float64
	mine      float64 // utility of the offer it would make next; −Inf if none counts

	sentRound int
	sentTime  float64
	sentO     sim.Outcome

	// For Explain: whether the last proposal was a new outcome, and
	// whether the last move was an acceptance, of an offer worth acceptedU.
	fresh     bool
	accepted  bool
	acceptedU float64
}

// at returns the outcome at position p of the ranking from the best.
func (s *micro) at(p int) sim.Outcome { return s.ranked[len(s.ranked)-1-p] }

// ready reports whether MiCRO concedes at its next proposal.
func (s *micro) ready() bool { return s.sent <= s.nRecv }

// plan reads the new offers received and the utility of the offer it
// would make next.
func (s *micro) plan(round int, tm float64, h *sim.History) {
	n := len(s.ranked)
	for o, ok := s.feed.next(h); ok; o, ok = s.feed.next(h) {
		if inSpace(o.Outcome, n) && s.recv.add(int(o.Outcome)) {
			s.nRecv++
		}
	}
	if round == s.planRound && tm == s.planTime {
		return
	}
	s.planRound, s.planTime = round, tm
	u, rv := s.self.Utility, s.self.Reservation
	s.mine = rv
	switch {
	case s.ready() && s.sent < n:
		s.mine = u.Of(s.at(s.sent))
	case !s.ready() && s.sent > 0:
		s.mine = u.Of(s.at(s.sent - 1))
	}
	if s.mine < rv {
		s.mine = rv
	}
}

// Propose concedes one step down the ranking when ready, else repeats an
// earlier offer.
func (s *micro) Propose(t *sim.Turn) sim.Outcome {
	round, tm, h := turnOf(t)
	if round == s.sentRound && tm == s.sentTime {
		return s.sentO // asked twice in one turn
	}
	s.plan(round, tm, h)
	s.sentRound, s.sentTime = round, tm
	s.accepted, s.fresh = false, false
	u := s.self.Utility
	switch {
	case s.ready() && s.sent < len(s.ranked) && u.Of(s.at(s.sent)) >= s.self.Reservation:
		s.sentO = s.at(s.sent)
		s.sent++
		s.fresh = true
	case s.sent > 0:
		s.sentO = s.at(drawN(s.self, s.sent))
	default:
		s.sentO = sim.NoOutcome
	}
	return s.sentO
}

// Respond accepts an offer at least as good as the one it would make next.
func (s *micro) Respond(t *sim.Turn, offer sim.Outcome) sim.Action {
	if !inSpace(offer, len(s.ranked)) {
		return sim.Reject
	}
	round, tm, h := turnOf(t)
	s.plan(round, tm, h)
	if x := s.self.Utility.Of(offer); x >= s.mine {
		s.accepted, s.acceptedU = true, x
		return sim.Accept
	}
	return sim.Reject
}
