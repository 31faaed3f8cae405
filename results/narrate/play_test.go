package narrate

import (
	"errors"
	"strings"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// TestAsciiSpace draws a three-outcome space and checks every mark.
func TestAsciiSpace(t *testing.T) {
	sp, err := sim.NewSpace([]sim.Issue{{ID: "x", Values: []sim.Value{{ID: "0"}, {ID: "1"}, {ID: "2"}}}})
	if err != nil {
		t.Fatal(err)
	}
	n := &sim.Negotiation{Space: sp, Parties: [2]sim.Party{
		{ID: "a", Utility: sim.NewUtilityFromValues([]float64{1, 0.5, 0}), Reservation: 0.2, Discount: 1},
		{ID: "b", Utility: sim.NewUtilityFromValues([]float64{0, 0.5, 1}), Reservation: 0.4, Discount: 1},
	}}
	res := sim.Result{End: sim.EndAgreement, Agreement: 1, Utility: [2]float64{0.5, 0.5}, Trace: []sim.Event{
		{Actor: 0, Kind: sim.EventOffer, Outcome: 0},
		{Actor: 1, Kind: sim.EventOffer, Outcome: 2},
		{Actor: 0, Kind: sim.EventAccept, Outcome: 2},
	}}
	nash := []sim.Point{{Outcome: 1, U: [2]float64{0.5, 0.5}}}
	for _, tc := range []struct {
		me   int
		want map[[2]int]byte // (row, col) of the grid → mark
	}{
		// A at 0.2 → column 12; B at 0.4 → row 19 − 8 = 11. A's offer
		// (A 1, B 0) is at the bottom right, B's at the top left.
		{0, map[[2]int]byte{{19, 59}: '+', {0, 0}: 'x', {9, 30}: '*', {5, 12}: ':', {11, 40}: '-', {11, 12}: ':'}},
		// Played as B: the same picture, A across as in the PNG chart;
		// only the marks of whose offers are whose change.
		{1, map[[2]int]byte{{19, 59}: 'x', {0, 0}: '+', {9, 30}: '*', {5, 12}: ':', {11, 40}: '-', {11, 12}: ':'}},
	} {
		pic := asciiSpace(n, tc.me, &res, nash, [2]string{"A", "B"})
		lines := strings.Split(pic, "\n")
		if len(lines) < asciiH+5 {
			t.Fatalf("me=%d: %d lines:\n%s", tc.me, len(lines), pic)
		}
		grid := lines[2 : 2+asciiH]
		for pos, c := range tc.want {
			line := grid[pos[0]]
			if got := line[7+pos[1]]; got != c {
				t.Errorf("me=%d: cell (%d, %d) = %q, want %q\n%s", tc.me, pos[0], pos[1], got, c, pic)
			}
		}
		head := map[int]string{0: "Utility space: you (A) across, B up", 1: "Utility space: A across, you (B) up"}[tc.me]
		if !strings.HasPrefix(lines[0], head) {
			t.Errorf("me=%d: heading %q, want %q", tc.me, lines[0], head)
		}
		if !strings.Contains(lines[0], "across") || !strings.HasPrefix(lines[2], "  1.0 |") || !strings.HasPrefix(lines[2+9], "  0.5 |") ||
			!strings.HasPrefix(lines[2+19], "  0.0 |") {
			t.Errorf("me=%d: axis labels misplaced:\n%s", tc.me, pic)
		}
		if cells := strings.Join(grid, ""); strings.Contains(cells, "N") || strings.Count(cells, "*") != 1 {
			t.Errorf("me=%d: want one agreement covering the Nash point:\n%s", tc.me, pic)
		}
	}
}

// playFixture is a three-outcome session: A prefers outcome 0, B outcome
// 2, and outcome 1 splits the difference.
func playFixture(t *testing.T) *Play {
	t.Helper()
	sp, err := sim.NewSpace([]sim.Issue{{ID: "x", Label: "Share", Values: []sim.Value{{ID: "0"}, {ID: "1", Label: "half"}, {ID: "2"}}}})
	if err != nil {
		t.Fatal(err)
	}
	n := &sim.Negotiation{Space: sp, Parties: [2]sim.Party{
		{ID: "a", Utility: sim.NewUtilityFromValues([]float64{1, 0.5, 0}), Reservation: 0.2, Discount: 1},
		{ID: "b", Utility: sim.NewUtilityFromValues([]float64{0, 0.5, 1}), Reservation: 0.4, Discount: 1},
	}}
	human := sim.Result{End: sim.EndAgreement, Round: 2, By: 1, Agreement: 1, Utility: [2]float64{0.5, 0.5}, Discounted: [2]float64{0.5, 0.5}, Trace: []sim.Event{
		{Actor: 0, Kind: sim.EventOffer, Outcome: 1},
		{Round: 2, Actor: 1, Kind: sim.EventAccept, Outcome: 1},
	}}
	agent := sim.Result{End: sim.EndWalkAway, Round: 3, By: 0, Agreement: sim.NoOutcome, Utility: [2]float64{0.2, 0.4}, Discounted: [2]float64{0.2, 0.4}}
	return &Play{Negotiation: n, Me: 0, Names: [2]string{"A", "B"}, Human: human, Agent: agent, AgentStrategy: "boulware"}
}

// TestPlayEndNote checks the short ending of either session, which the
// chart of parley play prints in its subtitle.
func TestPlayEndNote(t *testing.T) {
	p := playFixture(t)
	if got, want := p.EndNote(true), "agreement in round 2"; got != want {
		t.Errorf("EndNote(human) = %q, want %q", got, want)
	}
	if got, want := p.EndNote(false), "no deal: the agent walked away in round 3"; got != want {
		t.Errorf("EndNote(agent) = %q, want %q", got, want)
	}
	p.Human = p.Agent // the human walked away the same way
	if got, want := p.EndNote(true), "no deal: you walked away in round 3"; got != want {
		t.Errorf("EndNote(human walked) = %q, want %q", got, want)
	}
}

// TestPlaySummary checks the sentences that compare the session with the
// Nash point and the agent, and that a failing writer is reported.
func TestPlaySummary(t *testing.T) {
	p := playFixture(t)
	var b strings.Builder
	if err := p.WriteSummary(&b); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{
		"=== The end ===\nB accepted your offer in round 2.\n  Share   half\n",
		"The Nash point, the deal that maximises the product of both sides' gains over their reservation values, is\n  half:\n  0.500 to you and 0.500 to B. You got as much, and B as much.",
		"An agent playing \"boulware\" (the scenario's strategy for A) in your place, with the same seed:\n  The agent walked away in round 3: no deal.",
		"the agent  0.200  (no deal: your reservation value)",
		"You did 0.300 better.",
		"Utility space: you (A) across, B up",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the summary does not say %q:\n%s", want, got)
		}
	}
	if err := p.WriteSummary(failingWriter{}); !errors.Is(err, errFull) {
		t.Errorf("WriteSummary to a failing writer = %v, want %v", err, errFull)
	}
}

