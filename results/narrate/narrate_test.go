package narrate

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/sim"
)

// ev builds a trace event.
func ev(round, actor int, k sim.EventKind, o sim.Outcome) sim.Event {
	return sim.Event{Round: round, Actor: actor, Kind: k, Outcome: o}
}

// narrateCase is a hand-made trace with what its narration must say.
type narrateCase struct {
	name     string
	protocol sim.ProtocolType
	fac      bool // the facilitated negotiation
	trace    []sim.Event
	notes    []string
	want     string // the text the last event of kind kind produces
	kind     sim.EventKind
}

// narrateCases cover every event kind. In the test negotiation North's
// best outcome is 1 (closed, 0 km, yes) and South's is 16 (open, 10 km,
// no).
var narrateCases = []narrateCase{
	{name: "offer", kind: sim.EventOffer, trace: []sim.Event{ev(0, 0, sim.EventOffer, 1)}, want: "North offers (worth 1.00 to North, 0.00 to South):"},
	{name: "reject", kind: sim.EventReject, trace: []sim.Event{ev(0, 0, sim.EventOffer, 1), ev(0, 1, sim.EventReject, 1)}, want: "South rejects North's offer."},
	{name: "accept", kind: sim.EventAccept, trace: []sim.Event{ev(0, 0, sim.EventOffer, 1), ev(0, 1, sim.EventAccept, 1)}, notes: []string{"", "it likes it"}, want: "South accepts North's offer (worth 0.00 to South, 1.00 to North)."},
	{name: "walk", kind: sim.EventWalk, trace: []sim.Event{ev(0, 0, sim.EventOffer, 1), ev(0, 1, sim.EventWalk, sim.NoOutcome)}, want: "South walks away"},
	{name: "breakdown", kind: sim.EventBreakdown, trace: []sim.Event{ev(0, 0, sim.EventOffer, 1), ev(0, 1, sim.EventOffer, 16), ev(0, -1, sim.EventBreakdown, sim.NoOutcome)}, want: "break down by chance"},
	{name: "conflict", kind: sim.EventConflict, protocol: sim.MonotonicConcession, trace: []sim.Event{ev(0, 0, sim.EventOffer, 1), ev(0, 1, sim.EventOffer, 16), ev(0, -1, sim.EventConflict, sim.NoOutcome)}, want: "conflict deal"},
	{name: "request", kind: sim.EventRequest, fac: true, trace: []sim.Event{ev(0, 0, sim.EventOffer, 1), ev(0, 1, sim.EventOffer, 16), ev(0, 0, sim.EventRequest, sim.NoOutcome)}, notes: []string{"", "", "stalled"}, want: "North asks third state for help: for 2 rounds neither its own offer fell nor South's rose by 0.01 or more (stalled)."},
	{name: "invite", kind: sim.EventInvite, fac: true, trace: []sim.Event{ev(0, 0, sim.EventOffer, 1), ev(0, 1, sim.EventOffer, 16), ev(0, 0, sim.EventRequest, sim.NoOutcome), ev(0, -1, sim.EventInvite, sim.NoOutcome)}, want: "North has asked and South does not object: third state is invited"},
	{name: "draft", kind: sim.EventDraft, fac: true, trace: []sim.Event{ev(0, 0, sim.EventOffer, 1), ev(0, 1, sim.EventOffer, 16), ev(0, -1, sim.EventInvite, sim.NoOutcome), ev(0, -1, sim.EventDraft, 13)}, notes: []string{"", "", "", "corridor_security"}, want: "Third state drafts a single text, with the guarantee corridor_security attached"},
	{name: "vote yes", kind: sim.EventVoteYes, fac: true, trace: []sim.Event{ev(0, -1, sim.EventInvite, sim.NoOutcome), ev(0, -1, sim.EventDraft, 13), ev(0, -1, sim.EventDraft, 14), ev(0, 1, sim.EventVoteYes, 14)}, want: "South votes yes"},
	{name: "vote no", kind: sim.EventVoteNo, fac: true, trace: []sim.Event{ev(0, -1, sim.EventInvite, sim.NoOutcome), ev(0, -1, sim.EventDraft, 13), ev(0, -1, sim.EventDraft, 14), ev(0, 0, sim.EventVoteNo, 14)}, want: "North votes no"},
	{name: "dismiss", kind: sim.EventDismiss, fac: true, trace: []sim.Event{ev(0, -1, sim.EventInvite, sim.NoOutcome), ev(0, -1, sim.EventDraft, 13), ev(0, 0, sim.EventDismiss, 13)}, want: "North turns the text down"},
	{name: "single text signature", kind: sim.EventAccept, protocol: sim.SingleText, trace: []sim.Event{ev(0, -1, sim.EventDraft, 13), ev(0, 0, sim.EventAccept, 13)}, want: "North signs the final text"},
	{name: "single text refusal", kind: sim.EventReject, protocol: sim.SingleText, trace: []sim.Event{ev(0, -1, sim.EventDraft, 13), ev(0, 0, sim.EventReject, 13)}, want: "North refuses to sign the final text"},
	{name: "final vote", kind: sim.EventAccept, fac: true, trace: []sim.Event{ev(0, -1, sim.EventInvite, sim.NoOutcome), ev(0, -1, sim.EventDraft, 13), ev(0, 0, sim.EventAccept, 13)}, want: "North accepts the text"},
	{name: "request of a person", kind: sim.EventRequest, fac: true, trace: []sim.Event{ev(0, 0, sim.EventOffer, 1), ev(0, 1, sim.EventOffer, 16), ev(0, 1, sim.EventRequest, sim.NoOutcome)}, notes: []string{"", "", "asked"}, want: "South asks third state for help: it decided to ask itself."},
	// A person votes as they like (sim.Voter): North accepts a text worth
	// less than the offer South made it, and turns down one worth more
	// than its reservation value.
	{name: "final vote against the rule", kind: sim.EventAccept, fac: true, trace: []sim.Event{ev(0, 1, sim.EventOffer, 1), ev(0, -1, sim.EventInvite, sim.NoOutcome), ev(0, -1, sim.EventDraft, 13), ev(0, 0, sim.EventAccept, 13)}, want: "North accepts the text, although it is worth only 0.50 to it, less than the best offer it has received (1.00"},
	{name: "dismissal against the rule", kind: sim.EventDismiss, fac: true, trace: []sim.Event{ev(0, -1, sim.EventInvite, sim.NoOutcome), ev(0, -1, sim.EventDraft, 13), ev(0, 0, sim.EventDismiss, 13)}, want: "North turns the text down, although it is worth 0.50 to it, at least its reservation value 0.30."},
	{name: "monotonic agreement", kind: sim.EventAccept, protocol: sim.MonotonicConcession, trace: []sim.Event{ev(0, 0, sim.EventOffer, 1), ev(0, 1, sim.EventOffer, 1), ev(0, 0, sim.EventAccept, 1)}, want: "North finds South's proposal at least as good as its own"},
}

