package sim

import (
	"math"
	"reflect"
	"testing"
)

// asking is a test strategy that plays a script and decides itself when to
// ask for help and how to vote: it answers ask (AskYes from round from on,
// answerBefore before), and votes by votes, in order (by utility once they
// run out). It records what the engine showed it.
type asking struct {
	s            script
	from         int
	answerBefore Ask
	votes        []bool
	log          *askLog
}

type askLog struct {
	others  []bool   // the other argument of every Request
	ballots []Ballot // every ballot
}

func (a asking) NewStrategy(self *Self) Strategy {
	return &askingStrategy{scriptStrategy: scriptStrategy{s: a.s}, a: a}
}

type askingStrategy struct {
	scriptStrategy
	a     asking
	voted int
}

var (
	_ Requester = (*askingStrategy)(nil)
	_ Voter     = (*askingStrategy)(nil)
)

func (s *askingStrategy) Request(t *Turn, other bool) Ask {
	if s.a.log != nil {
		s.a.log.others = append(s.a.log.others, other)
	}
	if t.Round >= s.a.from {
		return AskYes
	}
	return s.a.answerBefore
}

func (s *askingStrategy) Vote(t *Turn, b *Ballot) bool {
	if s.a.log != nil {
		s.a.log.ballots = append(s.a.log.ballots, *b)
	}
	if s.voted < len(s.a.votes) {
		s.voted++
		return s.a.votes[s.voted-1]
	}
	return b.ByUtility()
}

// TestRequesterAndVoter plays the stalemate of the facilitator tests (A
// repeats (1, 1), B repeats (0, 0); the Nash text (1, 0) is worth 0.7 to
// both) with parties that ask and vote themselves.
func TestRequesterAndVoter(t *testing.T) {
	a := script{offers: []Outcome{3}}
	b := script{offers: []Outcome{0}}
	tests := []struct {
		name     string
		f        Facilitator
		pa, pb   Maker
		wantEnd  EndReason
		wantMed  Mediation
		wantDeal Outcome
		round    int
	}{
		{
			name: "both ask in round 2, earlier than their triggers: invited then",
			f:    Facilitator{Triggers: stalled(5)},
			pa:   asking{s: a, from: 2, answerBefore: AskNo}, pb: asking{s: b, from: 2, answerBefore: AskNo},
			wantEnd: EndAgreement, wantDeal: 2, round: 2,
			wantMed: Mediation{Invited: true, InviteRound: 2, AskedFirst: 0, Reason: "asked", Mediations: 1, Texts: 1, Drafts: 1, Accepted: 1, Mediated: true, DismissedBy: -1},
		},
		{
			name: "B says no where its trigger would have asked: never invited",
			f:    Facilitator{Triggers: stalled(3)},
			pa:   a, pb: asking{s: b, from: 1 << 30, answerBefore: AskNo},
			wantEnd: EndDeadline, wantDeal: NoOutcome, round: 19,
			wantMed: Mediation{InviteRound: -1, AskedFirst: 0, Reason: "stalled", DismissedBy: -1},
		},
		{
			name: "B leaves it to its triggers: as without a Requester",
			f:    Facilitator{Triggers: stalled(3)},
			pa:   a, pb: asking{s: b, from: 1 << 30, answerBefore: AskByTriggers},
			wantEnd: EndAgreement, wantDeal: 2, round: 3,
			wantMed: Mediation{Invited: true, InviteRound: 3, AskedFirst: 0, Reason: "stalled", Mediations: 1, Texts: 1, Drafts: 1, Accepted: 1, Mediated: true, DismissedBy: -1},
		},
		{
			name: "consent either: a Requester that says no objects although it would let any request through",
			f:    Facilitator{Consent: ConsentEither, Triggers: [2]Triggers{{StalledRounds: 3}, {AcceptOffer: 1}}},
			pa:   a, pb: asking{s: b, from: 1 << 30, answerBefore: AskNo},
			wantEnd: EndDeadline, wantDeal: NoOutcome, round: 19,
			wantMed: Mediation{InviteRound: -1, AskedFirst: 0, Reason: "stalled", DismissedBy: -1},
		},
		{
			name: "consent either: B asks itself, A's triggers let it through",
			f:    Facilitator{Consent: ConsentEither, Triggers: [2]Triggers{{AcceptOffer: 1}, {}}},
			pa:   a, pb: asking{s: b, from: 4, answerBefore: AskNo},
			wantEnd: EndAgreement, wantDeal: 2, round: 4,
			wantMed: Mediation{Invited: true, InviteRound: 4, AskedFirst: 1, Reason: "asked", Mediations: 1, Texts: 1, Drafts: 1, Accepted: 1, Mediated: true, DismissedBy: -1},
		},
		{
			name: "A turns a text down that its utility would accept: dismissed, talks go on",
			f:    Facilitator{Triggers: stalled(3)},
			pa:   asking{s: a, from: 1 << 30, answerBefore: AskByTriggers, votes: []bool{false}}, pb: b,
			wantEnd: EndAgreement, wantDeal: 2, round: 6, // stalled again in rounds 4 to 6
			wantMed: Mediation{Invited: true, InviteRound: 3, AskedFirst: 0, Reason: "stalled", Mediations: 2, Texts: 2, Drafts: 2, Accepted: 2, Mediated: true, DismissedBy: 0},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.f
			n := stalemate(t, &f)
			n.Parties[0].Strategy, n.Parties[1].Strategy = tc.pa, tc.pb
			res := NewSession(n).Play(0, 7, true)
			if res.End != tc.wantEnd || res.Agreement != tc.wantDeal || res.Round != tc.round {
				t.Errorf("end %s, deal %d, round %d; want %s, %d, %d", res.End, res.Agreement, res.Round, tc.wantEnd, tc.wantDeal, tc.round)
			}
			if res.Mediation != tc.wantMed {
				t.Errorf("mediation\n got %+v\nwant %+v", res.Mediation, tc.wantMed)
			}
			for i, e := range res.Trace {
				if e.Kind == EventRequest && tc.wantMed.Reason == "asked" && e.Actor == tc.wantMed.AskedFirst && res.Note(i) != "asked" {
					t.Errorf("request of party %d noted %q, want \"asked\"", e.Actor, res.Note(i))
				}
			}
		})
	}
}

