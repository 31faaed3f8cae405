package narrate

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parley-sim/parley/sim"
)

// Options configures Run. The zero value writes plain text, condenses
// three or more quiet rounds, or twelve or more steady ones, into one line.
type Options struct {
	// Color marks the parties, the facilitator and the headings with ANSI
	// colours, and dims the explanations, for a terminal. The zero value
	// writes plain text.
	Color bool
	// Condense is the least number of consecutive quiet rounds written as
	// one line. A round is quiet when nothing happens in it but offers that
	// each change the offering party's own utility by at most Nudge (and,
	// under the single text, a proposal that fails the vote). Zero means 3;
	// a negative value never condenses quiet rounds (see also Steady).
	Condense int
	// Nudge is the largest change, in a party's own utility, between two
	// of its successive offers that still counts as quiet. Zero means
	// 0.01.
	Nudge float64
	// Steady is the least number of consecutive rounds in which nothing
	// happens but offers, each a repetition or a concession of any size,
	// written as one line: a hardliner's long wait, a steady conceder. The
	// last three rounds of such a stretch, when someone concedes more than
	// Nudge in them, are told in full. Zero means 12; a negative value
	// never condenses such rounds.
	Steady int
}

// Run writes a plain-language, round-by-round account of one traced run
// of negotiation n: who offered what (the options of every issue, by
// their labels), what each offer is worth to each side and how much its
// author conceded since its previous offer, the strategies' explanations
// of their moves (sim.Explainer, from res.Notes), when and why a party
// asked the facilitator for help, what the facilitator or mediator
// proposed and how each side voted, the guarantees, a dismissal, and how
// the run ended compared with the Nash point and the reservation values.
// Long stretches are condensed into one line each: rounds in which the
// parties only repeat or nudge their offers (Options.Condense), long runs
// of plain concessions (Options.Steady), and rounds that go exactly as the
// one before, such as a facilitator invited again and again without
// finding a text.
//
// res must carry its trace (sim.Batch.Trace); Run reports an error for an
// untraced result or one that does not fit n, and the first error of w.
func Run(w io.Writer, n *sim.Negotiation, res *sim.Result, o Options) error {
	if err := n.CheckUtilities(); err != nil {
		return fmt.Errorf("narrating: %w", err)
	}
	if err := checkNarrated(n, res); err != nil {
		return fmt.Errorf("narrating run: %w", err)
	}
	nr := newNarrator(w, n, res, o)
	nr.header()
	nr.body()
	nr.ending()
	return nr.err
}

// checkNarrated reports a result that cannot be narrated with n.
func checkNarrated(n *sim.Negotiation, res *sim.Result) error {
	switch {
	case res == nil:
		return errors.New("nil result")
	case res.Trace == nil:
		return fmt.Errorf("run %d carries no trace: trace it (sim.Batch.Trace) to narrate it", res.Run)
	case res.End.String() == "unknown":
		return fmt.Errorf("run %d: unknown end reason %d", res.Run, res.End)
	case res.Agreement < sim.NoOutcome || int(res.Agreement) >= n.Space.Size():
		return fmt.Errorf("run %d: agreement %d outside the outcome space", res.Run, res.Agreement)
	case res.By < -1 || res.By > 1 || res.FirstMover < 0 || res.FirstMover > 1:
		return fmt.Errorf("run %d: party %d or first mover %d is not a party", res.Run, res.By, res.FirstMover)
	}
	if m := res.Mediation; m.Texts < 0 || m.Texts > m.Mediations || m.Texts > m.Drafts || (m.Drafts > 0) != (m.Texts > 0) {
		return fmt.Errorf("run %d: the facilitator wrote %d texts in %d drafts over %d mediations", res.Run, m.Texts, m.Drafts, m.Mediations)
	}
	for i, e := range res.Trace {
		switch {
		case e.Actor < -1 || e.Actor > 1:
			return fmt.Errorf("run %d, event %d: actor %d is not -1, 0 or 1", res.Run, i, e.Actor)
		case e.Kind.String() == "unknown":
			return fmt.Errorf("run %d, event %d: unknown kind %d", res.Run, i, e.Kind)
		case e.Outcome < sim.NoOutcome || int(e.Outcome) >= n.Space.Size():
			return fmt.Errorf("run %d, event %d: outcome %d outside the outcome space", res.Run, i, e.Outcome)
		}
	}
	return nil
}

// ANSI escapes of the narration's colours.
const (
	narrReset = "\x1b[0m"
	narrBold  = "\x1b[1m"
	narrDim   = "\x1b[2m"
	narrBlue  = "\x1b[34m" // party A
	narrRed   = "\x1b[31m" // party B
	narrGreen = "\x1b[32m" // the facilitator or mediator
)

// narrGroup is the events of one round, as indices into the trace.
type narrGroup struct {
	round    int
	from, to int // events [from, to)
}

// narrator writes one narration.
type narrator struct {
	w   io.Writer
	err error
	n   *sim.Negotiation
	sp  *sim.Space
	res *sim.Result
	opt Options
	sol sim.Solutions

	name   [2]string // party labels
	fac    string    // the facilitator's or mediator's name
	single bool      // single negotiating text
	mono   bool      // monotonic concession

	// The state of the talks as the narration reaches it.
	last      [2]sim.Outcome // each party's latest offer
	best      [2]float64     // each party's best utility of an offer received
	text      sim.Outcome    // the current single text
	gi        int            // the guarantee attached to the current mediation's texts, or -1
	mediating bool           // a mediation is under way
	opening   bool           // the next draft opens the mediation
	asked     [2]bool        // requests standing
	finals    int            // final votes seen in the current mediation
	dismissed bool           // a party turned the current final text down
	votes     []narrVote     // votes on the proposal under way
	prop      sim.Outcome    // the proposal under way
}

// narrVote is one party's vote on a proposal.
type narrVote struct {
	party int
	yes   bool
}

