package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// EndReason says how a session ended.
type EndReason uint8

// The ways a session can end.
const (
	// EndAgreement: a party accepted the standing offer.
	EndAgreement EndReason = iota
	// EndDeadline: the last round passed without agreement.
	EndDeadline
	// EndBreakdown: talks collapsed by chance (Protocol.Breakdown).
	EndBreakdown
	// EndWalkAway: a party walked away.
	EndWalkAway
	// EndConflict: under the monotonic concession protocol, neither party
	// conceded; or under the single text, a party rejected the final text.
	EndConflict
)

// EndReasons returns every end reason, in the order of their values:
// EndAgreement, EndDeadline, EndBreakdown, EndWalkAway, EndConflict.
func EndReasons() []EndReason {
	out := make([]EndReason, 0, EndConflict+1)
	for e := EndAgreement; e <= EndConflict; e++ {
		out = append(out, e)
	}
	return out
}

// String returns "agreement", "deadline", "breakdown", "walkaway" or
// "conflict".
func (e EndReason) String() string {
	switch e {
	case EndAgreement:
		return "agreement"
	case EndDeadline:
		return "deadline"
	case EndBreakdown:
		return "breakdown"
	case EndWalkAway:
		return "walkaway"
	case EndConflict:
		return "conflict"
	}
	return "unknown"
}

// EventKind is the kind of a traced event.
type EventKind uint8

// The kinds of traced events.
const (
	// EventOffer: the actor put an outcome on the table.
	EventOffer EventKind = iota
	// EventAccept: the actor accepted the standing offer.
	EventAccept
	// EventReject: the actor rejected the standing offer.
	EventReject
	// EventWalk: the actor walked away.
	EventWalk
	// EventBreakdown: talks collapsed by chance; Actor is -1.
	EventBreakdown
	// EventConflict: neither party conceded (monotonic concession); Actor
	// is -1.
	EventConflict
	// EventDraft: the mediator or facilitator put a text on the table;
	// Actor is -1.
	EventDraft
	// EventVoteYes and EventVoteNo: a party's vote on a draft.
	EventVoteYes
	EventVoteNo
	// EventRequest: a party asked for the facilitator's help.
	EventRequest
	// EventInvite: the facilitator became active; Actor is -1.
	EventInvite
	// EventDismiss: a party turned the facilitator's final text down and
	// sent it away; bilateral talks resume.
	EventDismiss
)

// String returns the event's name as written in rounds.csv: "offer",
// "accept", "reject", "walk", "breakdown", "conflict", "draft", "vote_yes",
// "vote_no", "request", "invite" or "dismiss".
func (k EventKind) String() string {
	switch k {
	case EventOffer:
		return "offer"
	case EventAccept:
		return "accept"
	case EventReject:
		return "reject"
	case EventWalk:
		return "walk"
	case EventBreakdown:
		return "breakdown"
	case EventConflict:
		return "conflict"
	case EventDraft:
		return "draft"
	case EventVoteYes:
		return "vote_yes"
	case EventVoteNo:
		return "vote_no"
	case EventRequest:
		return "request"
	case EventInvite:
		return "invite"
	case EventDismiss:
		return "dismiss"
	}
	return "unknown"
}

// Event is one step of a traced session.
type Event struct {
	// Round is the round of the event.
	Round int
	// Actor is the index of the acting party, or -1 for the protocol.
	Actor int
	// Kind says what happened.
	Kind EventKind
	// Outcome is the outcome offered, accepted or rejected; NoOutcome for
	// walk-aways and breakdowns.
	Outcome Outcome
}

