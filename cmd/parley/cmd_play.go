package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/parley-sim/parley/agents"
	"github.com/parley-sim/parley/results/chart"
	"github.com/parley-sim/parley/results/narrate"
	"github.com/parley-sim/parley/scenarios"
	"github.com/parley-sim/parley/sim"
	"golang.org/x/term"
)

const playUsage = `Usage: parley play SCENARIO --as PARTY [flags]

Negotiate in the terminal against an agent. You play PARTY of SCENARIO (a
YAML file, or the name of a built-in scenario: see 'parley scenarios'); the
other party plays its strategy from the scenario, or the one given by
--against. At each turn you see the offer on the table with the value of
each option, what it is worth to you, the rounds left and your reservation
value (what you get with no deal), and you accept it, walk away, or build a
counter-offer issue by issue, seeing the value of the draft as you build it.

At the end you see the outcome, each side's utility, how it compares with
the Nash point, and what an agent playing the scenario's strategy in your
place would have obtained with the same seed; then the utility space as
text: every outcome, the Pareto frontier, your offers and the agent's, the
Nash point and the agreement.

Only the alternating-offers and monotonic concession protocols can be
played: under the single negotiating text the parties only vote.

Answers are read from standard input, one per line, so a session can be
replayed from a file: parley play used-car --as buyer < moves.txt. A wrong
answer is asked again. The end of the input (Ctrl-D) or Ctrl-C ends the
session as a walk-away, and the summary is still shown.

Flags:
  --as PARTY          the party you play (its id in the scenario); required
  --against STRATEGY  the other party's strategy: a name from 'parley agents'
                      or a mapping as in scenario files, such as
                      "{type: time-dependent, e: 0.5}" (default: the
                      scenario's)
  --seed S            master seed; the session plays run 0 of seed S, as
                      'parley run' does (default: the scenario's seed)
  --set PATH=VALUE    override a scenario field (repeatable)
  --chart FILE        also write the utility-space chart of your session,
                      FILE.png or FILE.svg

Examples:
  parley play used-car --as buyer
  parley play used-car --as seller --against conceder --seed 3
  parley play used-car --as buyer --against "{type: time-dependent, e: 0.5}" --chart play.png
`