func newNarrator(w io.Writer, n *sim.Negotiation, res *sim.Result, o Options) *narrator {
	o.Condense = cmp.Or(o.Condense, 3)
	o.Nudge = cmp.Or(o.Nudge, 0.01)
	o.Steady = cmp.Or(o.Steady, 12)
	nr := &narrator{
		w:      w,
		n:      n,
		sp:     n.Space,
		res:    res,
		opt:    o,
		single: n.Protocol.Type == sim.SingleText,
		mono:   n.Protocol.Type == sim.MonotonicConcession,
		last:   [2]sim.Outcome{sim.NoOutcome, sim.NoOutcome},
		best:   [2]float64{math.Inf(-1), math.Inf(-1)},
		text:   sim.NoOutcome,
		gi:     -1,
		prop:   sim.NoOutcome,
	}
	nr.sol = sim.Solve(n.Parties[0].Utility, n.Parties[1].Utility, [2]float64{n.Parties[0].Reservation, n.Parties[1].Reservation})
	for i, p := range n.Parties {
		nr.name[i] = shortLabel(narrClean(narrFirst(p.Label, p.ID, fmt.Sprintf("party %c", 'A'+i))))
	}
	nr.fac = "the mediator"
	if f := n.Facilitator; f != nil {
		nr.fac = narrClean(narrFirst(f.Name, "the facilitator"))
	}
	return nr
}

// narrFirst returns the first of s that is not empty, or "".
func narrFirst(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// shortLabel drops a trailing parenthesis from a party's label, so that
// "Player A (first mover)" reads as "Player A" in sentences.
func shortLabel(s string) string {
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndex(s, " ("); i > 0 {
			return s[:i]
		}
	}
	return s
}

// narrClean drops control characters (terminal escapes among them) from
// text that comes from a scenario file.
func narrClean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "?")
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}

