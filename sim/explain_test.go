package sim

import (
	"fmt"
	"testing"
)

// explained is a test strategy that explains every move: it plays script
// and says which of its moves it made.
type explained struct{ s script }

func (e explained) NewStrategy(self *Self) Strategy {
	return &explaining{scriptStrategy: scriptStrategy{s: e.s}}
}

type explaining struct {
	scriptStrategy
	moves int
	asked int
}

func (e *explaining) Propose(t *Turn) Outcome {
	e.moves++
	return e.scriptStrategy.Propose(t)
}

func (e *explaining) Respond(t *Turn, o Outcome) Action {
	e.moves++
	return e.scriptStrategy.Respond(t, o)
}

func (e *explaining) Explain() string {
	e.asked++
	return fmt.Sprintf("move %d", e.moves)
}

var _ Explainer = (*explaining)(nil)

func TestNotes(t *testing.T) {
	a := explained{script{answers: []Action{Reject}, offers: []Outcome{3, 2}}}
	b := script{answers: []Action{Reject, Accept}, offers: []Outcome{0}}
	n := logroll(t, a, b)
	n.Protocol.FirstMover = 0
	s := NewSession(n)

	res := s.Play(0, 1, false)
	if res.Notes != nil || res.Trace != nil {
		t.Fatalf("untraced session carries notes %q", res.Notes)
	}
	if got := res.Note(0); got != "" {
		t.Errorf("Note(0) of an untraced session = %q", got)
	}

	// A offers 3 (move 1); B rejects and offers 0; A rejects (move 2) and
	// offers 2 (move 3); B accepts.
	res = s.Play(0, 1, true)
	if res.End != EndAgreement || res.Agreement != 2 {
		t.Fatalf("end %v agreement %v, want agreement on 2", res.End, res.Agreement)
	}
	want := []string{"move 1", "", "", "", "move 3", ""}
	if len(res.Notes) != len(res.Trace) || len(res.Trace) != len(want) {
		t.Fatalf("%d notes for %d events, want %d: %q", len(res.Notes), len(res.Trace), len(want), res.Notes)
	}
	for i, w := range want {
		if got := res.Note(i); got != w {
			t.Errorf("note %d (%v by %d) = %q, want %q", i, res.Trace[i].Kind, res.Trace[i].Actor, got, w)
		}
	}
	if got := res.Note(len(want)); got != "" {
		t.Errorf("Note past the end = %q", got)
	}

	// A session without an explaining strategy keeps no notes.
	n2 := logroll(t, b, script{answers: []Action{Reject}, offers: []Outcome{3}})
	if res := NewSession(n2).Play(0, 1, true); res.Notes != nil {
		t.Errorf("notes without an Explainer: %q", res.Notes)
	}
}

func TestNotesMonotonicBacktrack(t *testing.T) {
	// A proposes 3, then 2 (a concession to B), then 3 again (a step back,
	// replaced by 2).
	a := explained{script{offers: []Outcome{3, 2, 3}}}
	b := script{offers: []Outcome{0}}
	n := logroll(t, a, b)
	n.Protocol.Type = MonotonicConcession
	n.Protocol.Deadline = 3
	res := NewSession(n).Play(0, 1, true)
	var got []string
	for i, e := range res.Trace {
		if e.Kind == EventOffer && e.Actor == 0 {
			got = append(got, res.Note(i))
		}
	}
	want := []string{"move 1", "move 2", backtrackNote}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("A's notes %q, want %q", got, want)
	}
}

func TestNotesFacilitator(t *testing.T) {
	f := &Facilitator{
		Triggers:   stalled(3),
		Guarantees: []Guarantee{{Name: "sweetener", When: []Condition{{Issue: 0, Value: 1}}, Delta: [2]float64{0.2, 0.2}, Cost: 0.01}},
		Budget:     0.1,
	}
	res := NewSession(stalemate(t, f)).Play(0, 1, true)
	if !res.Mediation.Mediated || res.Mediation.Guarantee != "sweetener" {
		t.Fatalf("mediation %+v, want a mediated agreement with the guarantee", res.Mediation)
	}
	var requests, drafts []string
	for i, e := range res.Trace {
		switch e.Kind {
		case EventRequest:
			requests = append(requests, res.Note(i))
		case EventDraft:
			drafts = append(drafts, res.Note(i))
		}
	}
	if fmt.Sprint(requests) != "[stalled stalled]" {
		t.Errorf("request notes %q, want the trigger of each", requests)
	}
	if len(drafts) == 0 || drafts[0] != "sweetener" {
		t.Errorf("draft notes %q, want the guarantee on the first", drafts)
	}
	for _, d := range drafts[1:] {
		if d != "" {
			t.Errorf("draft notes %q: only the first names the guarantee", drafts)
		}
	}
}

// TestExplainUntraced checks that an untraced session never asks a
// strategy to explain itself.
func TestExplainUntraced(t *testing.T) {
	var asked int
	n := logroll(t, countingMaker{&asked}, script{answers: []Action{Reject}, offers: []Outcome{0}})
	s := NewSession(n)
	s.Play(0, 1, false)
	if asked != 0 {
		t.Errorf("untraced session asked for %d explanations", asked)
	}
	s.Play(0, 1, true)
	if asked == 0 {
		t.Error("traced session asked for no explanation")
	}
}

type countingMaker struct{ asked *int }

func (c countingMaker) NewStrategy(self *Self) Strategy { return &counting{asked: c.asked} }

type counting struct{ asked *int }

func (c *counting) Propose(*Turn) Outcome         { return 3 }
func (c *counting) Respond(*Turn, Outcome) Action { return Reject }
func (c *counting) Explain() string               { *c.asked++; return "holds" }
