package agents

import (
	"errors"
	"fmt"
	"math"

	"github.com/parley-sim/parley/sim"
)

// HumanView is what a human player sees when asked to act: the state of
// the session from the human party's side. It is valid only during the call
// that receives it.
type HumanView struct {
	// Self is the human party's own side: outcome space, utility,
	// reservation value, discount, cost, deadline and whether it opened.
	// It never holds the opponent's true preferences.
	Self *sim.Self
	// Round is the current round, from 0.
	Round int
	// RoundsLeft is the number of rounds left to the deadline, this one
	// included: Self.Deadline − Round.
	RoundsLeft int
	// Offer is the opponent's standing offer when the player is asked to
	// Respond, or the opponent's latest offer when asked to Propose;
	// sim.NoOutcome if the opponent has made none.
	Offer sim.Outcome
	// OfferUtility is the human's utility of Offer; NaN without one.
	OfferUtility float64
	// OfferValue is what Offer would be worth to the human if agreed now:
	// OfferUtility discounted as the engine discounts a deal made at this
	// point (Discount^p · u − Cost · p, p rounds, or offers with
	// sim.Protocol.DiscountPerOffer); NaN without an offer.
	OfferValue float64
	// Own is the human's own latest offer, or sim.NoOutcome.
	Own sim.Outcome
	// History holds every offer of the session so far, oldest first;
	// callers must not modify it.
	History []sim.Offer
	// Turn is the engine's turn, for a player that hands a decision on to
	// a strategy of its own (an agent taking an absent person's seat); nil
	// when the engine gave none.
	Turn *sim.Turn
}

// Player makes a human party's decisions, typically by asking a person at
// a terminal. An error (the end of the input, an interrupt) ends the
// session: the human walks away, and [Human.Err] reports the error.
type Player interface {
	// Respond answers the opponent's standing offer v.Offer with
	// sim.Accept, sim.Walk, or sim.Reject; after sim.Reject the engine
	// asks the player to Propose a counter-offer.
	Respond(v *HumanView) (sim.Action, error)
	// Propose returns the human's offer, an outcome of v.Self.Space;
	// sim.NoOutcome walks away.
	Propose(v *HumanView) (sim.Outcome, error)
}

// Requester is an optional ability of a [Player], found by type
// assertion: the person decides when to ask for the facilitator's help.
// The Human's strategy is then a [sim.Requester]; without it, the human
// asks by the scenario's triggers.
type Requester interface {
	// Request returns the human's answer at the end of round v.Round (see
	// sim.Requester); other reports whether the other party has asked and
	// its request stands. An error ends the session on the human's side,
	// as for Respond.
	Request(v *HumanView, other bool) (sim.Ask, error)
}

// Voter is an optional ability of a [Player], found by type assertion: the
// person votes on the facilitator's texts. The Human's strategy is then a
// [sim.Voter]; without it, the human's votes are cast by its utility
// (sim.Ballot.ByUtility).
type Voter interface {
	// Vote returns the human's vote on b (see sim.Voter), which is valid
	// only during the call. An error ends the session on the human's
	// side, and counts as a no.
	Vote(v *HumanView, b *sim.Ballot) (bool, error)
}

// Human is the [sim.Maker] of a party played by a person: its strategy
// passes each decision to a [Player]. It is not in the catalogue, since a
// scenario file cannot name a person. A Human serves one session at a time
// (play it with [sim.Session], not with a parallel [sim.Batch]).
type Human struct {
	player Player
	err    error
}

var (
	_ sim.Maker     = (*Human)(nil)
	_ sim.Strategy  = (*human)(nil)
	_ sim.Requester = (*mediatedHuman)(nil)
	_ sim.Voter     = (*mediatedHuman)(nil)
)

// NewHuman returns the maker of a party whose decisions come from p.
func NewHuman(p Player) *Human { return &Human{player: p} }

// Err returns the error that ended the last session on the human's side
// (for example io.EOF when the input ended, or a player's answer outside
// the rules), or nil if the player made every decision.
func (h *Human) Err() error { return h.err }

// NewStrategy returns the strategy of one session. It walks away at once
// when there is no player or no usable self. When the player is a
// [Requester] or a [Voter], the strategy is a sim.Requester and a
// sim.Voter, which hand the abilities the player lacks to the defaults.
func (h *Human) NewStrategy(self *sim.Self) sim.Strategy {
	h.err = nil
	if h.player == nil {
		h.err = errors.New("human party without a player")
		return walker{}
	}
	if self == nil || self.Space == nil || self.Utility == nil || self.Utility.Len() != self.Space.Size() {
		h.err = errors.New("human party without an outcome space and a utility")
		return walker{}
	}
	hs := &human{h: h, self: self}
	q, okQ := h.player.(Requester)
	v, okV := h.player.(Voter)
	if okQ || okV {
		return &mediatedHuman{human: hs, req: q, vote: v}
	}
	return hs
}

