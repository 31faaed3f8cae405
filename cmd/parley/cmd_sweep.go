package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/parley-sim/parley/results"
	"github.com/parley-sim/parley/scenarios"
	"github.com/parley-sim/parley/sim"
)

const sweepUsage = `Usage: parley sweep SWEEP [flags]

Play a parameter sweep: every point of the sweep file SWEEP (a YAML file,
or the name of a built-in sweep, below) is the base scenario with the
sweep's parameters set, played for many seeded replications. Written into
the output folder as the runs finish, in a deterministic order:

  manifest.json     version, platform, sweep file, resolved base scenario,
                    fingerprint; "complete" once every point was played
  runs.csv          one row per run: point, parameter values, replication,
                    seed, and every column of 'parley run's runs.csv
  points.csv        one row per point: replications, agreement rate (95%
                    Wilson interval), mean utilities, round, welfare and
                    distances with 95% t intervals
  sensitivity.csv   how much each parameter moves each outcome
  charts            metrics against the parameters, heatmaps, sensitivity

Replication r of every point plays with the seed of run r of 'parley run'
(common random numbers: differences between points are effects, not
noise), so the folder is byte-identical for any number of workers, after
--resume and after 'parley merge' of shards.

Flags:
  --out DIR          output folder (default: out/<sweep name>, or
                     out/<sweep name>-shard-I-of-N with --shard)
  --workers W        runs played at once, at most 1024 (default: all cores)
  --shard I/N        play only the points p with p mod N = I, for one
                     machine of N; join the N folders with 'parley merge'
  --resume           continue an interrupted sweep in the output folder
                     from its last checkpoint; a complete folder is left as
                     it is and an empty one is started, so a job may always
                     pass it
  --checkpoint D     the least time between two checkpoints, such as 10s
                     (default 1s; 0 checkpoints after every point)
  --replications N   replications per point (default: the sweep file's);
                     with --precision, the most a point may take
  --precision H      adaptive replications: add replications to a point
                     until the 95% intervals of its agreement rate and mean
                     utilities are within ±H, 0 < H < 0.5 (default: the
                     sweep file's; 0 turns it off)
  --force            accept a sweep above the limit of 100 million runs
  --no-charts        write the tables but no charts
  --quiet            print nothing on success

Ctrl-C (or SIGTERM) stops at once and leaves a consistent folder; rerun
the same command with --resume to continue. A killed process or a power
cut loses at most the work since the last checkpoint (--checkpoint).

Exit codes: 0 success, 1 failure (worth retrying), 2 bad input: a wrong
sweep file or flag, an output folder holding another sweep (do not retry).

Built-in sweeps:
BUILTIN_SWEEPS

Examples:
  parley sweep facilitator-bias --replications 20 --out out/bias
  parley sweep facilitator-bias --replications 20 --out out/bias --resume
  parley sweep consent-patience --replications 200 --precision 0.1 --workers 2 --out out/consent --no-charts

On N machines: the same command with --shard 0/N, ..., --shard N-1/N on
each, then 'parley merge' (see 'parley help merge').
`

const mergeUsage = `Usage: parley merge OUT SHARD...

Merge the folders of a sweep or tournament played in shards ('parley
sweep --shard I/N' or 'parley tournament --shard I/N' on N machines) into
OUT, which then holds byte for byte what one machine would have written:
runs.csv and points.csv in point order, the manifest, the analysis
(sensitivity.csv, or a tournament's agents, ranking and matchups) and the
charts. The tables are merged as streams, so
memory does not grow with the size of the sweep.

Merge refuses, naming the folder, a shard that is not complete, that
belongs to another sweep (fingerprint) or was written by another parley
version or architecture, a shard given twice and a missing one.

Flags:
  --quiet    print nothing on success

Exit codes: 0 success, 1 failure, 2 shards that cannot be merged.

Examples:
  parley sweep patience --replications 10 --shard 0/2 --out out/patience-0 --no-charts --quiet
  parley sweep patience --replications 10 --shard 1/2 --out out/patience-1 --no-charts --quiet
  parley merge out/patience out/patience-0 out/patience-1
`

// sweepHelp returns the help of parley sweep, with the built-in sweeps.
func sweepHelp() string {
	return strings.Replace(sweepUsage, "BUILTIN_SWEEPS\n", builtinSweepList(), 1)
}