// narrCapital returns s with its first letter in upper case.
func narrCapital(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

func (nr *narrator) printf(format string, a ...any) {
	if nr.err != nil {
		return
	}
	_, nr.err = fmt.Fprintf(nr.w, format, a...)
}

// paint wraps s in colour c when colour is on.
func (nr *narrator) paint(c, s string) string {
	if !nr.opt.Color || s == "" {
		return s
	}
	return c + s + narrReset
}

// who names party i (or the facilitator or mediator for −1), in colour.
func (nr *narrator) who(i int) string {
	switch i {
	case 0:
		return nr.paint(narrBlue, nr.name[0])
	case 1:
		return nr.paint(narrRed, nr.name[1])
	}
	return nr.paint(narrGreen, nr.fac)
}

// whoCap is who(i) at the start of a sentence.
func (nr *narrator) whoCap(i int) string {
	if i < 0 {
		return nr.paint(narrGreen, narrCapital(nr.fac))
	}
	return nr.who(i)
}

// u returns party p's utility of o, with the guarantee of the current
// mediation when it covers o and withGuarantee is set.
func (nr *narrator) u(p int, o sim.Outcome, withGuarantee bool) float64 {
	x := nr.n.Parties[p].Utility.Of(o)
	if withGuarantee && nr.gi >= 0 && nr.covers(nr.gi, o) {
		x += nr.n.Facilitator.Guarantees[nr.gi].Delta[p]
	}
	return x
}

// covers reports whether guarantee g of the facilitator covers o.
func (nr *narrator) covers(g int, o sim.Outcome) bool {
	for _, c := range nr.n.Facilitator.Guarantees[g].When {
		if nr.sp.ValueIndex(o, c.Issue) != c.Value {
			return false
		}
	}
	return true
}

// narrNum formats a utility.
func narrNum(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }

// narrAmount formats a change of utility: two decimals, or two significant
// digits below 0.01 so that small steps do not read as zero.
func narrAmount(x float64) string {
	x = math.Abs(x)
	if x > 0 && x < 0.005 {
		return strconv.FormatFloat(x, 'g', 2, 64)
	}
	return narrNum(x)
}

// narrSigned formats a difference with its sign.
func narrSigned(x float64) string {
	if x < 0 {
		return "−" + narrAmount(x)
	}
	return "+" + narrAmount(x)
}

// narrPercent formats a probability.
func narrPercent(p float64) string {
	return strconv.FormatFloat(100*p, 'g', 3, 64) + "%"
}

// valueLabel is the label of the value outcome o gives issue i, with the
// issue's unit for a numeric issue.
func (nr *narrator) valueLabel(o sim.Outcome, i int) string {
	is := nr.sp.Issues()[i]
	v := nr.sp.Value(o, i)
	l := narrFirst(v.Label, v.ID)
	if is.Numeric && is.Unit != "" && l == v.ID {
		l += " " + is.Unit
	}
	return narrClean(l)
}

// issueLabel is the label of issue i.
func (nr *narrator) issueLabel(i int) string {
	is := nr.sp.Issues()[i]
	return narrClean(narrFirst(is.Label, is.ID))
}

// pkg writes outcome o: on one line for up to three issues, else one
// issue a line, indented by indent.
func (nr *narrator) pkg(o sim.Outcome, indent string) {
	k := nr.sp.NumIssues()
	if k <= 3 {
		parts := make([]string, k)
		for i := range k {
			parts[i] = nr.issueLabel(i) + ": " + nr.valueLabel(o, i)
		}
		nr.printf("%s%s\n", indent, strings.Join(parts, "; "))
		return
	}
	for i := range k {
		nr.printf("%s%s: %s\n", indent, nr.issueLabel(i), nr.valueLabel(o, i))
	}
}

// changes writes the issues on which to differs from from, as
// "issue: old → new", one line each.
func (nr *narrator) changes(from, to sim.Outcome, indent string) {
	for i := range nr.sp.NumIssues() {
		if nr.sp.ValueIndex(from, i) != nr.sp.ValueIndex(to, i) {
			nr.printf("%s%s: %s → %s\n", indent, nr.issueLabel(i), nr.valueLabel(from, i), nr.valueLabel(to, i))
		}
	}
}

// worth describes what o is worth to both parties, the party p first (or
// A first for p < 0).
func (nr *narrator) worth(o sim.Outcome, p int, withGuarantee bool) string {
	first := max(p, 0)
	return fmt.Sprintf("worth %s to %s, %s to %s", narrNum(nr.u(first, o, withGuarantee)), nr.who(first), narrNum(nr.u(1-first, o, withGuarantee)), nr.who(1-first))
}

// why writes a strategy's or the engine's note.
func (nr *narrator) why(note string) {
	if note = narrClean(note); note != "" {
		nr.printf("      %s\n", nr.paint(narrDim, "why: "+note))
	}
}

// relTime is the relative time of round r, formatted: two decimals, three
// for deadlines of 100 rounds or more.
func (nr *narrator) relTime(r int) string {
	d := nr.n.Protocol.Deadline
	digits := 2
	if d >= 100 {
		digits = 3
	}
	return strconv.FormatFloat(float64(r+1)/float64(d+1), 'f', digits, 64)
}

// header introduces the negotiation and its benchmarks.
func (nr *narrator) header() {
	n, res := nr.n, nr.res
	pr := n.Protocol
	title := narrFirst(n.Name, "negotiation")
	nr.printf("%s\n", nr.paint(narrBold, fmt.Sprintf("%s, run %d (seed %s)", narrClean(title), res.Run, SeedText(res.Seed))))
	strat := func(i int) string {
		if s := n.Parties[i].StrategyName; s != "" {
			return " (" + narrClean(s) + ")"
		}
		return ""
	}
	proto := map[sim.ProtocolType]string{
		sim.Alternating:         "alternating offers",
		sim.MonotonicConcession: "the monotonic concession protocol (both propose at once, each round)",
		sim.SingleText:          "a single negotiating text drafted by a mediator who knows nothing of their preferences",
	}[pr.Type]
	nr.printf("%s%s and %s%s negotiate by %s, with a deadline of %d rounds.\n", nr.who(0), strat(0), nr.who(1), strat(1), proto, pr.Deadline)
	if pr.Type == sim.Alternating {
		nr.printf("%s opens.\n", nr.whoCap(res.FirstMover))
	}
	for i, p := range n.Parties {
		line := fmt.Sprintf("%s's reservation value (what no deal is worth to it) is %s", nr.who(i), narrNum(p.Reservation))
		var delay []string
		// The engine's convention (sim.Result.Discounted): a deal in round
		// r, counted from 0 as the round headings are, is worth d^r of its
		// value; with per-offer discounting, a deal on offer k (from 0).
		if p.Discount < 1 {
			// Four significant digits: a discount factor drawn from a
			// range has all of its digits (unless they would read 1).
			d := strconv.FormatFloat(p.Discount, 'g', 4, 64)
			if d == "1" {
				d = strconv.FormatFloat(p.Discount, 'g', -1, 64)
			}
			if pr.DiscountPerOffer {
				delay = append(delay, fmt.Sprintf("a deal on offer k (counted from 0) is worth %s^k of its value", d))
			} else {
				delay = append(delay, fmt.Sprintf("a deal in round r (counted from 0) is worth %s^r of its value", d))
			}
		}
		if p.Cost > 0 {
			per := "round"
			if pr.DiscountPerOffer {
				per = "offer"
			}
			delay = append(delay, fmt.Sprintf("each %s costs it %s", per, narrNum(p.Cost)))
		}
		if len(delay) > 0 {
			line += "; " + strings.Join(delay, ", and ")
		}
		nr.printf("%s.\n", line)
	}
	if pr.Breakdown > 0 {
		nr.printf("Each round the talks may break down by chance (%s).\n", narrPercent(pr.Breakdown))
	}
	if f := n.Facilitator; f != nil {
		switch f.Mode {
		case sim.Never:
			nr.printf("%s stands by but never acts in this run (mode never).\n", nr.whoCap(-1))
		case sim.Always:
			nr.printf("%s steps in after the first round, and again whenever the parties ask (mode always).\n", nr.whoCap(-1))
		default:
			rule := "when both parties have asked for help"
			if f.Consent == sim.ConsentEither {
				rule = "when one party asks and the other does not object"
			}
			nr.printf("%s stands ready to help, but acts only %s; either side may turn its text down.\n", nr.whoCap(-1), rule)
		}
	}
	if len(nr.sol.Nash) == 0 {
		nr.printf("No outcome is worth its reservation value to both sides: there is no Nash point.\n")
	} else {
		p := nr.sol.Nash[0]
		tie := ""
		if k := max(len(nr.sol.Nash), nr.sol.Ties.Nash); k > 1 { // the list holds at most sim.MaxTies
			tie = fmt.Sprintf(" (one of %d tied points)", k)
		}
		nr.printf("The Nash point%s, the deal that maximises the product of both sides' gains over their reservation values, is %s:\n",
			tie, nr.worth(p.Outcome, -1, false))
		nr.pkg(p.Outcome, "    ")
	}
}

// groups splits the trace into rounds.
func (nr *narrator) groups() []narrGroup {
	var gs []narrGroup
	for i, e := range nr.res.Trace {
		if len(gs) == 0 || gs[len(gs)-1].round != e.Round {
			gs = append(gs, narrGroup{round: e.Round, from: i, to: i})
		}
		gs[len(gs)-1].to = i + 1
	}
	return gs
}

// narrEndgame is the number of rounds at the end of a steady stretch that
// are told in full.
const narrEndgame = 3

// How quiet a round is.
const (
	narrBusy   = iota // something else happens
	narrSteady        // each party repeats its offer or concedes
	narrQuiet         // each party repeats its offer or nudges it by at most Nudge
)

// quiet says how quiet round g is given each party's latest offer last,
// and returns the latest offers after it. Under the single text, a round
// is quiet when its one proposal fails the vote.
func (nr *narrator) quiet(g narrGroup, last [2]sim.Outcome) (int, [2]sim.Outcome) {
	tr := nr.res.Trace
	if nr.single {
		if g.to-g.from != 3 || tr[g.from].Kind != sim.EventDraft || tr[g.from].Outcome == sim.NoOutcome || g.from == 0 {
			return narrBusy, last
		}
		yes := 0
		for _, e := range tr[g.from+1 : g.to] {
			switch e.Kind {
			case sim.EventVoteYes:
				yes++
			case sim.EventVoteNo:
			default:
				return narrBusy, last
			}
		}
		if yes == 2 {
			return narrBusy, last
		}
		return narrQuiet, last
	}
	level, offers := narrQuiet, 0
	for _, e := range tr[g.from:g.to] {
		switch {
		case e.Kind == sim.EventReject && e.Actor >= 0:
		case e.Kind == sim.EventRequest && e.Actor >= 0, e.Kind == sim.EventInvite:
			// Requests and an invitation that yields no draft (a draft
			// makes the round busy) change nothing at the table.
		case e.Kind == sim.EventOffer && e.Actor >= 0:
			p := e.Actor
			if last[p] == sim.NoOutcome || e.Outcome == sim.NoOutcome {
				return narrBusy, last
			}
			u := nr.n.Parties[p].Utility
			d := u.Of(last[p]) - u.Of(e.Outcome) // the concession
			switch {
			case math.Abs(d) <= nr.opt.Nudge:
			case d > 0:
				level = narrSteady
			default:
				return narrBusy, last
			}
			last[p] = e.Outcome
			offers++
		default:
			return narrBusy, last
		}
	}
	if offers == 0 {
		return narrBusy, last
	}
	return level, last
}

// run returns the end of the longest run of rounds from gs[i] that are at
// least as quiet as level, and how quiet each of them is.
func (nr *narrator) run(gs []narrGroup, i, level int) (int, []int) {
	last := nr.last
	var levels []int
	for ; i < len(gs); i++ {
		q, l := nr.quiet(gs[i], last)
		if q < level {
			break
		}
		last = l
		levels = append(levels, q)
	}
	return i, levels
}

// body narrates the rounds.
func (nr *narrator) body() {
	gs := nr.groups()
	for i := 0; i < len(gs); {
		if k := nr.opt.Steady; k > 0 {
			// The last rounds of a steady stretch, the endgame, are told
			// in full.
			j, levels := nr.run(gs, i, narrSteady)
			if len(levels) >= narrEndgame && slices.Contains(levels[len(levels)-narrEndgame:], narrSteady) {
				j -= narrEndgame
			}
			if j-i >= k {
				nr.condensed(gs[i:j])
				i = j
				continue
			}
		}
		if k := nr.opt.Condense; k > 0 {
			if j, _ := nr.run(gs, i, narrQuiet); j-i >= k {
				nr.condensed(gs[i:j])
				i = j
				continue
			}
			if j := nr.same(gs, i); j-i >= k {
				nr.repeated(gs[i-1], gs[i:j])
				i = j
				continue
			}
		}
		nr.round(gs[i])
		i++
	}
}

// same returns the end of the run of rounds from gs[i] whose events are
// those of round gs[i−1]: the same moves by the same actors on the same
// outcomes, with the same requests' reasons.
func (nr *narrator) same(gs []narrGroup, i int) int {
	if i == 0 || nr.single {
		return i
	}
	tr := nr.res.Trace
	ref := gs[i-1]
	j := i
	for ; j < len(gs); j++ {
		g := gs[j]
		if g.to-g.from != ref.to-ref.from {
			break
		}
		k := 0
		for ; k < g.to-g.from; k++ {
			a, b := tr[ref.from+k], tr[g.from+k]
			if a.Kind != b.Kind || a.Actor != b.Actor || a.Outcome != b.Outcome ||
				(a.Kind != sim.EventOffer && a.Kind != sim.EventAccept && nr.res.Note(ref.from+k) != nr.res.Note(g.from+k)) ||
				a.Kind == sim.EventAccept || a.Kind == sim.EventWalk || a.Kind == sim.EventDismiss || a.Kind == sim.EventBreakdown || a.Kind == sim.EventConflict {
				break
			}
		}
		if k < g.to-g.from {
			break
		}
	}
	return j
}

// repeated writes rounds that go exactly as round ref did.
func (nr *narrator) repeated(ref narrGroup, gs []narrGroup) {
	first, last := gs[0].round, gs[len(gs)-1].round
	nr.printf("\n%s\n", nr.paint(narrBold, fmt.Sprintf("Rounds %d–%d (t = %s to %s)", first, last, nr.relTime(first), nr.relTime(last))))
	nr.printf("  Every round goes exactly as round %d did.\n", ref.round)
	tr := nr.res.Trace
	var note [2]string
	for _, g := range gs {
		for k := g.from; k < g.to; k++ {
			if e := tr[k]; e.Kind == sim.EventOffer && e.Actor >= 0 {
				if s := nr.res.Note(k); s != "" {
					note[e.Actor] = s
				}
			}
		}
	}
	for p := range 2 {
		if note[p] != "" {
			nr.printf("      %s\n", nr.paint(narrDim, fmt.Sprintf("why, by round %d, %s: %s", last, nr.name[p], narrClean(note[p]))))
		}
	}
}

// roundTitle writes the heading of round r.
func (nr *narrator) roundTitle(r int) {
	nr.printf("\n%s\n", nr.paint(narrBold, fmt.Sprintf("Round %d (t = %s)", r, nr.relTime(r))))
}

// condensed writes quiet rounds as one paragraph.
func (nr *narrator) condensed(gs []narrGroup) {
	first, last := gs[0].round, gs[len(gs)-1].round
	tr := nr.res.Trace
	nr.printf("\n%s\n", nr.paint(narrBold, fmt.Sprintf("Rounds %d–%d (t = %s to %s)", first, last, nr.relTime(first), nr.relTime(last))))
	if nr.single {
		nr.printf("  %s tries %d changes to the text; none wins both votes.\n", nr.whoCap(-1), len(gs))
		return
	}
	var (
		start    = nr.last
		fresh    [2]int
		note     [2]string
		offered  [2]bool
		requests [2]int
		invites  int
	)
	for _, g := range gs {
		for k := g.from; k < g.to; k++ {
			e := tr[k]
			switch e.Kind {
			case sim.EventRequest:
				requests[e.Actor]++
				nr.asked[e.Actor] = true
				continue
			case sim.EventInvite:
				invites++
				nr.asked = [2]bool{}
				continue
			case sim.EventOffer:
			default:
				continue
			}
			p := e.Actor
			if e.Outcome != nr.last[p] {
				fresh[p]++
			}
			offered[p] = true
			nr.offered(p, e.Outcome)
			if s := nr.res.Note(k); s != "" {
				note[p] = s
			}
		}
	}
	var parts []string
	if fresh[0] == 0 && fresh[1] == 0 {
		parts = append(parts, "both sides repeat their offers")
	} else {
		for p := range 2 {
			if !offered[p] {
				continue
			}
			u := nr.n.Parties[p].Utility
			from, to := u.Of(start[p]), u.Of(nr.last[p])
			switch {
			case fresh[p] == 0:
				parts = append(parts, fmt.Sprintf("%s repeats its offer (%s to itself)", nr.who(p), narrNum(to)))
			case to < from:
				parts = append(parts, fmt.Sprintf("%s concedes step by step, from %s to %s to itself (%d new offers)", nr.who(p), narrNum(from), narrNum(to), fresh[p]))
			case to > from:
				parts = append(parts, fmt.Sprintf("%s hardens step by step, from %s to %s to itself (%d new offers)", nr.who(p), narrNum(from), narrNum(to), fresh[p]))
			default:
				parts = append(parts, fmt.Sprintf("%s varies its offer at the same value to itself, %s (%d new offers)", nr.who(p), narrNum(to), fresh[p]))
			}
		}
	}
	nr.printf("  %s.\n", narrCapital(strings.Join(parts, "; ")))
	switch {
	case invites > 0:
		times := "once"
		if invites > 1 {
			times = fmt.Sprintf("%d times", invites)
		}
		nr.printf("  %s is invited %s, but finds no text that it believes both sides would accept.\n", nr.whoCap(-1), times)
	case requests[0] > 0 && requests[1] > 0:
		nr.printf("  Both sides ask %s for help, but it is not invited.\n", nr.who(-1))
	case requests[0] > 0 || requests[1] > 0:
		p := 0
		if requests[1] > 0 {
			p = 1
		}
		nr.printf("  %s asks %s for help, but %s does not consent: it is not invited.\n", nr.whoCap(p), nr.who(-1), nr.who(1-p))
	}
	for p := range 2 {
		if note[p] != "" {
			nr.printf("      %s\n", nr.paint(narrDim, fmt.Sprintf("why, by round %d, %s: %s", last, nr.name[p], narrClean(note[p]))))
		}
	}
}

// offered updates the state with party p's offer o.
func (nr *narrator) offered(p int, o sim.Outcome) {
	nr.last[p] = o
	q := 1 - p
	nr.best[q] = max(nr.best[q], nr.n.Parties[q].Utility.Of(o))
}

// round narrates the events of one round.
func (nr *narrator) round(g narrGroup) {
	nr.roundTitle(g.round)
	tr := nr.res.Trace
	for k := g.from; k < g.to; k++ {
		e := tr[k]
		if e.Kind != sim.EventVoteYes && e.Kind != sim.EventVoteNo {
			nr.flushVotes()
		}
		// A rejection followed by the same party's offer reads as one
		// sentence.
		rejected := false
		if e.Kind == sim.EventReject && e.Actor >= 0 && !nr.single && k+1 < g.to && tr[k+1].Kind == sim.EventOffer && tr[k+1].Actor == e.Actor {
			continue
		}
		if k > g.from && tr[k-1].Kind == sim.EventReject && tr[k-1].Actor == e.Actor && e.Kind == sim.EventOffer && !nr.single {
			rejected = true
		}
		nr.event(k, e, rejected)
	}
	nr.flushVotes()
	if nr.mediating && nr.opening && !nr.single {
		nr.printf("  %s finds no text that it believes both sides would accept; bilateral talks go on.\n", nr.whoCap(-1))
	}
	nr.mediating, nr.opening = false, false
}

// event narrates event k.
func (nr *narrator) event(k int, e sim.Event, rejected bool) {
	note := nr.res.Note(k)
	p := e.Actor
	switch e.Kind {
	case sim.EventOffer, sim.EventAccept, sim.EventReject, sim.EventDraft, sim.EventDismiss, sim.EventVoteYes, sim.EventVoteNo:
		if e.Outcome == sim.NoOutcome {
			// Never in a trace the engine writes; told plainly rather than
			// guessed at.
			nr.printf("  %s: %s, with no outcome.\n", nr.whoCap(p), e.Kind)
			return
		}
	}
	switch e.Kind {
	case sim.EventOffer, sim.EventAccept, sim.EventReject, sim.EventWalk, sim.EventVoteYes, sim.EventVoteNo, sim.EventRequest, sim.EventDismiss:
		if p < 0 {
			nr.printf("  %s: %s by no party.\n", nr.whoCap(p), e.Kind)
			return
		}
	}
	switch e.Kind {
	case sim.EventOffer:
		nr.offer(p, e.Outcome, rejected, note)
	case sim.EventReject:
		switch {
		case nr.single:
			nr.printf("  %s refuses to sign the final text: it is worth %s to it, less than its reservation value %s.\n",
				nr.whoCap(p), narrNum(nr.u(p, e.Outcome, false)), narrNum(nr.n.Parties[p].Reservation))
		default:
			nr.printf("  %s rejects %s's offer.\n", nr.whoCap(p), nr.who(narrOther(p)))
		}
	case sim.EventAccept:
		nr.accept(p, e.Outcome, note)
	case sim.EventWalk:
		nr.printf("  %s walks away: the talks end without agreement.\n", nr.whoCap(p))
		nr.why(note)
	case sim.EventBreakdown:
		nr.printf("  The talks break down by chance at the end of the round (a %s risk each round).\n", narrPercent(nr.n.Protocol.Breakdown))
	case sim.EventConflict:
		nr.printf("  Neither side conceded this round: by the rules of monotonic concession the talks end in the conflict deal.\n")
	case sim.EventDraft:
		nr.draft(e.Outcome, note)
	case sim.EventVoteYes, sim.EventVoteNo:
		nr.votes = append(nr.votes, narrVote{party: p, yes: e.Kind == sim.EventVoteYes})
		if len(nr.votes) == 2 {
			nr.flushVotes()
		}
	case sim.EventRequest:
		nr.printf("  %s asks %s for help: %s.\n", nr.whoCap(p), nr.who(-1), nr.reason(p, note))
	case sim.EventInvite:
		nr.invite()
	case sim.EventDismiss:
		nr.finals++
		nr.dismissed = true
		if v := nr.u(p, e.Outcome, true); v >= nr.floorValue(p) {
			// A person votes as they like (sim.Voter): not by the rule.
			nr.printf("  %s turns the text down, although it is worth %s to it, at least %s.\n", nr.whoCap(p), narrNum(v), nr.floor(p))
		} else {
			nr.printf("  %s turns the text down: it is worth %s to it, less than %s.\n", nr.whoCap(p), narrNum(v), nr.floor(p))
		}
		nr.afterFinal()
	}
}

// narrOther returns the other party of p, or party A for the protocol.
func narrOther(p int) int {
	if p < 0 {
		return 0
	}
	return 1 - p
}

// offer narrates party p's offer o.
func (nr *narrator) offer(p int, o sim.Outcome, rejected bool, note string) {
	if p < 0 {
		return
	}
	prev := nr.last[p]
	nr.offered(p, o)
	verb := "offers"
	if nr.mono {
		verb = "proposes"
	}
	lead := "  " + nr.whoCap(p) + " "
	if rejected {
		lead += "rejects and "
	}
	u := nr.n.Parties[p].Utility
	switch {
	case prev == sim.NoOutcome:
		nr.printf("%s%s (%s):\n", lead, verb, nr.worth(o, p, false))
		nr.pkg(o, "      ")
	case prev == o && nr.mono:
		nr.printf("%sstands still, repeating its proposal (%s).\n", lead, nr.worth(o, p, false))
	case prev == o:
		nr.printf("%srepeats its offer (%s).\n", lead, nr.worth(o, p, false))
	default:
		step := u.Of(prev) - u.Of(o)
		how := "at the same value to itself"
		switch {
		case step > 0:
			how = "conceding " + narrAmount(step)
		case step < 0:
			how = "asking " + narrAmount(step) + " more"
		}
		if nr.mono {
			// Under monotonic concession, a concession is what the other
			// side gains.
			q := 1 - p
			v := nr.n.Parties[q].Utility
			switch gain := v.Of(o) - v.Of(prev); {
			case gain > 0:
				how = fmt.Sprintf("conceding %s to %s", narrAmount(gain), nr.who(q))
			default:
				how = fmt.Sprintf("which gives %s no more than before: not a concession under this protocol", nr.who(q))
			}
		}
		nr.printf("%s%s a new package, %s (%s):\n", lead, verb, how, nr.worth(o, p, false))
		nr.changes(prev, o, "      ")
	}
	nr.why(note)
}

// accept narrates party p's acceptance of o.
func (nr *narrator) accept(p int, o sim.Outcome, note string) {
	switch {
	case nr.single:
		nr.printf("  %s signs the final text (%s).\n", nr.whoCap(p), nr.worth(o, p, false))
	case nr.mediating:
		nr.finals++
		if v := nr.u(p, o, true); v < nr.floorValue(p) {
			nr.printf("  %s accepts the text, although it is worth only %s to it, less than %s.\n", nr.whoCap(p), narrNum(v), nr.floor(p))
		} else {
			nr.printf("  %s accepts the text: it is worth %s to it, at least %s.\n", nr.whoCap(p), narrNum(v), nr.floor(p))
		}
		nr.afterFinal()
	case nr.mono:
		nr.printf("  %s finds %s's proposal at least as good as its own, and takes it (%s).\n", nr.whoCap(p), nr.who(narrOther(p)), nr.worth(o, p, false))
		nr.why(note)
	default:
		nr.printf("  %s accepts %s's offer (%s).\n", nr.whoCap(p), nr.who(narrOther(p)), nr.worth(o, p, false))
		nr.why(note)
	}
}

// floor describes what party p's final vote compares the text with.
func (nr *narrator) floor(p int) string {
	rv := nr.n.Parties[p].Reservation
	if b := nr.best[p]; b > rv {
		return fmt.Sprintf("the best offer it has received (%s; its reservation value is %s)", narrNum(b), narrNum(rv))
	}
	return fmt.Sprintf("its reservation value %s", narrNum(rv))
}

// floorValue is what party p's final vote compares the text with under
// the default rule (sim.Ballot.Floor): the larger of its reservation value
// and the best offer it has received.
func (nr *narrator) floorValue(p int) float64 {
	rv := nr.n.Parties[p].Reservation
	if b := nr.best[p]; b > rv {
		return b
	}
	return rv
}

// afterFinal closes a mediation after both final votes.
func (nr *narrator) afterFinal() {
	if nr.finals < 2 {
		return
	}
	if nr.dismissed {
		nr.printf("  The text is dismissed and %s withdraws; bilateral talks resume.\n", nr.who(-1))
	}
	nr.mediating = false
}

// invite narrates the facilitator's invitation.
func (nr *narrator) invite() {
	f := nr.n.Facilitator
	switch {
	case f == nil:
		nr.printf("  %s is invited.\n", nr.whoCap(-1))
	case nr.asked[0] && nr.asked[1]:
		nr.printf("  Both sides have asked: %s is invited, and drafts a text between rounds.\n", nr.who(-1))
	case nr.asked[0] || nr.asked[1]:
		p := 0
		if nr.asked[1] {
			p = 1
		}
		nr.printf("  %s has asked and %s does not object: %s is invited, and drafts a text between rounds.\n", nr.whoCap(p), nr.who(1-p), nr.who(-1))
	case f.Mode == sim.Always:
		nr.printf("  %s steps in, as the scenario says it always does (mode always), and drafts a text between rounds.\n", nr.whoCap(-1))
	default:
		nr.printf("  %s is invited, and drafts a text between rounds.\n", nr.whoCap(-1))
	}
	nr.asked = [2]bool{}
	nr.mediating, nr.opening, nr.finals, nr.dismissed, nr.gi = true, true, 0, false, -1
}

// reason phrases the trigger that made party p ask for help.
func (nr *narrator) reason(p int, note string) string {
	if p >= 0 {
		nr.asked[p] = true
	}
	var t sim.Triggers
	if f := nr.n.Facilitator; f != nil && p >= 0 {
		t = f.Triggers[p]
	}
	t = t.Defaulted()
	switch note {
	case "stalled":
		return fmt.Sprintf("for %d rounds neither its own offer fell nor %s's rose by %s or more (stalled)", t.StalledRounds, nr.who(narrOther(p)), narrNum(t.Eps))
	case "projected_no_deal":
		return fmt.Sprintf("at the pace of the last %d rounds, the gap between its own offer and the best it has received would still be open at the deadline (projected no deal)", t.Window)
	case "continuation":
		return fmt.Sprintf("going on is worth less than %s above its reservation value (value of continuing)", narrNum(t.ContinuationBelow))
	case "time":
		return fmt.Sprintf("%s of the time has passed", narrPercent(t.AfterTime))
	case "asked":
		return "it decided to ask itself"
	case "":
		return "no reason recorded"
	}
	return narrClean(note)
}

// guarantee returns the index of the facilitator's guarantee named name,
// or -1.
func (nr *narrator) guarantee(name string) int {
	if f := nr.n.Facilitator; f != nil && name != "" {
		for k, g := range f.Guarantees {
			if g.Name == name {
				return k
			}
		}
	}
	return -1
}

// draft narrates a text or proposal of the facilitator or mediator.
func (nr *narrator) draft(o sim.Outcome, note string) {
	switch {
	case nr.single && nr.text == sim.NoOutcome:
		nr.text = o
		nr.printf("  %s starts from a text drawn at random (%s):\n", nr.whoCap(-1), nr.worth(o, -1, false))
		nr.pkg(o, "      ")
		return
	case !nr.single && (nr.opening || nr.text == sim.NoOutcome || !nr.mediating):
		nr.opening = false
		nr.mediating = true
		nr.gi = nr.guarantee(note)
		nr.text = o
		with := ""
		if nr.gi >= 0 {
			with = ", with the guarantee " + narrClean(note) + " attached"
		}
		nr.printf("  %s drafts a single text%s (%s):\n", nr.whoCap(-1), with, nr.worth(o, -1, true))
		nr.pkg(o, "      ")
		if nr.gi >= 0 {
			g := nr.n.Facilitator.Guarantees[nr.gi]
			var conds []string
			for _, c := range g.When {
				conds = append(conds, nr.issueLabel(c.Issue)+": "+narrClean(narrFirst(nr.sp.Issues()[c.Issue].Values[c.Value].Label, nr.sp.Issues()[c.Issue].Values[c.Value].ID)))
			}
			nr.printf("      The guarantee adds %s to %s's and %s to %s's utility of any text with %s; it costs %s %s.\n",
				narrNum(g.Delta[0]), nr.who(0), narrNum(g.Delta[1]), nr.who(1), strings.Join(conds, " and "), nr.who(-1), narrNum(g.Cost))
		}
		return
	}
	nr.prop = o
	nr.printf("  %s proposes a change (%s):\n", nr.whoCap(-1), nr.worth(o, -1, !nr.single))
	if nr.text != sim.NoOutcome {
		nr.changes(nr.text, o, "      ")
	}
}

// flushVotes narrates the votes on the proposal under way.
func (nr *narrator) flushVotes() {
	if len(nr.votes) == 0 {
		return
	}
	g := !nr.single
	parts := make([]string, len(nr.votes))
	yes := 0
	for i, v := range nr.votes {
		word := "no"
		if v.yes {
			word = "yes"
			yes++
		}
		parts[i] = nr.who(v.party) + " votes " + word
		if nr.prop != sim.NoOutcome && nr.text != sim.NoOutcome {
			parts[i] += fmt.Sprintf(" (%s → %s)", narrNum(nr.u(v.party, nr.text, g)), narrNum(nr.u(v.party, nr.prop, g)))
		}
	}
	verdict := "the text stays as it was"
	if yes == 2 && len(nr.votes) == 2 {
		verdict = "it becomes the new text"
		if nr.prop != sim.NoOutcome {
			nr.text = nr.prop
		}
	}
	nr.printf("      %s: %s.\n", strings.Join(parts, ", "), verdict)
	nr.votes, nr.prop = nr.votes[:0], sim.NoOutcome
}

// ending says how the run ended, and compares it with the reservation
// values and the Nash point.
func (nr *narrator) ending() {
	res, n := nr.res, nr.n
	nr.printf("\n%s\n", nr.paint(narrBold, "How it ended"))
	med := res.Mediation
	switch res.End {
	case sim.EndAgreement:
		switch {
		case med.Mediated:
			with := ""
			if med.Guarantee != "" {
				with = ", with the guarantee " + narrClean(med.Guarantee)
			}
			nr.printf("Agreement in round %d on %s's text%s:\n", res.Round, nr.who(-1), with)
		case nr.single:
			nr.printf("Agreement in round %d: both sides signed %s's text:\n", res.Round, nr.who(-1))
		case res.By >= 0:
			nr.printf("Agreement in round %d: %s accepted %s's offer:\n", res.Round, nr.who(res.By), nr.who(1-res.By))
		default:
			nr.printf("Agreement in round %d:\n", res.Round)
		}
		if res.Agreement != sim.NoOutcome {
			nr.pkg(res.Agreement, "    ")
		}
	case sim.EndDeadline:
		nr.printf("No agreement: the deadline passed after %d rounds.\n", n.Protocol.Deadline)
	case sim.EndBreakdown:
		nr.printf("No agreement: the talks broke down by chance in round %d.\n", res.Round)
	case sim.EndWalkAway:
		if res.By >= 0 {
			nr.printf("No agreement: %s walked away in round %d.\n", nr.who(res.By), res.Round)
		} else {
			nr.printf("No agreement: the talks were abandoned in round %d.\n", res.Round)
		}
	case sim.EndConflict:
		if nr.single && res.By >= 0 {
			nr.printf("No agreement: %s refused to sign the final text in round %d.\n", nr.who(res.By), res.Round)
		} else {
			nr.printf("No agreement: the talks ended in the conflict deal in round %d, when neither side conceded.\n", res.Round)
		}
	}
	discounted := false // some party's deal is worth less for the delay
	for p := range 2 {
		party := n.Parties[p]
		u := res.Utility[p]
		var line string
		switch {
		case res.Agreed():
			// Like with like: what the party takes home, discounted,
			// against its reservation value, which is never discounted.
			line = fmt.Sprintf("%s gets %s", nr.whoCap(p), narrNum(u))
			d := res.Discounted[p]
			after, sep := "", ","
			if math.Abs(d-u) >= 0.005 {
				line += fmt.Sprintf(" (%s discounted for the delay)", narrNum(d))
				after, sep = " after discounting", ";"
				discounted = true
			}
			diff := d - party.Reservation
			switch {
			case math.Abs(diff) < 0.005:
				line += fmt.Sprintf("%s exactly its reservation value %s%s", sep, narrNum(party.Reservation), after)
			case diff > 0:
				line += fmt.Sprintf("%s %s above its reservation value %s%s", sep, narrAmount(diff), narrNum(party.Reservation), after)
			default:
				line += fmt.Sprintf("%s %s below its reservation value %s%s", sep, narrAmount(diff), narrNum(party.Reservation), after)
			}
		case res.End == sim.EndBreakdown:
			line = fmt.Sprintf("%s gets its breakdown value %s", nr.whoCap(p), narrNum(u))
		default:
			line = fmt.Sprintf("%s gets its reservation value %s", nr.whoCap(p), narrNum(u))
		}
		nr.printf("%s.\n", line)
	}
	if len(nr.sol.Nash) > 0 {
		np := nr.sol.Nash[0].U
		if d0, d1 := res.Utility[0]-np[0], res.Utility[1]-np[1]; res.Agreed() && math.Abs(d0) < 0.005 && math.Abs(d1) < 0.005 {
			nr.printf("The agreement is worth what the Nash point is worth (%s, %s).\n", narrNum(np[0]), narrNum(np[1]))
		} else if res.Agreed() {
			note := ""
			if med.Guarantee != "" {
				note = " (the guarantee included)"
			}
			basis := ""
			if discounted {
				// The Nash point is a point of the utility space, where
				// time costs nothing: compare before discounting.
				basis = ", before discounting"
			}
			nr.printf("Compared with the Nash point (%s, %s)%s: %s %s, %s %s%s.\n", narrNum(np[0]), narrNum(np[1]), basis,
				nr.who(0), narrSigned(res.Utility[0]-np[0]), nr.who(1), narrSigned(res.Utility[1]-np[1]), note)
		} else {
			nr.printf("At the Nash point they would have had %s and %s: the talks left %s and %s on the table.\n",
				narrNum(np[0]), narrNum(np[1]), narrAmount(max(0, np[0]-res.Utility[0])), narrAmount(max(0, np[1]-res.Utility[1])))
		}
	}
	if !nr.single {
		c := res.Concession
		more := "about as much"
		switch {
		case c[0] <= 1e-9 && c[1] <= 1e-9:
			more = "neither conceded anything"
		case math.Abs(c[0]-c[1]) < 0.005:
		case c[0] > c[1]:
			more = nr.who(0) + " conceded more"
		case c[1] > c[0]:
			more = nr.who(1) + " conceded more"
		}
		nr.printf("Over the talks %s conceded %s of its own utility and %s %s: %s.\n", nr.who(0), narrAmount(c[0]), nr.who(1), narrAmount(c[1]), more)
	}
	if med.Invited {
		nr.printf("%s\n", nr.mediationSummary())
	}
}

// mediationSummary says in a sentence or two what the facilitator did over
// the run: when it was invited, the texts it drafted, the changes it
// proposed and how they fared, and whether its text was signed.
func (nr *narrator) mediationSummary() string {
	med := nr.res.Mediation
	var b strings.Builder
	fac := nr.whoCap(-1)
	if med.Mediations > 1 {
		fmt.Fprintf(&b, "%s was invited %d times, first in round %d", fac, med.Mediations, med.InviteRound)
	} else {
		fmt.Fprintf(&b, "%s was invited once, in round %d", fac, med.InviteRound)
	}
	if med.Drafts == 0 {
		b.WriteString(", but never found a text that it believed both sides would accept.")
		return b.String()
	}
	// A text is the first draft of a mediation; the other drafts are
	// changes put to the vote. Both are counted in med.Drafts and
	// med.Accepted.
	texts := med.Texts
	changes, won := med.Drafts-texts, max(0, med.Accepted-texts)
	fmt.Fprintf(&b, ", and wrote %s", Plural(texts, "text"))
	if changes > 0 {
		it := "it"
		if texts > 1 {
			it = "them"
		}
		fmt.Fprintf(&b, ", then proposed %s to %s", Plural(changes, "change"), it)
		switch {
		case won == 0:
			b.WriteString(", none of which won both votes")
		case won == changes && changes == 1:
			b.WriteString(", which won both votes")
		case won == changes:
			b.WriteString(", all of which won both votes")
		default:
			fmt.Fprintf(&b, ", %d of which won both votes", won)
		}
	}
	final := "it"
	if texts > 1 || changes > 0 {
		final = "the final text"
	}
	switch {
	case med.Mediated:
		fmt.Fprintf(&b, "; both sides accepted %s.", final)
	case med.DismissedBy >= 0:
		if texts > 1 {
			final = "its last text"
		}
		fmt.Fprintf(&b, "; %s turned %s down.", nr.who(med.DismissedBy), final)
	default:
		b.WriteString("; no text of its was signed.")
	}
	return b.String()
}
