package results

import (
	"cmp"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parley-sim/parley/results/atomicfile"
	"github.com/parley-sim/parley/results/chart"
	"github.com/parley-sim/parley/results/narrate"
	"github.com/parley-sim/parley/results/sweep"
	"github.com/parley-sim/parley/sim"
)

// Names of the files a Recorder writes into its folder.
const (
	ManifestFile    = "manifest.json"
	RunsFile        = "runs.csv"
	RoundsFile      = "rounds.csv"
	SummaryFile     = "summary.csv"
	FrontierFile    = "frontier.csv"
	SolutionsFile   = "solutions.csv"
	ConvergenceFile = "convergence.csv"
	// ClassFile is the table of the seats of a class (parley serve),
	// written when Options.Class is set: see AddSeats.
	ClassFile = "class.csv"
	// ReportFile is the default name of the HTML report (package
	// results/report) in the folder it describes. A new run into the
	// folder removes it, since it would describe the old run.
	ReportFile = "report.html"
)

// chartFiles returns the PNG and SVG file names of every chart.
func chartFiles() []string {
	var out []string
	for _, c := range chart.Names() {
		out = append(out, c+".png", c+".svg")
	}
	return out
}

// allChartFiles returns the files of every chart a run may draw: those of
// chartFiles and, with uncertain assumptions, the sensitivity chart.
func allChartFiles() []string {
	return append(chartFiles(), chart.Sensitivity+".png", chart.Sensitivity+".svg")
}

// Options configures a Recorder. The zero value works.
type Options struct {
	// Trace is the number of runs, counted from run 0, whose events go
	// into rounds.csv, as sim.Batch.Trace counts them: the batch must
	// trace at least as many. The rounds chart shows the first
	// chart.MaxRuns of them and the utility-space chart the offers of the
	// first. Zero traces none: rounds.csv then holds only its header and
	// no rounds chart is drawn.
	Trace int
	// NoCharts skips the charts (for huge batches and tests); Replot can
	// draw them later. Whenever a run does not draw a chart, the chart left
	// in the folder by an earlier run is removed, so that the folder never
	// mixes runs.
	NoCharts bool
	// DPI is the resolution of the PNG charts, from chart.MinDPI to
	// chart.MaxDPI. Zero means chart.DPI.
	DPI int
	// Level is the confidence level of every interval in summary.csv.
	// Zero means 0.95.
	Level float64
	// Now stamps Manifest.Finished at Close when the caller left it zero.
	// Nil means time.Now.
	Now func() time.Time
	// Class makes the folder a class's (parley serve): the Recorder also
	// writes ClassFile, one row per student's seat, and results are added
	// with AddSeats.
	Class bool
	// Transcript writes transcript.txt, run 0 told in plain words
	// (WriteTranscript), when run 0 is traced.
	Transcript bool
	// TranscriptText, if not nil, writes the text of transcript.txt in
	// place of the narration of run 0 (Transcript is then ignored), inside
	// the folder before it is put in place, as every file of a run: parley
	// serve tells every pairing of a class. An error from it fails Close,
	// leaving the folder as it was.
	TranscriptText func(io.Writer) error
	// Workers is the number of workers of the batch that calls Observer:
	// pass sim.Batch.NumWorkers(). Zero means runtime.GOMAXPROCS(0). The
	// Recorder keeps one set of convergence counts per worker; calls from
	// a worker numbered Workers or above still count, through one shared,
	// locked set.
	Workers int
	// NewSampler is the sampler factory of a batch with uncertain
	// assumptions (Manifest.Assumptions; sim.Batch.NewSampler): the
	// Recorder draws the assumptions of each traced run again with a
	// sampler of its own, to get the negotiation that run played, for the
	// utilities of its rows of rounds.csv, its panel of the rounds chart,
	// its offers in the utility-space chart and its transcript
	// (RunNegotiation). A batch with assumptions that traces runs needs
	// it; it is not used otherwise.
	NewSampler func() sim.Sampler

	// afterStep, if not nil, is called after each step of Close that
	// changes the file system: tests make the recorder die there.
	afterStep func()
}

