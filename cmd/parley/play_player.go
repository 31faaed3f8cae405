package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/parley-sim/parley/agents"
	"github.com/parley-sim/parley/results/narrate"
	"github.com/parley-sim/parley/sim"
)

// terminalPlayer is the agents.Player of a person at a terminal: it shows
// each turn on out and reads the answers from in. Bad answers are asked
// again with a hint; the end of the input or an interrupt ends the session
// (the human walks away).
type terminalPlayer struct {
	out   io.Writer
	in    *lineSource
	echo  bool // write each answer after its prompt (input not from a terminal)
	n     *sim.Negotiation
	me    int
	names [2]string
	// simultaneous marks the monotonic concession protocol: both sides
	// propose at once, and deals are found by the protocol.
	simultaneous bool

	shownRound int // the round whose header was last shown; -1 before any
	lastSeen   sim.Outcome
}

var _ agents.Player = (*terminalPlayer)(nil)

func newTerminalPlayer(out io.Writer, in *lineSource, echo bool, n *sim.Negotiation, me int) *terminalPlayer {
	return &terminalPlayer{out: out, in: in, echo: echo, n: n, me: me, names: partyLabels(n),
		simultaneous: n.Protocol.Type == sim.MonotonicConcession, shownRound: -1, lastSeen: sim.NoOutcome}
}

// partyLabels returns each party's label, or its id.
func partyLabels(n *sim.Negotiation) [2]string {
	var out [2]string
	for i, p := range n.Parties {
		out[i] = cmp.Or(p.Label, p.ID)
	}
	return out
}

func (p *terminalPlayer) them() string { return p.names[1-p.me] }

func (p *terminalPlayer) printf(format string, args ...any) { fmt.Fprintf(p.out, format, args...) }

// ask prints prompt and reads answers until try accepts one; try returns
// a hint to print when it does not. At the end of the input or on an
// interrupt it says so and returns the error.
func (p *terminalPlayer) ask(prompt string, try func(answer string) (hint string)) error {
	for {
		p.printf("%s", prompt)
		line, err := p.in.next()
		if err != nil {
			p.printf("\n")
			switch {
			case errors.Is(err, io.EOF):
				p.printf("End of input: you walk away.\n")
			case errors.Is(err, context.Canceled):
				p.printf("Interrupted: you walk away.\n")
			default:
				p.printf("Cannot read your answer (%v): you walk away.\n", err)
			}
			return err
		}
		if p.echo {
			// The answer read from a file, shown as the terminal would
			// have shown it typed: never its escape sequences.
			p.printf("%s\n", terminalText(line))
		}
		hint := try(strings.ToLower(strings.TrimSpace(line)))
		if hint == "" {
			return nil
		}
		p.printf("  %s\n", hint)
	}
}

// header shows the round, once per round. Rounds count from 0, as in
// every table and narration of parley: round r is the (r+1)-th, and a deal
// made in it is discounted by Discount^r.
func (p *terminalPlayer) header(v *agents.HumanView) {
	if v.Round == p.shownRound {
		return
	}
	p.shownRound = v.Round
	d := v.Self.Deadline
	span := fmt.Sprintf("rounds 0 to %d", d-1)
	switch {
	case v.RoundsLeft <= 1:
		p.printf("\n--- Round %d (%s): the last round ---\n", v.Round, span)
		if !v.Self.FirstMover && !p.simultaneous {
			p.printf("If you make a counter-offer now, %s cannot answer it: no deal, and you get your reservation value %.3f.\n", p.them(), v.Self.Reservation)
		}
	case v.Round == 0:
		p.printf("\n--- Round 0, the opening (%s): %d rounds left, this one included ---\n", span, v.RoundsLeft)
	default:
		p.printf("\n--- Round %d (%s): %d rounds left, this one included ---\n", v.Round, span, v.RoundsLeft)
	}
}

// draftLine returns the whole of outcome o compactly, each issue with its
// option: "Price: 9,000 EUR; Warranty: 12-month warranty".
func draftLine(sp *sim.Space, o sim.Outcome) string {
	parts := make([]string, sp.NumIssues())
	for i, is := range sp.Issues() {
		parts[i] = narrate.IssueLabel(is) + ": " + narrate.OptionLabel(is, sp.ValueIndex(o, i))
	}
	return strings.Join(parts, "; ")
}

// agreedAtOnce returns what the human's offer, worth u undiscounted, would
// be worth if the opponent accepted it at once, and the round of that
// deal: u discounted as the engine discounts it (sim.Result.Discounted),
// by the round of the deal or, with per-offer discounting, by the offers
// made before it. Under alternating offers the opener's offer can be
// accepted in the same round, the other side's only in the next one.
func (p *terminalPlayer) agreedAtOnce(v *agents.HumanView, u float64) (float64, int) {
	s := v.Self
	round := v.Round
	if !p.simultaneous && !s.FirstMover {
		round++
	}
	if !delayed(s) {
		return u, round
	}
	periods := float64(round)
	if s.DiscountPerOffer {
		periods = float64(len(v.History))
	}
	d := s.Discount
	if !(d > 0 && d <= 1) {
		d = 1
	}
	return u*math.Pow(d, periods) - s.Cost*periods, round
}

