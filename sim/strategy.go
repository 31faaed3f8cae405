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

// Ask is a party's answer when the engine asks a [Requester] whether it
// wants the facilitator's help.
type Ask uint8

// The answers of a Requester.
const (
	// AskByTriggers leaves the decision to the party's triggers
	// (Facilitator.Triggers), as for a strategy that is no Requester.
	AskByTriggers Ask = iota
	// AskNo: the party does not ask for help. Under ConsentEither it also
	// objects when the other party asks: its consent is its own request.
	AskNo
	// AskYes: the party asks for help. The request stands until the
	// facilitator is invited.
	AskYes
)

// String returns "by_triggers", "no" or "yes".
func (a Ask) String() string {
	switch a {
	case AskNo:
		return "no"
	case AskYes:
		return "yes"
	}
	return "by_triggers"
}

// Requester is an optional ability of a Strategy, found by type assertion:
// the party decides itself when to ask for the facilitator's help, as a
// person does, instead of by the scenario's triggers. After every round of
// the alternating-offers protocol in a negotiation with a facilitator, the
// engine asks each Requester that has no standing request, party A first;
// a request made by answering AskYes is recorded with the reason "asked"
// (Mediation.Reason, Result.Notes). Strategies that are not Requesters ask
// by their triggers, which is the default.
type Requester interface {
	// Request returns the party's answer at the end of round t.Round.
	// other reports whether the other party has asked for help and its
	// request stands.
	Request(t *Turn, other bool) Ask
}

// Ballot is a text of the facilitator put to a party's vote (see
// [Voter]). Values include the guarantee the facilitator attached to the
// texts of the mediation where it covers them (Guarantee.Delta), as the
// engine counts them.
type Ballot struct {
	// Final marks the final vote on the mediation's text: if both parties
	// accept it, the session ends in agreement on Text; a party that
	// turns it down dismisses the facilitator, and bilateral talks
	// resume. Otherwise the ballot is on a change: Text replaces Standing
	// as the mediation's text if both parties vote for it.
	Final bool
	// Text is the text put to the vote.
	Text Outcome
	// Standing is the text that Text would replace; in the final vote,
	// Text itself.
	Standing Outcome
	// Value and StandingValue are the party's utility of Text and of
	// Standing.
	Value, StandingValue float64
	// Floor is, in the final vote, the larger of the party's reservation
	// value and its utility of the best offer it has received: what the
	// text must be worth for the default rule (ByUtility) to accept it.
	// NaN on a change.
	Floor float64
	// Guarantee names the guarantee that covers Text and is counted in
	// Value, or "" for none.
	Guarantee string
}

// ByUtility returns the vote of a party that is no Voter: on a change,
// yes when Text is worth more than Standing; in the final vote, yes when
// Text is worth at least Floor.
func (b *Ballot) ByUtility() bool {
	if b.Final {
		return b.Value >= b.Floor
	}
	return b.Value > b.StandingValue
}

// Voter is an optional ability of a Strategy, found by type assertion: the
// party casts its own votes on the facilitator's texts, as a person does,
// instead of by its utility (Ballot.ByUtility), which is the default. The
// first draft of each mediation is the text itself and is not put to the
// vote; every change to it and the final text are, one ballot per party,
// party A first.
type Voter interface {
	// Vote returns true for yes (accept the final text), false for no
	// (turn it down). t is the turn of the round after which the
	// facilitator mediates. The ballot is only valid during the call.
	Vote(t *Turn, b *Ballot) bool
}

// NewHistory returns a History of the given offers, oldest first: for a
// caller that kept a session's offers (from its trace, say) and hands them
// on as the engine does, to a batch observer for example. The History
// holds offers itself; the caller must not modify them afterwards.
func NewHistory(offers []Offer) *History { return &History{offers: offers} }