// Recorder streams the results of a batch into the files of a run folder:
// runs.csv and rounds.csv row by row as results arrive, then at Close
// summary.csv, the analysis tables, convergence.csv, the charts and
// manifest.json. It analyses the negotiation once (sim.Analyze), when it
// is created.
//
// The folder is replaced as a unit (see "Run folders" in the package
// documentation): every file is written into a temporary folder next to
// it, which Close puts in its place in one step, so that an interrupted,
// aborted or killed run leaves the earlier folder whole, and a finished
// one leaves its own files only. The folder is locked from NewRecorder to
// Close or Abort: a second writer is refused.
//
// A Recorder is not safe for concurrent use: call Add from the goroutine
// that receives the results, in run order (sim.Batch.Run does). Only the
// function returned by Observer may be called from the batch's workers.
type Recorder struct {
	dir   string // the temporary folder written into
	final string // the run folder
	stage *atomicfile.Dir
	lock  *atomicfile.Lock
	n     *sim.Negotiation
	m     Manifest
	opt   Options
	cols  *columns
	trace int

	runs, rounds *atomicfile.File
	runsCSV      *csv.Writer
	roundsCSV    *csv.Writer
	row          []string
	class        *atomicfile.File // with Options.Class
	classCSV     *csv.Writer
	classRow     []string

	tally    *tally
	replay   *replayer // with assumptions: the negotiations of traced runs
	drivers  *drivers  // with assumptions: the data of sensitivity.csv
	an       *sim.Analysis
	space    spaceData
	out      *chart.Tally
	conv     *convergence
	values   []int // scratch: value indices of an agreement
	added    int
	last     int // run index of the last result added
	traced   int // runs written into rounds.csv
	untraced int // runs below Trace that carry no trace
	firstGap int // the first of them
	charted  []*sim.Result
	chartedN []*sim.Negotiation // with assumptions: the negotiation each charted run played

	summary  Summary
	warnings []error
	err      error // first write error; later calls return it
	closed   bool
}

// NewRecorder locks the run folder dir, creates its temporary folder and
// opens the files of a run of negotiation n described by m. The caller
// must end the recorder with Close, or with Abort if the run fails. A
// folder that holds a parameter sweep, or files that no run writes (which
// replacing the folder would lose), and a path that is a file, are refused
// with an error that wraps ErrSweepRefused; a folder locked by another
// process with one that wraps atomicfile.ErrLocked; both before anything
// is written. What interrupted runs left next to the folder is removed.
func NewRecorder(dir string, n *sim.Negotiation, m Manifest, opt Options) (*Recorder, error) {
	return NewRecorderContext(context.Background(), dir, n, m, opt)
}

