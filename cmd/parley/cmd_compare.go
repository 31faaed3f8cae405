package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"math"
	"path/filepath"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/parley-sim/parley/results"
	"github.com/parley-sim/parley/results/narrate"
	"github.com/parley-sim/parley/scenarios"
	"github.com/parley-sim/parley/sim"
)

const compareUsage = `Usage: parley compare BASE --with PATH=VALUE [--with ...] [flags]
       parley compare BASE OTHER [flags]

Play two arms run by run with common random numbers and write what
differs between them, pair by pair. The first form compares the scenario
BASE with a variant of it, BASE with the --with overrides (the syntax and
checks of --set, distributions allowed); the second compares BASE with
another scenario OTHER over the same issues and parties (ids and options
in the same order; preferences, strategies, protocol and facilitator may
differ). Run i of both arms plays with the same seed: the same first
mover, the same breakdown draws, the same strategy noise and, for every
uncertain assumption the arms share with the same distribution, the same
drawn value. So a difference between the arms is the effect of what
differs, not noise, and the paired intervals are narrower than those of
two separate runs by as much as the arms' outcomes are correlated.

Written into the output folder (replaced as a unit, like a run folder):

  manifest.json     version, platform, command line, seed, both resolved
                    scenarios, "random_numbers": "common"
  runs.csv          two rows per run, arm base and arm variant, with the
                    columns of a run's runs.csv
  pairs.csv         one row per run: each difference variant − base
  differences.csv   paired estimates with 95% intervals: the difference of
                    agreement rates (Newcombe's paired method 10), the mean
                    differences of each party's utility and discounted
                    utility, of welfare and (runs agreed in both arms) of
                    the round (paired t), and the share of runs in which
                    each party does better, worse or the same (Wilson)
  compare-differences, compare-space, compare-options (.png and .svg)
                    charts: each party's paired utility differences with
                    their mean and its interval; both arms' agreements in
                    utility space; how often each option was agreed in
                    each arm

and prints the differences as a table. Comparing a scenario with itself
gives differences of exactly 0 with intervals of no width. The same
scenarios, seed and flags give byte-identical tables whatever the number
of workers.

Flags:
  --with PATH=VALUE the variant's override, e.g.
                    --with parties.armenia.discount=0.95 (repeatable)
  --set PATH=VALUE  override a field of both arms (repeatable)
  --runs N          number of paired runs (default: BASE's runs)
  --seed S          master seed; run i of both arms uses a seed derived
                    from (S, i) (default: BASE's seed)
  --workers W       pairs played at once, at most 1024 (default: all cores)
  --out DIR         output folder (default: out/compare-NAME, NAME from
                    BASE and the variant)
  --no-charts       write the tables but no charts (quicker for big runs);
                    'parley plot DIR' draws them later
  --quiet           print nothing on success

Examples:
  parley compare south-caucasus --with parties.armenia.discount=0.95 --runs 200
  parley compare used-car --with 'parties.buyer.discount={uniform: [0.85, 0.95]}' --runs 200 --seed 3 --out out/used-car-patience
`

