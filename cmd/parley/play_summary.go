package main

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/parley-sim/parley/sim"
)

// playReport is what the end of a play session shows: the outcome, how it
// compares with the Nash point and with an agent in the human's place, and
// the utility space as text.
type playReport struct {
	n         *sim.Negotiation // as played: the human is party me
	me        int
	names     [2]string
	res       sim.Result // the human's session, traced
	agent     sim.Result // the same session with the agent in the human's place
	agentName string     // the strategy of that agent
}

// outcomeSentence says how a session ended, from the side of the human
// (human true) or of the agent in the human's place.
func (r *playReport) outcomeSentence(res *sim.Result, human bool) string {
	round := res.Round + 1
	them := r.names[1-r.me]
	you, your := "The agent", "the agent's"
	if human {
		you, your = "You", "your"
	}
	switch res.End {
	case sim.EndAgreement:
		switch res.By {
		case r.me:
			return fmt.Sprintf("%s accepted %s's offer in round %d.", you, them, round)
		case 1 - r.me:
			return fmt.Sprintf("%s accepted %s offer in round %d.", them, your, round)
		}
		return fmt.Sprintf("Both sides signed the facilitator's text in round %d.", round)
	case sim.EndWalkAway:
		if res.By == r.me {
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

// mediationSentence says what the facilitator did, or "" if it was never
// invited.
func (r *playReport) mediationSentence(m *sim.Mediation) string {
	if !m.Invited {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "The facilitator was invited in round %d", m.InviteRound+1)
	switch m.AskedFirst {
	case r.me:
		fmt.Fprintf(&b, " (your side asked first, by the scenario's trigger %q)", m.Reason)
	case 1 - r.me:
		fmt.Fprintf(&b, " (%s asked first, trigger %q)", r.names[1-r.me], m.Reason)
	}
	texts := "texts"
	if m.Drafts == 1 {
		texts = "text"
	}
	fmt.Fprintf(&b, "; it put %d %s to the vote, %d won both votes (your votes were cast by your utility).", m.Drafts, texts, m.Accepted)
	if m.Mediated && m.Guarantee != "" {
		fmt.Fprintf(&b, " The agreement carries the guarantee %q, included in the utilities below.", m.Guarantee)
	}
	return b.String()
}

// endNote says in a few words how a session ended.
func (r *playReport) endNote(res *sim.Result) string {
	round := res.Round + 1
	switch res.End {
	case sim.EndAgreement:
		return fmt.Sprintf("agreement in round %d", round)
	case sim.EndWalkAway:
		who := r.names[1-r.me]
		if res.By == r.me {
			who = "you"
			if res != &r.res {
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

// write prints the report.
func (r *playReport) write(w io.Writer) {
	n, me, opp := r.n, r.me, 1-r.me
	sp := n.Space
	fmt.Fprintf(w, "\n=== The end ===\n%s\n", r.outcomeSentence(&r.res, true))
	if r.res.Agreed() {
		printOutcome(w, sp, r.res.Agreement)
	}
	if m := r.mediationSentence(&r.res.Mediation); m != "" {
		fmt.Fprintln(w, m)
	}
	d := [2]float64{n.Parties[0].Reservation, n.Parties[1].Reservation}
	sol := sim.Solve(n.Parties[0].Utility, n.Parties[1].Utility, d)
	disc := delayedParty(&n.Parties[me]) || delayedParty(&n.Parties[opp])

	youCol := "you (" + r.names[me] + ")"
	wy, wo := max(len(youCol), 6), max(len(r.names[opp]), 6)
	fmt.Fprintf(w, "  %-22s  %*s  %*s\n", "", wy, youCol, wo, r.names[opp])
	row := func(label string, u [2]float64, note string) {
		line := fmt.Sprintf("  %-22s  %*.3f  %*.3f  %s", label, wy, u[me], wo, u[opp], note)
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
	row("your session", r.res.Utility, r.endNote(&r.res))
	if disc {
		row("  discounted", r.res.Discounted, "")
	}
	if len(sol.Nash) > 0 {
		row("Nash point", sol.Nash[0].U, "")
	}
	row("agent in your place", r.agent.Utility, r.endNote(&r.agent))
	if disc {
		row("  discounted", r.agent.Discounted, "")
	}

	// The Nash point is a point of the utility space: compare undiscounted
	// utilities. The agent played the same clock: compare what each takes
	// home, discounted.
	if len(sol.Nash) > 0 {
		p := sol.Nash[0]
		ties := ""
		if len(sol.Nash) > 1 {
			ties = fmt.Sprintf(" (one of %d tied outcomes)", len(sol.Nash))
		}
		fmt.Fprintf(w, "The Nash point%s, the deal that maximises the product of both sides' gains over their reservation values, is\n  %s:\n  %.3f to you and %.3f to %s. You got %s, and %s %s.\n",
			ties, outcomeLine(sp, p.Outcome), p.U[me], p.U[opp], r.names[opp],
			compare(r.res.Utility[me]-p.U[me]), r.names[opp], compare(r.res.Utility[opp]-p.U[opp]))
	} else {
		fmt.Fprintf(w, "No outcome is worth both reservation values: there is no Nash point, and no deal both sides should accept.\n")
	}
	what := "utility"
	if disc {
		what = "utility, discounted to the round of the deal"
	}
	fmt.Fprintf(w, "An agent playing %q (the scenario's strategy for %s) in your place, with the same seed:\n  %s\n  It got %.3f; you got %.3f (%s): %s.\n",
		r.agentName, r.names[me], r.outcomeSentence(&r.agent, false),
		r.agent.Discounted[me], r.res.Discounted[me], what, versus(r.res.Discounted[me]-r.agent.Discounted[me]))
	fmt.Fprintf(w, "\n%s", asciiSpace(n, me, &r.res, sol.Nash, r.names))
}

// delayedParty reports whether a party's deals lose value with time.
func delayedParty(p *sim.Party) bool { return p.Discount < 1 || p.Cost > 0 }

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
		return "the same"
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

// asciiSpace draws the utility space as text, the human's utility across
// and the opponent's up: both reservation values, every outcome, the
// Pareto frontier, the offers of the session, the Nash point and the
// agreement. Later marks cover earlier ones in that order.
func asciiSpace(n *sim.Negotiation, me int, res *sim.Result, nash []sim.Point, names [2]string) string {
	opp := 1 - me
	ux, uy := n.Parties[me].Utility, n.Parties[opp].Utility
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
	if _, k, ok := cell(n.Parties[me].Reservation, 0); ok {
		for r := range grid {
			grid[r][k] = ':'
		}
	}
	if r, _, ok := cell(0, n.Parties[opp].Reservation); ok {
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
		mark(p.U[me], p.U[opp], 'o')
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
		mark(nash[0].U[me], nash[0].U[opp], 'N')
	}
	if res.Agreed() {
		mark(res.Utility[me], res.Utility[opp], '*')
	}

	var b strings.Builder
	fmt.Fprintf(&b, "Utility space: you (%s) across, %s up.\n", names[me], names[opp])
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
	fmt.Fprintf(&b, "  . outcome   o Pareto frontier   : your reservation   - %s's reservation\n", names[opp])
	fmt.Fprintf(&b, "  + your offers   x %s's offers", names[opp])
	if n.Facilitator != nil {
		b.WriteString("   f facilitator's texts")
	}
	b.WriteString("   N Nash point   * agreement\n")
	return b.String()
}
