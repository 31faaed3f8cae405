package agents

import (
	"errors"
	"io"
	"math"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// scripted is a test Player: it answers and proposes from fixed lists
// (the last entry repeats) and records every view it is shown.
type scripted struct {
	answers  []sim.Action
	proposed []sim.Outcome
	respErr  error // returned by Respond instead of an answer, if set
	propErr  error // returned by Propose instead of an offer, if set
	views    []HumanView
	calls    []string
}

func (p *scripted) Respond(v *HumanView) (sim.Action, error) {
	p.calls = append(p.calls, "respond")
	p.views = append(p.views, *v)
	if p.respErr != nil {
		return sim.Walk, p.respErr
	}
	a := p.answers[min(p.count("respond")-1, len(p.answers)-1)]
	return a, nil
}

func (p *scripted) Propose(v *HumanView) (sim.Outcome, error) {
	p.calls = append(p.calls, "propose")
	p.views = append(p.views, *v)
	if p.propErr != nil {
		return sim.NoOutcome, p.propErr
	}
	return p.proposed[min(p.count("propose")-1, len(p.proposed)-1)], nil
}

func (p *scripted) count(kind string) int {
	n := 0
	for _, c := range p.calls {
		if c == kind {
			n++
		}
	}
	return n
}

// TestHumanSession plays a human against a scripted opponent on a pie of
// ten shares and checks the outcome and what the human was shown.
func TestHumanSession(t *testing.T) {
	ua, ub := unitPie(11)
	opp := script{offers: []sim.Outcome{1, 2, 3, 4}} // worth 0.1, 0.2, ... to A
	tests := []struct {
		name   string
		player *scripted
		first  int
		end    sim.EndReason
		round  int
		agreed sim.Outcome
		by     int
		err    error
		nCalls int
	}{
		{
			name:   "accepts the third offer",
			player: &scripted{answers: []sim.Action{sim.Reject, sim.Reject, sim.Accept}, proposed: []sim.Outcome{9, 8}},
			first:  1, end: sim.EndAgreement, round: 2, agreed: 3, by: 0, nCalls: 5,
		},
		{
			name:   "walks away when asked to respond",
			player: &scripted{answers: []sim.Action{sim.Reject, sim.Walk}, proposed: []sim.Outcome{9}},
			first:  1, end: sim.EndWalkAway, round: 1, agreed: sim.NoOutcome, by: 0, nCalls: 3,
		},
		{
			name:   "walks away by proposing nothing",
			player: &scripted{proposed: []sim.Outcome{sim.NoOutcome}},
			first:  0, end: sim.EndWalkAway, round: 0, agreed: sim.NoOutcome, by: 0, nCalls: 1,
		},
		{
			name:   "end of input while responding",
			player: &scripted{respErr: io.EOF},
			first:  1, end: sim.EndWalkAway, round: 0, agreed: sim.NoOutcome, by: 0, err: io.EOF, nCalls: 1,
		},
		{
			name:   "end of input while proposing",
			player: &scripted{answers: []sim.Action{sim.Reject}, propErr: io.ErrUnexpectedEOF},
			first:  1, end: sim.EndWalkAway, round: 0, agreed: sim.NoOutcome, by: 0, err: io.ErrUnexpectedEOF, nCalls: 2,
		},
		{
			name:   "rejects to the deadline",
			player: &scripted{answers: []sim.Action{sim.Reject}, proposed: []sim.Outcome{10}},
			first:  0, end: sim.EndDeadline, round: 4, agreed: sim.NoOutcome, by: -1, nCalls: 9,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := NewHuman(tc.player)
			n := oneIssue(t, ua, ub, [2]float64{0.05, 0}, h, opp, 5, tc.first)
			n.Parties[0].Discount = 0.5
			res := sim.NewSession(n).Play(0, 1, false)
			if res.End != tc.end || res.Round != tc.round || res.Agreement != tc.agreed || res.By != tc.by {
				t.Errorf("ended %v in round %d on %d by %d; want %v in round %d on %d by %d",
					res.End, res.Round, res.Agreement, res.By, tc.end, tc.round, tc.agreed, tc.by)
			}
			if !errors.Is(h.Err(), tc.err) || (tc.err == nil) != (h.Err() == nil) {
				t.Errorf("Err() = %v, want %v", h.Err(), tc.err)
			}
			if got := len(tc.player.calls); got != tc.nCalls {
				t.Errorf("player called %d times (%v), want %d", got, tc.player.calls, tc.nCalls)
			}
		})
	}
}