// NewRecorderContext is NewRecorder, stopped when ctx is done: the
// analysis of the outcome space (frontier and solutions), which takes
// seconds for a space of millions of outcomes, is made before anything is
// written, and once ctx is done NewRecorderContext returns ctx's error
// (wrapped) at once, having written and locked nothing. The analysis
// cannot be stopped midway: it is left to end on its own, its result
// dropped.
func NewRecorderContext(ctx context.Context, dir string, n *sim.Negotiation, m Manifest, opt Options) (*Recorder, error) {
	if err := n.CheckUtilities(); err != nil {
		return nil, fmt.Errorf("recording into %s: %w", dir, err)
	}
	cols, err := newColumns(n)
	if err == nil {
		err = cols.withAssumptions(m.Assumptions)
	}
	if err != nil {
		return nil, fmt.Errorf("recording into %s: %w", dir, err)
	}
	if len(m.Assumptions) > 0 && opt.Trace > 0 && opt.NewSampler == nil {
		return nil, fmt.Errorf("recording into %s: %w", dir, errNoSampler)
	}
	opt.Level = cmp.Or(opt.Level, 0.95)
	if !(opt.Level > 0 && opt.Level < 1) {
		return nil, fmt.Errorf("recording into %s: confidence level %v outside (0, 1)", dir, opt.Level)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if err := checkFolder(dir); err != nil {
		return nil, fmt.Errorf("recording into %s: %w", dir, err)
	}
	an, err := analyzeContext(ctx, n)
	if err != nil {
		return nil, fmt.Errorf("recording into %s: analysing the outcome space: %w", dir, err)
	}
	if err := os.MkdirAll(filepath.Dir(filepath.Clean(dir)), 0o755); err != nil {
		return nil, fmt.Errorf("creating the folder of %s: %w", dir, err)
	}
	lock, err := atomicfile.LockFolder(dir, true)
	if err != nil {
		return nil, fmt.Errorf("recording into %s: %w", dir, err)
	}
	stage, err := openRunFolder(dir)
	if err != nil {
		lock.Unlock()
		return nil, err
	}
	r := &Recorder{
		dir:      stage.Path(),
		final:    dir,
		stage:    stage,
		lock:     lock,
		n:        n,
		m:        m,
		opt:      opt,
		cols:     cols,
		trace:    max(opt.Trace, 0),
		tally:    newTally(cols.facilitated),
		an:       an,
		out:      chart.NewTally(n.Space),
		conv:     newConvergence(n, opt.Workers),
		values:   make([]int, n.Space.NumIssues()),
		last:     -1,
		warnings: slices.Clone(cols.warnings),
	}
	r.space = spaceDataOf(r.an)
	r.drivers = newDrivers(cols, n.Space)
	if len(m.Assumptions) > 0 && opt.NewSampler != nil {
		r.replay = &replayer{newSampler: opt.NewSampler}
	}
	if r.runs, err = atomicfile.Create(filepath.Join(r.dir, RunsFile)); err != nil {
		r.Abort()
		return nil, err
	}
	if r.rounds, err = atomicfile.Create(filepath.Join(r.dir, RoundsFile)); err != nil {
		r.Abort()
		return nil, err
	}
	r.runsCSV = csv.NewWriter(r.runs)
	r.roundsCSV = csv.NewWriter(r.rounds)
	if err := r.runsCSV.Write(cols.runs); err != nil {
		r.Abort()
		return nil, fmt.Errorf("writing %s: %w", RunsFile, err)
	}
	if err := r.roundsCSV.Write(cols.rounds); err != nil {
		r.Abort()
		return nil, fmt.Errorf("writing %s: %w", RoundsFile, err)
	}
	if opt.Class {
		if r.class, err = atomicfile.Create(filepath.Join(r.dir, ClassFile)); err != nil {
			r.Abort()
			return nil, err
		}
		r.classCSV = csv.NewWriter(r.class)
		head, warn := classHeader(cols.runs)
		r.warnings = append(r.warnings, warn...)
		if err := r.classCSV.Write(head); err != nil {
			r.Abort()
			return nil, fmt.Errorf("writing %s: %w", ClassFile, err)
		}
	}
	return r, nil
}

// analyzeContext returns sim.Analyze(n), or ctx's error as soon as ctx is
// done. The analysis, which cannot be stopped midway, then goes on in the
// background until it ends, its result dropped; it writes nothing.
func analyzeContext(ctx context.Context, n *sim.Negotiation) (*sim.Analysis, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	done := make(chan *sim.Analysis, 1) // the send never blocks, even after we left
	go func() { done <- sim.Analyze(n) }()
	select {
	case an := <-done:
		return an, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Seat says who played a side of a run in a class (parley serve).
type Seat struct {
	// Number is the student's seat number, from 1; 0 means that no
	// student played the side: an agent did.
	Number int
	// Name is the name the student gave when taking the seat, or "".
	Name string
	// Pairing is the number of the run's pairing in the class, from 1, as
	// the class's pages show it. A class numbers its pairings across its
	// scenarios; the folder of one scenario numbers its runs from 0.
	Pairing int
}

// classColumns are the first columns of ClassFile, before those of
// runs.csv.
var classColumns = []string{"seat", "name", "party", "pairing"}

// classHeader returns the header of ClassFile: classColumns, each renamed
// class_NAME (with a warning) if runs.csv has a column of that name, then
// the columns of runs.csv.
func classHeader(runs []string) ([]string, []error) {
	taken := map[string]bool{}
	for _, c := range runs {
		taken[c] = true
	}
	var head []string
	var warn []error
	for _, c := range classColumns {
		name := c
		for taken[name] {
			name = "class_" + name
		}
		if name != c {
			warn = append(warn, fmt.Errorf("%s: an issue's column is named %q; the seat's column is %q", ClassFile, c, name))
		}
		taken[name] = true
		head = append(head, name)
	}
	return append(head, runs...), warn
}

// Add records one result: its row of runs.csv and, for the first
// Options.Trace runs, its events in rounds.csv. Results must come in
// increasing run order. A class's Recorder (Options.Class) takes its
// results through AddSeats instead.
func (r *Recorder) Add(res *sim.Result) error {
	if r.opt.Class {
		return errors.New("recorder: Add on a class's recorder; use AddSeats")
	}
	return r.add(res, nil)
}

// AddSeats records one result of a class (Options.Class) like Add, and
// one row of ClassFile for each party a student played (seats[i].Number >
// 0): the seat's number and name, the party's id, the pairing's number,
// then the run's row of runs.csv. A run in which agents played both
// parties has no row there.
func (r *Recorder) AddSeats(res *sim.Result, seats [2]Seat) error {
	if !r.opt.Class {
		return errors.New("recorder: AddSeats needs Options.Class")
	}
	return r.add(res, &seats)
}

// add records res, with its seats for a class.
func (r *Recorder) add(res *sim.Result, seats *[2]Seat) error {
	switch {
	case r.closed:
		return errors.New("recorder: Add after Close or Abort")
	case r.err != nil:
		return r.err
	case res == nil:
		return errors.New("recorder: nil result")
	}
	if err := r.check(res); err != nil {
		return fmt.Errorf("recording run %d: %w", res.Run, err)
	}
	var m sim.Metrics
	switch {
	case res.Metrics != nil:
		m = *res.Metrics
	case len(r.cols.assume) > 0:
		return fmt.Errorf("recording run %d: it played a negotiation of its own (uncertain assumptions) but carries no metrics (sim.Result.Metrics)", res.Run)
	default:
		m = runMetrics(r.an, r.n, res)
	}
	r.last = res.Run
	r.added++
	r.tally.add(res, m, r.n.Facilitator != nil && r.n.Facilitator.Utility != nil)
	var values []int
	if res.Agreement != sim.NoOutcome {
		values = r.n.Space.Decode(res.Agreement, r.values)
	}
	invite := -1
	if res.Mediation.Invited && res.Mediation.InviteRound >= 0 {
		invite = res.Mediation.InviteRound
	}
	r.out.Add(res.End, res.Round, res.Utility, values, invite, res.Mediation.Mediated)
	if r.drivers != nil && len(res.Draw) == len(r.cols.assume) {
		r.drivers.add(res.Draw, res.Round, res.Utility, res.Discounted, values)
	}
	if err := r.writeRun(res, m); err != nil {
		r.err = fmt.Errorf("writing %s: %w", RunsFile, err)
		return r.err
	}
	if seats != nil {
		if err := r.writeSeats(seats); err != nil {
			r.err = fmt.Errorf("writing %s: %w", ClassFile, err)
			return r.err
		}
	}
	if res.Run >= r.trace {
		return nil
	}
	if res.Trace == nil {
		if r.untraced == 0 {
			r.firstGap = res.Run
		}
		r.untraced++
		return nil
	}
	n := r.n
	if r.replay != nil {
		var err error
		if n, err = r.replay.at(res); err != nil {
			r.err = fmt.Errorf("recording run %d: %w", res.Run, err)
			return r.err
		}
	}
	if err := r.writeEvents(res, n); err != nil {
		r.err = fmt.Errorf("writing %s: %w", RoundsFile, err)
		return r.err
	}
	r.traced++
	if len(r.charted) < chart.MaxRuns {
		c := *res
		c.Trace = slices.Clone(res.Trace)
		r.charted = append(r.charted, &c)
		if r.replay != nil {
			kept, err := r.replay.keep(res)
			if err != nil {
				r.err = fmt.Errorf("recording run %d: %w", res.Run, err)
				return r.err
			}
			r.chartedN = append(r.chartedN, kept)
		}
	}
	return nil
}

// RunNegotiation returns the negotiation that traced run number run
// played: the Recorder's negotiation, or for a batch with uncertain
// assumptions the negotiation drawn for that run, one of the first
// chart.MaxRuns traced runs (its transcript and charts use it). It returns
// nil for a run it does not hold.
func (r *Recorder) RunNegotiation(run int) *sim.Negotiation {
	if r.replay == nil {
		return r.n
	}
	for k, res := range r.charted {
		if res.Run == run {
			return r.chartedN[k]
		}
	}
	return nil
}

// check reports a result that does not fit the negotiation or the order.
func (r *Recorder) check(res *sim.Result) error {
	size := sim.Outcome(r.n.Space.Size())
	switch {
	case res.Run <= r.last:
		return fmt.Errorf("run %d after run %d: results must come in increasing run order", res.Run, r.last)
	case res.End.String() == "unknown":
		return fmt.Errorf("unknown end reason %d", res.End)
	case res.FirstMover != 0 && res.FirstMover != 1:
		return fmt.Errorf("first mover %d is not 0 or 1", res.FirstMover)
	case res.By < -1 || res.By > 1:
		return fmt.Errorf("party %d is not -1, 0 or 1", res.By)
	case res.Agreement < sim.NoOutcome || res.Agreement >= size:
		return fmt.Errorf("agreement %d outside the outcome space", res.Agreement)
	case res.Agreed() != (res.Agreement != sim.NoOutcome):
		return fmt.Errorf("end %s with agreement %d", res.End, res.Agreement)
	case res.Mediation.AskedFirst < -1 || res.Mediation.AskedFirst > 1 || res.Mediation.DismissedBy < -1 || res.Mediation.DismissedBy > 1:
		return fmt.Errorf("mediation names party %d or %d, not -1, 0 or 1", res.Mediation.AskedFirst, res.Mediation.DismissedBy)
	}
	for i, e := range res.Trace {
		switch {
		case e.Actor < -1 || e.Actor > 1:
			return fmt.Errorf("event %d: actor %d is not -1, 0 or 1", i, e.Actor)
		case e.Kind.String() == "unknown":
			return fmt.Errorf("event %d: unknown kind %d", i, e.Kind)
		case e.Outcome < sim.NoOutcome || e.Outcome >= size:
			return fmt.Errorf("event %d: outcome %d outside the outcome space", i, e.Outcome)
		}
	}
	return nil
}

// party returns the id of party i, or "" for -1.
func (r *Recorder) party(i int) string { return r.cols.partyID(i) }

func (r *Recorder) writeRun(res *sim.Result, m sim.Metrics) error {
	row, err := runRow(r.row[:0], r.cols, r.n, res, m)
	if err != nil {
		return err
	}
	r.row = row
	return r.runsCSV.Write(row)
}

// runRow appends to row the cells of the row of runs.csv, with columns
// cols, of result res of a run of negotiation n (the negotiation the
// caller recorded, not the one drawn for the run) with metrics m.
func runRow(row []string, cols *columns, n *sim.Negotiation, res *sim.Result, m sim.Metrics) ([]string, error) {
	row = append(row,
		strconv.Itoa(res.Run),
		narrate.SeedText(res.Seed),
		cols.partyID(res.FirstMover),
		res.End.String(),
		strconv.Itoa(res.Round),
		strconv.FormatBool(res.Agreed()),
		cols.partyID(res.By),
		strconv.Itoa(res.Offers),
	)
	row = outcomeCells(row, n.Space, res.Agreement)
	row = append(row,
		formatFloat(res.Utility[0]), formatFloat(res.Utility[1]),
		formatFloat(res.Discounted[0]), formatFloat(res.Discounted[1]),
		formatFloat(res.Concession[0]), formatFloat(res.Concession[1]))
	row = appendMetrics(row, cols, res, m)
	if cols.facilitated {
		row = appendMediation(row, cols, n, &res.Mediation)
	}
	if len(cols.assume) > 0 {
		var err error
		if row, err = appendDraw(row, cols.assume, res.Draw); err != nil {
			return row, fmt.Errorf("run %d: %w", res.Run, err)
		}
	}
	return row, nil
}

// writeSeats writes the rows of ClassFile of the run whose row of
// runs.csv writeRun just wrote.
func (r *Recorder) writeSeats(seats *[2]Seat) error {
	for i, st := range seats {
		if st.Number <= 0 {
			continue
		}
		row := append(r.classRow[:0], strconv.Itoa(st.Number), st.Name, r.cols.party[i], strconv.Itoa(st.Pairing))
		row = append(row, r.row...)
		r.classRow = row
		if err := r.classCSV.Write(row); err != nil {
			return err
		}
	}
	return nil
}

// writeEvents writes the rows of rounds.csv of traced result res, which
// played negotiation n.
func (r *Recorder) writeEvents(res *sim.Result, n *sim.Negotiation) error {
	run, seed := strconv.Itoa(res.Run), narrate.SeedText(res.Seed)
	gs := textGuarantees(n, res)
	for j, e := range res.Trace {
		actor := protocolActor
		if e.Actor >= 0 {
			actor = r.cols.party[e.Actor]
		}
		row := append(r.row[:0], run, seed, strconv.Itoa(j), strconv.Itoa(e.Round), actor, e.Kind.String())
		row = appendEvent(row, n, e.Outcome, gs[j])
		r.row = row
		if err := r.roundsCSV.Write(row); err != nil {
			return err
		}
	}
	return nil
}

// pending is a file prepared at Close, waiting to be renamed into place.
type pending struct {
	name string
	t    *atomicfile.File
}

// Observer returns the function to pass as sim.Batch.Observe: it counts
// each party's utility of the offers of every run, round by round, in the
// negotiation the run played, for convergence.csv and the convergence
// chart. It is safe for concurrent use
// by the batch's workers (numbered from 0 to Options.Workers−1) and must
// not be called after Close. Without it, Close writes neither.
func (r *Recorder) Observer() func(worker int, n *sim.Negotiation, res *sim.Result, offers *sim.History) {
	return r.conv.observe
}

// Close computes the summary, writes summary.csv, the analysis tables,
// convergence.csv, the charts, the transcript (Options.Transcript) and
// manifest.json into the temporary folder, and puts it in place of the
// run folder as a unit: the folder then holds this run's files and no
// other (no chart, report or table of an earlier run). On error the run
// folder is left as it was and the temporary folder is removed. Close
// releases the folder's lock.
func (r *Recorder) Close() error { return r.CloseContext(context.Background()) }

// CloseContext is Close, stopped when ctx is done: the charts' drawing,
// the longest step, checks ctx as it goes, and nothing is put in place
// once ctx is done. A stopped Close returns ctx's error (wrapped), leaves
// the run folder as it was and removes the temporary folder.
func (r *Recorder) CloseContext(ctx context.Context) error {
	if r.closed {
		return errors.New("recorder: Close after Close or Abort")
	}
	if r.err != nil {
		r.Abort()
		return r.err
	}
	r.closed = true
	defer r.lock.Unlock()
	ready, err := r.prepare(ctx)
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		for _, p := range ready {
			p.t.Abort()
		}
		r.abortFiles()
		r.stage.Abort()
		return err
	}
	for i, p := range ready {
		if err := p.t.Rename(); err != nil {
			for _, q := range ready[i+1:] {
				q.t.Abort()
			}
			r.stage.Abort()
			return err
		}
		r.step()
	}
	if write := r.transcript(); write != nil {
		if err := write(); err != nil {
			r.stage.Abort()
			return fmt.Errorf("writing the transcript: %w", err)
		}
		r.step()
	}
	if err := ctx.Err(); err != nil {
		r.stage.Abort()
		return fmt.Errorf("recording into %s: %w", r.final, err)
	}
	if err := r.stage.Commit(); err != nil {
		return fmt.Errorf("recording into %s: %w", r.final, err)
	}
	r.step()
	return nil
}

// transcript returns what writes TranscriptFile into the folder being
// written (Options.TranscriptText, or the narration of run 0 with
// Options.Transcript), or nil when there is none to write.
func (r *Recorder) transcript() func() error {
	switch first := r.first(); {
	case r.opt.TranscriptText != nil:
		return func() error { return atomicfile.WriteFile(filepath.Join(r.dir, TranscriptFile), r.opt.TranscriptText) }
	case r.opt.Transcript && first != nil:
		return func() error { return WriteTranscript(r.dir, r.RunNegotiation(0), first) }
	}
	return nil
}

// step calls Options.afterStep.
func (r *Recorder) step() {
	if r.opt.afterStep != nil {
		r.opt.afterStep()
	}
}

// first returns run 0, traced, or nil.
func (r *Recorder) first() *sim.Result {
	if len(r.charted) > 0 && r.charted[0].Run == 0 {
		return r.charted[0]
	}
	return nil
}

// runFiles returns the files a run folder may hold: what a run writes,
// and the report and transcript written into it.
func runFiles() []string {
	return append(allChartFiles(), ManifestFile, RunsFile, RoundsFile, SummaryFile, FrontierFile, SolutionsFile,
		ConvergenceFile, ClassFile, SensitivityFile, TranscriptFile, ReportFile)
}

// openRunFolder prepares the replacement of the run folder dir, whose
// lock the caller holds: it removes what interrupted runs left, refuses a
// folder that holds a sweep or anything a run does not write (replacing
// the folder would lose it), and creates the temporary folder.
func openRunFolder(dir string) (*atomicfile.Dir, error) {
	return openFolder(dir, runFiles(), "run")
}

// openFolder prepares the replacement of the output folder dir of a
// command (what names it in messages: "run", "comparison") that writes
// the files known: see openRunFolder.
func openFolder(dir string, known []string, what string) (*atomicfile.Dir, error) {
	if err := notAroundWorkingFolder(dir); err != nil {
		return nil, err
	}
	if err := atomicfile.CleanDir(dir); err != nil {
		return nil, fmt.Errorf("recording into %s: %w", dir, err)
	}
	if err := atomicfile.CleanFiles(dir); err != nil {
		return nil, fmt.Errorf("recording into %s: %w", dir, err)
	}
	if name, ok := sweepIn(dir); ok {
		return nil, refuse(fmt.Errorf("%s holds a parameter sweep (%s); choose another folder", dir, name))
	}
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("recording into %s: %w", dir, err)
	}
	var foreign []string
	for _, e := range entries {
		if !slices.Contains(known, e.Name()) || !e.Type().IsRegular() {
			foreign = append(foreign, e.Name())
		}
	}
	if len(foreign) > 0 {
		more := ""
		if len(foreign) > 3 {
			more = fmt.Sprintf(" and %d more", len(foreign)-3)
			foreign = foreign[:3]
		}
		return nil, refuse(fmt.Errorf("%s holds %s%s, which no parley %s writes; a new %s replaces the folder whole: move them, or choose another folder",
			dir, strings.Join(quoteAll(foreign), ", "), more, what, what))
	}
	return atomicfile.CreateDir(dir)
}

// notAroundWorkingFolder refuses a run folder that is the working folder
// or holds it: replacing it would leave the process, and the shell that
// started it, in a folder that no longer exists.
func notAroundWorkingFolder(dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("recording into %s: %w", dir, err)
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil // no working folder to lose
	}
	if rel, err := filepath.Rel(abs, wd); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return refuse(fmt.Errorf("%s is the working folder or holds it; a run replaces its folder whole: choose a folder inside it, such as out", dir))
	}
	return nil
}

