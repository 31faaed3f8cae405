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
)

// String returns "agreement", "deadline", "breakdown" or "walkaway".
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
)

// String returns "offer", "accept", "reject", "walk" or "breakdown".
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
	// Discount^Round · Utility − Cost · Round. Without agreement it is the
	// reservation value (deadline, walk-away) or the breakdown value
	// (breakdown), neither discounted.
	Discounted [2]float64
	// Concession holds each party's total concession in its own utility:
	// the sum over its successive offers of max(0, u(previous offer) −
	// u(offer)) (Hindriks, Jonker and Tykhonov 2007).
	Concession [2]float64
	// Trace holds every event of the session when it was traced; nil
	// otherwise.
	Trace []Event
}

// Agreed reports whether the session ended in agreement.
func (r *Result) Agreed() bool { return r.End == EndAgreement }

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
	proto rand.Rand
	psrc  [3]rand.PCG
	trace []Event
}

// NewSession returns a Session for n, which must be valid.
func NewSession(n *Negotiation) *Session {
	s := &Session{n: n}
	s.hist.grow(2 * min(n.Protocol.Deadline, 1<<16))
	return s
}

// Play plays the session with the given run index and seed. When trace is
// true the result carries every event.
func (s *Session) Play(run int, seed uint64, trace bool) Result {
	n := s.n
	pr := n.Protocol
	s.hist.reset()
	s.trace = s.trace[:0]
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
			Index:            i,
			Space:            n.Space,
			Utility:          p.Utility,
			Reservation:      p.Reservation,
			Discount:         p.Discount,
			Cost:             p.Cost,
			BreakdownValue:   p.BreakdownValue,
			Breakdown:        pr.Breakdown,
			FirstMover:       i == first,
			Opponent:         p.Perceived,
			OpponentDiscount: o.Discount,
			OpponentCost:     o.Cost,
			Deadline:         pr.Deadline,
			Rand:             rand.New(&s.psrc[i+1]),
		}
		s.strat[i] = p.Strategy.NewStrategy(&s.self[i])
	}
	res := Result{Run: run, Seed: seed, FirstMover: first, Agreement: NoOutcome, By: -1}
	s.turn.Offers = &s.hist
	standing := NoOutcome
	last := [2]float64{math.NaN(), math.NaN()} // utility of each party's previous offer
	size := Outcome(n.Space.Size())
	for r := 0; r < pr.Deadline; r++ {
		s.turn.Round = r
		s.turn.Time = float64(r+1) / float64(pr.Deadline+1)
		for k := range 2 {
			p := first ^ k
			if standing != NoOutcome {
				switch a := s.strat[p].Respond(&s.turn, standing); a {
				case Accept:
					s.event(trace, r, p, EventAccept, standing)
					return s.finish(res, EndAgreement, r, p, standing, trace)
				case Walk:
					s.event(trace, r, p, EventWalk, NoOutcome)
					return s.finish(res, EndWalkAway, r, p, NoOutcome, trace)
				default:
					s.event(trace, r, p, EventReject, standing)
				}
			}
			o := s.strat[p].Propose(&s.turn)
			if o < 0 || o >= size {
				if o != NoOutcome {
					panic(fmt.Sprintf("sim: strategy %q proposed outcome %d outside [0, %d)", n.Parties[p].StrategyName, o, size))
				}
				s.event(trace, r, p, EventWalk, NoOutcome)
				return s.finish(res, EndWalkAway, r, p, NoOutcome, trace)
			}
			s.hist.add(Offer{Round: int32(r), By: int32(p), Outcome: o})
			u := n.Parties[p].Utility.Of(o)
			if d := last[p] - u; d > 0 {
				res.Concession[p] += d
			}
			last[p] = u
			s.event(trace, r, p, EventOffer, o)
			standing = o
		}
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
	}
}

func (s *Session) finish(res Result, end EndReason, round, by int, agreed Outcome, trace bool) Result {
	res.End = end
	res.Round = round
	res.By = by
	res.Agreement = agreed
	res.Offers = s.hist.Len()
	for i := range 2 {
		p := &s.n.Parties[i]
		switch {
		case end == EndBreakdown:
			res.Utility[i] = p.BreakdownValue
			res.Discounted[i] = p.BreakdownValue
		case agreed == NoOutcome:
			res.Utility[i] = p.Reservation
			res.Discounted[i] = p.Reservation
		default:
			u := p.Utility.Of(agreed)
			res.Utility[i] = u
			res.Discounted[i] = u*math.Pow(p.Discount, float64(round)) - p.Cost*float64(round)
		}
	}
	if trace {
		res.Trace = append([]Event(nil), s.trace...)
	}
	s.strat = [2]Strategy{}
	return res
}
