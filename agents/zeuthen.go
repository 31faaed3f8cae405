package agents

import (
	"fmt"
	"math"

	"github.com/parley-sim/parley/sim"
)

func zeuthenParams() []Param {
	return []Param{
		{
			Name:    "opponent_model",
			Doc:     "where the party reads the opponent's utility for risks and Nash products: auto (its perception of the opponent from the scenario, else the frequency model); perceived (the perception, else no concession beyond its best); frequency or bayesian (learnt from the opponent's proposals)",
			Default: modelAuto,
			Choices: []string{modelAuto, modelPerceived, modelFrequency, modelBayesian},
		},
		{Name: "opponent_reservation", Doc: "the opponent's utility of the conflict deal d₂, in its utility (parley's Self does not carry it)", Default: 0.0, Min: 0, Max: 1},
	}
}

func zeuthenInfo() Info {
	return Info{
		Name:    "zeuthen",
		Summary: "Zeuthen's strategy for the monotonic concession protocol: the party with less to risk concedes, just enough (Zeuthen 1930, Harsanyi 1956)",
		Rule: "It opens with its best outcome in the negotiation set as it sees it: the outcome of highest own utility among those individually rational for both (ties to the highest utility for the opponent, so Pareto-optimal), its best outcome without a model of the opponent. Then, with δ₁ its last proposal, δ₂ the opponent's, d its reservation value and d₂ the opponent's: risk₁ = (u₁(δ₁) − u₁(δ₂))/(u₁(δ₁) − d) (1 when u₁(δ₁) ≤ d), risk₂ likewise with the opponent's utility as the party perceives it; " +
			"the party with the smaller risk concedes, both on a tie (compared by cross-multiplication, which is exactly comparing the Nash products NP(δ) = (u₁(δ) − d)(u₂(δ) − d₂) of the two proposals). " +
			"A concession is just enough: the outcome of highest own utility (ties to the highest utility for the opponent) among the individually rational ones with NP > NP(δ₂); if there is none, δ₂ itself (if worth at least d). Otherwise it stands still, repeating δ₁. " +
			"Under alternating offers it answers with the same rule: it accepts an offer at least as good as what it would propose, and at least its reservation value.",
		Citation: "Zeuthen (1930), Problems of Monopoly and Economic Warfare, Routledge; Harsanyi (1956), Approaches to the bargaining problem before and after the theory of games, Econometrica 24(2):144-157; Rosenschein & Zlotkin (1994), Rules of Encounter, MIT Press; the protocol and Harsanyi's identity in sim/README.md",
		Params:   zeuthenParams(),
		New:      newZeuthen,
	}
}

func newZeuthen(p Params) (sim.Maker, error) {
	v, err := resolve(zeuthenParams(), p)
	if err != nil {
		return nil, fmt.Errorf("zeuthen: %w", err)
	}
	return &zeuthenMaker{model: v.str("opponent_model"), oppRes: v.float("opponent_reservation")}, nil
}

// zeuthenMaker makes Zeuthen strategies. It is immutable.
type zeuthenMaker struct {
	model  string
	oppRes float64
}

var (
	_ sim.Maker    = (*zeuthenMaker)(nil)
	_ sim.Strategy = (*zeuthen)(nil)
)

// Who concedes under Zeuthen's rule.
const (
	concedeFirst  = 1 // the first agent (smaller risk)
	concedeSecond = 2 // the second agent
	concedeBoth   = 3 // equal risks
)

// zeuthenConceder applies Zeuthen's rule to two agents' proposals: agent i
// values its own proposal at own_i, the other's at other_i, and the conflict
// deal at d_i. risk_i = (own_i − other_i)/(own_i − d_i), or 1 when
// own_i ≤ d_i; the agent with the smaller risk concedes, both on a tie.
// The risks are compared by cross-multiplication, so that no division
// rounds: (own₁ − other₁)(own₂ − d₂) − (own₂ − other₂)(own₁ − d₁) equals
// NP(δ₁) − NP(δ₂) (Harsanyi 1956).
func zeuthenConceder(own1, other1, d1, own2, other2, d2 float64) int {
	g1, g2 := own1-d1, own2-d2
	var cmp float64 // the sign of risk₁ − risk₂
	switch {
	case g1 <= 0 && g2 <= 0:
		cmp = 0
	case g1 <= 0: // risk₁ = 1
		cmp = g2 - (own2 - other2)
	case g2 <= 0:
		cmp = (own1 - other1) - g1
	default:
		cmp = (own1-other1)*g2 - (own2-other2)*g1
	}
	switch {
	case cmp < 0:
		return concedeFirst
	case cmp > 0:
		return concedeSecond
	}
	return concedeBoth
}

// NewStrategy returns a fresh strategy for one session.
func (m *zeuthenMaker) NewStrategy(self *sim.Self) sim.Strategy {
	if !usable(self) {
		return walker{}
	}
	s := &zeuthen{self: self, oppRes: m.oppRes, planRound: -1, cursor: -1, open: sim.NoOutcome}
	kind := m.model
	if kind == modelAuto {
		kind = modelPerceived
		if self.Opponent == nil {
			kind = modelFrequency
		}
	}
	if self.Space != nil && self.Space.Size() == self.Utility.Len() || kind == modelPerceived {
		s.model = newModel(kind, self)
	}
	s.feed.opp = int32(1 - self.Index)
	return s
}

