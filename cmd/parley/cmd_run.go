package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"text/tabwriter"
	"time"

	"github.com/parley-sim/parley/results"
	"github.com/parley-sim/parley/results/narrate"
	"github.com/parley-sim/parley/scenarios"
	"github.com/parley-sim/parley/sim"
	"github.com/parley-sim/parley/sim/stats"
)

const runUsage = `Usage: parley run SCENARIO [flags]

Run SCENARIO (a YAML file, or the name of a built-in scenario: see
'parley scenarios') many times with seeded randomness, and write into the
output folder:

  manifest.json     version, platform, command line, resolved scenario, seed
  runs.csv          one row per run: end reason, round, agreed values, utilities
  rounds.csv        every offer and answer of the traced runs
  summary.csv       agreement rate and utilities with 95% intervals
  frontier.csv, solutions.csv   Pareto frontier and bargaining solutions
  convergence.csv   per-round median and 10-90% band of offer utilities
  rounds, utility-space, convergence, outcomes, issues (.png and .svg)
                    charts of the traced runs and of all runs
  transcript.txt    run 0 told round by round in plain words (when traced)

A scenario may give fields as distributions (in the file or with --set,
e.g. --set 'parties.buyer.discount={uniform: [0.85, 0.95]}'): every run
then draws its own values and plays the negotiation they make. runs.csv
gets one column per assumption (what the run drew), and the run writes
what drives the outcome:

  sensitivity.csv   for each outcome (agreement, utilities, round, agreed
                    options) and assumption: first-order Sobol index and
                    standardised regression coefficient with 95% interval
  sensitivity (.png and .svg)   its chart

The same scenario, seed and flags give byte-identical tables whatever the
number of workers. Files are replaced atomically.

Flags:
  --runs N          number of replications (default: the scenario's runs)
  --seed S          master seed; run i uses a seed derived from (S, i)
                    (default: the scenario's seed)
  --workers W       runs played at once, at most 1024 (default: all cores)
  --out DIR         output folder (default: out/<scenario name>)
  --set PATH=VALUE  override a scenario field, e.g.
                    --set parties.armenia.discount=0.95 (repeatable)
  --trace K         record every offer of the first K runs in rounds.csv and
                    the chart (default 1; 0 records none and draws no chart);
                    K times the deadline is at most 1,000,000 rounds
  --narrate         also print transcript.txt: who offered what, what it is
                    worth to each side, why the agents moved, the
                    facilitator's texts and votes, and how it ended against
                    the Nash point (in colour on a terminal)
  --no-charts       write the tables but no charts (quicker for big runs);
                    'parley plot DIR' draws them later from the tables
  --quiet           print nothing on success but the narration

Examples:
  parley run south-caucasus
  parley run south-caucasus --runs 5000 --seed 7 --workers 2 --out out/sc
  parley run my.yaml --set protocol.deadline=30 --set parties.armenia.reservation=0.4
  parley run used-car --narrate
  parley run used-car --runs 200 --set 'parties.seller.strategy.type={choice: {boulware: 0.5, conceder: 0.5}}'
`

