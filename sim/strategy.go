package sim

import "math/rand/v2"

// Action is a party's answer to the offer on the table.
type Action uint8

// The answers a party can give.
const (
	// Reject turns the offer down; the party then makes its own offer.
	Reject Action = iota
	// Accept agrees to the offer on the table and ends the session.
	Accept
	// Walk ends the session without agreement; both get their reservation value.
	Walk
)

// String returns "reject", "accept" or "walk".
func (a Action) String() string {
	switch a {
	case Reject:
		return "reject"
	case Accept:
		return "accept"
	case Walk:
		return "walk"
	}
	return "unknown"
}

// Self is what a strategy knows about its own side for one session: its own
// preferences and limits, never the opponent's.
type Self struct {
	// Index is 0 for the first party of the scenario (A), 1 for the second (B).
	Index int
	// Space is the outcome space.
	Space *Space
	// Utility is the party's own utility of every outcome.
	Utility *Utility
	// Reservation is the party's utility of no agreement.
	Reservation float64
	// Discount is the party's per-round discount factor in (0, 1].
	Discount float64
	// Cost is the party's fixed cost per round (see Party.Cost).
	Cost float64
	// BreakdownValue is the party's utility if talks collapse by chance.
	BreakdownValue float64
	// Breakdown is the protocol's per-round probability of collapse.
	Breakdown float64
	// DiscountPerOffer reports whether deals are discounted per offer
	// rather than per round (Protocol.DiscountPerOffer).
	DiscountPerOffer bool
	// DiscountReservation reports whether the value of no agreement is
	// discounted like a deal (Protocol.DiscountReservation).
	DiscountReservation bool
	// FirstMover reports whether the party opens the session.
	FirstMover bool
	// Opponent is the party's perception of the opponent's utility, or nil
	// when it has none (see Party.Perceived).
	Opponent *Utility
	// OpponentDiscount and OpponentCost are the opponent's discount factor
	// and per-round cost: public information in Rubinstein's model, which
	// the equilibrium strategy needs.
	OpponentDiscount, OpponentCost float64
	// Deadline is the number of rounds.
	Deadline int
	// Rand is the party's own random stream for this session; it is never
	// shared with the other party, the protocol or a facilitator.
	Rand *rand.Rand
}

// Turn is the state of the session when a party is asked to act. The engine
// reuses one Turn per session; a strategy must not keep the pointer.
type Turn struct {
	// Round is the current round, from 0. A round is one turn of each party.
	Round int
	// Time is the relative time (Round+1)/(Deadline+1) in (0, 1), the same
	// for both parties within a round (NegMAS's convention).
	Time float64
	// Offers holds every offer made so far, oldest first.
	Offers *History
}

// Strategy chooses a party's offers and answers. The engine asks a party,
// at each of its turns, first to Respond to the standing offer (if there is
// one) and, unless it accepted or walked away, to Propose its own.
//
// A Strategy serves one session; a [Maker] makes a fresh one per session.
type Strategy interface {
	// Propose returns the party's offer at this turn. Returning NoOutcome
	// walks away.
	Propose(t *Turn) Outcome
	// Respond answers the standing offer made by the other party.
	Respond(t *Turn, offer Outcome) Action
}

// Explainer is an optional ability of a Strategy, found by type assertion:
// the strategy says in plain words why it made its last move (its last
// offer, acceptance or walk-away), such as "target 0.82 at t = 0.40
// (Boulware, e = 0.2)" or "never concedes". The engine asks only in traced
// sessions, right after the move, and keeps the answer in Result.Notes; an
// untraced session never calls Explain. Explain must not change what the
// strategy does next; "" means it has nothing to add.
type Explainer interface {
	// Explain returns the reason for the strategy's last move, or "".
	Explain() string
}

// Maker makes the Strategy a party plays in one session.
type Maker interface {
	// NewStrategy returns a strategy for the party described by self. The
	// strategy may keep self for the whole session.
	NewStrategy(self *Self) Strategy
}

// Offer is one offer made during a session.
type Offer struct {
	// Round is the round in which the offer was made.
	Round int32
	// By is the index of the party that made it.
	By int32
	// Outcome is what was offered.
	Outcome Outcome
}

// History is the ordered record of offers in a session. The engine appends
// to it; strategies read it.
type History struct {
	offers []Offer
}

// Len returns the number of offers made so far.
func (h *History) Len() int { return len(h.offers) }

// At returns the i-th offer, oldest first.
func (h *History) At(i int) Offer { return h.offers[i] }

// Last returns the most recent offer, if any.
func (h *History) Last() (Offer, bool) {
	if len(h.offers) == 0 {
		return Offer{Outcome: NoOutcome}, false
	}
	return h.offers[len(h.offers)-1], true
}

// LastBy returns the most recent offer made by party, if any.
func (h *History) LastBy(party int) (Offer, bool) {
	for i := len(h.offers) - 1; i >= 0; i-- {
		if int(h.offers[i].By) == party {
			return h.offers[i], true
		}
	}
	return Offer{Outcome: NoOutcome}, false
}

// All returns every offer, oldest first; callers must not modify it.
func (h *History) All() []Offer { return h.offers }

func (h *History) reset()        { h.offers = h.offers[:0] }
func (h *History) add(o Offer)   { h.offers = append(h.offers, o) }
func (h *History) grow(n int)    { h.offers = make([]Offer, 0, n) }
func (h *History) capacity() int { return cap(h.offers) }
