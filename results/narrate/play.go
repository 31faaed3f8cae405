package narrate

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/parley-sim/parley/sim"
)

// Play is a session of parley play to sum up: a human played party Me of
// Negotiation against an agent, and the same session was played again
// with an agent in the human's place.
type Play struct {
	// Negotiation is the negotiation as played: the human is party Me.
	Negotiation *sim.Negotiation
	// Me is the human's party, 0 or 1.
	Me int
	// Names are the parties' labels.
	Names [2]string
	// Human is the human's session, traced.
	Human sim.Result
	// Agent is the same session, with the same seed, with an agent in the
	// human's place.
	Agent sim.Result
	// AgentStrategy names the strategy of that agent (the scenario's
	// strategy for party Me).
	AgentStrategy string
	// Voted reports that the human asked for the facilitator and voted on
	// its texts themselves (parley serve); otherwise the scenario's
	// triggers asked and the human's utility voted for them (parley play).
	Voted bool
}

// outcomeSentence says how a session ended, from the side of the human
// (human true) or of the agent in the human's place. Rounds count from 0,
// as in the tables and the narration of parley run.
func (r *Play) outcomeSentence(res *sim.Result, human bool) string {
	round := res.Round
	them := r.Names[1-r.Me]
	you, your := "The agent", "the agent's"
	if human {
		you, your = "You", "your"
	}
	switch res.End {
	case sim.EndAgreement:
		switch res.By {
		case r.Me:
			return fmt.Sprintf("%s accepted %s's offer in round %d.", you, them, round)
		case 1 - r.Me:
			return fmt.Sprintf("%s accepted %s offer in round %d.", them, your, round)
		}
		return fmt.Sprintf("Both sides signed the facilitator's text in round %d.", round)
	case sim.EndWalkAway:
		if res.By == r.Me {
			return fmt.Sprintf("%s walked away in round %d: no deal.", you, round)
		}
		return fmt.Sprintf("%s walked away in round %d: no deal.", them, round)
	case sim.EndDeadline:
		return fmt.Sprintf("The deadline passed after round %d without agreement.", round)
	case sim.EndBreakdown:
		return fmt.Sprintf("The talks broke down by chance after round %d: no deal.", round)
	case sim.EndConflict:
		return fmt.Sprintf("The talks ended in conflict in round %d: no deal.", round)
	}
	return fmt.Sprintf("The session ended (%s) in round %d.", res.End, round)
}

// mediationSentence says what the facilitator did in the human's session,
// in the words of the narration of parley run, or "" if it was never
// invited.
func (r *Play) mediationSentence(m *sim.Mediation) string {
	if !m.Invited {
		return ""
	}
	var b strings.Builder
	if m.Mediations > 1 {
		fmt.Fprintf(&b, "The facilitator was invited %d times, first in round %d", m.Mediations, m.InviteRound)
	} else {
		fmt.Fprintf(&b, "The facilitator was invited in round %d", m.InviteRound)
	}
	switch {
	case m.AskedFirst == r.Me && m.Reason == "asked":
		b.WriteString(" (you asked first)")
	case m.AskedFirst == r.Me:
		fmt.Fprintf(&b, " (your side asked first, by the scenario's trigger %q)", m.Reason)
	case m.AskedFirst == 1-r.Me && m.Reason == "asked":
		fmt.Fprintf(&b, " (%s asked first)", r.Names[1-r.Me])
	case m.AskedFirst == 1-r.Me:
		fmt.Fprintf(&b, " (%s asked first, trigger %q)", r.Names[1-r.Me], m.Reason)
	}
	if m.Drafts == 0 {
		b.WriteString(", but never found a text it believed both sides would accept.")
		return b.String()
	}
	// The first draft of each mediation is the text; the others are
	// changes to it, put to the vote (sim.Mediation.Drafts counts both).
	texts := m.Texts
	changes, won := m.Drafts-texts, max(0, m.Accepted-texts)
	fmt.Fprintf(&b, "; it wrote %s", Plural(texts, "text"))
	if changes > 0 {
		fmt.Fprintf(&b, ", then proposed %s, of which %d won both votes", Plural(changes, "change"), won)
	}
	switch {
	case m.Mediated:
		b.WriteString("; both sides accepted its final text")
	case m.DismissedBy == r.Me:
		b.WriteString("; your side turned its final text down")
	case m.DismissedBy == 1-r.Me:
		fmt.Fprintf(&b, "; %s turned its final text down", r.Names[1-r.Me])
	}
	if r.Voted {
		b.WriteString(".")
	} else {
		b.WriteString(" (your votes were cast by your utility).")
	}
	if m.Mediated && m.Guarantee != "" {
		fmt.Fprintf(&b, " The agreement carries the guarantee %q, included in the utilities below.", m.Guarantee)
	}
	return b.String()
}