// TestHumanView checks every field of the views shown to the human.
func TestHumanView(t *testing.T) {
	ua, ub := unitPie(11)
	p := &scripted{answers: []sim.Action{sim.Reject, sim.Reject, sim.Accept}, proposed: []sim.Outcome{9, 8}}
	h := NewHuman(p)
	n := oneIssue(t, ua, ub, [2]float64{0.05, 0}, h, script{offers: []sim.Outcome{1, 2, 3}}, 5, 1)
	n.Parties[0].Discount = 0.5
	n.Parties[0].Cost = 0.01
	sim.NewSession(n).Play(0, 1, false)
	want := []struct {
		call        string
		round, left int
		offer, own  sim.Outcome
		u, value    float64
		history     int
	}{
		{"respond", 0, 5, 1, sim.NoOutcome, 0.1, 0.1, 1},
		{"propose", 0, 5, 1, sim.NoOutcome, 0.1, 0.1, 1},
		{"respond", 1, 4, 2, 9, 0.2, 0.2*0.5 - 0.01, 3},
		{"propose", 1, 4, 2, 9, 0.2, 0.2*0.5 - 0.01, 3},
		{"respond", 2, 3, 3, 8, 0.3, 0.3*0.25 - 0.02, 5},
	}
	if len(p.views) != len(want) {
		t.Fatalf("%d views (%v), want %d", len(p.views), p.calls, len(want))
	}
	for i, w := range want {
		v := p.views[i]
		if p.calls[i] != w.call || v.Round != w.round || v.RoundsLeft != w.left || v.Offer != w.offer || v.Own != w.own ||
			math.Abs(v.OfferUtility-w.u) > 1e-12 || math.Abs(v.OfferValue-w.value) > 1e-12 || len(v.History) != w.history {
			t.Errorf("view %d: %s round %d left %d offer %d own %d u %v value %v history %d; want %+v",
				i, p.calls[i], v.Round, v.RoundsLeft, v.Offer, v.Own, v.OfferUtility, v.OfferValue, len(v.History), w)
		}
		if v.Self == nil || v.Self.Index != 0 || v.Self.Reservation != 0.05 {
			t.Errorf("view %d: Self = %+v, want party 0 with reservation 0.05", i, v.Self)
		}
	}
}

// TestHumanOpening checks the view of a human who opens: no offer yet.
func TestHumanOpening(t *testing.T) {
	ua, ub := unitPie(11)
	p := &scripted{proposed: []sim.Outcome{sim.NoOutcome}}
	n := oneIssue(t, ua, ub, [2]float64{0, 0}, NewHuman(p), script{offers: []sim.Outcome{1}}, 3, 0)
	sim.NewSession(n).Play(0, 1, false)
	if len(p.views) != 1 {
		t.Fatalf("%d views, want 1", len(p.views))
	}
	v := p.views[0]
	if v.Offer != sim.NoOutcome || !math.IsNaN(v.OfferUtility) || !math.IsNaN(v.OfferValue) || v.Own != sim.NoOutcome || len(v.History) != 0 || v.RoundsLeft != 3 {
		t.Errorf("opening view = %+v, want no offer, NaN utilities, empty history, 3 rounds left", v)
	}
}

// TestHumanPerOfferDiscount checks OfferValue when every offer is a period.
func TestHumanPerOfferDiscount(t *testing.T) {
	ua, ub := unitPie(11)
	p := &scripted{answers: []sim.Action{sim.Reject, sim.Accept}, proposed: []sim.Outcome{9}}
	n := oneIssue(t, ua, ub, [2]float64{0, 0}, NewHuman(p), script{offers: []sim.Outcome{4}}, 5, 1)
	n.Parties[0].Discount = 0.5
	n.Protocol.DiscountPerOffer = true
	res := sim.NewSession(n).Play(0, 1, false)
	last := p.views[len(p.views)-1]
	// Offers so far: B, A, B: a deal on the third offer is two periods late.
	if math.Abs(last.OfferValue-0.4*0.25) > 1e-12 || math.Abs(res.Discounted[0]-last.OfferValue) > 1e-12 {
		t.Errorf("OfferValue = %v, engine's discounted utility %v; want both 0.1", last.OfferValue, res.Discounted[0])
	}
}