// quoteAll quotes each name for a message.
func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, s := range names {
		out[i] = strconv.Quote(s)
	}
	return out
}

// prepare writes and syncs every temporary file and returns them in
// rename order.
func (r *Recorder) prepare(ctx context.Context) ([]pending, error) {
	var ready []pending
	streamed := []struct {
		name string
		w    *csv.Writer
		t    *atomicfile.File
	}{{RunsFile, r.runsCSV, r.runs}, {RoundsFile, r.roundsCSV, r.rounds}}
	if r.class != nil {
		streamed = append(streamed, struct {
			name string
			w    *csv.Writer
			t    *atomicfile.File
		}{ClassFile, r.classCSV, r.class})
	}
	for _, f := range streamed {
		f.w.Flush()
		if err := f.w.Error(); err != nil {
			return ready, fmt.Errorf("writing %s: %w", f.name, err)
		}
		if err := f.t.Sync(); err != nil {
			return ready, err
		}
		ready = append(ready, pending{f.name, f.t})
	}

	scenario := cmp.Or(r.m.Scenario, r.n.Name)
	r.summary = r.tally.summary(r.cols, r.opt.Level)
	r.summary.Scenario, r.summary.Version, r.summary.Seed = scenario, r.m.Version, r.m.Seed
	if r.untraced > 0 {
		r.warnings = append(r.warnings, fmt.Errorf("%d of the first %d runs carry no trace (run %d first); set the batch's Trace to at least %d",
			r.untraced, min(r.trace, r.added), r.firstGap, r.trace))
	}
	if r.traced > chart.MaxRuns && !r.opt.NoCharts {
		r.warnings = append(r.warnings, fmt.Errorf("%d runs traced; the rounds chart shows the first %d", r.traced, chart.MaxRuns))
	}
	r.warnings = append(r.warnings, tieWarnings(r.an)...)
	convRows, observed := r.conv.rows()
	switch {
	case observed == 0 && r.added > 0:
		r.warnings = append(r.warnings, fmt.Errorf("no run observed: %s and the convergence chart not written (pass Recorder.Observer to sim.Batch.Observe)", ConvergenceFile))
	case observed != r.added && observed > 0:
		r.warnings = append(r.warnings, fmt.Errorf("the observer saw %d runs but %d were recorded; %s may not match runs.csv", observed, r.added, ConvergenceFile))
	}
	r.summary.Warnings = append(slices.Clone(r.warnings), r.summary.Warnings...)

	// Each file is written as a stream into its temporary file: a
	// frontier of millions of points is never held as text in memory,
	// and its writing stops as soon as ctx is done.
	write := func(name string, data func(w io.Writer) error) error {
		t, err := atomicfile.Create(filepath.Join(r.dir, name))
		if err != nil {
			return err
		}
		if err := data(ctxWriter{ctx, t}); err != nil {
			t.Abort()
			return fmt.Errorf("writing %s: %w", name, err)
		}
		if err := ctx.Err(); err != nil {
			t.Abort()
			return fmt.Errorf("writing %s: %w", name, err)
		}
		if err := t.Sync(); err != nil {
			return err
		}
		ready = append(ready, pending{name, t})
		return nil
	}
	tables := []struct {
		name string
		data func(w io.Writer) error
	}{
		{SummaryFile, func(w io.Writer) error { return r.summary.writeCSV(w) }},
		{FrontierFile, func(w io.Writer) error { return writeFrontier(w, r.n, r.cols, &r.space) }},
		{SolutionsFile, func(w io.Writer) error { return writeSolutions(w, r.n, r.cols, &r.space) }},
	}
	if observed > 0 {
		tables = append(tables, struct {
			name string
			data func(w io.Writer) error
		}{ConvergenceFile, func(w io.Writer) error { return writeConvergence(w, r.cols, convRows) }})
	}
	var drivers []sweep.Sensitivity
	if r.drivers != nil {
		drivers = r.drivers.analyse(r.m.Seed, r.opt.Workers)
		tables = append(tables, struct {
			name string
			data func(w io.Writer) error
		}{SensitivityFile, func(w io.Writer) error { return writeSensitivity(w, drivers, "runs") }})
	}
	for _, tb := range tables {
		if err := write(tb.name, tb.data); err != nil {
			return ready, err
		}
	}
	if !r.opt.NoCharts {
		frontier, sols := r.space.points()
		in := &chart.Input{
			Negotiation: r.n, Parties: r.cols.party, Scenario: scenario, Version: r.m.Version, Seed: r.m.Seed,
			Traced: r.traced, Runs: r.charted, RunNegotiations: r.chartedN, Frontier: frontier, Solutions: sols, Tally: r.out,
			Convergence: convRows, Observed: observed > 0, WantRounds: r.trace > 0, Nominal: len(r.cols.assume) > 0,
		}
		if r.drivers != nil {
			in.Drivers, in.DriverRuns = drivers, len(r.drivers.agreed)
		}
		charts, warnings := in.Charts()
		r.summary.Warnings = append(r.summary.Warnings, warnings...)
		for _, c := range charts {
			png, svg, err := c.Render(ctx, r.opt.DPI)
			if err != nil {
				return ready, fmt.Errorf("drawing the %s chart: %w", c.Name, err)
			}
			if err := write(c.Name+".png", func(w io.Writer) error { _, err := w.Write(png); return err }); err != nil {
				return ready, err
			}
			if err := write(c.Name+".svg", func(w io.Writer) error { _, err := w.Write(svg); return err }); err != nil {
				return ready, err
			}
		}
	}

	m := r.manifest(scenario, ready)
	if err := write(ManifestFile, m.writeJSON); err != nil {
		return ready, err
	}
	return ready, nil
}