// EndNote says in a few words how the human's session (human true) or
// the agent's ended: "agreement in round 4", "no deal: you walked away in
// round 2".
func (r *Play) EndNote(human bool) string {
	res := &r.Agent
	if human {
		res = &r.Human
	}
	round := res.Round
	switch res.End {
	case sim.EndAgreement:
		return fmt.Sprintf("agreement in round %d", round)
	case sim.EndWalkAway:
		who := r.Names[1-r.Me]
		if res.By == r.Me {
			who = "you"
			if !human {
				who = "the agent"
			}
		}
		return fmt.Sprintf("no deal: %s walked away in round %d", who, round)
	case sim.EndDeadline:
		return "no deal by the deadline"
	case sim.EndBreakdown:
		return fmt.Sprintf("no deal: talks broke down in round %d", round)
	}
	return fmt.Sprintf("no deal: %s in round %d", res.End, round)
}

// WriteSummary writes what the end of a session of parley play shows: how
// the session ended, the agreement, what the facilitator did, each side's
// utility beside the Nash point's and the agent's, how the human did
// against the Nash point and against the agent in its place (both what
// each takes home, discounted, and the reservation value), and the
// utility space as text. It returns the first error of w.
func (r *Play) WriteSummary(out io.Writer) error {
	w := &errWriter{w: out}
	n, me, opp := r.Negotiation, r.Me, 1-r.Me
	sp := n.Space
	fmt.Fprintf(w, "\n=== The end ===\n%s\n", r.outcomeSentence(&r.Human, true))
	if r.Human.Agreed() {
		WriteOutcome(w, sp, r.Human.Agreement)
	}
	if m := r.mediationSentence(&r.Human.Mediation); m != "" {
		fmt.Fprintln(w, m)
	}
	d := [2]float64{n.Parties[0].Reservation, n.Parties[1].Reservation}
	sol := sim.Solve(n.Parties[0].Utility, n.Parties[1].Utility, d)
	disc := Delayed(&n.Parties[me]) || Delayed(&n.Parties[opp])

	youCol := "you (" + r.Names[me] + ")"
	wy, wo := max(len(youCol), 6), max(len(r.Names[opp]), 6)
	fmt.Fprintf(w, "  %-22s  %*s  %*s\n", "", wy, youCol, wo, r.Names[opp])
	row := func(label string, u [2]float64, note string) {
		line := fmt.Sprintf("  %-22s  %*.3f  %*.3f  %s", label, wy, u[me], wo, u[opp], note)
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
	row("your session", r.Human.Utility, r.EndNote(true))
	if disc {
		row("  discounted", r.Human.Discounted, "")
	}
	if len(sol.Nash) > 0 {
		row("Nash point", sol.Nash[0].U, "")
	}
	row("agent in your place", r.Agent.Utility, r.EndNote(false))
	if disc {
		row("  discounted", r.Agent.Discounted, "")
	}

	// The Nash point is a point of the utility space: compare undiscounted
	// utilities, and say so. The agent played the same clock: compare what
	// each takes home, discounted, with the reservation value, which is
	// never discounted (sim.Result.Discounted).
	if len(sol.Nash) > 0 {
		p := sol.Nash[0]
		ties := ""
		if k := max(len(sol.Nash), sol.Ties.Nash); k > 1 { // the list holds at most sim.MaxTies
			ties = fmt.Sprintf(" (one of %d tied outcomes)", k)
		}
		basis := "You got"
		if disc {
			basis = "Before discounting, you got"
		}
		fmt.Fprintf(w, "The Nash point%s, the deal that maximises the product of both sides' gains over their reservation values, is\n  %s:\n  %.3f to you and %.3f to %s. %s %s, and %s %s.\n",
			ties, OutcomeLine(sp, p.Outcome), p.U[me], p.U[opp], r.Names[opp],
			basis, compare(r.Human.Utility[me]-p.U[me]), r.Names[opp], compare(r.Human.Utility[opp]-p.U[opp]))
	} else {
		fmt.Fprintf(w, "No outcome is worth both reservation values: there is no Nash point, and no deal both sides should accept.\n")
	}
	fmt.Fprintf(w, "An agent playing %q (the scenario's strategy for %s) in your place, with the same seed:\n  %s\n",
		r.AgentStrategy, r.Names[me], r.outcomeSentence(&r.Agent, false))
	if Delayed(&n.Parties[me]) {
		fmt.Fprintf(w, "  What each of you takes home, discounted for the delay (a reservation value is not discounted):\n")
	} else {
		fmt.Fprintf(w, "  What each of you takes home:\n")
	}
	wl := max(len("the agent"), len("you"))
	fmt.Fprintf(w, "    %-*s  %.3f  %s\n", wl, "the agent", r.Agent.Discounted[me], r.takeHome(&r.Agent))
	fmt.Fprintf(w, "    %-*s  %.3f  %s\n", wl, "you", r.Human.Discounted[me], r.takeHome(&r.Human))
	fmt.Fprintf(w, "  %s.\n", capitalFirst(versus(r.Human.Discounted[me]-r.Agent.Discounted[me])))
	fmt.Fprintf(w, "\n%s", asciiSpace(n, me, &r.Human, sol.Nash, r.Names))
	return w.err
}

// WriteOwnSummary writes the end of the human's session from the human's
// side alone, for a player who has not yet been shown the other side's
// preferences (parley serve, before the instructor reveals them): how the
// session ended, the agreement, what the facilitator did, and what the
// human takes home against the reservation value and against an agent in
// its place with the same seed. It says nothing that the other side's
// utility, or a point computed from it such as the Nash point, would
// reveal. It returns the first error of w.
func (r *Play) WriteOwnSummary(out io.Writer) error {
	w := &errWriter{w: out}
	me := r.Me
	fmt.Fprintf(w, "%s\n", r.outcomeSentence(&r.Human, true))
	if r.Human.Agreed() {
		WriteOutcome(w, r.Negotiation.Space, r.Human.Agreement)
	}
	if m := r.mediationSentence(&r.Human.Mediation); m != "" {
		fmt.Fprintln(w, m)
	}
	disc := ""
	if Delayed(&r.Negotiation.Parties[me]) {
		disc = ", discounted for the delay,"
	}
	fmt.Fprintf(w, "You take home%s %.3f %s.\n", disc, r.Human.Discounted[me], r.takeHome(&r.Human))
	fmt.Fprintf(w, "An agent playing %q (the scenario's strategy for %s) in your place, with the same seed:\n  %s\n  It takes home %.3f %s.\n",
		r.AgentStrategy, r.Names[me], r.outcomeSentence(&r.Agent, false), r.Agent.Discounted[me], r.takeHome(&r.Agent))
	fmt.Fprintf(w, "%s.\n", capitalFirst(versus(r.Human.Discounted[me]-r.Agent.Discounted[me])))
	return w.err
}

// errWriter keeps the first error of w and writes nothing after it.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	if err != nil {
		e.err = err
	}
	return n, err
}