// Result is what one session produced.
type Result struct {
	// Run is the run index within the batch.
	Run int
	// Seed is the run's seed, derived from the master seed and Run.
	Seed uint64
	// FirstMover is the index of the party that opened.
	FirstMover int
	// End says how the session ended.
	End EndReason
	// Round is the round in which the session ended: the round of the
	// agreement, walk-away or breakdown, or the last round at a deadline.
	Round int
	// Agreement is the agreed outcome, or NoOutcome.
	Agreement Outcome
	// By is the party that accepted or walked away; -1 otherwise.
	By int
	// Offers is the number of offers made.
	Offers int
	// Utility holds each party's utility of the result: of the agreement,
	// its breakdown value after a breakdown, or its reservation value.
	Utility [2]float64
	// Discounted holds Utility discounted to the agreement round,
	// Discount^Round · Utility − Cost · Round (or per offer, see
	// Protocol.DiscountPerOffer). Without agreement it is the
	// reservation value (deadline, walk-away) or the breakdown value
	// (breakdown), neither discounted unless Protocol.DiscountReservation
	// discounts them to the round the session ended in.
	Discounted [2]float64
	// Mediation records what the facilitator did; its zero value when the
	// negotiation has no facilitator.
	Mediation Mediation
	// Concession holds each party's total concession in its own utility:
	// the sum over its successive offers of max(0, u(previous offer) −
	// u(offer)) (Hindriks, Jonker and Tykhonov 2007).
	Concession [2]float64
	// Trace holds every event of the session when it was traced; nil
	// otherwise.
	Trace []Event
	// Draw holds the value of each uncertain assumption drawn for the run,
	// in the order of the Sampler that drew them; nil when the run played a
	// negotiation fixed in advance.
	Draw []float64
	// Metrics measures the result against what the run's negotiation made
	// possible (Analysis.Measure): computed on the worker for every run
	// that played a negotiation of its own (a Sampler's), or when the batch
	// or sweep measures its runs; nil otherwise.
	Metrics *Metrics
	// Notes holds, for a traced session in which some event has one, a
	// plain-language note per event of Trace (same index; "" for none):
	// for a party's offer, acceptance or walk-away, its strategy's
	// explanation (see Explainer); for a request, the trigger that made the
	// party ask, named as in Mediation.Reason; for the first draft of a
	// mediation, the name of the guarantee the facilitator attaches to the
	// texts of that mediation. Nil otherwise; read it with Note.
	Notes []string
}

// Agreed reports whether the session ended in agreement.
func (r *Result) Agreed() bool { return r.End == EndAgreement }

// Note returns the note of event i of the trace, or "" when it has none.
func (r *Result) Note(i int) string {
	if i < 0 || i >= len(r.Notes) {
		return ""
	}
	return r.Notes[i]
}

// Session plays sessions of one negotiation, one at a time. It reuses its
// buffers from one session to the next, so that a worker playing many
// sessions allocates only what the strategies themselves allocate. A Session
// is not safe for concurrent use; give each worker its own.
type Session struct {
	n     *Negotiation
	hist  History
	turn  Turn
	self  [2]Self
	strat [2]Strategy
	req   [2]Requester // each party's strategy as a Requester, or nil
	voter [2]Voter     // each party's strategy as a Voter, or nil
	proto rand.Rand
	psrc  [3]rand.PCG
	trace []Event
	notes []string   // with trace: the note of each event of trace
	first bool       // with trace: the next facilitator draft opens a mediation
	last  [2]float64 // utility of each party's previous offer, for concessions
	fac   *mediation // the facilitator's state; nil without one
	med   *mediation // the facilitator's buffers, kept while fac is nil
	text  textState  // the single-text protocol's buffers
}

// NewSession returns a Session for n, which must be valid.
func NewSession(n *Negotiation) *Session {
	s := new(Session)
	s.bind(n)
	return s
}

// bind makes s play n from the next Play on, keeping its buffers: a worker
// whose runs play negotiations of their own (a Sampler) binds its session
// to each run's negotiation, which may be the previous one changed in
// place.
func (s *Session) bind(n *Negotiation) {
	s.n = n
	if need := 2 * min(n.Protocol.Deadline, 1<<16); s.hist.capacity() < need {
		s.hist.grow(need)
	}
	s.fac = nil
	if n.Facilitator != nil {
		if s.med == nil {
			s.med = newMediation(n)
		} else {
			s.med.bind(n)
		}
		s.fac = s.med
	}
}