// TestBallots checks what a Voter is shown, and that Request's other
// argument tells whether the other party's request stands.
func TestBallots(t *testing.T) {
	var la, lb askLog
	f := Facilitator{Triggers: stalled(5)}
	n := stalemate(t, &f)
	n.Parties[0].Strategy = asking{s: script{offers: []Outcome{3}}, from: 1, answerBefore: AskNo, log: &la}
	n.Parties[1].Strategy = asking{s: script{offers: []Outcome{0}}, from: 2, answerBefore: AskNo, log: &lb}
	res := NewSession(n).Play(0, 7, true)
	if res.Mediation.InviteRound != 2 || !res.Mediation.Mediated {
		t.Fatalf("mediation %+v, want the text agreed after round 2", res.Mediation)
	}
	// Round 0: neither has asked. Round 1: A asks (B is asked after it,
	// and sees A's request). Round 2: A's request stands, so only B is
	// asked.
	if want := []bool{false, false}; !reflect.DeepEqual(la.others, want) {
		t.Errorf("A saw other = %v, want %v", la.others, want)
	}
	if want := []bool{false, true, true}; !reflect.DeepEqual(lb.others, want) {
		t.Errorf("B saw other = %v, want %v", lb.others, want)
	}
	// The Nash text (1, 0) has no improving neighbour: one final ballot
	// each. A's floor is its reservation value 0.2 or B's offer (0, 0),
	// worth 0 to A; B's is 0.2 or A's offer (1, 1), worth 0 to B.
	for p, l := range []*askLog{&la, &lb} {
		if len(l.ballots) != 1 {
			t.Fatalf("party %d got %d ballots, want 1", p, len(l.ballots))
		}
		b := l.ballots[0]
		want := Ballot{Final: true, Text: 2, Standing: 2, Value: 0.7, StandingValue: 0.7, Floor: 0.2}
		if b.Final != want.Final || b.Text != want.Text || b.Standing != want.Standing ||
			math.Abs(b.Value-want.Value) > 1e-12 || math.Abs(b.StandingValue-want.StandingValue) > 1e-12 || b.Floor != want.Floor || b.Guarantee != "" {
			t.Errorf("party %d's ballot %+v, want %+v", p, b, want)
		}
		if !b.ByUtility() {
			t.Errorf("party %d: ByUtility rejects a text worth %v over floor %v", p, b.Value, b.Floor)
		}
	}
}