func cmdCompare(ctx context.Context, args []string, e env) error {
	fs := newFlagSet("compare", compareUsage, e.stdout)
	var (
		runs       = fs.Int("runs", 0, "")
		seed       = fs.Uint64("seed", 0, "")
		workers    = fs.Int("workers", 0, "")
		out        = fs.String("out", "", "")
		quiet      = fs.Bool("quiet", false, "")
		noChart    = fs.Bool("no-charts", false, "")
		sets, with listFlag
	)
	fs.Var(&sets, "set", "")
	fs.Var(&with, "with", "")
	pos, err := parseFlags(fs, args, compareUsage, e.stdout)
	if err != nil {
		return err
	}
	switch {
	case len(pos) == 0 || len(pos) > 2:
		return usagef("compare: want BASE and either --with PATH=VALUE or a scenario OTHER, got %d scenarios (run 'parley help compare')", len(pos))
	case len(pos) == 2 && len(with) > 0:
		return usagef("compare: give either a scenario OTHER or --with overrides, not both (compare OTHER with its overrides as --set in a file of its own)")
	case len(pos) == 1 && len(with) == 0:
		return usagef("compare: nothing to compare %s with: give --with PATH=VALUE or a second scenario (run 'parley help compare')", pos[0])
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })

	base, err := loadScenario(ctx, pos[0], sets)
	if err != nil {
		return reportInput(e, err)
	}
	var variant *scenarios.Scenario
	if len(pos) == 2 {
		if variant, err = loadScenario(ctx, pos[1], sets); err != nil {
			return reportInput(e, err)
		}
		if err := scenarios.Comparable(base, variant); err != nil {
			return reportInput(e, err)
		}
	} else {
		variant, err = loadScenario(ctx, pos[0], append(append([]string(nil), sets...), with...))
		if err != nil {
			return reportInput(e, withErrors(err, with))
		}
	}
	for k, sc := range []*scenarios.Scenario{base, variant} {
		if k == 1 && len(pos) == 1 {
			break // the variant's warnings are the base's
		}
		for _, w := range sc.Warnings {
			fmt.Fprintln(e.stderr, "parley: warning:", w)
		}
	}
	n, s, err := e.batchSize("compare", base, given, *runs, *seed, *workers, "paired runs")
	if err != nil {
		return err
	}
	dpi, err := e.dpi()
	if err != nil {
		return err
	}
	name := compareName(base, variant, with, len(pos) == 2)
	dir := cmp.Or(*out, filepath.Join("out", "compare-"+name))
	w := cmp.Or(*workers, runtime.GOMAXPROCS(0))
	labels := [2]string{base.Name, variant.Name}
	if len(pos) == 1 {
		labels[1] = base.Name + " with " + strings.Join(with, ", ")
	}
	m := results.CompareManifest{
		Version:   e.version,
		GoVersion: runtime.Version(),
		OS:        runtime.GOOS,
		Arch:      runtime.GOARCH,
		Command:   append([]string{"parley", "compare"}, args...),
		Seed:      s,
		Runs:      n,
		Sets:      sets,
		Started:   time.Now().UTC(),
	}
	for k, sc := range []*scenarios.Scenario{base, variant} {
		m.Arms[k] = results.ArmManifest{Label: labels[k], Scenario: sc.Name, Source: sc.Source,
			ScenarioYAML: string(sc.Resolved), Assumptions: assumptionsOf(sc)}
		m.Warnings = append(m.Warnings, errorStrings(sc.Warnings)...)
	}
	m.Arms[1].Overrides = with
	p := sim.Paired{Measure: true, Runs: n, Seed: s, Workers: w}
	for k, sc := range []*scenarios.Scenario{base, variant} {
		arm := sim.Arm{Negotiation: sc.Negotiation}
		if len(sc.Assumptions) > 0 {
			arm.NewSampler = sc.NewSampler
		}
		*[]*sim.Arm{&p.A, &p.B}[k] = arm
	}
	m.Workers = p.NumWorkers()
	rec, err := results.NewCompareRecorder(dir, [2]*sim.Negotiation{base.Negotiation, variant.Negotiation}, m, results.CompareOptions{NoCharts: *noChart, DPI: dpi})
	if err != nil {
		if errors.Is(err, results.ErrSweepRefused) {
			return &badInput{err: fmt.Errorf("compare: %w", err)}
		}
		return fmt.Errorf("compare: %w", err)
	}
	if e.term && !*quiet {
		p.Progress = newProgress(e.stderr, name).update
	}
	if err := p.Run(ctx, rec.Add); err != nil {
		rec.Abort()
		if ctx.Err() != nil {
			return fmt.Errorf("compare %w; %s left as it was", errInterrupted, dir)
		}
		return fmt.Errorf("compare %s: %w", name, err)
	}
	if err := rec.CloseContext(ctx); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("compare %w while writing; %s left as it was", errInterrupted, dir)
		}
		return fmt.Errorf("writing %s: %w", dir, err)
	}
	for _, warning := range rec.Warnings() {
		fmt.Fprintln(e.stderr, "parley: warning:", warning)
	}
	if !*quiet {
		printDifferences(e, labels, sets, dir, n, s, rec)
	}
	return nil
}

// withErrors relabels the mistakes of --with arguments, which package
// scenarios reports as --set arguments (the variant is loaded with them as
// overrides).
func withErrors(err error, with []string) error {
	fix := func(x *scenarios.Error) {
		for _, w := range with {
			if x.File == "--set "+w {
				x.File = "--with " + w
			}
		}
	}
	var list scenarios.ErrorList
	if errors.As(err, &list) {
		for _, x := range list {
			fix(x)
		}
		return err
	}
	var one *scenarios.Error
	if errors.As(err, &one) {
		fix(one)
	}
	return err
}