func cmdPlay(ctx context.Context, args []string, e env) error {
	fs := newFlagSet("play", playUsage, e.stdout)
	var (
		as      = fs.String("as", "", "")
		against = fs.String("against", "", "")
		seed    = fs.Uint64("seed", 0, "")
		chartTo = fs.String("chart", "", "")
		sets    listFlag
	)
	fs.Var(&sets, "set", "")
	pos, err := parseFlags(fs, args, playUsage, e.stdout)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("play: want exactly one SCENARIO, got %d (run 'parley help play')", len(pos))
	}
	dpi, err := e.dpi()
	if err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if *chartTo != "" {
		if _, err := chart.Format(*chartTo); err != nil {
			return usagef("play: --chart %s: want a .png or .svg file name", *chartTo)
		}
		// Before the game, not after it.
		if err := checkOutputFile(*chartTo); err != nil {
			return usagef("play: --chart %s: %v", *chartTo, err)
		}
	}

	sc, err := loadScenario(ctx, pos[0], sets)
	if err != nil {
		return reportInput(e, err)
	}
	me, err := partyIndex(sc.Negotiation, *as)
	if err != nil {
		return err
	}
	if *against != "" {
		if sc, err = loadAgainst(pos[0], sets, sc.Negotiation.Parties[1-me].ID, *against); err != nil {
			return reportInput(e, err)
		}
	}
	for _, w := range sc.Warnings {
		fmt.Fprintln(e.stderr, "parley: warning:", w)
	}
	if t := sc.Negotiation.Protocol.Type; t == sim.SingleText {
		return usagef("play: %s uses the %s protocol, in which a mediator proposes and the parties only vote by their utilities: there is nothing to play", sc.Name, t)
	}
	s := sc.Seed
	if given["seed"] {
		s = *seed
	}
	runSeed := sim.RunSeed(s, 0)
	// A scenario with uncertain assumptions is played with the values
	// parley run draws for its run 0 with the same seed, by the human and
	// by the agent put in the human's place alike.
	game := *sc.Negotiation
	if len(sc.Assumptions) > 0 {
		drawn, _, err := sc.NewSampler().Sample(0, runSeed, nil)
		if err != nil {
			return fmt.Errorf("play %s: drawing its uncertain assumptions: %w", sc.Name, err)
		}
		game = *drawn
	}

	in := e.stdin
	if in == nil {
		in = strings.NewReader("") // no input: the human walks away at once
	}
	played := game
	player := newTerminalPlayer(e.stdout, newLineSource(ctx, bufio.NewReader(in)), !isTerminalReader(in), &played, me)
	human := agents.NewHuman(player)
	played.Parties[me].Strategy = human
	played.Parties[me].StrategyName = "human"

	introduce(e.stdout, sc, &game, me, s)
	res, err := playOnce(&played, runSeed)
	if err != nil {
		return fmt.Errorf("play %s: %w", sc.Name, err)
	}
	agent, err := playOnce(&game, runSeed)
	if err != nil {
		return fmt.Errorf("play %s with an agent in your place: %w", sc.Name, err)
	}
	rep := narrate.Play{Negotiation: &played, Me: me, Names: partyLabels(&played), Human: res, Agent: agent,
		AgentStrategy: sc.Negotiation.Parties[me].StrategyName}
	if err := rep.WriteSummary(e.stdout); err != nil {
		return fmt.Errorf("play: writing the summary: %w", err)
	}

	if *chartTo != "" {
		if err := writePlayChart(ctx, *chartTo, &rep, sc.Name, e.version, s, dpi); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Chart written to %s.\n", *chartTo)
	}
	if herr := human.Err(); herr != nil && !errors.Is(herr, io.EOF) && !errors.Is(herr, context.Canceled) {
		return fmt.Errorf("play: reading your answers: %w", herr)
	}
	return nil
}

// partyIndex returns the index of the party with the given id.
func partyIndex(n *sim.Negotiation, id string) (int, error) {
	ids := []string{n.Parties[0].ID, n.Parties[1].ID}
	for i, p := range ids {
		if p == id {
			return i, nil
		}
	}
	if id == "" {
		return 0, usagef("play: say which party you play: --as %s or --as %s", ids[0], ids[1])
	}
	msg := fmt.Sprintf("play: --as %s: no such party; the parties are %s and %s", id, ids[0], ids[1])
	if s, ok := scenarios.Nearest(id, ids); ok {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return 0, usagef("%s", msg)
}

// loadAgainst loads the scenario again with the opponent's strategy
// replaced by against: a strategy name, or a YAML mapping as written in
// scenario files. Mistakes are reported as the scenario reader reports a
// --set argument, attributed to --against.
func loadAgainst(path string, sets []string, opp, against string) (*scenarios.Scenario, error) {
	value := strings.TrimSpace(against)
	if !strings.HasPrefix(value, "{") {
		value = "{type: " + value + "}"
	}
	arg := "parties." + opp + ".strategy=" + value
	sc, err := scenarios.Load(path, append(append([]string(nil), sets...), arg))
	var list scenarios.ErrorList
	if errors.As(err, &list) {
		for _, x := range list {
			if x.File == "--set "+arg {
				x.File = "--against " + against
			}
		}
	}
	return sc, err
}

// playOnce plays run 0 of n with the given seed, traced. A strategy that
// breaks the engine's rules is reported as an error, not a crash.
func playOnce(n *sim.Negotiation, seed uint64) (res sim.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("a strategy failed: %v", p)
		}
	}()
	return sim.NewSession(n).Play(0, seed, true), nil
}

