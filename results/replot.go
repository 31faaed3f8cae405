package results

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-sim/parley/results/atomicfile"
	"github.com/parley-sim/parley/results/chart"
	"github.com/parley-sim/parley/sim"
)

// Replotted reports what Replot did.
type Replotted struct {
	// Files lists the chart files written, in the order of chart.Names.
	Files []string
	// Warnings say which charts could not be drawn, and what was missing.
	Warnings []error
}

// Replot draws every chart of a finished run folder again from its tables
// (runs.csv, rounds.csv, convergence.csv, frontier.csv, solutions.csv) and
// manifest.json, without playing the runs again. n must be the negotiation
// the folder was recorded from, rebuilt from the manifest's resolved
// scenario: its outcome space, utilities and reservation values are part
// of the charts. Replot writes the same bytes as the run that recorded the
// folder, on the same architecture.
//
// Each chart is written atomically. Charts the tables no longer support
// are removed, and manifest.json is rewritten when its list of files
// changes. A folder without frontier.csv or solutions.csv (recorded by an
// older parley) is analysed again from n, with a warning.
func Replot(dir string, n *sim.Negotiation) (Replotted, error) {
	return ReplotWith(context.Background(), dir, n, ReplotOptions{})
}

// ReplotOptions configures ReplotWith. The zero value works for a run
// without uncertain assumptions.
type ReplotOptions struct {
	// NewSampler is the sampler factory of a run with uncertain
	// assumptions (Manifest.Assumptions), as Options.NewSampler: the
	// traced runs' negotiations are drawn again with it. Such a folder
	// with traced runs cannot be replotted without it.
	NewSampler func() sim.Sampler
	// DPI is the resolution of the PNG charts, as Options.DPI.
	DPI int
}

