package classroom

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/parley-sim/parley/agents"
	"github.com/parley-sim/parley/sim"
)

// bot plays a seat through the HTTP API: it accepts an offer worth at
// least accept to it, counters with its best outcome otherwise, asks for
// the facilitator from round askFrom on (never when negative) and votes
// yes on every text. It returns the seat's final state.
func (cl *client) bot(accept float64, askFrom int) *seatView {
	cl.t.Helper()
	for range 200 {
		v := cl.turn()
		p := v.Pairing
		if p.Result != nil || v.Status == "stopped" {
			return v
		}
		if askFrom >= 0 && p.Round >= askFrom && p.Facilitator && !p.Asked && !p.AskPending {
			if code, b := cl.post("/api/seat/ask", map[string]bool{"ask": true}); code != http.StatusOK {
				cl.fatalf("ask: %d %s", code, b)
			}
		}
		pr := p.Prompt
		var m map[string]any
		switch pr.Kind {
		case "respond":
			if p.Offer.Utility >= accept {
				m = map[string]any{"prompt": pr.ID, "action": "accept"}
			} else {
				m = map[string]any{"prompt": pr.ID, "action": "counter", "offer": p.Best}
			}
		case "propose":
			m = map[string]any{"prompt": pr.ID, "action": "offer", "offer": p.Best}
		case "vote":
			m = map[string]any{"prompt": pr.ID, "action": "yes"}
		}
		code, b := cl.post("/api/seat/move", m)
		if code != http.StatusOK {
			cl.fatalf("move %v: %d %s", m, code, b)
		}
	}
	cl.fatalf("the negotiation did not end in 200 moves")
	return nil
}

// replayer is an agents.Player that makes, in order, the moves party me
// made in a traced session: the engine given the same seed must then play
// the same session.
type replayer struct {
	trace []sim.Event
	me    int
	k     int
}

// next returns the next event of the human's party, skipping the others.
func (r *replayer) next(kinds ...sim.EventKind) sim.Event {
	for ; r.k < len(r.trace); r.k++ {
		e := r.trace[r.k]
		if e.Actor == r.me {
			for _, k := range kinds {
				if e.Kind == k {
					r.k++
					return e
				}
			}
		}
	}
	return sim.Event{Kind: sim.EventWalk, Outcome: sim.NoOutcome}
}

func (r *replayer) Respond(v *agents.HumanView) (sim.Action, error) {
	switch r.next(sim.EventAccept, sim.EventReject, sim.EventWalk).Kind {
	case sim.EventAccept:
		return sim.Accept, nil
	case sim.EventReject:
		return sim.Reject, nil
	}
	return sim.Walk, nil
}

func (r *replayer) Propose(v *agents.HumanView) (sim.Outcome, error) {
	e := r.next(sim.EventOffer, sim.EventWalk)
	return e.Outcome, nil
}

func (r *replayer) Request(v *agents.HumanView, other bool) (sim.Ask, error) {
	// Requests come after the round's moves: look ahead without consuming.
	for k := r.k; k < len(r.trace); k++ {
		e := r.trace[k]
		if e.Round > v.Round {
			break
		}
		if e.Actor == r.me && e.Kind == sim.EventRequest && e.Round == v.Round {
			return sim.AskYes, nil
		}
	}
	return sim.AskNo, nil
}

func (r *replayer) Vote(v *agents.HumanView, b *sim.Ballot) (bool, error) {
	e := r.next(sim.EventVoteYes, sim.EventVoteNo, sim.EventAccept, sim.EventDismiss)
	return e.Kind == sim.EventVoteYes || e.Kind == sim.EventAccept, nil
}

// checkReplay replays pairing p's recorded students' moves in the engine,
// with the run's seed, and wants the same result: the server played the
// engine's rules, nothing else.
func checkReplay(t *testing.T, p *pairing) {
	t.Helper()
	n := *p.g.n
	for i, st := range p.seats {
		if st != nil {
			n.Parties[i].Strategy = agents.NewHuman(&replayer{trace: p.res.Trace, me: i})
			n.Parties[i].StrategyName = "human"
		}
	}
	if p.seed != sim.RunSeed(p.g.seed, p.run) {
		t.Fatalf("pairing %d plays seed %x, not run %d's %x", p.num, p.seed, p.run, sim.RunSeed(p.g.seed, p.run))
	}
	got := sim.NewSession(&n).Play(p.run, p.seed, true)
	if !reflect.DeepEqual(got.Trace, p.res.Trace) || got.Utility != p.res.Utility || got.End != p.res.End || got.Mediation != p.res.Mediation {
		t.Errorf("pairing %d: the engine replaying the students' moves plays another session\nserved: %v %v %+v\n%v\nengine: %v %v %+v\n%v",
			p.num, p.res.End, p.res.Utility, p.res.Mediation, p.res.Trace, got.End, got.Utility, got.Mediation, got.Trace)
	}
}