// takeHome explains what the human's side takes home from res
// (res.Discounted), and how that compares with the reservation value.
func (r *Play) takeHome(res *sim.Result) string {
	me := r.Me
	rv := r.Negotiation.Parties[me].Reservation
	switch {
	case res.Agreed():
		x, u := res.Discounted[me], res.Utility[me]
		what := fmt.Sprintf("(a deal in round %d", res.Round)
		if math.Abs(x-u) >= 5e-4 {
			what = fmt.Sprintf("(a deal worth %.3f before discounting, in round %d", u, res.Round)
		}
		switch diff := x - rv; {
		case math.Abs(diff) < 5e-4:
			return what + "): your reservation value, no more"
		case diff > 0:
			return fmt.Sprintf("%s): %.3f above your reservation value %.3f", what, diff, rv)
		default:
			return fmt.Sprintf("%s): %.3f below your reservation value %.3f", what, -diff, rv)
		}
	case res.End == sim.EndBreakdown:
		return "(no deal: the breakdown value)"
	}
	return "(no deal: your reservation value)"
}

// capitalFirst returns s with its first letter in upper case.
func capitalFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Delayed reports whether a party's deals lose value with time: it
// discounts them or pays a cost per round.
func Delayed(p *sim.Party) bool { return p.Discount < 1 || p.Cost > 0 }