// human is the strategy of one session of a Human.
type human struct {
	h    *Human
	self *sim.Self
	done bool // the player failed: walk away at every turn
}

// fail records the error that ends the session on the human's side.
func (s *human) fail(err error) {
	s.done = true
	if s.h.err == nil {
		s.h.err = err
	}
}

// view builds the view of a turn; offer is the standing offer, or
// NoOutcome to show the opponent's latest one.
func (s *human) view(t *sim.Turn, offer sim.Outcome) *HumanView {
	v := &HumanView{Self: s.self, Offer: sim.NoOutcome, Own: sim.NoOutcome, OfferUtility: math.NaN(), OfferValue: math.NaN(), Turn: t}
	offers := 0
	if t != nil {
		v.Round = max(t.Round, 0)
		if t.Offers != nil {
			v.History = t.Offers.All()
			offers = t.Offers.Len()
			if o, ok := t.Offers.LastBy(s.self.Index); ok {
				v.Own = o.Outcome
			}
			if offer == sim.NoOutcome {
				if o, ok := t.Offers.LastBy(1 - s.self.Index); ok {
					offer = o.Outcome
				}
			}
		}
	}
	v.RoundsLeft = max(s.self.Deadline-v.Round, 0)
	if inSpace(offer, s.self.Space.Size()) {
		v.Offer = offer
		u := s.self.Utility.Of(offer)
		periods := float64(v.Round)
		if s.self.DiscountPerOffer {
			periods = float64(max(offers-1, 0))
		}
		d := s.self.Discount
		if !(d > 0 && d <= 1) {
			d = 1
		}
		v.OfferUtility = u
		v.OfferValue = u*math.Pow(d, periods) - s.self.Cost*periods
	}
	return v
}

// Respond asks the player to answer offer.
func (s *human) Respond(t *sim.Turn, offer sim.Outcome) sim.Action {
	if s.done {
		return sim.Walk
	}
	if !inSpace(offer, s.self.Space.Size()) {
		// Nothing to answer: the human makes its own offer instead.
		return sim.Reject
	}
	a, err := s.h.player.Respond(s.view(t, offer))
	if err != nil {
		s.fail(err)
		return sim.Walk
	}
	switch a {
	case sim.Accept, sim.Reject, sim.Walk:
		return a
	}
	s.fail(fmt.Errorf("player answered with unknown action %d", a))
	return sim.Walk
}

// Propose asks the player for an offer.
func (s *human) Propose(t *sim.Turn) sim.Outcome {
	if s.done {
		return sim.NoOutcome
	}
	o, err := s.h.player.Propose(s.view(t, sim.NoOutcome))
	if err != nil {
		s.fail(err)
		return sim.NoOutcome
	}
	if o != sim.NoOutcome && !inSpace(o, s.self.Space.Size()) {
		s.fail(fmt.Errorf("player proposed outcome %d outside [0, %d)", o, s.self.Space.Size()))
		return sim.NoOutcome
	}
	return o
}

// mediatedHuman is the strategy of a Human whose player asks for the
// facilitator or votes on its texts itself.
type mediatedHuman struct {
	*human
	req  Requester // nil: ask by the triggers
	vote Voter     // nil: vote by utility
}

// Request asks the player whether to ask for help.
func (s *mediatedHuman) Request(t *sim.Turn, other bool) sim.Ask {
	switch {
	case s.done:
		return sim.AskNo
	case s.req == nil:
		return sim.AskByTriggers
	}
	a, err := s.req.Request(s.view(t, sim.NoOutcome), other)
	if err != nil {
		s.fail(err)
		return sim.AskNo
	}
	switch a {
	case sim.AskByTriggers, sim.AskNo, sim.AskYes:
		return a
	}
	s.fail(fmt.Errorf("player answered a request with unknown value %d", a))
	return sim.AskNo
}

// Vote asks the player for its vote on b.
func (s *mediatedHuman) Vote(t *sim.Turn, b *sim.Ballot) bool {
	switch {
	case s.done:
		return false
	case s.vote == nil:
		return b.ByUtility()
	}
	yes, err := s.vote.Vote(s.view(t, sim.NoOutcome), b)
	if err != nil {
		s.fail(err)
		return false
	}
	return yes
}
