package sim

import (
	"math"
	"testing"
)

// stalemate returns the logroll domain with two parties that repeat their
// best outcome forever: A offers (1, 1), B offers (0, 0).
func stalemate(t testing.TB, f *Facilitator) *Negotiation {
	t.Helper()
	n := logroll(t, script{offers: []Outcome{3}}, script{offers: []Outcome{0}})
	n.Protocol.Deadline = 20
	n.Parties[0].Reservation = 0.2
	n.Parties[1].Reservation = 0.2
	n.Facilitator = f
	if err := n.Validate(); err != nil {
		t.Fatal(err)
	}
	return n
}

func stalled(k int) [2]Triggers {
	return [2]Triggers{{StalledRounds: k}, {StalledRounds: k}}
}

func TestFacilitator(t *testing.T) {
	tests := []struct {
		name      string
		f         Facilitator
		wantEnd   EndReason
		wantMed   Mediation
		wantDeal  Outcome
		wantRound int
	}{
		{
			name:    "never: the stalemate runs to the deadline",
			f:       Facilitator{Mode: Never, Triggers: stalled(3)},
			wantEnd: EndDeadline, wantDeal: NoOutcome, wantRound: 19,
			wantMed: Mediation{InviteRound: -1, AskedFirst: -1, DismissedBy: -1},
		},
		{
			// Both stall from round 1 on (no movement between rounds 0 and
			// 1): after round 3 both have stalled 3 rounds and both ask.
			// The Nash draft over d = (0.2, 0.2) is (1, 0), worth 0.7 to
			// both; no neighbour improves on it for both.
			name:    "both ask after 3 stalled rounds: Nash text agreed",
			f:       Facilitator{Triggers: stalled(3)},
			wantEnd: EndAgreement, wantDeal: 2, wantRound: 3,
			wantMed: Mediation{Invited: true, InviteRound: 3, AskedFirst: 0, Reason: "stalled", Mediations: 1, Texts: 1, Drafts: 1, Accepted: 1, Mediated: true, DismissedBy: -1},
		},
		{
			name:    "only A would ask and B objects: no invitation",
			f:       Facilitator{Consent: ConsentEither, Triggers: [2]Triggers{{StalledRounds: 3}, {AcceptOffer: 0}}},
			wantEnd: EndDeadline, wantDeal: NoOutcome, wantRound: 19,
			wantMed: Mediation{InviteRound: -1, AskedFirst: 0, Reason: "stalled", DismissedBy: -1},
		},
		{
			name:    "only A asks and B never objects: invited at once",
			f:       Facilitator{Consent: ConsentEither, Triggers: [2]Triggers{{StalledRounds: 3}, {AcceptOffer: 1}}},
			wantEnd: EndAgreement, wantDeal: 2, wantRound: 3,
			wantMed: Mediation{Invited: true, InviteRound: 3, AskedFirst: 0, Reason: "stalled", Mediations: 1, Texts: 1, Drafts: 1, Accepted: 1, Mediated: true, DismissedBy: -1},
		},
		{
			name:    "always: invited after the first round",
			f:       Facilitator{Mode: Always},
			wantEnd: EndAgreement, wantDeal: 2, wantRound: 0,
			wantMed: Mediation{Invited: true, InviteRound: 0, AskedFirst: -1, Reason: "always", Mediations: 1, Texts: 1, Drafts: 1, Accepted: 1, Mediated: true, DismissedBy: -1},
		},
		{
			name:    "time trigger",
			f:       Facilitator{Triggers: [2]Triggers{{AfterTime: 0.5}, {AfterTime: 0.5}}},
			wantEnd: EndAgreement, wantDeal: 2, wantRound: 10, // (10+1)/21 ≥ 0.5
			wantMed: Mediation{Invited: true, InviteRound: 10, AskedFirst: 0, Reason: "time", Mediations: 1, Texts: 1, Drafts: 1, Accepted: 1, Mediated: true, DismissedBy: -1},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.f
			n := stalemate(t, &f)
			res := NewSession(n).Play(0, 5, true)
			if res.End != tc.wantEnd || res.Agreement != tc.wantDeal || res.Round != tc.wantRound {
				t.Errorf("end %v deal %d round %d; want %v %d %d", res.End, res.Agreement, res.Round, tc.wantEnd, tc.wantDeal, tc.wantRound)
			}
			if res.Mediation != tc.wantMed {
				t.Errorf("mediation\n got %+v\nwant %+v", res.Mediation, tc.wantMed)
			}
		})
	}
}