// OptionLabel returns the label of option j of issue is, or its id
// followed by the issue's unit.
func OptionLabel(is sim.Issue, j int) string {
	v := is.Values[j]
	l := cmp.Or(v.Label, v.ID)
	if is.Unit != "" && l == v.ID {
		l += " " + is.Unit
	}
	return l
}

// IssueLabel returns the label of an issue, or its id.
func IssueLabel(is sim.Issue) string {
	if is.Label != "" {
		return is.Label
	}
	return is.ID
}

// WriteOutcome writes o issue by issue, one indented line each, the
// options aligned.
func WriteOutcome(w io.Writer, sp *sim.Space, o sim.Outcome) {
	tw := tabwriter.NewWriter(w, 0, 4, 3, ' ', 0)
	for i, is := range sp.Issues() {
		fmt.Fprintf(tw, "  %s\t%s\n", IssueLabel(is), OptionLabel(is, sp.ValueIndex(o, i)))
	}
	tw.Flush()
}

// OutcomeLine returns the labels of o's options on one line, separated by
// semicolons.
func OutcomeLine(sp *sim.Space, o sim.Outcome) string {
	parts := make([]string, sp.NumIssues())
	for i, is := range sp.Issues() {
		parts[i] = OptionLabel(is, sp.ValueIndex(o, i))
	}
	return strings.Join(parts, "; ")
}

// compare says how a utility compares with a reference, from a difference.
func compare(diff float64) string {
	switch {
	case math.Abs(diff) < 5e-4:
		return "as much"
	case diff > 0:
		return fmt.Sprintf("%.3f more", diff)
	}
	return fmt.Sprintf("%.3f less", -diff)
}

// versus says how the human did against the agent, from a difference.
func versus(diff float64) string {
	switch {
	case math.Abs(diff) < 5e-4:
		return "you did as well as the agent"
	case diff > 0:
		return fmt.Sprintf("you did %.3f better", diff)
	}
	return fmt.Sprintf("the agent did %.3f better", -diff)
}

// Size of the text picture of the utility space, in characters.
const (
	asciiW = 60
	asciiH = 20
)