// ctxWriter is w, failing with ctx's error once ctx is done: a table of
// millions of rows written through it (a buffered writer's flushes) stops
// within a few kilobytes.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// manifest completes the caller's manifest.
func (r *Recorder) manifest(scenario string, ready []pending) Manifest {
	m := r.m
	m.Scenario = scenario
	fillBuild(&m.GoVersion, &m.OS, &m.Arch)
	if m.ScenarioYAML != "" {
		m.ScenarioSHA256 = sha256Hex(m.ScenarioYAML)
	}
	if m.Runs != 0 && m.Runs != r.added {
		r.summary.Warnings = append(r.summary.Warnings, fmt.Errorf("manifest announced %d runs; %d were recorded", m.Runs, r.added))
	}
	m.Runs = r.added
	m.Traced = r.traced
	if m.Finished.IsZero() {
		m.Finished = r.opt.Now()
	}
	m.Warnings = slices.Clone(m.Warnings)
	for _, w := range r.summary.Warnings {
		m.Warnings = append(m.Warnings, w.Error())
	}
	files := slices.Clone(m.Files)
	for _, p := range ready {
		files = append(files, p.name)
	}
	files = append(files, ManifestFile)
	slices.Sort(files)
	m.Files = slices.Compact(files)
	r.m = m
	return m
}

