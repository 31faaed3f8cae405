package sim

import (
	"errors"
	"fmt"
	"math"
)

// RandomFirst as [Protocol.FirstMover] draws the first mover at random for
// every session, from the protocol's own random stream.
const RandomFirst = -1

// MaxDeadline is the largest deadline, in rounds, that parley accepts.
const MaxDeadline = 1_000_000

// ProtocolType selects the rules of a session.
type ProtocolType uint8

// The protocols parley plays.
const (
	// Alternating is the alternating-offers protocol (Rubinstein 1982; the
	// bilateral stacked alternating offers protocol of Aydoğan et al. 2017).
	Alternating ProtocolType = iota
	// MonotonicConcession is the monotonic concession protocol with
	// simultaneous proposals (Rosenschein and Zlotkin 1994).
	MonotonicConcession
	// SingleText is the mediated single negotiating text with veto voting
	// (Raiffa 1982; Klein et al. 2003).
	SingleText
)

// String returns "alternating", "monotonic" or "single_text".
func (t ProtocolType) String() string {
	switch t {
	case Alternating:
		return "alternating"
	case MonotonicConcession:
		return "monotonic"
	case SingleText:
		return "single_text"
	}
	return "unknown"
}

// Moves says how far a mediator's proposal may stray from the current text.
type Moves uint8

// The kinds of moves of a single-text mediator.
const (
	// OneIssue changes the value of exactly one issue.
	OneIssue Moves = iota
	// Package2 changes one or two issues at once: the logrolling packages
	// that get hill-climbers out of local optima when every issue is opposed.
	Package2
)

// String returns "one_issue" or "package2".
func (m Moves) String() string {
	if m == Package2 {
		return "package2"
	}
	return "one_issue"
}

// Protocol holds the rules of a session.
type Protocol struct {
	// Type selects the protocol. The zero value is Alternating.
	Type ProtocolType
	// Moves is the single-text mediator's move set. The zero value is
	// OneIssue.
	Moves Moves
	// Deadline is the number of rounds; a round is one turn of each party.
	// It must be at least 1 and at most MaxDeadline.
	Deadline int
	// FirstMover is the index of the party that opens (0 or 1), or
	// RandomFirst.
	FirstMover int
	// DiscountPerOffer, when true, discounts a deal by the number of offers
	// made before the accepted one instead of the round: a deal on the k-th
	// offer of the session (k from 0) is worth Discount^k · u − Cost · k.
	// Each offer is then one period of Rubinstein's (1982) game, whose
	// equilibrium shares (README.md, "Oracles the tests use") hold only
	// under this convention; with the default, per-round discounting, both
	// offers of a round share the exponent and the second mover counters
	// at no cost.
	DiscountPerOffer bool
	// Breakdown is the probability in [0, 1) that talks collapse at the end
	// of a round without agreement (Binmore, Rubinstein and Wolinsky 1986);
	// both parties then get their breakdown value.
	Breakdown float64
	// DiscountReservation, when true, discounts the value of no agreement
	// like a deal, as GENIUS does (its reservation value with discount,
	// rv·d^t): talks that end without agreement in round r (walk-away,
	// conflict, breakdown, or the last round at the deadline) are worth
	// Discount^r times the reservation value, or the breakdown value after
	// a breakdown, with r counted per offer under DiscountPerOffer as for a
	// deal. Costs are not charged on no agreement either way. The default,
	// false, leaves the value of no agreement undiscounted.
	DiscountReservation bool
}

// Party is one side of the negotiation.
type Party struct {
	// ID is the short name used in files and tables ("armenia").
	ID string
	// Label is the human-readable name.
	Label string
	// Utility is the party's utility of every outcome.
	Utility *Utility
	// Reservation is the party's utility of no agreement, in [0, 1].
	Reservation float64
	// Discount is the per-round discount factor in (0, 1]: a deal made in
	// round r is worth Discount^r times its utility.
	Discount float64
	// Cost is a fixed cost per round in utility units, in [0, 1]: a deal made
	// in round r is worth Discount^r · u − Cost · r (Rubinstein 1982's
	// fixed bargaining costs). Zero means none.
	Cost float64
	// BreakdownValue is the party's utility when talks collapse by chance
	// (Protocol.Breakdown), in [0, 1]. The scenario reader sets it to the
	// reservation value unless the scenario gives another.
	BreakdownValue float64
	// Perceived is what the party believes the opponent's utility of every
	// outcome to be, or nil when it knows nothing of the opponent's
	// preferences. It is built by the scenario reader from the opponent's
	// true utility and the party's perception noise; strategies only ever
	// see this perception, never the opponent's true utility.
	Perceived *Utility
	// Strategy makes the strategy the party plays in each session.
	Strategy Maker
	// StrategyName names the strategy for tables and reports.
	StrategyName string
}

