package main

import (
	"context"
	"fmt"
	"io"

	"github.com/parley-sim/parley/results"
	"github.com/parley-sim/parley/results/atomicfile"
	"github.com/parley-sim/parley/scenarios"
	"github.com/parley-sim/parley/scenarios/genius"
	"github.com/parley-sim/parley/sim"
)

const importUsage = `Usage: parley import PATH... [-o FILE] [--deadline N] [--strategy-a S] [--strategy-b S]

Convert a GENIUS XML or GeniusWeb JSON domain into an equivalent, commented
parley scenario. PATH is a folder holding one domain file and two profile
files, or the domain file followed by the two profile files. The YAML goes
to stdout, or to FILE with -o. 'parley run' and 'parley analyze' also accept
such a folder or file directly.

Flags:
  -o FILE           write the scenario to FILE (atomically) instead of stdout
  --deadline N      rounds (default 180)
  --strategy-a S    strategy of the first profile's party (default boulware)
  --strategy-b S    strategy of the second profile's party (default boulware)

Examples:
  parley export single-text --format geniusweb -o single-text-geniusweb
  parley import single-text-geniusweb --deadline 1000 -o single-text.yaml
  parley run single-text.yaml --runs 20
`

func cmdImport(ctx context.Context, args []string, e env) error {
	fs := newFlagSet("import", importUsage, e.stdout)
	out := fs.String("o", "", "")
	deadline := fs.Int("deadline", 0, "")
	sa := fs.String("strategy-a", "", "")
	sb := fs.String("strategy-b", "", "")
	pos, err := parseFlags(fs, args, importUsage, e.stdout)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("import: want a folder or three files (run 'parley help import')")
	}
	imp, err := interruptible(ctx, "import", func() (*genius.Imported, error) {
		return genius.Import(pos, genius.Options{Deadline: *deadline, Strategy: [2]string{*sa, *sb}})
	})
	if err != nil {
		return reportInput(e, err)
	}
	for _, w := range imp.Warnings {
		fmt.Fprintln(e.stderr, "parley: warning:", w)
	}
	if *out == "" {
		_, err := e.stdout.Write(imp.YAML)
		return err
	}
	return atomicfile.WriteFile(*out, func(w io.Writer) error { _, err := w.Write(imp.YAML); return err })
}

const plotUsage = `Usage: parley plot DIR

Re-draw every chart of a finished run from its tables (runs.csv,
rounds.csv, convergence.csv, frontier.csv, solutions.csv, manifest.json),
without re-running it. The charts are byte-identical to the run's own.

For the folder of a complete sweep (parley sweep, parley merge), re-draw
the sweep charts and sensitivity.csv from points.csv, as the sweep itself
does: a sweep played with --no-charts gets its charts this way.

For the folder of a comparison (parley compare), re-draw its three charts
from runs.csv and the manifest's two resolved scenarios.

Examples:
  parley run used-car --runs 50 --out out/used-car
  parley plot out/used-car
  parley sweep patience --replications 5 --no-charts --out out/patience-5
  parley plot out/patience-5
  parley compare used-car --with protocol.deadline=6 --runs 100 --no-charts --out out/used-car-short
  parley plot out/used-car-short
`

func cmdPlot(ctx context.Context, args []string, e env) error {
	fs := newFlagSet("plot", plotUsage, e.stdout)
	pos, err := parseFlags(fs, args, plotUsage, e.stdout)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("plot: want exactly one DIR (run 'parley help plot')")
	}
	dpi, err := e.dpi()
	if err != nil {
		return err
	}
	m, err := results.ReadFolder(pos[0])
	if err != nil {
		return &badInput{err: fmt.Errorf("plot: %w", err)}
	}
	if m.Sweep {
		return plotSweep(ctx, pos[0], m.Complete, dpi, e)
	}
	if m.Compare {
		return plotCompare(ctx, pos[0], dpi, e)
	}
	name := m.Scenario + " (manifest)"
	sc, err := interruptible(ctx, "loading "+name, func() (*scenarios.Scenario, error) {
		return scenarios.Parse(name, []byte(m.ScenarioYAML), nil)
	})
	if err != nil {
		return reportInput(e, err)
	}
	o := results.ReplotOptions{DPI: dpi}
	if len(sc.Assumptions) > 0 {
		o.NewSampler = sc.NewSampler
	}
	rep, err := results.ReplotWith(ctx, pos[0], sc.Negotiation, o)
	if err != nil && ctx.Err() != nil {
		return fmt.Errorf("plot %w: %v", errInterrupted, err)
	}
	if err != nil {
		return err
	}
	for _, w := range rep.Warnings {
		fmt.Fprintln(e.stderr, "parley: warning:", w)
	}
	fmt.Fprintf(e.stdout, "re-drew %d files in %s\n", len(rep.Files), pos[0])
	return nil
}

// plotCompare re-draws the charts of the comparison folder dir, with the
// negotiations rebuilt from the arms' resolved scenarios.
func plotCompare(ctx context.Context, dir string, dpi int, e env) error {
	m, err := results.ReadCompareManifest(dir)
	if err != nil {
		return &badInput{err: fmt.Errorf("plot: %w", err)}
	}
	var n [2]*sim.Negotiation
	for k, arm := range m.Arms {
		name := arm.Scenario + " (" + arm.Arm + ", manifest)"
		sc, err := interruptible(ctx, "loading "+name, func() (*scenarios.Scenario, error) {
			return scenarios.Parse(name, []byte(arm.ScenarioYAML), nil)
		})
		if err != nil {
			return reportInput(e, err)
		}
		n[k] = sc.Negotiation
	}
	rep, err := results.ReplotCompare(ctx, dir, n, results.ReplotOptions{DPI: dpi})
	if err != nil && ctx.Err() != nil {
		return fmt.Errorf("plot %w: %v", errInterrupted, err)
	}
	if err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	printWarnings(e.stderr, rep.Warnings)
	fmt.Fprintf(e.stdout, "re-drew %d files in %s\n", len(rep.Files), dir)
	return nil
}

// plotSweep re-draws the charts and sensitivity.csv of a complete sweep
// folder, stopped by ctx; complete is false for an unfinished sweep or
// one shard.
func plotSweep(ctx context.Context, dir string, complete bool, dpi int, e env) error {
	if !complete {
		return &badInput{err: fmt.Errorf("plot: %s holds an unfinished sweep (or one shard of a sweep); finish it with parley sweep --resume, or join the shards with parley merge, first", dir)}
	}
	warnings, err := results.WriteSweepAnalysisContext(ctx, dir, results.SweepAnalysisOptions{DPI: dpi})
	if err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	printWarnings(e.stderr, warnings)
	fmt.Fprintf(e.stdout, "re-drew the sweep charts and %s in %s\n", results.SensitivityFile, dir)
	return nil
}