func cmdRun(ctx context.Context, args []string, e env) error {
	fs := newFlagSet("run", runUsage, e.stdout)
	var (
		runs    = fs.Int("runs", 0, "")
		seed    = fs.Uint64("seed", 0, "")
		workers = fs.Int("workers", 0, "")
		out     = fs.String("out", "", "")
		trace   = fs.Int("trace", 1, "")
		narrate = fs.Bool("narrate", false, "")
		noChart = fs.Bool("no-charts", false, "")
		quiet   = fs.Bool("quiet", false, "")
		sets    listFlag
	)
	fs.Var(&sets, "set", "")
	pos, err := parseFlags(fs, args, runUsage, e.stdout)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("run: want exactly one SCENARIO, got %d (run 'parley help run')", len(pos))
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })

	sc, err := loadScenario(ctx, pos[0], sets)
	if err != nil {
		return reportInput(e, err)
	}
	for _, w := range sc.Warnings {
		fmt.Fprintln(e.stderr, "parley: warning:", w)
	}
	n, s, err := e.batchSize("run", sc, given, *runs, *seed, *workers, "runs")
	if err != nil {
		return err
	}
	switch {
	case *trace < 0 || *trace > 1000:
		return usagef("run: --trace %d outside [0, 1000]", *trace)
	case *narrate && *trace == 0:
		return usagef("run: --narrate tells the traced run 0; it cannot go with --trace 0")
	}
	dpi, err := e.dpi()
	if err != nil {
		return err
	}
	if err := sim.CheckTrace(min(*trace, n), sc.Negotiation.Protocol.Deadline); err != nil {
		return usagef("run: --trace %d: %v; trace fewer runs or shorten protocol.deadline", *trace, err)
	}
	dir := cmp.Or(*out, filepath.Join("out", sc.Name))
	w := cmp.Or(*workers, runtime.GOMAXPROCS(0))
	m := results.Manifest{
		Version:      e.version,
		GoVersion:    runtime.Version(),
		OS:           runtime.GOOS,
		Arch:         runtime.GOARCH,
		Command:      append([]string{"parley", "run"}, args...),
		Scenario:     sc.Name,
		Source:       sc.Source,
		ScenarioYAML: string(sc.Resolved),
		Seed:         s,
		Runs:         n,
		Workers:      w,
		Traced:       min(*trace, n),
		Started:      time.Now().UTC(),
		Warnings:     errorStrings(sc.Warnings),
		Assumptions:  assumptionsOf(sc),
	}
	traced := min(*trace, n)
	b := sim.Batch{
		Negotiation: sc.Negotiation,
		Runs:        n,
		Seed:        s,
		Workers:     w,
		Trace:       traced,
	}
	opt := results.Options{Trace: traced, Workers: b.NumWorkers(), NoCharts: *noChart, DPI: dpi, Transcript: true}
	if len(sc.Assumptions) > 0 {
		// Every run plays a negotiation drawn for it.
		b.NewSampler, opt.NewSampler = sc.NewSampler, sc.NewSampler
	}
	rec, err := results.NewRecorderContext(ctx, dir, sc.Negotiation, m, opt)
	if err != nil {
		if errors.Is(err, results.ErrSweepRefused) {
			return &badInput{err: fmt.Errorf("run: %w", err)}
		}
		if ctx.Err() != nil {
			return fmt.Errorf("run %w while analysing the outcome space; %s left as it was", errInterrupted, dir)
		}
		return fmt.Errorf("run: %w", err)
	}
	b.Observe = rec.Observer()
	if e.term && !*quiet {
		b.Progress = newProgress(e.stderr, sc.Name).update
	}
	var first *sim.Result // run 0, traced, for the transcript
	add := func(r *sim.Result) error {
		if r.Run == 0 && r.Trace != nil {
			c := *r
			first = &c
		}
		return rec.Add(r)
	}
	if err := b.Run(ctx, add); err != nil {
		rec.Abort()
		if ctx.Err() != nil {
			return fmt.Errorf("run interrupted; %s left as it was", dir)
		}
		return fmt.Errorf("run %s: %w", sc.Name, err)
	}
	if err := rec.CloseContext(ctx); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("run %w while writing; %s left as it was", errInterrupted, dir)
		}
		return fmt.Errorf("writing %s: %w", dir, err)
	}
	if *narrate && first != nil {
		if err := showTranscript(e, rec.RunNegotiation(0), first); err != nil {
			return err
		}
	}
	if !*quiet {
		printSummary(e, sc, dir, n, s, rec.Summary())
	}
	return nil
}

// showTranscript prints the narration of run 0 (the text of
// transcript.txt, which the recorder wrote), in colour when stdout is a
// terminal.
func showTranscript(e env, n *sim.Negotiation, first *sim.Result) error {
	color := false
	if f, ok := e.stdout.(*os.File); ok {
		color = isTerminal(f)
	}
	if err := narrate.Run(e.stdout, n, first, narrate.Options{Color: color}); err != nil {
		return fmt.Errorf("narrating run 0: %w", err)
	}
	fmt.Fprintln(e.stdout)
	return nil
}

