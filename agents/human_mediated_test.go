package agents

import (
	"errors"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// mediating is a scripted Player that also asks for the facilitator (from
// round askFrom on) and votes from a list (by utility once it runs out).
type mediating struct {
	scripted
	askFrom int
	votes   []bool
	voteErr error
	ballots []sim.Ballot
	others  []bool
	turns   []bool // whether each Request's view carried the engine's turn
}

func (p *mediating) Request(v *HumanView, other bool) (sim.Ask, error) {
	p.others = append(p.others, other)
	p.turns = append(p.turns, v.Turn != nil && v.Turn.Round == v.Round)
	if v.Round >= p.askFrom {
		return sim.AskYes, nil
	}
	return sim.AskNo, nil
}

func (p *mediating) Vote(v *HumanView, b *sim.Ballot) (bool, error) {
	p.ballots = append(p.ballots, *b)
	if p.voteErr != nil {
		return false, p.voteErr
	}
	if k := len(p.ballots) - 1; k < len(p.votes) {
		return p.votes[k], nil
	}
	return b.ByUtility(), nil
}

// votingOnly is a Player that votes but leaves requests to the triggers.
type votingOnly struct {
	scripted
	ballots int
}

func (p *votingOnly) Vote(v *HumanView, b *sim.Ballot) (bool, error) {
	p.ballots++
	return b.ByUtility(), nil
}

// TestHumanMediated plays a human (A) who demands the whole pie against an
// opponent who offers nothing, with a facilitator both ask after 3 stalled
// rounds by default: the Nash text is the even split.
func TestHumanMediated(t *testing.T) {
	ua, ub := unitPie(11)
	tests := []struct {
		name   string
		player sim.Maker // built from the player below
		p      Player
		end    sim.EndReason
		round  int
		agreed sim.Outcome
		med    sim.Mediation
		err    error
	}{
		{
			name: "asks from round 1, accepts the text",
			p:    &mediating{scripted: scripted{proposed: []sim.Outcome{10}, answers: []sim.Action{sim.Reject}}, askFrom: 1},
			end:  sim.EndAgreement, round: 3, agreed: 5,
			med: sim.Mediation{Invited: true, InviteRound: 3, AskedFirst: 0, Reason: "asked", Mediations: 1, Texts: 1, Drafts: 1, Accepted: 1, Mediated: true, DismissedBy: -1},
		},
		{
			name: "turns the first text down, accepts the second",
			p:    &mediating{scripted: scripted{proposed: []sim.Outcome{10}, answers: []sim.Action{sim.Reject}}, askFrom: 1, votes: []bool{false, true}},
			end:  sim.EndAgreement, round: 6, agreed: 5,
			med: sim.Mediation{Invited: true, InviteRound: 3, AskedFirst: 0, Reason: "asked", Mediations: 2, Texts: 2, Drafts: 2, Accepted: 2, Mediated: true, DismissedBy: 0},
		},
		{
			name: "never asks: the opponent's request alone does not invite",
			p:    &mediating{scripted: scripted{proposed: []sim.Outcome{10}, answers: []sim.Action{sim.Reject}}, askFrom: 1 << 30},
			end:  sim.EndDeadline, round: 11, agreed: sim.NoOutcome,
			med: sim.Mediation{InviteRound: -1, AskedFirst: 1, Reason: "stalled", DismissedBy: -1},
		},
		{
			name: "a failed vote counts as no and ends the session on the human's side",
			p:    &mediating{scripted: scripted{proposed: []sim.Outcome{10}, answers: []sim.Action{sim.Reject}}, askFrom: 0, voteErr: errors.New("gone")},
			end:  sim.EndWalkAway, round: 4, agreed: sim.NoOutcome,
			med: sim.Mediation{Invited: true, InviteRound: 3, AskedFirst: 0, Reason: "asked", Mediations: 1, Texts: 1, Drafts: 1, Accepted: 1, DismissedBy: 0},
			err: errors.New("gone"),
		},
		{
			name: "a player that only votes asks by its triggers",
			p:    &votingOnly{scripted: scripted{proposed: []sim.Outcome{10}, answers: []sim.Action{sim.Reject}}},
			end:  sim.EndAgreement, round: 3, agreed: 5,
			med: sim.Mediation{Invited: true, InviteRound: 3, AskedFirst: 0, Reason: "stalled", Mediations: 1, Texts: 1, Drafts: 1, Accepted: 1, Mediated: true, DismissedBy: -1},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := NewHuman(tc.p)
			n := oneIssue(t, ua, ub, [2]float64{0.2, 0.2}, h, script{offers: []sim.Outcome{0}}, 12, 0)
			n.Facilitator = &sim.Facilitator{Triggers: [2]sim.Triggers{{StalledRounds: 3}, {StalledRounds: 3}}}
			if err := n.Validate(); err != nil {
				t.Fatal(err)
			}
			res := sim.NewSession(n).Play(0, 1, true)
			if res.End != tc.end || res.Round != tc.round || res.Agreement != tc.agreed {
				t.Errorf("end %s in round %d on %d; want %s in round %d on %d", res.End, res.Round, res.Agreement, tc.end, tc.round, tc.agreed)
			}
			if res.Mediation != tc.med {
				t.Errorf("mediation\n got %+v\nwant %+v", res.Mediation, tc.med)
			}
			if got := h.Err(); (got == nil) != (tc.err == nil) || got != nil && got.Error() != tc.err.Error() {
				t.Errorf("Err() = %v, want %v", got, tc.err)
			}
		})
	}
}

// TestHumanMediatedViews checks what a mediating player is shown: ballots
// with the text's value to it, the other side's standing request, and the
// engine's turn in every view.
func TestHumanMediatedViews(t *testing.T) {
	ua, ub := unitPie(11)
	p := &mediating{scripted: scripted{proposed: []sim.Outcome{10}, answers: []sim.Action{sim.Reject}}, askFrom: 5}
	h := NewHuman(p)
	n := oneIssue(t, ua, ub, [2]float64{0.2, 0.2}, h, script{offers: []sim.Outcome{0}}, 12, 0)
	n.Facilitator = &sim.Facilitator{Triggers: [2]sim.Triggers{{}, {StalledRounds: 2}}}
	if err := n.Validate(); err != nil {
		t.Fatal(err)
	}
	res := sim.NewSession(n).Play(0, 1, true)
	if !res.Mediation.Mediated || res.Round != 5 {
		t.Fatalf("result %+v, want the facilitator's text after round 5", res)
	}
	// The opponent stalls in rounds 1 and 2 and asks after round 2: the
	// human sees its request from round 3 on.
	want := []bool{false, false, false, true, true, true}
	if len(p.others) != len(want) {
		t.Fatalf("asked %d times (%v), want %d", len(p.others), p.others, len(want))
	}
	for i := range want {
		if p.others[i] != want[i] {
			t.Errorf("round %d: other = %v, want %v", i, p.others[i], want[i])
		}
	}
	if len(p.ballots) != 1 {
		t.Fatalf("%d ballots, want 1", len(p.ballots))
	}
	b := p.ballots[0]
	if !b.Final || b.Text != 5 || b.Value != 0.5 || b.Floor != 0.2 {
		t.Errorf("ballot %+v, want the final vote on share 5, worth 0.5 over a floor of 0.2", b)
	}
	for i, ok := range p.turns {
		if !ok {
			t.Errorf("request %d: the view does not carry the engine's turn of its round", i)
		}
	}
}