// Play plays the session with the given run index and seed. When trace is
// true the result carries every event.
func (s *Session) Play(run int, seed uint64, trace bool) Result {
	n := s.n
	pr := n.Protocol
	s.hist.reset()
	s.trace = s.trace[:0]
	clear(s.notes)
	s.notes = s.notes[:0]
	s.first = false
	s.psrc[0] = *newSource(seed, RoleProtocol)
	s.proto = *rand.New(&s.psrc[0])
	first := pr.FirstMover
	if first == RandomFirst {
		first = s.proto.IntN(2)
	}
	for i := range 2 {
		s.psrc[i+1] = *newSource(seed, PartyRole(i))
		p, o := &n.Parties[i], &n.Parties[1-i]
		s.self[i] = Self{
			Index:               i,
			Space:               n.Space,
			Utility:             p.Utility,
			Reservation:         p.Reservation,
			Discount:            p.Discount,
			Cost:                p.Cost,
			BreakdownValue:      p.BreakdownValue,
			Breakdown:           pr.Breakdown,
			DiscountPerOffer:    pr.DiscountPerOffer,
			DiscountReservation: pr.DiscountReservation,
			FirstMover:          i == first,
			Opponent:            p.Perceived,
			OpponentDiscount:    o.Discount,
			OpponentCost:        o.Cost,
			Deadline:            pr.Deadline,
			Rand:                rand.New(&s.psrc[i+1]),
		}
		s.strat[i] = p.Strategy.NewStrategy(&s.self[i])
		s.req[i], _ = s.strat[i].(Requester)
		s.voter[i], _ = s.strat[i].(Voter)
	}
	res := Result{Run: run, Seed: seed, FirstMover: first, Agreement: NoOutcome, By: -1}
	s.turn.Offers = &s.hist
	s.last = [2]float64{math.NaN(), math.NaN()}
	if s.fac != nil {
		s.fac.reset(seed, &res)
	}
	switch pr.Type {
	case MonotonicConcession:
		return s.monotonic(res, trace)
	case SingleText:
		return s.singleText(res, trace)
	default:
		return s.alternating(res, first, trace)
	}
}

// setTime moves the session to round r.
func (s *Session) setTime(r int) {
	s.turn.Round = r
	s.turn.Time = float64(r+1) / float64(s.n.Protocol.Deadline+1)
}

// propose asks party p for its offer, checks it, and records it. It returns
// false when the party walks away.
func (s *Session) propose(res *Result, p int, trace bool) (Outcome, bool) {
	o := s.strat[p].Propose(&s.turn)
	if o < 0 || int(o) >= s.n.Space.Size() {
		if o != NoOutcome {
			panic(fmt.Sprintf("sim: strategy %q proposed outcome %d outside [0, %d)", s.n.Parties[p].StrategyName, o, s.n.Space.Size()))
		}
		return NoOutcome, false
	}
	s.record(res, p, o, trace)
	s.explain(trace, p)
	return o, true
}

// record adds party p's offer o to the history and the concession totals.
func (s *Session) record(res *Result, p int, o Outcome, trace bool) {
	s.hist.add(Offer{Round: int32(s.turn.Round), By: int32(p), Outcome: o})
	u := s.n.Parties[p].Utility.Of(o)
	if d := s.last[p] - u; d > 0 {
		res.Concession[p] += d
	}
	s.last[p] = u
	s.event(trace, s.turn.Round, p, EventOffer, o)
}