// start starts a round of play from the dashboard.
func (cl *client) start(s Settings) *dashView {
	cl.t.Helper()
	code, b := cl.post("/api/class/start", s)
	if code != http.StatusOK {
		cl.fatalf("start: %d %s", code, b)
	}
	var v dashView
	if err := json.Unmarshal(b, &v); err != nil {
		cl.fatalf("%v", err)
	}
	return &v
}

func TestStudentAgainstAgent(t *testing.T) {
	c, srv := testClass(t, Config{})
	ins := instructor(t, c, srv)
	ann := join(t, c, srv, "Ann", 0)
	if v := ann.state(); v.Status != "lobby" || v.Seat != 1 || v.Name != "Ann" {
		t.Fatalf("before the start: %+v", v)
	}
	ins.start(Settings{Mode: ModeAgent, Side: "farmer"})
	final := ann.bot(0.6, 1)
	p := final.Pairing
	if p.You != "Farmer" || p.Opponent != "agent" || p.Result == nil {
		t.Fatalf("final state %+v", p)
	}
	c.mu.Lock()
	pr := c.pairings[0]
	c.mu.Unlock()
	checkReplay(t, pr)
	if pr.res.Mediation.AskedFirst != 0 || pr.res.Mediation.Reason != "asked" {
		t.Errorf("the student asked from round 1: mediation %+v", pr.res.Mediation)
	}
	if !strings.Contains(p.Result.Summary, "You take home") || strings.Contains(p.Result.Summary, "Nash") {
		t.Errorf("the summary before the reveal:\n%s", p.Result.Summary)
	}
	d := ins.class()
	if len(d.Pairings) != 1 || d.Pairings[0].Result == nil || d.Pairings[0].Sides[1].Agent != "conceder" {
		t.Errorf("dashboard pairings %+v", d.Pairings)
	}
	if n := len(d.Chart.Class); n != 1 && pr.res.Agreed() {
		t.Errorf("chart with %d class points, want 1", n)
	}
}

func TestStudentsInPairs(t *testing.T) {
	c, srv := testClass(t, Config{})
	ins := instructor(t, c, srv)
	a := join(t, c, srv, "Ann", 0)
	b := join(t, c, srv, "Bo", 0)
	ins.start(Settings{Mode: ModeStudents})
	done := make(chan *seatView, 1)
	go func() {
		var v *seatView
		defer func() { done <- v }()
		v = b.bot(0.55, 2)
	}()
	va := a.bot(0.55, 2)
	vb := <-done
	if vb == nil {
		t.FailNow()
	}
	if va.Pairing.Number != vb.Pairing.Number || va.Pairing.You == vb.Pairing.You || va.Pairing.Opponent != "student" {
		t.Fatalf("not one pairing of two students on both sides: %+v / %+v", va.Pairing, vb.Pairing)
	}
	c.mu.Lock()
	pr := c.pairings[0]
	c.mu.Unlock()
	checkReplay(t, pr)
	if pr.seats[0] == nil || pr.seats[1] == nil {
		t.Fatalf("pairing seats %v", pr.seats)
	}
	// Both asked from round 2: the facilitator came in after it, and
	// both voted yes on its texts.
	if m := pr.res.Mediation; !m.Invited || m.InviteRound != 2 || m.Reason != "asked" || !m.Mediated {
		t.Errorf("mediation %+v: want both students' request after round 2 and the text agreed", m)
	}
}

// TestNotesUncertain checks that a class says it plays the nominal values
// of a scenario's uncertain assumptions, and says nothing of a scenario
// without any.
func TestNotesUncertain(t *testing.T) {
	c, _ := testClass(t, Config{Scenarios: []string{market, "south-caucasus"}})
	notes := c.Notes()
	if len(notes) != 1 || !strings.HasPrefix(notes[0], "south-caucasus leaves ") || !strings.Contains(notes[0], "a class plays their nominal values") {
		t.Errorf("notes = %q, want one for south-caucasus", notes)
	}
	c.mu.Lock()
	v := c.dashView()
	c.mu.Unlock()
	if v.Scenarios[0].Uncertain != 0 || v.Scenarios[1].Uncertain == 0 {
		t.Errorf("the dashboard's scenarios: %+v", v.Scenarios)
	}
}