// caseNegotiation returns the negotiation of a case.
func caseNegotiation(t testing.TB, tc narrateCase) *sim.Negotiation {
	n := fixture.Negotiation(t, 0, 0, 0)
	if tc.fac {
		n = fixture.Facilitated(t)
	}
	n.Protocol.Type = tc.protocol
	return n
}

func narrated(t testing.TB, n *sim.Negotiation, res *sim.Result, o Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := Run(&b, n, res, o); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func caseResult(tc narrateCase, trace []sim.Event) *sim.Result {
	res := &sim.Result{End: sim.EndDeadline, Agreement: sim.NoOutcome, By: -1, Trace: trace}
	if tc.notes != nil {
		res.Notes = tc.notes[:len(trace)]
	}
	return res
}

// TestNarrateEveryEventKind checks that every event kind produces its own
// text: the narration of each case says what its last event did, and
// does not say it without that event.
func TestNarrateEveryEventKind(t *testing.T) {
	covered := map[sim.EventKind]bool{}
	for _, tc := range narrateCases {
		t.Run(tc.name, func(t *testing.T) {
			last := tc.trace[len(tc.trace)-1]
			if last.Kind != tc.kind {
				t.Fatalf("the case ends with %v, not %v", last.Kind, tc.kind)
			}
			covered[tc.kind] = true
			n := caseNegotiation(t, tc)
			got := narrated(t, n, caseResult(tc, tc.trace), Options{})
			if !strings.Contains(got, tc.want) {
				t.Errorf("narration does not say %q:\n%s", tc.want, got)
			}
			without := narrated(t, n, caseResult(tc, tc.trace[:len(tc.trace)-1]), Options{})
			if strings.Contains(without, tc.want) {
				t.Errorf("%q is said without the %v event too", tc.want, tc.kind)
			}
		})
	}
	for k := sim.EventKind(0); k.String() != "unknown"; k++ {
		if !covered[k] {
			t.Errorf("no case for event kind %v", k)
		}
	}
}

func TestNarrateNotes(t *testing.T) {
	n := fixture.Negotiation(t, 0, 0, 0)
	res := &sim.Result{
		End: sim.EndAgreement, Agreement: 16, By: 0, Round: 1,
		Trace: []sim.Event{ev(0, 0, sim.EventOffer, 1), ev(0, 1, sim.EventOffer, 16), ev(1, 0, sim.EventAccept, 16)},
		Notes: []string{"target 1.00 at t = 0.11", "", "it gives in"},
	}
	res.Utility = [2]float64{n.Parties[0].Utility.Of(16), n.Parties[1].Utility.Of(16)}
	got := narrated(t, n, res, Options{})
	for _, want := range []string{"why: target 1.00 at t = 0.11", "why: it gives in", "Agreement in round 1: North accepted South's offer:"} {
		if !strings.Contains(got, want) {
			t.Errorf("narration does not say %q:\n%s", want, got)
		}
	}
	if strings.Count(got, "why:") != 2 {
		t.Errorf("an event without a note has a why line:\n%s", got)
	}
}

func TestNarrateColour(t *testing.T) {
	n := fixture.Negotiation(t, 0, 0, 0)
	res := fixture.Play(t, n, 1, 1, 3)[0]
	plain := narrated(t, n, res, Options{})
	if strings.Contains(plain, "\x1b") {
		t.Errorf("the zero Options writes terminal escapes:\n%q", plain)
	}
	colour := narrated(t, n, res, Options{Color: true})
	for _, want := range []string{narrBlue + "North" + narrReset, narrRed + "South" + narrReset, narrBold} {
		if !strings.Contains(colour, want) {
			t.Errorf("colour narration lacks %q", want)
		}
	}
	if stripped := stripANSI(colour); stripped != plain {
		t.Errorf("colour changes the text, not just its colours:\n%s", stripped)
	}

	// Labels from a scenario cannot smuggle escapes into the text.
	n.Parties[0].Label = "No\x1b[31mrth"
	if got := narrated(t, n, res, Options{}); strings.Contains(got, "\x1b") {
		t.Errorf("a label's escape reaches the narration: %q", got)
	}
}

// stripANSI removes the narration's colour escapes.
func stripANSI(s string) string {
	for _, c := range []string{narrReset, narrBold, narrDim, narrBlue, narrRed, narrGreen} {
		s = strings.ReplaceAll(s, c, "")
	}
	return s
}

func TestNarrateCondense(t *testing.T) {
	n := fixture.Negotiation(t, 0, 0, 0)
	n.Protocol.Deadline = 40
	var trace []sim.Event
	for r := range 40 {
		if r > 0 {
			trace = append(trace, ev(r, 0, sim.EventReject, 16))
		}
		trace = append(trace, ev(r, 0, sim.EventOffer, 1))
		trace = append(trace, ev(r, 1, sim.EventReject, 1), ev(r, 1, sim.EventOffer, 16))
	}
	res := &sim.Result{End: sim.EndDeadline, Agreement: sim.NoOutcome, By: -1, Round: 39, Trace: trace, Utility: [2]float64{0.3, 0.25}}
	got := narrated(t, n, res, Options{})
	if !strings.Contains(got, "Rounds 1–39 (t = 0.05 to 0.98)\n  Both sides repeat their offers.") {
		t.Errorf("repeated offers are not condensed:\n%s", got)
	}
	if strings.Count(got, "\n") > 30 {
		t.Errorf("a 40-round stalemate takes %d lines", strings.Count(got, "\n"))
	}
	if full := narrated(t, n, res, Options{Condense: -1, Steady: -1}); strings.Count(full, "\nRound ") != 40 {
		t.Errorf("without condensing, %d rounds are written", strings.Count(full, "\nRound "))
	}
	// Two quiet rounds are fewer than Condense: written in full.
	short := &sim.Result{End: sim.EndDeadline, Agreement: sim.NoOutcome, By: -1, Trace: trace[:11]}
	if got := narrated(t, n, short, Options{}); strings.Contains(got, "Rounds") {
		t.Errorf("two quiet rounds are condensed:\n%s", got)
	}
}

func TestNarrateErrors(t *testing.T) {
	n := fixture.Negotiation(t, 0, 0, 0)
	ok := &sim.Result{End: sim.EndDeadline, Agreement: sim.NoOutcome, By: -1, Trace: []sim.Event{ev(0, 0, sim.EventOffer, 1)}}
	tests := []struct {
		name string
		n    *sim.Negotiation
		res  *sim.Result
		want string
	}{
		{"nil negotiation", nil, ok, "no negotiation"},
		{"nil result", n, nil, "nil result"},
		{"untraced", n, &sim.Result{End: sim.EndDeadline, Agreement: sim.NoOutcome, By: -1}, "carries no trace"},
		{"bad actor", n, &sim.Result{Agreement: sim.NoOutcome, By: -1, Trace: []sim.Event{ev(0, 2, sim.EventOffer, 1)}}, "actor 2"},
		{"bad outcome", n, &sim.Result{Agreement: sim.NoOutcome, By: -1, Trace: []sim.Event{ev(0, 0, sim.EventOffer, 99)}}, "outcome 99"},
		{"bad kind", n, &sim.Result{Agreement: sim.NoOutcome, By: -1, Trace: []sim.Event{ev(0, 0, 200, 2)}}, "unknown kind"},
		{"bad agreement", n, &sim.Result{Agreement: 99, By: -1, Trace: []sim.Event{}}, "agreement 99"},
		{"bad end", n, &sim.Result{End: 99, Agreement: sim.NoOutcome, By: -1, Trace: []sim.Event{}}, "unknown end"},
		{"drafts without a text", n, &sim.Result{End: sim.EndDeadline, Agreement: sim.NoOutcome, By: -1, Trace: []sim.Event{},
			Mediation: sim.Mediation{Invited: true, Mediations: 1, Drafts: 2, DismissedBy: -1}}, "0 texts in 2 drafts"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Run(&bytes.Buffer{}, tc.n, tc.res, Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
	if err := Run(failingWriter{}, n, ok, Options{}); !errors.Is(err, errFull) {
		t.Errorf("a failing writer gives %v", err)
	}
}

var errFull = errors.New("disk full")

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errFull }

// TestNarratePlayed narrates real sessions of every protocol and checks
// the ending agrees with the result.
func TestNarratePlayed(t *testing.T) {
	for _, typ := range []sim.ProtocolType{sim.Alternating, sim.MonotonicConcession, sim.SingleText} {
		n := fixture.Negotiation(t, 0.1, sim.RandomFirst, 0)
		n.Protocol.Type = typ
		for _, res := range fixture.Play(t, n, 5, 5, 21) {
			got := narrated(t, n, res, Options{})
			want := map[sim.EndReason]string{
				sim.EndAgreement: "Agreement in round",
				sim.EndDeadline:  "the deadline passed",
				sim.EndBreakdown: "broke down by chance",
				sim.EndWalkAway:  "walked away",
				sim.EndConflict:  "No agreement",
			}[res.End]
			if !strings.Contains(got, "How it ended\n") || !strings.Contains(got, want) {
				t.Errorf("%v run %d (%v): narration does not say %q:\n%s", typ, res.Run, res.End, want, got)
			}
		}
	}
	n := fixture.Facilitated(t)
	for _, res := range fixture.Play(t, n, 20, 20, 5) {
		got := narrated(t, n, res, Options{})
		if res.Mediation.Invited != strings.Contains(got, " is invited") {
			t.Errorf("run %d: invited %v, narration:\n%s", res.Run, res.Mediation.Invited, got)
		}
		if res.Mediation.Mediated && !strings.Contains(got, "Agreement in round "+strconv.Itoa(res.Round)+" on third state's text") {
			t.Errorf("run %d: mediated agreement not told:\n%s", res.Run, got)
		}
	}
}

// FuzzNarrate narrates arbitrary valid traces: Run must never panic
// and must accept every trace of valid events.
func FuzzNarrate(f *testing.F) {
	for _, tc := range narrateCases {
		var b []byte
		b = append(b, byte(tc.protocol))
		if tc.fac {
			b[0] |= 4
		}
		for _, e := range tc.trace {
			b = append(b, byte(e.Round), byte(e.Actor+1), byte(e.Kind), byte(e.Outcome+1))
		}
		f.Add(b)
	}
	base := fixture.Negotiation(f, 0, 0, 0)
	fac := fixture.Facilitated(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		n := *base
		if data[0]&4 != 0 {
			n = *fac
		}
		n.Protocol.Type = sim.ProtocolType(data[0] % 3)
		size := n.Space.Size()
		var trace []sim.Event
		var notes []string
		round := 0
		for i := 1; i+3 < len(data); i += 4 {
			round += int(data[i] % 3)
			trace = append(trace, ev(round, int(data[i+1]%3)-1, sim.EventKind(data[i+2]%12), sim.Outcome(int(data[i+3])%(size+1)-1)))
			notes = append(notes, []string{"", "stalled", "corridor_security", "why not"}[data[i]%4])
		}
		res := &sim.Result{End: sim.EndReason(data[0] % 5), Agreement: sim.NoOutcome, By: int(data[0]%3) - 1, Round: round, Trace: trace, Notes: notes}
		if res.End == sim.EndAgreement {
			res.Agreement = 13
		}
		if trace == nil {
			res.Trace = []sim.Event{}
		}
		if err := Run(&bytes.Buffer{}, &n, res, Options{Color: data[0]&8 != 0}); err != nil {
			t.Fatalf("valid trace: %v", err)
		}
	})
}

// Run tells a traced run in plain words: here North opens with its
// best outcome, South answers with its own, then concedes on two issues,
// and North accepts.
func ExampleRun() {
	n := fixture.Example()
	n.Protocol.Breakdown = 0
	ua, ub := n.Parties[0].Utility, n.Parties[1].Utility
	offer := func(r, p int, o sim.Outcome) sim.Event {
		return sim.Event{Round: r, Actor: p, Kind: sim.EventOffer, Outcome: o}
	}
	reject := func(r, p int, o sim.Outcome) sim.Event {
		return sim.Event{Round: r, Actor: p, Kind: sim.EventReject, Outcome: o}
	}
	res := &sim.Result{
		Seed: 1, FirstMover: 0, End: sim.EndAgreement, Round: 2, Agreement: 11, By: 0,
		Utility:    [2]float64{ua.Of(11), ub.Of(11)},
		Discounted: [2]float64{ua.Of(11) * 0.95 * 0.95, ub.Of(11) * 0.9 * 0.9},
		Concession: [2]float64{0, ub.Of(16) - ub.Of(11)},
		Trace: []sim.Event{
			offer(0, 0, 1), reject(0, 1, 1), offer(0, 1, 16),
			reject(1, 0, 16), offer(1, 0, 1), reject(1, 1, 1), offer(1, 1, 11),
			{Round: 2, Actor: 0, Kind: sim.EventAccept, Outcome: 11},
		},
		Notes: []string{"opens with its best outcome"},
	}
	if err := Run(os.Stdout, n, res, Options{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// twostates, run 0 (seed 0x0000000000000001)
	// North (boulware) and South (conceder) negotiate by alternating offers, with a deadline of 8 rounds.
	// North opens.
	// North's reservation value (what no deal is worth to it) is 0.30; a deal in round r (counted from 0) is worth 0.95^r of its value.
	// South's reservation value (what no deal is worth to it) is 0.25; a deal in round r (counted from 0) is worth 0.9^r of its value.
	// The Nash point (one of 2 tied points), the deal that maximises the product of both sides' gains over their reservation values, is worth 0.70 to North, 0.50 to South:
	//     Transit corridor: closed; Border line: 10 km; recognition: yes
	//
	// Round 0 (t = 0.11)
	//   North offers (worth 1.00 to North, 0.00 to South):
	//       Transit corridor: closed; Border line: 0 km; recognition: yes
	//       why: opens with its best outcome
	//   South rejects and offers (worth 1.00 to South, 0.00 to North):
	//       Transit corridor: open; Border line: 10 km; recognition: no
	//
	// Round 1 (t = 0.22)
	//   North rejects and repeats its offer (worth 1.00 to North, 0.00 to South).
	//   South rejects and offers a new package, conceding 0.32 (worth 0.68 to South, 0.50 to North):
	//       Transit corridor: open → joint
	//       recognition: no → yes
	//
	// Round 2 (t = 0.33)
	//   North accepts South's offer (worth 0.50 to North, 0.68 to South).
	//
	// How it ended
	// Agreement in round 2: North accepted South's offer:
	//     Transit corridor: joint; Border line: 10 km; recognition: yes
	// North gets 0.50 (0.45 discounted for the delay); 0.15 above its reservation value 0.30 after discounting.
	// South gets 0.68 (0.55 discounted for the delay); 0.30 above its reservation value 0.25 after discounting.
	// Compared with the Nash point (0.70, 0.50), before discounting: North −0.20, South +0.18.
	// Over the talks North conceded 0.00 of its own utility and South 0.32: South conceded more.
}

// TestNarrateMediationSummary checks the closing sentence on the
// facilitator's work: texts written, changes proposed and adopted, and
// whether its text was signed, in plain sentences.
func TestNarrateMediationSummary(t *testing.T) {
	inv := ev(3, -1, sim.EventInvite, sim.NoOutcome)
	draft := ev(3, -1, sim.EventDraft, 13)
	cases := []struct {
		name  string
		trace []sim.Event
		med   sim.Mediation
		want  string
	}{
		{"no text", []sim.Event{inv},
			sim.Mediation{Invited: true, InviteRound: 3, Mediations: 1, DismissedBy: -1},
			"Third state was invited once, in round 3, but never found a text that it believed both sides would accept."},
		{"one text signed", []sim.Event{inv, draft},
			sim.Mediation{Invited: true, InviteRound: 3, Mediations: 1, Texts: 1, Drafts: 1, Accepted: 1, Mediated: true, DismissedBy: -1},
			"Third state was invited once, in round 3, and wrote 1 text; both sides accepted it."},
		{"changes, some adopted", []sim.Event{inv, draft, draft, draft, draft},
			sim.Mediation{Invited: true, InviteRound: 3, Mediations: 1, Texts: 1, Drafts: 4, Accepted: 2, Mediated: true, DismissedBy: -1},
			"Third state was invited once, in round 3, and wrote 1 text, then proposed 3 changes to it, 1 of which won both votes; both sides accepted the final text."},
		{"two mediations, dismissed", []sim.Event{inv, draft, draft, inv, draft},
			sim.Mediation{Invited: true, InviteRound: 3, Mediations: 2, Texts: 2, Drafts: 3, Accepted: 2, DismissedBy: 1},
			"Third state was invited 2 times, first in round 3, and wrote 2 texts, then proposed 1 change to them, none of which won both votes; South turned its last text down."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := fixture.Facilitated(t)
			res := &sim.Result{End: sim.EndDeadline, Agreement: sim.NoOutcome, By: -1, Round: 3, Trace: tc.trace, Mediation: tc.med}
			if got := narrated(t, n, res, Options{}); !strings.Contains(got, tc.want+"\n") {
				t.Errorf("the narration does not end with\n%s\ngot:\n%s", tc.want, got)
			}
		})
	}
}