// Negotiation is a complete, validated bilateral negotiation: the outcome
// space, the two parties and the protocol. It is immutable once built and
// shared read-only by every session and worker.
type Negotiation struct {
	// Name names the scenario.
	Name string
	// Space is the outcome space.
	Space *Space
	// Parties are the two parties, A then B.
	Parties [2]Party
	// Protocol holds the rules.
	Protocol Protocol
	// Facilitator, if not nil, stands ready to help under the
	// alternating-offers protocol when the parties ask for it.
	Facilitator *Facilitator
}

// CheckUtilities reports a negotiation (nil included) that lacks what
// reading its outcomes needs: an outcome space and each party's utility of
// every outcome. It is the part of Validate that the readers of results
// (tables, charts, narration) rely on, since they need no strategies.
func (n *Negotiation) CheckUtilities() error {
	switch {
	case n == nil:
		return errors.New("no negotiation")
	case n.Space == nil:
		return errors.New("negotiation has no outcome space")
	}
	for i, p := range n.Parties {
		switch {
		case p.Utility == nil:
			return fmt.Errorf("party %d (%s): no utility", i, p.ID)
		case p.Utility.Len() != n.Space.Size():
			return fmt.Errorf("party %d (%s): utility covers %d outcomes, space has %d", i, p.ID, p.Utility.Len(), n.Space.Size())
		}
	}
	return nil
}

// Validate reports the first inconsistency in n. The scenario reader
// reports user mistakes with positions; Validate guards library users who
// build a Negotiation by hand.
func (n *Negotiation) Validate() error {
	if err := n.CheckUtilities(); err != nil {
		return err
	}
	for i, p := range n.Parties {
		switch {
		case p.Strategy == nil:
			return fmt.Errorf("party %d (%s): no strategy", i, p.ID)
		case !(p.Reservation >= 0 && p.Reservation <= 1):
			return fmt.Errorf("party %d (%s): reservation %v outside [0, 1]", i, p.ID, p.Reservation)
		case !(p.Discount > 0 && p.Discount <= 1):
			return fmt.Errorf("party %d (%s): discount %v outside (0, 1]", i, p.ID, p.Discount)
		case !(p.Cost >= 0 && p.Cost <= 1):
			return fmt.Errorf("party %d (%s): cost %v outside [0, 1]", i, p.ID, p.Cost)
		case !(p.BreakdownValue >= 0 && p.BreakdownValue <= 1):
			return fmt.Errorf("party %d (%s): breakdown value %v outside [0, 1]", i, p.ID, p.BreakdownValue)
		case p.Perceived != nil && p.Perceived.Len() != n.Space.Size():
			return fmt.Errorf("party %d (%s): perceived utility covers %d outcomes, space has %d", i, p.ID, p.Perceived.Len(), n.Space.Size())
		}
	}
	pr := n.Protocol
	switch {
	case pr.Deadline < 1 || pr.Deadline > MaxDeadline:
		return fmt.Errorf("deadline %d outside [1, %d]", pr.Deadline, MaxDeadline)
	case pr.FirstMover != 0 && pr.FirstMover != 1 && pr.FirstMover != RandomFirst:
		return fmt.Errorf("first mover %d is not 0, 1 or RandomFirst", pr.FirstMover)
	case !(pr.Breakdown >= 0 && pr.Breakdown < 1) || math.IsNaN(pr.Breakdown):
		return fmt.Errorf("breakdown probability %v outside [0, 1)", pr.Breakdown)
	case pr.Type > SingleText:
		return fmt.Errorf("unknown protocol type %d", pr.Type)
	case pr.Moves > Package2:
		return fmt.Errorf("unknown move set %d", pr.Moves)
	}
	if n.Facilitator != nil {
		if pr.Type != Alternating {
			return fmt.Errorf("a facilitator needs the alternating-offers protocol, not %v", pr.Type)
		}
		if err := n.Facilitator.validate(n); err != nil {
			return fmt.Errorf("facilitator: %w", err)
		}
	}
	return nil
}