// zeuthen plays one session of Zeuthen's strategy.
type zeuthen struct {
	self   *sim.Self
	oppRes float64
	model  opponentModel // the opponent's utility; nil: none known
	feed   oppFeed

	planRound int
	planTime  float64
	next      sim.Outcome
	open      sim.Outcome // its first proposal; NoOutcome until computed

	// For Explain: the reason of the last plan (a zeuthen* constant), the
	// two proposals it weighed, and whether the last move was an
	// acceptance.
	why         uint8
	mine, other sim.Outcome
	accepted    bool
	acceptedU   float64

	// With a fixed perception of the opponent, the concession search
	// resumes at cursor (a position in the ranking) while the Nash-product
	// bar does not fall: the outcomes above it failed a lower bar.
	cursor int
	bar    float64
}

// opp returns the opponent's utility of o as the party sees it.
func (s *zeuthen) opp(o sim.Outcome) float64 { return s.model.utility(o) }

// np is the Nash product of o with the conflict deal (d, d₂).
func (s *zeuthen) np(o sim.Outcome) float64 {
	return (s.self.Utility.Of(o) - s.self.Reservation) * (s.opp(o) - s.oppRes)
}

// concession returns the outcome of highest own utility, ties to the
// highest utility for the opponent, among the individually rational ones
// whose Nash product exceeds bar; false if there is none.
func (s *zeuthen) concession(bar float64) (sim.Outcome, bool) {
	u := s.self.Utility
	ranked := u.Ranked()
	start := len(ranked) - 1
	if _, static := s.model.(perceivedModel); static && s.cursor >= 0 && bar >= s.bar {
		start = s.cursor // outcomes above it failed a lower bar
	}
	s.bar = bar
	for j := start; j >= 0; j-- {
		o := ranked[j]
		x := u.Of(o)
		if x < s.self.Reservation {
			break
		}
		if s.opp(o) < s.oppRes || !(s.np(o) > bar) {
			continue
		}
		best := o
		for k := j - 1; k >= 0 && u.Of(ranked[k]) == x; k-- {
			if c := ranked[k]; s.opp(c) >= s.oppRes && s.np(c) > bar && s.opp(c) > s.opp(best) {
				best = c
			}
		}
		s.cursor = j
		return best, true
	}
	s.cursor = 0
	return sim.NoOutcome, false
}

// opening returns the party's first proposal: its best outcome in the
// negotiation set as it sees it — the outcome of highest own utility
// among those individually rational for both (its reservation value and
// the opponent's, d₂, in the opponent's utility as it sees it), ties to
// the highest utility for the opponent, so that it is also Pareto-optimal
// (Rosenschein and Zlotkin's agents propose from the negotiation set, the
// individually rational Pareto outcomes). Without a
// model of the opponent, or when no outcome is rational for both as it
// sees them, it is its best outcome.
func (s *zeuthen) opening() sim.Outcome {
	if s.open != sim.NoOutcome {
		return s.open
	}
	s.open = s.self.Utility.Best()
	if s.model != nil {
		if o, ok := s.concession(math.Inf(-1)); ok {
			s.open = o
		}
		s.cursor = -1 // the search for concessions starts afresh
	}
	return s.open
}

// plan decides, once per turn, the party's proposal.
func (s *zeuthen) plan(round int, tm float64, h *sim.History) {
	u := s.self.Utility
	for o, ok := s.feed.next(h); ok; o, ok = s.feed.next(h) {
		if s.model != nil && inSpace(o.Outcome, u.Len()) {
			s.model.update(o.Outcome)
		}
	}
	if round == s.planRound && tm == s.planTime {
		return
	}
	s.planRound, s.planTime = round, tm
	mine, other := s.opening(), sim.NoOutcome
	if h != nil {
		if o, ok := h.LastBy(s.self.Index); ok && inSpace(o.Outcome, u.Len()) {
			mine = o.Outcome
		}
		if o, ok := h.LastBy(int(s.feed.opp)); ok && inSpace(o.Outcome, u.Len()) {
			other = o.Outcome
		}
	}
	s.next = mine
	s.mine, s.other = mine, other
	switch {
	case other == sim.NoOutcome:
		s.why = zeuthenOpen
		return
	case s.model == nil:
		s.why = zeuthenBlind
		return
	}
	if u.Of(other) >= u.Of(mine) {
		s.next = other // as good as its own: agree
		s.why = zeuthenAgree
		return
	}
	who := zeuthenConceder(u.Of(mine), u.Of(other), s.self.Reservation, s.opp(other), s.opp(mine), s.oppRes)
	if who == concedeSecond {
		s.why = zeuthenStand
		return // stand still
	}
	s.why = zeuthenConcede
	if o, ok := s.concession(s.np(other)); ok {
		s.next = o
	} else if u.Of(other) >= s.self.Reservation {
		s.next = other
		s.why = zeuthenTake
	} else {
		s.why = zeuthenStuck
	}
}

// Propose stands still or concedes by Zeuthen's rule.
func (s *zeuthen) Propose(t *sim.Turn) sim.Outcome {
	round, tm, h := turnOf(t)
	s.plan(round, tm, h)
	s.accepted = false
	return s.next
}

// Respond accepts an offer at least as good as the party's own proposal.
func (s *zeuthen) Respond(t *sim.Turn, offer sim.Outcome) sim.Action {
	u := s.self.Utility
	if !inSpace(offer, u.Len()) {
		return sim.Reject
	}
	round, tm, h := turnOf(t)
	s.plan(round, tm, h)
	if x := u.Of(offer); x >= s.self.Reservation && x >= u.Of(s.next) {
		s.accepted, s.acceptedU = true, x
		return sim.Accept
	}
	return sim.Reject
}