// compareName names the default folder of a comparison: BASE-vs-OTHER,
// or BASE-SLUG with a short slug of the --with overrides (each override's
// last two path elements and its value), at most 60 characters: a longer
// one is cut and ends with a hash of the whole, so that different
// variants never share a folder by accident.
func compareName(base, other *scenarios.Scenario, with []string, two bool) string {
	var name string
	if two {
		name = base.Name + "-vs-" + other.Name
	} else {
		var parts []string
		for _, w := range with {
			path, value, _ := strings.Cut(w, "=")
			segs := strings.Split(path, ".")
			if len(segs) > 2 {
				segs = segs[len(segs)-2:]
			}
			parts = append(parts, strings.Join(append(segs, value), "-"))
		}
		name = base.Name + "-" + strings.Join(parts, "-")
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_'
		switch {
		case ok:
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	slug := strings.Trim(b.String(), "-.")
	const most = 60
	if len(slug) > most {
		h := fnv.New32a()
		h.Write([]byte(name))
		slug = strings.TrimRight(slug[:most-9], "-.") + fmt.Sprintf("-%08x", h.Sum32())
	}
	return slug
}

// printDifferences prints the paired differences of a comparison as an
// aligned table: each row's arms, the difference variant − base with its
// 95% interval and the number of pairs it rests on, and what the interval
// allows one to say.
func printDifferences(e env, labels [2]string, sets []string, dir string, runs int, seed uint64, rec *results.CompareRecorder) {
	fmt.Fprintf(e.stdout, "base:    %s\nvariant: %s\n", labels[0], labels[1])
	if len(sets) > 0 {
		fmt.Fprintf(e.stdout, "both:    %s\n", strings.Join(sets, ", "))
	}
	fmt.Fprintf(e.stdout, "%s with common random numbers, seed %d, written to %s\n", narrate.Plural(runs, "paired run"), seed, dir)
	if rec.Identical() {
		fmt.Fprintln(e.stdout, "The two arms are the same scenario and played the same in every run: every difference is exactly 0.")
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  \tbase\tvariant\tdifference\t95% interval\tn\treading")
	num := func(v float64) string {
		if math.IsNaN(v) {
			return "–"
		}
		return fmt.Sprintf("%.3f", v)
	}
	signed := func(v float64) string {
		if math.IsNaN(v) {
			return "–"
		}
		if v == 0 {
			v = 0 // no "-0.000"
		}
		return fmt.Sprintf("%+.3f", v)
	}
	for _, d := range rec.Differences() {
		label, ok := differenceLabel(d.Metric)
		if !ok {
			continue
		}
		ci, verdict := "–", "too few pairs for an interval"
		if !math.IsNaN(d.Lo) && !math.IsNaN(d.Hi) {
			if d.Statistic == results.StatShare {
				ci = fmt.Sprintf("[%s, %s]", num(d.Lo), num(d.Hi))
			} else {
				ci = fmt.Sprintf("[%s, %s]", signed(d.Lo), signed(d.Hi))
			}
			switch {
			case d.Method == results.MethodIdentical:
				verdict = "exactly the same"
			case d.Statistic == results.StatShare:
				verdict = ""
			case d.Lo == d.Hi && d.Estimate == 0:
				verdict = "the same in every run"
			case d.Lo > 0:
				verdict = "higher in the variant"
			case d.Hi < 0:
				verdict = "lower in the variant"
			default:
				verdict = "no detectable difference"
			}
		}
		b, v, diff := num(d.Base), num(d.Variant), signed(d.Estimate)
		if d.Statistic == results.StatShare {
			b, v, diff = "", "", num(d.Estimate)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%d\t%s\n", label, b, v, diff, ci, d.N, verdict)
	}
	tw.Flush()
}

// differenceLabel returns the console label of a row of differences.csv.
func differenceLabel(metric string) (string, bool) {
	for _, p := range []struct{ prefix, label string }{
		{"u_", "utility of "}, {"ud_", "discounted utility of "},
		{"better_", "share of runs better for "}, {"worse_", "share of runs worse for "}, {"same_", "share of runs the same for "},
	} {
		if id, ok := strings.CutPrefix(metric, p.prefix); ok {
			return p.label + id, true
		}
	}
	switch metric {
	case "agreement":
		return "agreement rate", true
	case "welfare":
		return "welfare (sum of utilities)", true
	case "round":
		return "agreement round (agreed in both)", true
	}
	return "", false
}