// alternating plays the alternating-offers protocol: in each round the
// first mover, then the other party, answers the standing offer and, unless
// it accepts or walks away, makes its own.
func (s *Session) alternating(res Result, first int, trace bool) Result {
	pr := s.n.Protocol
	standing := NoOutcome
	for r := 0; r < pr.Deadline; r++ {
		s.setTime(r)
		for k := range 2 {
			p := first ^ k
			if standing != NoOutcome {
				switch s.strat[p].Respond(&s.turn, standing) {
				case Accept:
					s.event(trace, r, p, EventAccept, standing)
					s.explain(trace, p)
					return s.finish(res, EndAgreement, r, p, standing, trace)
				case Walk:
					s.event(trace, r, p, EventWalk, NoOutcome)
					s.explain(trace, p)
					return s.finish(res, EndWalkAway, r, p, NoOutcome, trace)
				default:
					s.event(trace, r, p, EventReject, standing)
				}
			}
			o, ok := s.propose(&res, p, trace)
			if !ok {
				s.event(trace, r, p, EventWalk, NoOutcome)
				s.explain(trace, p)
				return s.finish(res, EndWalkAway, r, p, NoOutcome, trace)
			}
			standing = o
		}
		if s.fac != nil {
			if o, ok := s.fac.afterRound(s, &res, r, trace); ok {
				return s.finish(res, EndAgreement, r, -1, o, trace)
			}
		}
		if pr.Breakdown > 0 && r+1 < pr.Deadline && s.proto.Float64() < pr.Breakdown {
			s.event(trace, r, -1, EventBreakdown, NoOutcome)
			return s.finish(res, EndBreakdown, r, -1, NoOutcome, trace)
		}
	}
	return s.finish(res, EndDeadline, pr.Deadline-1, -1, NoOutcome, trace)
}

// monotonic plays the monotonic concession protocol (Rosenschein and
// Zlotkin 1994): in every round both parties propose at once, seeing the
// same history. If either finds the other's proposal at least as good as
// its own, they agree (on one of the two proposals, drawn at random when
// both qualify). Otherwise each must stand still or concede (propose
// something strictly better for the other); a proposal worse for the other
// than the party's previous one counts as standing still and is replaced by
// it. When neither concedes, the negotiation ends in the conflict deal.
func (s *Session) monotonic(res Result, trace bool) Result {
	pr := s.n.Protocol
	ua, ub := s.n.Parties[0].Utility, s.n.Parties[1].Utility
	prev := [2]Outcome{NoOutcome, NoOutcome}
	for r := 0; r < pr.Deadline; r++ {
		s.setTime(r)
		var cur [2]Outcome
		for p := range 2 {
			o := s.strat[p].Propose(&s.turn)
			if o < 0 || int(o) >= s.n.Space.Size() {
				if o != NoOutcome {
					panic(fmt.Sprintf("sim: strategy %q proposed outcome %d outside [0, %d)", s.n.Parties[p].StrategyName, o, s.n.Space.Size()))
				}
				s.event(trace, r, p, EventWalk, NoOutcome)
				s.explain(trace, p)
				return s.finish(res, EndWalkAway, r, p, NoOutcome, trace)
			}
			cur[p] = o
		}
		conceded := r == 0
		var back [2]bool
		for p := range 2 {
			if prev[p] != NoOutcome {
				other := s.n.Parties[1-p].Utility
				switch d := other.Of(cur[p]) - other.Of(prev[p]); {
				case d > 0:
					conceded = true
				case d < 0:
					cur[p] = prev[p] // backtracking is not allowed: it stands still
					back[p] = true
				}
			}
		}
		// Both proposals are recorded before either is judged: they are
		// simultaneous.
		for p := range 2 {
			s.record(&res, p, cur[p], trace)
			if back[p] {
				s.note(trace, backtrackNote)
			} else {
				s.explain(trace, p)
			}
		}
		aOK := ua.Of(cur[1]) >= ua.Of(cur[0]) // A likes B's proposal as much as its own
		bOK := ub.Of(cur[0]) >= ub.Of(cur[1])
		if aOK || bOK {
			pick := 1 // A accepts B's proposal
			if bOK && (!aOK || s.proto.IntN(2) == 0) {
				pick = 0
			}
			s.event(trace, r, 1-pick, EventAccept, cur[pick])
			return s.finish(res, EndAgreement, r, 1-pick, cur[pick], trace)
		}
		if !conceded {
			s.event(trace, r, -1, EventConflict, NoOutcome)
			return s.finish(res, EndConflict, r, -1, NoOutcome, trace)
		}
		prev = cur
		if pr.Breakdown > 0 && r+1 < pr.Deadline && s.proto.Float64() < pr.Breakdown {
			s.event(trace, r, -1, EventBreakdown, NoOutcome)
			return s.finish(res, EndBreakdown, r, -1, NoOutcome, trace)
		}
	}
	return s.finish(res, EndDeadline, pr.Deadline-1, -1, NoOutcome, trace)
}