// ReplotWith is Replot with options: for a run with uncertain
// assumptions, n is the scenario's nominal negotiation and o.NewSampler
// its sampler factory. It stops when ctx is done, with ctx's error
// (wrapped): the charts' drawing checks ctx as it goes, and no chart is
// renamed into the folder once ctx is done.
func ReplotWith(ctx context.Context, dir string, n *sim.Negotiation, o ReplotOptions) (Replotted, error) {
	var rep Replotted
	if err := n.CheckUtilities(); err != nil {
		return rep, fmt.Errorf("replotting %s: %w", dir, err)
	}
	cols, err := newColumns(n)
	if err != nil {
		return rep, fmt.Errorf("replotting %s: %w", dir, err)
	}
	// No run may replace the folder while its charts are drawn again.
	lock, err := atomicfile.LockWriter(dir)
	if err != nil {
		return rep, fmt.Errorf("replotting %s: %w", dir, err)
	}
	defer lock.Unlock()
	m, err := readManifest(filepath.Join(dir, ManifestFile))
	if err != nil {
		return rep, err
	}
	if err := cols.withAssumptions(m.Assumptions); err != nil {
		return rep, fmt.Errorf("replotting %s: %s: %w", dir, ManifestFile, err)
	}
	lim, err := folderLimits(n, m)
	if err != nil {
		return rep, fmt.Errorf("replotting %s: %s: %w", dir, ManifestFile, err)
	}

	in := &chart.Input{
		Negotiation: n, Parties: cols.party, Scenario: cmp.Or(m.Scenario, n.Name), Version: m.Version, Seed: m.Seed,
		Tally: chart.NewTally(n.Space), WantRounds: m.Traced > 0,
	}
	f, err := openIn(dir, RoundsFile)
	if err != nil {
		return rep, err
	}
	traces, traced, err := readRounds(ctxReader{ctx, f}, n, cols, lim)
	f.Close()
	if err != nil {
		return rep, err
	}
	in.Traced = traced
	if f, err = openIn(dir, RunsFile); err != nil {
		return rep, err
	}
	dr := newDrivers(cols, n.Space)
	err = readRuns(ctxReader{ctx, f}, n, cols, lim, in.Tally, traces, dr)
	f.Close()
	if err != nil {
		return rep, err
	}
	if dr != nil {
		in.Drivers, in.DriverRuns = dr.analyse(m.Seed, 0), len(dr.agreed)
	}
	for _, run := range slices.Sorted(maps.Keys(traces)) {
		if res := traces[run]; res.End != unread {
			in.Runs = append(in.Runs, res)
		}
	}
	if len(cols.assume) > 0 {
		in.Nominal = true
		if len(in.Runs) > 0 && o.NewSampler == nil {
			return rep, fmt.Errorf("replotting %s: %w", dir, errNoSampler)
		}
		p := &replayer{newSampler: o.NewSampler}
		for _, res := range in.Runs {
			rn, err := p.keep(res)
			if err != nil {
				return rep, fmt.Errorf("replotting %s: run %d: %w", dir, res.Run, err)
			}
			in.RunNegotiations = append(in.RunNegotiations, rn)
		}
	}

	f, err = openIn(dir, ConvergenceFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return rep, err
	default:
		in.Convergence, err = readConvergence(ctxReader{ctx, f}, cols, lim)
		f.Close()
		if err != nil {
			return rep, err
		}
		in.Observed = true
	}

	space, err := readSpace(ctx, dir, n, cols)
	if errors.Is(err, fs.ErrNotExist) {
		rep.Warnings = append(rep.Warnings, fmt.Errorf("%s or %s missing: the negotiation was analysed again", FrontierFile, SolutionsFile))
		var an *sim.Analysis
		if an, err = analyzeContext(ctx, n); err == nil {
			space = spaceDataOf(an)
		}
	}
	if err != nil {
		return rep, err
	}
	in.Frontier, in.Solutions = space.points()

	charts, warns := in.Charts()
	rep.Warnings = append(rep.Warnings, warns...)
	// Draw every chart before writing any, so that a failure leaves the
	// folder as it was.
	type file struct {
		name string
		data []byte
	}
	var files []file
	for _, c := range charts {
		png, svg, err := c.Render(ctx, o.DPI)
		if err != nil {
			return rep, fmt.Errorf("drawing the %s chart: %w", c.Name, err)
		}
		files = append(files, file{c.Name + ".png", png}, file{c.Name + ".svg", svg})
	}
	if err := ctx.Err(); err != nil {
		return rep, fmt.Errorf("replotting %s: %w", dir, err)
	}
	var written []string
	for _, f := range files {
		err := atomicfile.WriteFile(filepath.Join(dir, f.name), func(w io.Writer) error { _, err := w.Write(f.data); return err })
		if err != nil {
			return rep, err
		}
		written = append(written, f.name)
	}
	rep.Files = written

	// Remove charts the tables no longer support, and keep the manifest's
	// list of files true.
	stale := slices.DeleteFunc(allChartFiles(), func(s string) bool { return slices.Contains(written, s) })
	for _, name := range stale {
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return rep, fmt.Errorf("removing %s: %w", name, err)
		}
	}
	listed := slices.DeleteFunc(slices.Clone(m.Files), func(s string) bool { return slices.Contains(stale, s) })
	listed = append(listed, written...)
	slices.Sort(listed)
	listed = slices.Compact(listed)
	if !slices.Equal(listed, m.Files) {
		m.Files = listed
		if err := atomicfile.WriteFile(filepath.Join(dir, ManifestFile), m.writeJSON); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// MaxManifestSize is the largest manifest.json read back from a folder,
// in bytes (64 MiB): a manifest holds a resolved scenario (a scenario
// file is at most 1 MiB; an imported domain may resolve to more), a
// sweep file, the command line and warnings.
const MaxManifestSize = 64 << 20

// readFileLimited reads the file at path, refusing one of more than max
// bytes without reading further.
func readFileLimited(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s is larger than the limit of %d bytes", path, max)
	}
	return b, nil
}