// notDiscounted notes, for a party whose deals lose value with time, that
// its reservation value does not.
func notDiscounted(s *sim.Self) string {
	if delayed(s) {
		return ", not discounted"
	}
	return ""
}

// delayed reports whether a deal's value to the human falls with time.
func delayed(s *sim.Self) bool { return s.Discount < 1 || s.Cost > 0 }

// showOffer shows the opponent's standing offer and what it is worth.
func (p *terminalPlayer) showOffer(v *agents.HumanView) {
	u := v.Self.Utility
	switch {
	case p.simultaneous:
		p.printf("Last round %s proposed:\n", p.them())
	case v.Offer == p.lastSeen:
		p.printf("%s repeats its offer:\n", p.them())
	case v.Own != sim.NoOutcome:
		p.printf("%s turns your offer down and offers:\n", p.them())
	default:
		p.printf("%s offers:\n", p.them())
	}
	narrate.WriteOutcome(p.out, v.Self.Space, v.Offer)
	change := ""
	if p.lastSeen != sim.NoOutcome && p.lastSeen != v.Offer {
		change = fmt.Sprintf(" (%+.3f since its last offer)", v.OfferUtility-u.Of(p.lastSeen))
	}
	p.lastSeen = v.Offer
	p.printf("It is worth %.3f to you%s.\n", v.OfferUtility, change)
	if delayed(v.Self) && v.OfferValue != v.OfferUtility {
		p.printf("Agreed now, discounted for the delay so far, it is worth %.3f.\n", v.OfferValue)
	}
	p.printf("Your reservation value (no deal%s): %.3f.", notDiscounted(v.Self), v.Self.Reservation)
	if v.Own != sim.NoOutcome {
		p.printf(" Your last offer is worth %.3f to you.", u.Of(v.Own))
	}
	p.printf("\n")
}

// Respond shows the standing offer and asks whether to accept it, make a
// counter-offer or walk away.
func (p *terminalPlayer) Respond(v *agents.HumanView) (sim.Action, error) {
	p.header(v)
	p.showOffer(v)
	for {
		var act sim.Action
		show := false
		err := p.ask("Accept [a], counter-offer [c], walk away [w], history [h]: ", func(s string) string {
			switch s {
			case "a", "accept":
				act = sim.Accept
			case "c", "counter", "counter-offer":
				act = sim.Reject
			case "w", "walk", "walk away":
				act = sim.Walk
			case "h", "history":
				show = true
			case "":
				return "Type a, c, w or h, then Enter."
			default:
				return fmt.Sprintf("%q is not a choice: type a to accept, c to make a counter-offer, w to walk away, h for the history.", s)
			}
			return ""
		})
		if err != nil {
			return sim.Walk, err
		}
		if show {
			p.history(v)
			continue
		}
		if act == sim.Accept {
			// Like with like: what the deal is worth now, discounted,
			// against the reservation value, which is not.
			if v.OfferValue < v.Self.Reservation {
				q := fmt.Sprintf("This offer is worth less than your reservation value %.3f. Accept anyway? [y/n]: ", v.Self.Reservation)
				if v.OfferValue != v.OfferUtility {
					q = fmt.Sprintf("Agreed now, discounted for the delay, this offer is worth %.3f: less than your reservation value %.3f, which is not discounted. Accept anyway? [y/n]: ", v.OfferValue, v.Self.Reservation)
				}
				yes := false
				err := p.ask(q, yesNo(&yes))
				if err != nil {
					return sim.Walk, err
				}
				if !yes {
					continue
				}
			}
		}
		return act, nil
	}
}

// yesNo returns an ask check that reads y or n into yes.
func yesNo(yes *bool) func(string) string {
	return func(s string) string {
		switch s {
		case "y", "yes":
			*yes = true
		case "n", "no":
			*yes = false
		default:
			return "Type y or n, then Enter."
		}
		return ""
	}
}

// history lists the offers so far with their value to the human.
func (p *terminalPlayer) history(v *agents.HumanView) {
	if len(v.History) == 0 {
		p.printf("No offers yet.\n")
		return
	}
	p.printf("Offers so far, with their value to you:\n")
	tw := tabwriter.NewWriter(p.out, 0, 4, 2, ' ', 0)
	for _, o := range v.History {
		who := "you"
		if int(o.By) != p.me {
			who = p.them()
		}
		fmt.Fprintf(tw, "  round %d\t%s\t%.3f\t%s\n", o.Round, who, v.Self.Utility.Of(o.Outcome), narrate.OutcomeLine(v.Self.Space, o.Outcome))
	}
	tw.Flush()
}