// printSummary prints the headline figures of a run: the agreement rate
// and each party's mean utility, with their 95% intervals.
func printSummary(e env, sc *scenarios.Scenario, dir string, runs int, seed uint64, sum results.Summary) {
	fmt.Fprintf(e.stdout, "%s: %s, seed %d, written to %s\n", sc.Name, narrate.Plural(runs, "run"), seed, dir)
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	row := func(label, metric, stat string) {
		st, ok := sum.Find(metric, stat)
		if !ok || math.IsNaN(st.Estimate) {
			return
		}
		ci := ""
		if !math.IsNaN(st.Lower) && !math.IsNaN(st.Upper) {
			ci = fmt.Sprintf("[%.3f, %.3f]", st.Lower, st.Upper)
		}
		fmt.Fprintf(tw, "  %s\t%.3f\t%s\n", label, st.Estimate, ci)
	}
	row("agreement rate", "agreement", "rate")
	row("mean agreement round", "agreement_round", "mean")
	for _, p := range sc.Negotiation.Parties {
		row("mean utility of "+p.ID, "u_"+p.ID, "mean")
	}
	tw.Flush()
	// Too few runs for an interval is expected in a small run: say it
	// once, briefly, rather than once per statistic.
	tooFew := false
	for _, w := range sum.Warnings {
		if errors.Is(w, stats.ErrTooFew) {
			tooFew = true
			continue
		}
		fmt.Fprintln(e.stderr, "parley: warning:", w)
	}
	if tooFew {
		fmt.Fprintf(e.stderr, "parley: note: with %s some intervals are left empty in summary.csv (a mean's needs 2 values, a median's 95%% interval 6)\n", narrate.Plural(runs, "run"))
	}
}

// reportInput prints the mistakes in the user's input, the ErrorList or
// *Error of package scenarios (and of package genius, the same types), one
// per line, and returns an error that maps to exit code 2 without printing
// them again. Any other error is a failure to read a file, such as a
// permission denied or an I/O error: it is returned as it is (exit code
// 1, worth retrying).
func reportInput(e env, err error) error {
	var list scenarios.ErrorList
	if errors.As(err, &list) {
		for _, x := range list {
			fmt.Fprintln(e.stderr, x)
		}
		return &badInput{err: fmt.Errorf("%w: %d error(s)", errReported, len(list))}
	}
	var one *scenarios.Error
	if errors.As(err, &one) {
		fmt.Fprintln(e.stderr, one)
		return &badInput{err: errReported}
	}
	return err
}

// printWarnings prints each warning on a line of its own to w, and
// returns how many it printed.
func printWarnings(w io.Writer, warnings []error) int {
	for _, warning := range warnings {
		fmt.Fprintln(w, "parley: warning:", warning)
	}
	return len(warnings)
}

// batchSize returns the number of runs and the master seed that command
// plays: the scenario's, or those of the --runs and --seed flags where
// given, the runs checked against sim.MaxRuns (and workers against
// sim.MaxWorkers), then capped by PARLEY_MAX_RUNS (what names them when
// it says so). A value out of range is a usage error.
func (e env) batchSize(command string, sc *scenarios.Scenario, given map[string]bool, runs int, seed uint64, workers int, what string) (int, uint64, error) {
	n, s := sc.Runs, sc.Seed
	if given["runs"] {
		n = runs
	}
	if given["seed"] {
		s = seed
	}
	switch {
	case n < 1 || n > sim.MaxRuns:
		return 0, 0, usagef("%s: --runs %d outside [1, %d]", command, n, sim.MaxRuns)
	case workers < 0 || workers > sim.MaxWorkers:
		return 0, 0, usagef("%s: --workers %d outside [0, %d] (0 means one per core)", command, workers, sim.MaxWorkers)
	}
	n, err := e.capRuns(n, what)
	return n, s, err
}

// assumptionsOf returns the uncertain assumptions of sc as package
// results records them.
func assumptionsOf(sc *scenarios.Scenario) []results.Assumption {
	return recordedAssumptions(sc.Assumptions)
}

// recordedAssumptions converts assumptions for package results.
func recordedAssumptions(as []scenarios.Assumption) []results.Assumption {
	var out []results.Assumption
	for _, a := range as {
		out = append(out, results.Assumption{Path: a.Path, Dist: a.Dist, Kind: string(a.Kind), Values: a.Values})
	}
	return out
}

func errorStrings(errs []error) []string {
	var s []string
	for _, err := range errs {
		s = append(s, err.Error())
	}
	return s
}