// TestHumanMisbehavingPlayer checks that a player's answers outside the
// rules end the session as a walk-away, never a panic.
func TestHumanMisbehavingPlayer(t *testing.T) {
	ua, ub := unitPie(11)
	tests := []struct {
		name   string
		player Player
	}{
		{"outcome outside the space", &scripted{answers: []sim.Action{sim.Reject}, proposed: []sim.Outcome{11}}},
		{"negative outcome", &scripted{answers: []sim.Action{sim.Reject}, proposed: []sim.Outcome{-7}}},
		{"unknown action", &scripted{answers: []sim.Action{sim.Action(9)}, proposed: []sim.Outcome{5}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := NewHuman(tc.player)
			n := oneIssue(t, ua, ub, [2]float64{0, 0}, h, script{offers: []sim.Outcome{1}}, 4, 1)
			res := sim.NewSession(n).Play(0, 1, false)
			if res.End != sim.EndWalkAway || res.By != 0 {
				t.Errorf("ended %v by %d, want a walk-away by the human", res.End, res.By)
			}
			if h.Err() == nil {
				t.Error("Err() = nil, want the rule broken")
			}
		})
	}
}

// TestHumanRobust feeds the strategy what a careless library user might:
// no player, no self, nil turns and offers outside the space.
func TestHumanRobust(t *testing.T) {
	ua, _ := unitPie(5)
	sp, err := sim.NewSpace([]sim.Issue{{ID: "x", Values: make([]sim.Value, 5)}})
	if err != nil {
		t.Fatal(err)
	}
	self := &sim.Self{Space: sp, Utility: sim.NewUtilityFromValues(ua), Deadline: 3, Discount: 1}
	for _, tc := range []struct {
		name string
		h    *Human
		self *sim.Self
	}{
		{"no player", NewHuman(nil), self},
		{"no self", NewHuman(&scripted{}), nil},
		{"self without space", NewHuman(&scripted{}), &sim.Self{Utility: self.Utility}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.h.NewStrategy(tc.self)
			if o := s.Propose(nil); o != sim.NoOutcome {
				t.Errorf("Propose = %d, want NoOutcome", o)
			}
			if a := s.Respond(nil, 2); a != sim.Walk {
				t.Errorf("Respond = %v, want walk", a)
			}
			if tc.h.Err() == nil {
				t.Error("Err() = nil, want why it walked")
			}
		})
	}
	p := &scripted{answers: []sim.Action{sim.Accept}, proposed: []sim.Outcome{2}}
	h := NewHuman(p)
	s := h.NewStrategy(self)
	if o := s.Propose(nil); o != 2 {
		t.Errorf("Propose(nil turn) = %d, want 2", o)
	}
	if a := s.Respond(nil, 99); a != sim.Reject || len(p.calls) != 1 {
		t.Errorf("Respond to an offer outside the space = %v after %d calls, want reject without asking", a, len(p.calls))
	}
	if a := s.Respond(&sim.Turn{Round: -3}, 1); a != sim.Accept || p.views[1].Round != 0 {
		t.Errorf("Respond at round -3 = %v seen as round %d, want accept at round 0", a, p.views[1].Round)
	}
	if h.Err() != nil {
		t.Errorf("Err() = %v after a clean session", h.Err())
	}
}

// TestHumanErrReset checks that a new session clears the last error.
func TestHumanErrReset(t *testing.T) {
	ua, ub := unitPie(11)
	p := &scripted{respErr: io.EOF}
	h := NewHuman(p)
	n := oneIssue(t, ua, ub, [2]float64{0, 0}, h, script{offers: []sim.Outcome{1}}, 4, 1)
	s := sim.NewSession(n)
	s.Play(0, 1, false)
	if !errors.Is(h.Err(), io.EOF) {
		t.Fatalf("Err() = %v, want EOF", h.Err())
	}
	p.respErr = nil
	p.answers = []sim.Action{sim.Accept}
	if res := s.Play(1, 2, false); !res.Agreed() || h.Err() != nil {
		t.Errorf("second session: agreed %v, Err %v; want an agreement and no error", res.Agreed(), h.Err())
	}
}

// TestHumanMonotonic plays a human under the monotonic concession
// protocol, where it only proposes.
func TestHumanMonotonic(t *testing.T) {
	ua, ub := unitPie(11)
	p := &scripted{proposed: []sim.Outcome{9, 7, 5}}
	n := oneIssue(t, ua, ub, [2]float64{0, 0}, NewHuman(p), script{offers: []sim.Outcome{1, 3, 5}}, 6, 0)
	n.Protocol.Type = sim.MonotonicConcession
	res := sim.NewSession(n).Play(0, 1, false)
	if !res.Agreed() || res.Agreement != 5 || res.Round != 2 {
		t.Errorf("ended %v on %d in round %d, want agreement on 5 in round 2", res.End, res.Agreement, res.Round)
	}
	if p.count("respond") != 0 || p.views[1].Offer != 1 || p.views[1].Own != 9 {
		t.Errorf("calls %v, second view offer %d own %d; want only proposals, seeing 1 and 9", p.calls, p.views[1].Offer, p.views[1].Own)
	}
}