func (s *Session) event(trace bool, r, actor int, k EventKind, o Outcome) {
	if trace {
		s.trace = append(s.trace, Event{Round: r, Actor: actor, Kind: k, Outcome: o})
		s.notes = append(s.notes, s.factNote(actor, k))
	}
}

// backtrackNote is the note of a monotonic-concession proposal that the
// protocol replaced by the party's previous one.
const backtrackNote = "proposed a step back, which the protocol does not allow: it stands by its previous proposal"

// note sets the note of the last traced event.
func (s *Session) note(trace bool, text string) {
	if trace && len(s.notes) > 0 {
		s.notes[len(s.notes)-1] = text
	}
}

// explain sets the note of the last traced event to party p's explanation
// of its move, if its strategy is an Explainer. Untraced sessions never
// ask.
func (s *Session) explain(trace bool, p int) {
	if !trace || s.strat[p] == nil {
		return
	}
	if e, ok := s.strat[p].(Explainer); ok {
		s.note(trace, e.Explain())
	}
}

// factNote returns the note the engine itself knows for a traced event: a
// request's trigger, the guarantee of a mediation's texts.
func (s *Session) factNote(actor int, k EventKind) string {
	m := s.fac
	if m == nil {
		return ""
	}
	switch {
	case k == EventRequest && actor >= 0:
		return m.reason[actor]
	case k == EventInvite:
		s.first = true
	case k == EventDraft && s.first:
		s.first = false
		return m.guaranteeName()
	}
	return ""
}

// guaranteeName returns the name of the guarantee the facilitator attached
// to the texts of the mediation under way, or "" for none.
func (m *mediation) guaranteeName() string {
	if m.gi < 0 || m.gi >= len(m.f.Guarantees) {
		return ""
	}
	return m.f.Guarantees[m.gi].Name
}

// noDeal returns party p's discounted value of no agreement v (its
// reservation or breakdown value) after the given periods: v itself, or
// Discount^periods · v under Protocol.DiscountReservation.
func (s *Session) noDeal(p *Party, v, periods float64) float64 {
	if !s.n.Protocol.DiscountReservation {
		return v
	}
	return v * math.Pow(p.Discount, periods)
}

func (s *Session) finish(res Result, end EndReason, round, by int, agreed Outcome, trace bool) Result {
	res.End = end
	res.Round = round
	res.By = by
	res.Agreement = agreed
	res.Offers = s.hist.Len()
	periods := float64(round)
	if s.n.Protocol.DiscountPerOffer {
		periods = float64(max(0, res.Offers-1))
	}
	for i := range 2 {
		p := &s.n.Parties[i]
		switch {
		case end == EndBreakdown:
			res.Utility[i] = p.BreakdownValue
			res.Discounted[i] = s.noDeal(p, p.BreakdownValue, periods)
		case agreed == NoOutcome:
			res.Utility[i] = p.Reservation
			res.Discounted[i] = s.noDeal(p, p.Reservation, periods)
		default:
			u := p.Utility.Of(agreed)
			if m := s.fac; m != nil && res.Mediation.Mediated && m.used >= 0 {
				u += m.f.Guarantees[m.used].Delta[i]
			}
			res.Utility[i] = u
			res.Discounted[i] = u*math.Pow(p.Discount, periods) - p.Cost*periods
		}
	}
	if m := s.fac; m != nil && agreed != NoOutcome && m.f.Utility != nil {
		res.Mediation.Utility = m.f.Utility.Of(agreed) - res.Mediation.GuaranteeCost
	}
	if trace {
		res.Trace = append([]Event(nil), s.trace...)
		for _, t := range s.notes {
			if t != "" {
				res.Notes = append([]string(nil), s.notes...)
				break
			}
		}
	}
	s.strat = [2]Strategy{}
	s.req, s.voter = [2]Requester{}, [2]Voter{}
	return res
}