// Abort removes the temporary files; files already in the folder are left
// as they were. It is safe to call at any time, also after Close.
func (r *Recorder) Abort() {
	r.closed = true
	r.abortFiles()
	r.stage.Abort()
	r.lock.Unlock()
}

// abortFiles removes the temporary files of the streamed tables.
func (r *Recorder) abortFiles() {
	r.runs.Abort()
	r.rounds.Abort()
	if r.class != nil {
		r.class.Abort()
	}
}

// Summary returns the summary computed by Close; its Warnings also carry
// the Recorder's own warnings (columns renamed, runs without trace). Before
// Close it is empty.
func (r *Recorder) Summary() Summary { return r.summary }

// Manifest returns the manifest as written by Close.
func (r *Recorder) Manifest() Manifest { return r.m }

// formatFloat formats a number so that it reads back to the same float64
// (strconv 'g', shortest). NaN, which marks a missing value, is the empty
// string; infinities are Inf and -Inf, as R and pandas read them.
func formatFloat(v float64) string {
	switch {
	case math.IsNaN(v):
		return ""
	case math.IsInf(v, 1):
		return "Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// fillBuild sets the Go version, OS and architecture a manifest left empty
// to those of the running program.
func fillBuild(goVersion, os, arch *string) {
	for _, f := range []struct {
		field *string
		value string
	}{{goVersion, runtime.Version()}, {os, runtime.GOOS}, {arch, runtime.GOARCH}} {
		if *f.field == "" {
			*f.field = f.value
		}
	}
}
