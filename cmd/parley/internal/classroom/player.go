package classroom

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/parley-sim/parley/agents"
	"github.com/parley-sim/parley/sim"
)

// promptKind is the decision a seat is asked for.
type promptKind uint8

const (
	// respond: answer the other side's offer: accept, counter-offer or
	// walk away.
	respond promptKind = iota
	// propose: make an offer (or walk away).
	propose
	// vote: vote on a text of the facilitator.
	vote
)

func (k promptKind) String() string { return [...]string{"respond", "propose", "vote"}[k] }

// prompt is a decision the engine waits for: the seat's page shows it,
// and a move that names its id answers it.
type prompt struct {
	id     uint64
	kind   promptKind
	round  int
	left   int         // rounds left, this one included
	offer  sim.Outcome // the other side's standing (respond) or latest offer
	own    sim.Outcome // the seat's own latest offer
	value  float64     // the offer's value to the seat if agreed now (discounted)
	ballot sim.Ballot  // vote
	reply  chan move   // buffered: the handler never blocks
}

// move is a seat's answer to a prompt, checked by the handler.
type move struct {
	action   sim.Action  // respond: Accept, Reject (with offer) or Walk
	offer    sim.Outcome // respond with Reject, propose: the offer; NoOutcome walks away
	yes      bool        // vote
	takeover bool        // the seat is absent: an agent decides from now on
}

// errGone ends a session on the side of a seat whose negotiation was
// stopped.
var errGone = errors.New("the negotiation was stopped")

// player is the agents.Player of a seat in one pairing: each decision
// waits for the seat's move from its page. A counter-offer made in answer
// to an offer is kept for the Propose that follows. When the seat stays
// away too long while it is its turn, an agent playing the scenario's
// strategy for the party takes its place for the rest of the negotiation.
type player struct {
	c     *Class
	p     *pairing
	party int
	seat  *seat
	ctx   context.Context

	// Guarded by the class's lock.
	prompt     *prompt
	pending    sim.Outcome // a counter-offer waiting for Propose
	ask        bool        // the seat asked for help; made at the end of the round
	asked      bool        // the request is made and stands
	otherAsked bool        // the other side's request stands
	agent      sim.Strategy
	agentName  string
	first      bool // the seat's party opens the session
}

var (
	_ agents.Player    = (*player)(nil)
	_ agents.Requester = (*player)(nil)
	_ agents.Voter     = (*player)(nil)
)

// Respond waits for the seat's answer to the standing offer.
func (pl *player) Respond(v *agents.HumanView) (sim.Action, error) {
	if a := pl.takenOver(); a != nil {
		return a.Respond(v.Turn, v.Offer), nil
	}
	m, err := pl.await(v, respond, nil)
	switch {
	case err != nil:
		return sim.Walk, err
	case m.takeover:
		return pl.agent.Respond(v.Turn, v.Offer), nil
	}
	if m.action == sim.Reject {
		pl.c.mu.Lock()
		pl.pending = m.offer
		pl.c.mu.Unlock()
	}
	return m.action, nil
}

// Propose returns the counter-offer made with the answer, or waits for
// the seat's offer.
func (pl *player) Propose(v *agents.HumanView) (sim.Outcome, error) {
	pl.c.mu.Lock()
	o := pl.pending
	pl.pending = sim.NoOutcome
	pl.c.mu.Unlock()
	if o != sim.NoOutcome {
		return o, nil
	}
	if a := pl.takenOver(); a != nil {
		return a.Propose(v.Turn), nil
	}
	m, err := pl.await(v, propose, nil)
	switch {
	case err != nil:
		return sim.NoOutcome, err
	case m.takeover:
		return pl.agent.Propose(v.Turn), nil
	}
	return m.offer, nil
}

// Request makes the seat's request for help at the end of the round, if
// it asked. The engine asks only when the seat has no standing request.
func (pl *player) Request(v *agents.HumanView, other bool) (sim.Ask, error) {
	c := pl.c
	c.mu.Lock()
	defer c.mu.Unlock()
	changed := pl.asked || pl.otherAsked != other
	pl.asked, pl.otherAsked = false, other
	p := pl.p
	p.requested[1-pl.party] = other
	defer func() {
		p.requested[pl.party] = pl.asked
		if changed {
			c.changed(pl.seat)
		}
	}()
	if pl.agent != nil {
		return sim.AskByTriggers, nil
	}
	if pl.ask {
		pl.ask, pl.asked, changed = false, true, true
		return sim.AskYes, nil
	}
	return sim.AskNo, nil
}

// Vote waits for the seat's vote on a text of the facilitator.
func (pl *player) Vote(v *agents.HumanView, b *sim.Ballot) (bool, error) {
	if a := pl.takenOver(); a != nil {
		return b.ByUtility(), nil
	}
	m, err := pl.await(v, vote, b)
	switch {
	case err != nil:
		return false, err
	case m.takeover:
		return b.ByUtility(), nil
	}
	return m.yes, nil
}

// takenOver returns the agent that plays for the seat, if one does.
func (pl *player) takenOver() sim.Strategy {
	pl.c.mu.Lock()
	defer pl.c.mu.Unlock()
	return pl.agent
}

// await shows the seat a prompt and waits for its answer, for the end of
// the negotiation, or for the seat's absence to last too long.
func (pl *player) await(v *agents.HumanView, kind promptKind, b *sim.Ballot) (move, error) {
	c := pl.c
	pr := &prompt{kind: kind, round: v.Round, left: v.RoundsLeft, offer: v.Offer, own: v.Own, value: v.OfferValue, reply: make(chan move, 1)}
	if b != nil {
		pr.ballot = *b
	}
	c.mu.Lock()
	c.prompts++
	pr.id = c.prompts
	pl.prompt = pr
	pl.first = v.Self.FirstMover
	p := pl.p
	if n := len(v.History); n != len(p.hist) || v.Round != p.round {
		p.hist = slices.Clone(v.History)
	}
	p.round = v.Round
	if kind == vote {
		p.ballots++
		pl.asked = false // a mediation is under way: requests start afresh
	}
	p.bump()
	c.changed(p.seats[0], p.seats[1])
	c.mu.Unlock()

	tick := time.NewTicker(time.Second / 4)
	defer tick.Stop()
	for {
		select {
		case m := <-pr.reply:
			return m, nil
		case <-pl.ctx.Done():
			c.mu.Lock()
			pl.prompt = nil
			c.mu.Unlock()
			return move{}, errGone
		case <-tick.C:
			if m, ok := pl.absent(pr, v); ok {
				return m, nil
			}
		}
	}
}

// absent checks whether the seat has stayed away too long while its
// prompt waits; if so, an agent takes its place and answers.
func (pl *player) absent(pr *prompt, v *agents.HumanView) (move, bool) {
	c := pl.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.phase != playing || pl.prompt != pr || pl.seat.present(c.now(), c.cfg.Absent) {
		return move{}, false
	}
	select {
	case m := <-pr.reply: // answered meanwhile
		return m, true
	default:
	}
	g := pl.p.g
	pl.agent = g.n.Parties[pl.party].Strategy.NewStrategy(v.Self)
	pl.agentName = g.n.Parties[pl.party].StrategyName
	pl.prompt = nil
	pl.p.bump()
	c.changed(pl.p.seats[0], pl.p.seats[1])
	return move{takeover: true}, true
}