func TestFacilitatorBiasAndDismissal(t *testing.T) {
	// With β = +1 the draft maximises A's gain among the outcomes B
	// accepts. With B's reservation at 0 that is (1, 1), worth 1 to A and 0
	// to B; B's final vote needs only its reservation and the best offer it
	// received (A's (1, 1), worth 0), so it signs.
	f := &Facilitator{Triggers: stalled(2), Bias: 1}
	n := stalemate(t, f)
	n.Parties[1].Reservation = 0
	res := NewSession(n).Play(0, 5, false)
	if res.Agreement != 3 || !res.Mediation.Mediated {
		t.Errorf("biased draft: deal %d mediated %v, want 3 true", res.Agreement, res.Mediation.Mediated)
	}
	// Dismissal: A alternates between offering (0, 0), worth 1 to B, and
	// (1, 1); B (a script) rejects everything. In the final vote B turns
	// down any text worth less than the best offer it received, so the
	// facilitator is sent away and bilateral talks resume.
	n2 := logroll(t, script{offers: []Outcome{0, 3}}, script{offers: []Outcome{0}})
	n2.Protocol.Deadline = 20
	n2.Facilitator = &Facilitator{Triggers: [2]Triggers{{AfterTime: 0.3}, {AfterTime: 0.3}}}
	if err := n2.Validate(); err != nil {
		t.Fatal(err)
	}
	res = NewSession(n2).Play(0, 5, true)
	if res.Mediation.Mediated || res.Mediation.DismissedBy != 1 || res.End == EndAgreement && res.Mediation.Mediated {
		t.Errorf("dismissal: %+v end %v", res.Mediation, res.End)
	}
	if res.Mediation.Mediations < 2 {
		t.Errorf("after a dismissal the parties may invite again: %d mediations", res.Mediation.Mediations)
	}
	// Each mediation that drafted wrote one text: its first draft, the
	// first after the invitation in the trace.
	texts, open := 0, false
	for _, e := range res.Trace {
		switch e.Kind {
		case EventInvite:
			open = true
		case EventDraft:
			if open {
				texts, open = texts+1, false
			}
		}
	}
	if m := res.Mediation; texts < 2 || m.Texts != texts || m.Drafts < m.Texts {
		t.Errorf("Texts = %d, Drafts = %d; the trace shows %d first drafts", m.Texts, m.Drafts, texts)
	}
}

func TestFacilitatorGuarantee(t *testing.T) {
	// A guarantee worth +0.3 to both on x = 1 (covering (1, 0) and (1, 1))
	// raises the best Nash product from 0.25 to (0.8)(0.8) = 0.64 at a
	// cost of 0.05: attached.
	f := &Facilitator{
		Triggers:   stalled(3),
		Guarantees: []Guarantee{{Name: "corridor_security", When: []Condition{{Issue: 0, Value: 1}}, Delta: [2]float64{0.3, 0.3}, Cost: 0.05}},
		Budget:     0.1,
		Utility:    NewUtilityFromValues([]float64{0.5, 0.5, 1, 0.5}),
	}
	n := stalemate(t, f)
	res := NewSession(n).Play(0, 5, false)
	if !res.Mediation.Mediated || res.Agreement != 2 || res.Mediation.Guarantee != "corridor_security" {
		t.Fatalf("guarantee: %+v deal %d", res.Mediation, res.Agreement)
	}
	if math.Abs(res.Utility[0]-1.0) > 1e-12 || math.Abs(res.Utility[1]-1.0) > 1e-12 {
		t.Errorf("utilities with the guarantee %v, want [1 1]", res.Utility)
	}
	if math.Abs(res.Mediation.Utility-0.95) > 1e-12 {
		t.Errorf("facilitator utility %v, want 1 - 0.05", res.Mediation.Utility)
	}
	// Over budget: not attached.
	f.Budget = 0.01
	res = NewSession(n).Play(0, 5, false)
	if res.Mediation.Guarantee != "" {
		t.Errorf("guarantee over budget attached: %+v", res.Mediation)
	}
}

func TestFacilitatorObserved(t *testing.T) {
	f := &Facilitator{Triggers: stalled(3), Information: Observed}
	n := stalemate(t, f)
	res := NewSession(n).Play(0, 5, false)
	if !res.Mediation.Invited {
		t.Fatalf("not invited: %+v", res.Mediation)
	}
}

func TestFacilitatorRoundAllocatesNothing(t *testing.T) {
	allocs := func(deadline int) float64 {
		n := stalemate(t, &Facilitator{Triggers: [2]Triggers{{StalledRounds: 1 << 20, ProjectedNoDeal: false, ContinuationBelow: 0.01}, {}}})
		n.Protocol.Deadline = deadline
		s := NewSession(n)
		return testing.AllocsPerRun(20, func() { s.Play(0, 1, false) })
	}
	if short, long := allocs(2), allocs(1000); short != long {
		t.Errorf("with a passive facilitator a 1000-round session allocates %v times, a 2-round one %v", long, short)
	}
}

// TestTriggersDefaulted checks the defaults of the concession tolerance
// and the closure window, and that set values are kept.
func TestTriggersDefaulted(t *testing.T) {
	if got, want := (Triggers{StalledRounds: 3}).Defaulted(), (Triggers{StalledRounds: 3, Eps: 0.01, Window: 5}); got != want {
		t.Errorf("zero Eps and Window: %+v, want %+v", got, want)
	}
	set := Triggers{Eps: 0.2, Window: 2, ProjectedNoDeal: true}
	if got := set.Defaulted(); got != set {
		t.Errorf("set Eps and Window: %+v, want them kept", got)
	}
}