// readManifest reads manifest.json.
func readManifest(path string) (Manifest, error) {
	var m Manifest
	b, err := readFileLimited(path, MaxManifestSize)
	if err != nil {
		return m, fmt.Errorf("reading the manifest: %w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("reading %s: %w", path, err)
	}
	return m, nil
}

// limits bounds the numbers read back from the tables of a run folder:
// each one that could size anything (a round, a run index, a count, a
// number of rows) is checked against them before it is used, so that a
// damaged or hostile folder is refused with the file, line and limit
// instead of sizing memory (a round of 999999999999 in runs.csv once made
// the charts allocate 8 TB).
type limits struct {
	deadline int // rounds are in [0, deadline)
	runs     int // run indices are in [0, runs)
	traced   int // traced run indices are in [0, traced)
	events   int // events of one traced run: eventsPerRound × deadline
	outcomes int // outcome indices are in [0, outcomes)
}

// folderLimits returns the limits of a folder recorded from n with
// manifest m, and reports a manifest whose counts break them.
func folderLimits(n *sim.Negotiation, m Manifest) (limits, error) {
	lim := limits{deadline: n.Protocol.Deadline, runs: m.Runs, traced: m.Traced, outcomes: n.Space.Size()}
	switch {
	case lim.deadline < 1 || lim.deadline > sim.MaxDeadline:
		return lim, fmt.Errorf("deadline %d outside [1, %d]", lim.deadline, sim.MaxDeadline)
	case m.Runs < 0 || m.Runs > sim.MaxRuns:
		return lim, fmt.Errorf("runs %d outside [0, %d]", m.Runs, sim.MaxRuns)
	case m.Traced < 0 || m.Traced > m.Runs:
		return lim, fmt.Errorf("traced %d outside [0, %d], the runs", m.Traced, m.Runs)
	}
	if err := sim.CheckTrace(m.Traced, lim.deadline); err != nil {
		return lim, fmt.Errorf("traced %d: %w", m.Traced, err)
	}
	lim.events = eventsPerRound(n) * lim.deadline
	return lim, nil
}

// eventsPerRound bounds the events of one round of n: two offers and two
// answers, a breakdown or conflict and, with a facilitator, two requests,
// an invitation, every draft of a mediation with both parties' votes and
// the final accept or dismissal of each party.
func eventsPerRound(n *sim.Negotiation) int {
	const base = 8
	if n.Facilitator == nil {
		return base
	}
	drafts := n.Facilitator.MaxDrafts
	if drafts <= 0 {
		drafts = 64 // above the engine's default
	}
	return base + 2 + 1 + 3*drafts + 2
}

// openIn opens dir/name; the error wraps fs.ErrNotExist when it is missing.
func openIn(dir, name string) (*os.File, error) {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	return f, nil
}

// readSpace reads frontier.csv and solutions.csv; the error wraps
// fs.ErrNotExist when either is missing.
func readSpace(ctx context.Context, dir string, n *sim.Negotiation, cols *columns) (spaceData, error) {
	f, err := openIn(dir, FrontierFile)
	if err != nil {
		return spaceData{}, err
	}
	defer f.Close()
	s, err := openIn(dir, SolutionsFile)
	if err != nil {
		return spaceData{}, err
	}
	defer s.Close()
	return readSpaceData(ctxReader{ctx, f}, ctxReader{ctx, s}, n, cols)
}

// ctxReader is r, failing with ctx's error once ctx is done: a table of
// millions of rows read through it (a buffered reader's reads) stops
// within a few kilobytes.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// parseEnd returns the end reason named s.
func parseEnd(s string) (sim.EndReason, bool) {
	for _, e := range sim.EndReasons() {
		if e.String() == s {
			return e, true
		}
	}
	return 0, false
}

// eventKinds lists every event kind sim knows, in its order.
var eventKinds = func() []sim.EventKind {
	var out []sim.EventKind
	for k := sim.EventKind(0); k.String() != "unknown" && k < 64; k++ {
		out = append(out, k)
	}
	return out
}()

// parseKind returns the event kind named s.
func parseKind(s string) (sim.EventKind, bool) {
	for _, k := range eventKinds {
		if k.String() == s {
			return k, true
		}
	}
	return 0, false
}

// seed reads a seed written by narrate.SeedText.
func (t *table) seed(c string) (uint64, error) {
	s := t.str(c)
	v, err := strconv.ParseUint(strings.TrimPrefix(s, "0x"), 16, 64)
	if err != nil || !strings.HasPrefix(s, "0x") {
		return 0, t.errorf("%s: %q is not a seed", c, s)
	}
	return v, nil
}

// unread marks a traced run not yet found in runs.csv.
const unread sim.EndReason = 255

// readRounds reads the events of the first chart.MaxRuns runs of
// rounds.csv into results that carry only their Run and Trace, and
// counts the runs of the file.
func readRounds(rd io.Reader, n *sim.Negotiation, cols *columns, lim limits) (map[int]*sim.Result, int, error) {
	t, err := newTable(RoundsFile, rd, cols.rounds)
	if err != nil {
		return nil, 0, err
	}
	vi := newValueIndex(n.Space)
	idx := make([]int, n.Space.NumIssues())
	out := map[int]*sim.Result{}
	traced, last := 0, -1
	events, lastRound := 0, 0 // of the current run
	for {
		ok, err := t.next()
		if err != nil {
			return nil, 0, err
		}
		if !ok {
			return out, traced, nil
		}
		run, err := t.intIn("run", -1, 0, lim.traced-1, "the traced runs of the manifest")
		if err != nil {
			return nil, 0, err
		}
		if run != last {
			if run < last {
				return nil, 0, t.errorf("run %d after run %d", run, last)
			}
			last = run
			traced++
			events, lastRound = 0, 0
		}
		step, err := t.int("step", -1)
		if err != nil {
			return nil, 0, err
		}
		if step != events {
			return nil, 0, t.errorf("step %d of run %d, where step %d was expected", step, run, events)
		}
		if events++; events > lim.events {
			return nil, 0, t.errorf("run %d has more than %d events, the most %d rounds can hold", run, lim.events, lim.deadline)
		}
		var e sim.Event
		if e.Round, err = t.intIn("round", -1, lastRound, lim.deadline-1, "the rounds before the deadline, in order"); err != nil {
			return nil, 0, err
		}
		lastRound = e.Round
		if traced > chart.MaxRuns {
			continue
		}
		e.Actor = -1
		if a := t.str("actor"); a != protocolActor {
			if e.Actor, err = t.party("actor", cols); err != nil {
				return nil, 0, err
			}
		}
		kind, ok := parseKind(t.str("action"))
		if !ok {
			return nil, 0, t.errorf("action: %q is not an event kind", t.str("action"))
		}
		e.Kind = kind
		if e.Outcome, err = t.outcome(cols, n.Space, vi, idx); err != nil {
			return nil, 0, err
		}
		res := out[run]
		if res == nil {
			res = &sim.Result{Run: run, End: unread, Agreement: sim.NoOutcome, By: -1}
			out[run] = res
		}
		res.Trace = append(res.Trace, e)
	}
}

// readRuns reads runs.csv into the tally, and completes the results of
// the traced runs in traces; dr, when not nil, gathers every run for the
// analysis of what drives the outcome.
func readRuns(rd io.Reader, n *sim.Negotiation, cols *columns, lim limits, tally *chart.Tally, traces map[int]*sim.Result, dr *drivers) error {
	t, err := newTable(RunsFile, rd, cols.runs)
	if err != nil {
		return err
	}
	vi := newValueIndex(n.Space)
	idx := make([]int, n.Space.NumIssues())
	uCols := cols.runs[len(runsFixed)+len(cols.issue):]
	last := -1
	for {
		ok, err := t.next()
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		run, err := t.intIn("run", -1, 0, lim.runs-1, "the runs of the manifest")
		if err != nil {
			return err
		}
		if run <= last {
			return t.errorf("run %d after run %d", run, last)
		}
		last = run
		end, ok := parseEnd(t.str("end"))
		if !ok {
			return t.errorf("end: %q is not an end reason", t.str("end"))
		}
		round, err := t.intIn("round", -1, 0, lim.deadline-1, "the rounds before the deadline")
		if err != nil {
			return err
		}
		agreement, err := t.outcome(cols, n.Space, vi, idx)
		if err != nil {
			return err
		}
		var u, ud [2]float64
		for i := range 2 {
			if u[i], err = t.float(uCols[i]); err != nil {
				return err
			}
			if ud[i], err = t.float(uCols[2+i]); err != nil {
				return err
			}
		}
		var values []int
		if agreement != sim.NoOutcome {
			values = idx
		}
		invite := -1
		mediated := false
		if cols.facilitated {
			if invite, err = t.intIn("invite_round", -1, -1, lim.deadline-1, "the rounds before the deadline"); err != nil {
				return err
			}
			if mediated, err = t.bool("mediated"); err != nil {
				return err
			}
		}
		tally.Add(end, round, u, values, invite, mediated)
		var draw []float64
		if len(cols.assume) > 0 && (dr != nil || traces[run] != nil) {
			draw = make([]float64, len(cols.assume))
			for j := range cols.assume {
				a := &cols.assume[j]
				if draw[j], err = a.parse(t.str(a.Path)); err != nil {
					return t.errorf("%s: %v", a.Path, err)
				}
			}
			if dr != nil {
				dr.add(draw, round, u, ud, values)
			}
		}

		res := traces[run]
		if res == nil {
			continue
		}
		res.End, res.Round, res.Agreement, res.Utility, res.Discounted = end, round, agreement, u, ud
		res.Mediation.Mediated = mediated
		if res.Seed, err = t.seed("seed"); err != nil {
			return err
		}
		if res.FirstMover, err = t.party("first_mover", cols); err != nil {
			return err
		}
		if res.By, err = t.party("by", cols); err != nil {
			return err
		}
		res.Draw = draw
	}
}