func TestBallotByUtility(t *testing.T) {
	tests := []struct {
		name string
		b    Ballot
		want bool
	}{
		{"change worth more", Ballot{Value: 0.6, StandingValue: 0.5, Floor: math.NaN()}, true},
		{"change worth the same", Ballot{Value: 0.5, StandingValue: 0.5, Floor: math.NaN()}, false},
		{"change worth less", Ballot{Value: 0.4, StandingValue: 0.5, Floor: math.NaN()}, false},
		{"final at the floor", Ballot{Final: true, Value: 0.5, StandingValue: 0.5, Floor: 0.5}, true},
		{"final below the floor", Ballot{Final: true, Value: 0.49, StandingValue: 0.49, Floor: 0.5}, false},
	}
	for _, tc := range tests {
		if got := tc.b.ByUtility(); got != tc.want {
			t.Errorf("%s: ByUtility() = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// deferring is a Requester and Voter that always defers to the default
// behaviour: with it, every session must be the one played without it.
type deferring struct{ m Maker }

func (d deferring) NewStrategy(self *Self) Strategy {
	return &deferringStrategy{Strategy: d.m.NewStrategy(self)}
}

type deferringStrategy struct{ Strategy }

func (*deferringStrategy) Request(*Turn, bool) Ask      { return AskByTriggers }
func (*deferringStrategy) Vote(_ *Turn, b *Ballot) bool { return b.ByUtility() }

// TestDeferringChangesNothing plays the facilitator's settings with
// jittery conceders, with and without parties that ask and vote by the
// defaults, and wants identical results: random streams included.
func TestDeferringChangesNothing(t *testing.T) {
	for _, f := range []Facilitator{
		{Triggers: stalled(2)},
		{Consent: ConsentEither, Triggers: [2]Triggers{{StalledRounds: 2, AcceptOffer: 0.3}, {ProjectedNoDeal: true, AcceptOffer: 0.5}}},
		{Mode: Always, Moves: Package2},
		{Triggers: [2]Triggers{{AfterTime: 0.3}, {AfterTime: 0.5}}, Information: Observed},
	} {
		n := pie(t, 41, linear{jitter: 0.4}, linear{jitter: 0.4}, 30)
		n.Facilitator = &f
		n.Parties[0].Reservation, n.Parties[1].Reservation = 0.3, 0.3
		if err := n.Validate(); err != nil {
			t.Fatal(err)
		}
		d := *n
		d.Parties[0].Strategy = deferring{n.Parties[0].Strategy}
		d.Parties[1].Strategy = deferring{n.Parties[1].Strategy}
		s, sd := NewSession(n), NewSession(&d)
		for run := range 50 {
			seed := RunSeed(3, run)
			want, got := s.Play(run, seed, true), sd.Play(run, seed, true)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("facilitator %+v, run %d: deferring parties changed the session\n got %+v\nwant %+v", f, run, got, want)
			}
		}
	}
}

func TestNewHistory(t *testing.T) {
	offers := []Offer{{Round: 0, By: 1, Outcome: 4}, {Round: 0, By: 0, Outcome: 2}, {Round: 1, By: 1, Outcome: 3}}
	h := NewHistory(offers)
	if h.Len() != 3 || h.At(1) != offers[1] {
		t.Fatalf("history %v, want %v", h.All(), offers)
	}
	if o, ok := h.LastBy(1); !ok || o.Outcome != 3 {
		t.Errorf("LastBy(1) = %v, %v; want outcome 3", o, ok)
	}
	if o, ok := NewHistory(nil).Last(); ok || o.Outcome != NoOutcome {
		t.Errorf("empty history: Last() = %v, %v", o, ok)
	}
}