// builtinSweepList lists the built-in sweeps with their descriptions,
// wrapped to the width of the help text.
func builtinSweepList() string { return entryList(scenarios.BuiltinSweeps()) }

// entryList lists built-in sweeps or tournaments with their descriptions,
// wrapped to the width of the help text.
func entryList(entries []scenarios.Entry) string {
	var b strings.Builder
	for _, s := range entries {
		line := fmt.Sprintf("  %-18s", s.Name)
		for _, w := range strings.Fields(s.Description) {
			if len(line)+1+len(w) > 76 {
				b.WriteString(strings.TrimRight(line, " ") + "\n")
				line = strings.Repeat(" ", 20)
			} else if !strings.HasSuffix(line, " ") {
				line += " "
			}
			line += w
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// maxShards bounds N in --shard I/N.
const maxShards = 1_000_000

// parseShard parses "I/N".
func parseShard(s string) (i, n int, err error) {
	a, b, ok := strings.Cut(s, "/")
	if ok {
		i, err = strconv.Atoi(a)
		if err == nil {
			n, err = strconv.Atoi(b)
		}
	}
	if !ok || err != nil || n < 1 || n > maxShards || i < 0 || i >= n {
		return 0, 0, usagef("sweep: --shard %q: want I/N with 0 ≤ I < N ≤ %d, such as 0/4", s, maxShards)
	}
	return i, n, nil
}

func cmdSweep(ctx context.Context, args []string, e env) error {
	help := sweepHelp()
	fs := newFlagSet("sweep", help, e.stdout)
	var (
		out       = fs.String("out", "", "")
		workers   = fs.Int("workers", 0, "")
		shardFlag = fs.String("shard", "", "")
		resume    = fs.Bool("resume", false, "")
		every     = fs.Duration("checkpoint", time.Second, "")
		reps      = fs.Int("replications", 0, "")
		precision = fs.Float64("precision", 0, "")
		force     = fs.Bool("force", false, "")
		noCharts  = fs.Bool("no-charts", false, "")
		quiet     = fs.Bool("quiet", false, "")
	)
	pos, err := parseFlags(fs, args, help, e.stdout)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("sweep: want exactly one SWEEP, got %d (run 'parley help sweep')", len(pos))
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	shard, shards := 0, 1
	if given["shard"] {
		if shard, shards, err = parseShard(*shardFlag); err != nil {
			return err
		}
	}
	switch {
	case *workers < 0 || *workers > sim.MaxWorkers:
		return usagef("sweep: --workers %d outside [0, %d] (0 means one per core)", *workers, sim.MaxWorkers)
	case given["replications"] && (*reps < 1 || *reps > sim.MaxRuns):
		return usagef("sweep: --replications %d outside [1, %d]", *reps, sim.MaxRuns)
	case given["precision"] && *precision != 0 && !(*precision > 0 && *precision < 0.5):
		return usagef("sweep: --precision %v outside (0, 0.5), as in a sweep file; 0 turns it off", *precision)
	}

	// Building the base scenario of a space of millions of outcomes takes
	// seconds: Ctrl-C stops it.
	sw, err := interruptible(ctx, "loading "+pos[0], func() (*scenarios.Sweep, error) {
		return scenarios.LoadSweep(pos[0], scenarios.SweepOptions{Force: *force})
	})
	if err != nil {
		return reportInput(e, err)
	}
	printWarnings(e.stderr, sw.Warnings)
	r, p := sw.Replications, sw.Precision
	if given["replications"] {
		r = *reps
	}
	if given["precision"] {
		p = *precision
	}
	capped, err := e.capRuns(r, "replications per point")
	if err != nil {
		return err
	}
	dpi, err := e.dpi()
	if err != nil {
		return err
	}
	if *every < 0 {
		return usagef("sweep: --checkpoint %v: want a duration of 0 or more", *every)
	}
	if given["replications"] || given["precision"] || capped != r {
		// The flags (and the cap) change what the sweep plays: its
		// resolved text, and so the manifest and the fingerprint, say so.
		if sw, err = sw.With(capped, p); err != nil {
			return &badInput{err: err}
		}
	}
	m := results.SweepManifest{
		Version:      e.version,
		GoVersion:    runtime.Version(),
		OS:           runtime.GOOS,
		Arch:         runtime.GOARCH,
		Sweep:        sw.Name,
		SweepYAML:    string(sw.Resolved),
		ScenarioYAML: string(sw.Base.Resolved),
		Fingerprint:  sw.Fingerprint(),
		Design:       sw.Design,
		Parameters:   sw.Params(),
		Assumptions:  recordedAssumptions(sw.Assumptions),
		Points:       sw.Points(),
		Replications: sw.Replications,
		Precision:    sw.Precision,
		Seed:         sw.Seed,
		Shard:        shard,
		Shards:       shards,
	}
	dir := sweepFolder(*out, sw.Name, shard, shards)
	rec, err := results.NewSweepRecorder(dir, m, sw.Base.Negotiation, sw.Values, results.SweepRecorderOptions{Resume: *resume, NoCharts: *noCharts, DPI: dpi, Checkpoint: checkpointEvery(*every)})
	rp := recordedPlay{command: "sweep", unit: "point", runs: "runs", name: sw.Name, dir: dir, args: args, resume: *resume, quiet: *quiet}
	if done, err := rp.opened(ctx, e, rec, err); done || err != nil {
		return err
	}
	run := recordedSweep(m, rec, *workers)
	run.Build = sw.Build
	if len(sw.Assumptions) > 0 {
		// Every replication plays a negotiation drawn for it.
		run.Build, run.NewSampler = nil, sw.NewSampler
	}
	warned, err := playRecorded(ctx, e, &run, rec, rp)
	if err != nil {
		return err
	}
	if *quiet {
		return nil
	}
	fmt.Fprintf(e.stdout, "%s: %d points%s, %d runs, seed %d, written to %s\n", sw.Name, m.Points, shardNote(m), rec.Manifest().Runs, m.Seed, dir)
	printWarnings(e.stderr, rec.Warnings()[warned:])
	return nil
}

// sweepBar shows a sweep's progress on a terminal: runs done, rate, ETA
// and the current point.
type sweepBar struct {
	p      *progress
	name   string
	points int
	last   int
}

func (b *sweepBar) update(sp sim.SweepProgress) {
	if sp.Point != b.last {
		b.last = sp.Point
		b.p.label = fmt.Sprintf("%s, point %d of %d", b.name, sp.Point+1, b.points)
	}
	b.p.update(sp.Done, sp.Total)
}

// end ends an unfinished progress line.
func (b *sweepBar) end() {
	if b != nil {
		fmt.Fprintln(b.p.w)
	}
}

func cmdMerge(ctx context.Context, args []string, e env) error {
	fs := newFlagSet("merge", mergeUsage, e.stdout)
	quiet := fs.Bool("quiet", false, "")
	pos, err := parseFlags(fs, args, mergeUsage, e.stdout)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		return usagef("merge: want OUT and at least one SHARD folder (run 'parley help merge')")
	}
	dpi, err := e.dpi()
	if err != nil {
		return err
	}
	warnings, err := results.MergeSweepContext(ctx, pos[0], pos[1:], results.SweepAnalysisOptions{DPI: dpi})
	if err != nil {
		if errors.Is(err, results.ErrSweepRefused) {
			return &badInput{err: err}
		}
		return err
	}
	if *quiet {
		return nil
	}
	printWarnings(e.stderr, warnings)
	m, err := results.ReadSweepManifest(pos[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: merged %d shards into %s: %d points, %d runs\n", m.Sweep, len(pos)-1, pos[0], m.Points, m.Runs)
	return nil
}

// recordedPlay names what playRecorded plays, for its messages.
type recordedPlay struct {
	command, unit string // "sweep" and "point", or "tournament" and "pairing"
	runs          string // what a run is called: "runs", or "negotiations"
	name, dir     string
	args          []string // the command's arguments, to print the command that resumes it
	resume, quiet bool
}

// checkpointEvery returns the recorder's Checkpoint for the --checkpoint
// flag d: 0 means after every point (a negative Checkpoint).
func checkpointEvery(d time.Duration) time.Duration {
	if d == 0 {
		return -1
	}
	return d
}

// sweepFolder returns the folder of a sweep or tournament named name: out
// if set, else out/NAME, or out/NAME-shard-I-of-N for a shard.
func sweepFolder(out, name string, shard, shards int) string {
	switch {
	case out != "":
		return out
	case shards > 1:
		return filepath.Join("out", fmt.Sprintf("%s-shard-%d-of-%d", name, shard, shards))
	}
	return filepath.Join("out", name)
}

// opened takes the recorder (and error) of a sweep or tournament as
// NewSweepRecorder returns them: a refused folder is bad input, and a
// folder complete already is closed (its analysis written again, stopped
// by ctx: see closeRecorded), said so unless quiet, and done.
func (p recordedPlay) opened(ctx context.Context, e env, rec *results.SweepRecorder, err error) (done bool, _ error) {
	if err != nil {
		if errors.Is(err, results.ErrSweepRefused) {
			return true, &badInput{err: err}
		}
		return true, err
	}
	if !rec.Complete() {
		return false, nil
	}
	if err := closeRecorded(ctx, rec, p); err != nil {
		return true, err
	}
	if !p.quiet {
		fmt.Fprintf(e.stdout, "%s: %s is complete already (%d %s); nothing to do\n", p.name, p.dir, rec.Manifest().Runs, p.runs)
	}
	return true, nil
}

// recordedSweep returns the sim.Sweep that plays the design of m (its
// shard of it) into rec, from the recorder's first point to play, on
// workers workers; the caller sets how each point's negotiation is built.
func recordedSweep(m results.SweepManifest, rec *results.SweepRecorder, workers int) sim.Sweep {
	return sim.Sweep{
		Points:       m.Points,
		Replications: m.Replications,
		Precision:    m.Precision,
		Seed:         m.Seed,
		Workers:      workers,
		Shard:        m.Shard,
		Shards:       max(m.Shards, 1),
		From:         rec.From(),
		Encode:       rec.Encode,
		Emit:         rec.Emit,
		PointDone:    rec.PointDone,
	}
}

// shardNote returns " (shard I/N)" for a shard of m, else "".
func shardNote(m results.SweepManifest) string {
	if m.Shards > 1 {
		return fmt.Sprintf(" (shard %d/%d)", m.Shard, m.Shards)
	}
	return ""
}

// playRecorded plays run into rec, the part of parley sweep and parley
// tournament they share: the progress bar on a terminal, the resuming
// line, the recorder's warnings so far, and on failure the recorder
// aborted and the error told (an interruption with the command that
// resumes it, a refused design as bad input); on success rec is closed.
// It returns how many of rec's warnings it printed: those of Close (the
// analysis) are the caller's to print, so that each is printed once.
func playRecorded(ctx context.Context, e env, run *sim.Sweep, rec *results.SweepRecorder, p recordedPlay) (int, error) {
	var bar *sweepBar
	if e.term && !p.quiet {
		bar = &sweepBar{p: newProgress(e.stderr, p.name), name: p.name, points: run.Points, last: -1}
		run.Progress = bar.update
	}
	if rec.Resumed() && !p.quiet {
		fmt.Fprintf(e.stderr, "parley: resuming %s at %s %d of %d\n", p.dir, p.unit, rec.From(), run.Points)
	}
	warned := printWarnings(e.stderr, rec.Warnings())
	if err := run.Run(ctx); err != nil {
		bar.end()
		aerr := rec.Abort()
		if ctx.Err() != nil && aerr == nil {
			return warned, fmt.Errorf("%s interrupted; %s holds every %s before %d and is ready to resume:\n  %s", p.command, p.dir, p.unit, rec.Next(), p.again())
		}
		if aerr != nil {
			err = errors.Join(err, aerr)
		}
		if errors.Is(err, sim.ErrSweep) {
			return warned, &badInput{err: fmt.Errorf("%s %s: %w", p.command, p.name, err)}
		}
		return warned, fmt.Errorf("%s %s: %w", p.command, p.name, err)
	}
	return warned, closeRecorded(ctx, rec, p)
}

// again returns the command that resumes p.
func (p recordedPlay) again() string {
	again := "parley " + p.command + " " + strings.Join(p.args, " ")
	if !p.resume {
		again += " --resume"
	}
	return again
}

// closeRecorded closes rec, whose play p completed (see
// results.SweepRecorder.CloseContext). Stopped by ctx while it writes the
// analysis, it returns an error wrapping errInterrupted that says the
// folder is complete and gives the command that writes the analysis.
func closeRecorded(ctx context.Context, rec *results.SweepRecorder, p recordedPlay) error {
	err := rec.CloseContext(ctx)
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return fmt.Errorf("%s %w while writing its analysis; %s holds every run, and this writes the analysis:\n  %s", p.command, errInterrupted, p.dir, p.again())
	default:
		return fmt.Errorf("writing %s: %w", p.dir, err)
	}
}