// introduce prints who plays whom, under which rules: those of n, the
// negotiation played (for a scenario with uncertain assumptions, the one
// drawn).
func introduce(w io.Writer, sc *scenarios.Scenario, n *sim.Negotiation, me int, seed uint64) {
	names := partyLabels(n)
	you, opp := n.Parties[me], n.Parties[1-me]
	fmt.Fprintf(w, "%s: you are %s. %s plays the %q strategy.\n", sc.Name, names[me], names[1-me], opp.StrategyName)
	if k := len(sc.Assumptions); k > 0 {
		// The values are not listed: some are the other side's secrets.
		fmt.Fprintf(w, "The scenario leaves %d of its numbers uncertain; this game plays the values drawn for run 0 of seed %d, as parley run does (another --seed draws others).\n", k, seed)
	}
	pr := n.Protocol
	switch pr.Type {
	case sim.MonotonicConcession:
		fmt.Fprintf(w, "Monotonic concession, at most %d rounds (numbered 0 to %d): each round both sides propose at once; a deal is made when one side likes the other's proposal at least as much as its own; if neither concedes, the talks end in conflict.\n", pr.Deadline, pr.Deadline-1)
	default:
		first := "who opens is drawn at random"
		switch pr.FirstMover {
		case me:
			first = "you open"
		case 1 - me:
			first = names[1-me] + " opens"
		}
		fmt.Fprintf(w, "Alternating offers, at most %d rounds of one offer from each side, numbered 0 to %d; %s.\n", pr.Deadline, pr.Deadline-1, first)
	}
	fmt.Fprintf(w, "Your reservation value is %.3f: what you get if there is no deal.\n", you.Reservation)
	// The engine discounts a deal in round r by Discount^r (rounds from 0),
	// or by Discount^k for the k-th offer (from 0) with per-offer
	// discounting: see sim.Result.Discounted.
	period, periods, in := "round", "rounds", "in"
	if pr.DiscountPerOffer {
		period, periods, in = "offer", "offers", "on"
	}
	if you.Discount < 1 {
		fmt.Fprintf(w, "Time costs you: each %s of delay multiplies a deal's value to you by %.4g (a deal %s %s 3 keeps %.4g^3 = %.3f of it).\n",
			period, you.Discount, in, period, you.Discount, math.Pow(you.Discount, 3))
	}
	if you.Cost > 0 {
		fmt.Fprintf(w, "Each %s of delay also costs you %.3f.\n", period, you.Cost)
	}
	if narrate.Delayed(&you) {
		fmt.Fprintf(w, "Your reservation value is not discounted: %s count from 0, and a deal %s %s 0 loses nothing.\n", periods, in, period)
	}
	if pr.Breakdown > 0 {
		fmt.Fprintf(w, "After every round without agreement the talks break down with probability %.3f.\n", pr.Breakdown)
	}
	if n.Facilitator != nil {
		fmt.Fprintf(w, "A facilitator stands ready to help when asked; its texts are voted on for you, by your utility.\n")
	}
	fmt.Fprintf(w, "Seed %d. Answer each question with the letter or number shown and Enter; Ctrl-D walks away.\n", seed)
}

// isTerminalReader reports whether r is an interactive terminal.
func isTerminalReader(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// writePlayChart writes the utility-space chart of the human's session
// to path: the human is "you", and the subtitle says against whom, with
// which seed, and how the session ended.
func writePlayChart(ctx context.Context, path string, rep *narrate.Play, scenario, version string, seed uint64, dpi int) error {
	names := rep.Names
	names[rep.Me] = "you (" + names[rep.Me] + ")"
	opp := rep.Negotiation.Parties[1-rep.Me].StrategyName
	o := chart.SpaceOptions{
		Title:    scenario + ": your session in utility space",
		Subtitle: fmt.Sprintf("parley %s · you against %s, seed %d · %s", version, opp, seed, rep.EndNote(true)),
		Version:  version,
		Names:    names,
		DPI:      dpi,
	}
	if err := chart.WriteUtilitySpace(ctx, path, rep.Negotiation, &rep.Human, o); err != nil {
		return fmt.Errorf("play: %w", err)
	}
	return nil
}