// TestPlayOwnSummary checks the end told from the human's side alone: what
// the human takes home and what the agent in its place did, and nothing
// of the other side's utility.
func TestPlayOwnSummary(t *testing.T) {
	p := playFixture(t)
	ub := []float64{0.137, 0.519, 0.963} // B's utilities: none may show
	p.Negotiation.Parties[1].Utility = sim.NewUtilityFromValues(ub)
	p.Human.Utility[1], p.Human.Discounted[1] = ub[1], ub[1]
	p.Human.Mediation = sim.Mediation{Invited: true, InviteRound: 1, AskedFirst: 0, Reason: "asked", Mediations: 1, Texts: 1, Drafts: 1, Accepted: 1, DismissedBy: -1}
	p.Voted = true
	var b strings.Builder
	if err := p.WriteOwnSummary(&b); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{
		"B accepted your offer in round 2.\n  Share   half\n",
		"The facilitator was invited in round 1 (you asked first); it wrote 1 text.\n",
		"You take home 0.500 (a deal in round 2): 0.300 above your reservation value 0.200.\n",
		"An agent playing \"boulware\" (the scenario's strategy for A) in your place, with the same seed:\n  The agent walked away in round 3: no deal.\n  It takes home 0.200 (no deal: your reservation value).\n",
		"You did 0.300 better.\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the summary does not say %q:\n%s", want, got)
		}
	}
	for _, secret := range []string{"Nash", "0.137", "0.519", "0.963", "0.14", "0.52", "0.96", "0.400", "Utility space"} {
		if strings.Contains(got, secret) {
			t.Errorf("the human's own summary says %q, which tells of the other side's utility:\n%s", secret, got)
		}
	}
	if err := p.WriteOwnSummary(failingWriter{}); err == nil {
		t.Error("a failing writer: no error")
	}
}