// Propose builds the human's offer issue by issue, then asks to send it.
func (p *terminalPlayer) Propose(v *agents.HumanView) (sim.Outcome, error) {
	if v.Round != p.shownRound {
		// The human opens the round: nothing to respond to first.
		p.header(v)
		if v.Offer != sim.NoOutcome {
			p.showOffer(v)
		} else if p.simultaneous {
			p.printf("Both sides propose at once. Your reservation value (no deal): %.3f.\n", v.Self.Reservation)
		} else {
			p.printf("You make the first offer. Your reservation value (no deal): %.3f.\n", v.Self.Reservation)
		}
	}
	draft := v.Own
	if draft == sim.NoOutcome {
		draft = v.Self.Utility.Best()
	}
	for {
		var err error
		if draft, err = p.build(v, draft); err != nil {
			return sim.NoOutcome, err
		}
		u := v.Self.Utility.Of(draft)
		p.printf("Your offer:\n")
		narrate.WriteOutcome(p.out, v.Self.Space, draft)
		p.printf("It is worth %.3f to you.\n", u)
		now, round := p.agreedAtOnce(v, u)
		if now != u {
			p.printf("If %s accepts it at once (in round %d), it is worth %.3f to you after discounting.\n", p.them(), round, now)
		}
		if now < v.Self.Reservation {
			if now != u {
				p.printf("Careful: even accepted at once, after discounting that is less than your reservation value %.3f, which is not discounted.\n", v.Self.Reservation)
			} else {
				p.printf("Careful: that is less than your reservation value %.3f.\n", v.Self.Reservation)
			}
		}
		choice := ""
		err = p.ask("Send it [s or Enter], edit it [e], walk away [w]: ", func(s string) string {
			switch s {
			case "", "s", "send":
				choice = "s"
			case "e", "edit":
				choice = "e"
			case "w", "walk", "walk away":
				choice = "w"
			default:
				return fmt.Sprintf("%q is not a choice: press Enter to send, e to edit, w to walk away.", s)
			}
			return ""
		})
		if err != nil {
			return sim.NoOutcome, err
		}
		switch choice {
		case "s":
			return draft, nil
		case "w":
			return sim.NoOutcome, nil
		}
	}
}

// longList is the number of options above which they are listed in
// columns, so that a numeric range fits on a screen.
const longList = 12

// options lists the options of issue i: number, label, and the utility of
// draft with that option; the current one is marked with *, the
// opponent's with <.
func (p *terminalPlayer) options(v *agents.HumanView, draft sim.Outcome, i int) {
	sp, u := v.Self.Space, v.Self.Utility
	is := sp.Issues()[i]
	cur := sp.ValueIndex(draft, i)
	theirs := -1
	if v.Offer != sim.NoOutcome {
		theirs = sp.ValueIndex(v.Offer, i)
	}
	perLine := 1
	if len(is.Values) > longList {
		perLine = 3
	}
	tw := tabwriter.NewWriter(p.out, 0, 4, 2, ' ', 0)
	for j := range is.Values {
		mark := " "
		if j == cur {
			mark = "*"
		}
		tag := ""
		if j == theirs {
			tag = " <"
		}
		end := "\t"
		if (j+1)%perLine == 0 || j == len(is.Values)-1 {
			end = "\n"
		}
		fmt.Fprintf(tw, "  %s %d\t%s\t%.3f%s%s", mark, j+1, narrate.OptionLabel(is, j), u.Of(sp.Neighbour(draft, i, j)), tag, end)
	}
	tw.Flush()
	if theirs >= 0 {
		p.printf("  (< marks %s's offer)\n", p.them())
	}
}

// build walks through the issues, starting from draft: for each it lists
// the options with the draft's utility under each, and reads a choice;
// Enter keeps the current one.
func (p *terminalPlayer) build(v *agents.HumanView, draft sim.Outcome) (sim.Outcome, error) {
	sp, u := v.Self.Space, v.Self.Utility
	p.printf("Build your offer issue by issue: type an option's number, or press Enter to keep the one marked *.\n" +
		"Next to each option: what the whole draft is worth to you with it.\n")
	for i, is := range sp.Issues() {
		cur := sp.ValueIndex(draft, i)
		p.printf("%s (issue %d of %d):\n", narrate.IssueLabel(is), i+1, sp.NumIssues())
		p.options(v, draft, i)
		k := len(is.Values)
		err := p.ask(fmt.Sprintf("%s [1-%d, Enter keeps %d]: ", narrate.IssueLabel(is), k, cur+1), func(s string) string {
			if s == "" {
				return ""
			}
			x, err := strconv.Atoi(s)
			if err != nil || x < 1 || x > k {
				return fmt.Sprintf("%q is not an option: type a number from 1 to %d, or press Enter to keep %d.", s, k, cur+1)
			}
			draft = sp.Neighbour(draft, i, x-1)
			return ""
		})
		if err != nil {
			return sim.NoOutcome, err
		}
		p.printf("  draft so far (worth %.3f to you): %s\n", u.Of(draft), draftLine(sp, draft))
	}
	return draft, nil
}