// asciiSpace draws the utility space as text, party A's utility across
// and party B's up, as in the utility-space chart (--chart) and every
// chart of parley: both reservation values, every outcome, the Pareto
// frontier, the offers of the session, the Nash point and the agreement.
// Later marks cover earlier ones in that order. names[me] is the human.
func asciiSpace(n *sim.Negotiation, me int, res *sim.Result, nash []sim.Point, names [2]string) string {
	ux, uy := n.Parties[0].Utility, n.Parties[1].Utility
	top := 1.0
	for _, u := range res.Utility {
		if u > top && u <= 2 {
			top = u
		}
	}
	grid := make([][]byte, asciiH)
	for i := range grid {
		grid[i] = []byte(strings.Repeat(" ", asciiW))
	}
	cell := func(x, y float64) (row, col int, ok bool) {
		if !(x >= 0 && x <= top && y >= 0 && y <= top) {
			return 0, 0, false
		}
		col = int(math.Round(x / top * (asciiW - 1)))
		row = asciiH - 1 - int(math.Round(y/top*(asciiH-1)))
		return row, col, true
	}
	mark := func(x, y float64, c byte) {
		if r, k, ok := cell(x, y); ok {
			grid[r][k] = c
		}
	}
	if _, k, ok := cell(n.Parties[0].Reservation, 0); ok {
		for r := range grid {
			grid[r][k] = ':'
		}
	}
	if r, _, ok := cell(0, n.Parties[1].Reservation); ok {
		for k := range grid[r] {
			if grid[r][k] != ':' {
				grid[r][k] = '-'
			}
		}
	}
	for o := range sim.Outcome(ux.Len()) {
		mark(ux.Of(o), uy.Of(o), '.')
	}
	d := [2]float64{n.Parties[0].Reservation, n.Parties[1].Reservation}
	for _, p := range sim.Frontier(n.Parties[0].Utility, n.Parties[1].Utility, d, false) {
		mark(p.U[0], p.U[1], 'o')
	}
	for _, e := range res.Trace {
		if e.Kind != sim.EventOffer && e.Kind != sim.EventDraft {
			continue
		}
		c := byte('x')
		switch e.Actor {
		case me:
			c = '+'
		case -1:
			c = 'f'
		}
		mark(ux.Of(e.Outcome), uy.Of(e.Outcome), c)
	}
	if len(nash) > 0 {
		mark(nash[0].U[0], nash[0].U[1], 'N')
	}
	if res.Agreed() {
		mark(res.Utility[0], res.Utility[1], '*')
	}

	var b strings.Builder
	who := func(i int) string {
		if i == me {
			return "you (" + names[i] + ")"
		}
		return names[i]
	}
	whose := func(i int) string {
		if i == me {
			return "your"
		}
		return names[i] + "'s"
	}
	fmt.Fprintf(&b, "Utility space: %s across, %s up, as in the chart (--chart).\n", who(0), who(1))
	border := "      +" + strings.Repeat("-", asciiW) + "+\n"
	b.WriteString(border)
	midRow, midCol, _ := cell(top/2, top/2)
	for r, line := range grid {
		label := "      "
		switch r {
		case 0:
			label = fmt.Sprintf("%5.1f ", top)
		case midRow:
			label = fmt.Sprintf("%5.1f ", top/2)
		case asciiH - 1:
			label = fmt.Sprintf("%5.1f ", 0.0)
		}
		fmt.Fprintf(&b, "%s|%s|\n", label, line)
	}
	b.WriteString(border)
	axis := []byte(strings.Repeat(" ", asciiW+2))
	place := func(s string, at int) { copy(axis[max(0, min(at, len(axis)-len(s))):], s) }
	place(fmt.Sprintf("%.1f", 0.0), 0)
	place(fmt.Sprintf("%.1f", top/2), midCol)
	place(fmt.Sprintf("%.1f", top), asciiW-1)
	fmt.Fprintf(&b, "      %s\n", strings.TrimRight(string(axis), " "))
	fmt.Fprintf(&b, "  . outcome   o Pareto frontier   : %s reservation   - %s reservation\n", whose(0), whose(1))
	fmt.Fprintf(&b, "  + your offers   x %s's offers", names[1-me])
	if n.Facilitator != nil {
		b.WriteString("   f facilitator's texts")
	}
	b.WriteString("   N Nash point   * agreement\n")
	return b.String()
}
