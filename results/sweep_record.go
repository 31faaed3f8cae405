package results

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/parley-sim/parley/results/atomicfile"
	"github.com/parley-sim/parley/sim"
	"github.com/parley-sim/parley/sim/stats"
)

// SweepRecorderOptions configures a SweepRecorder. The zero value works.
type SweepRecorderOptions struct {
	// Resume continues the unfinished sweep in the folder from its last
	// checkpoint (see SweepRecorder.From). A folder with nothing to resume
	// starts afresh, and a complete one is left as it is, so a job that
	// always passes Resume may be restarted any number of times.
	Resume bool
	// NoCharts skips the sweep charts at Close (for tests and huge
	// sweeps); sensitivity.csv is written all the same.
	NoCharts bool
	// DPI is the resolution of the PNG charts, as Options.DPI.
	DPI int
	// Checkpoint is the least time between two checkpoints. Zero means
	// one second; negative means at every point.
	Checkpoint time.Duration
	// Now is the clock of the checkpoints. Nil means time.Now.
	Now func() time.Time
}

// sweepTrailer is the number of bytes Encode appends after a row for Emit:
// the run's dist_pareto and dist_nash, so that Emit need not measure the
// run again on the one goroutine that writes.
const sweepTrailer = 16

// runsBuffer is the size of the write buffer of runs.csv.
const runsBuffer = 1 << 20

// SweepRecorder streams the results of a parameter sweep (sim.Sweep) into
// a sweep folder: runs.csv row by row, points.csv point by point, and
// manifest.json. Memory stays flat in the number of runs: rows go
// straight to the file and only the current point's statistics are kept.
//
// runs.csv and points.csv are append-only; at point boundaries, at most
// about once a second and at Abort, the recorder syncs them and writes a
// checkpoint (SweepStateFile) with their lengths. A resumed recorder
// truncates both files to those lengths, dropping whatever a killed
// process wrote after its checkpoint, and the sweep continues from the
// checkpoint's point (From), so that the finished folder is byte for byte
// what an uninterrupted run writes.
//
// runs.csv has the columns point, one per parameter (named by its dotted
// path, holding the point's canonical value), replication, seed, and then
// the columns of the ordinary runs.csv after run and seed (see the package
// documentation). points.csv has the columns
//
//	point, <parameter>..., replications, agreements,
//	agreement_rate, agreement_rate_lo, agreement_rate_hi,
//	M_mean, M_lo, M_hi for M in u_<A>, u_<B>, ud_<A>, ud_<B>, round,
//	welfare, dist_pareto, dist_nash and, with a facilitator, invited
//
// The agreement rate and invited (the share of runs in which the
// facilitator was invited) carry 95% Wilson intervals; the other metrics
// are means with 95% Student t intervals. u_, ud_ and welfare are over
// all runs of the point; round, dist_pareto and dist_nash over the agreed
// runs only (round is then the round of agreement), so that they describe
// the agreements rather than repeat the agreement rate, as in summary.csv;
// the distances measure the agreed outcome without a facilitator's
// guarantee (see the package documentation). Cells are empty
// where a value is undefined: no value, or fewer than two for an interval.
//
// Pass the methods to the runner: Encode as sim.Sweep.Encode (it is safe
// for concurrent use), Emit and PointDone as sim.Sweep.Emit and PointDone,
// From as sim.Sweep.From. End with Close after the sweep completed, or with
// Abort.
type SweepRecorder struct {
	dir    string
	lock   *atomicfile.Lock // held from NewSweepRecorder to Close or Abort
	m      SweepManifest
	cols   *columns
	values func(point int) []string
	opt    SweepRecorderOptions
	header []string // header of runs.csv
	metric []string // metric names of points.csv
	// tournament marks a tournament's folder (NewTournamentRecorder):
	// rows in the layout of its runs.csv, any domain at any point.
	tournament bool

	encoders sync.Pool // *rowEncoder

	mu       sync.Mutex
	cache    map[int]*sweepPointInfo // points in flight
	doneUpTo int                     // last completed point; guarded by mu

	runsF, pointsF *os.File
	runsW, pointsW *bufio.Writer
	runsLen        int64 // bytes written to runs.csv, buffered ones included
	pointsLen      int64
	pointsBuf      bytes.Buffer
	pointsCSV      *csv.Writer
	row            []string

	state    sweepState // the last point boundary
	saved    time.Time  // time of the last checkpoint
	from     int
	cur      pointTally
	active   bool // cur holds a point being emitted
	runs     int
	complete bool // nothing to play: the folder was complete already
	err      error
	closed   bool
	warnings []error
}

// sweepPointInfo is what Encode needs of a point, computed once by the
// first worker that meets it and freed when the point is done.
type sweepPointInfo struct {
	once   sync.Once
	an     *sim.Analysis
	values []string
	err    error
}

// rowEncoder formats rows of runs.csv with the code of the ordinary
// runs.csv (Recorder.writeRun); one per concurrent Encode.
type rowEncoder struct {
	rec    Recorder
	buf    bytes.Buffer
	fields []string
}

// NewSweepRecorder opens the sweep folder dir for the sweep described by
// m, whose points are variants of the negotiation base (party ids and
// issue ids name the columns) and whose parameter values at point p are
// values(p), one canonical text per m.Parameters, as written into the
// parameter columns. values must be safe for concurrent use.
//
// A new folder, or one that holds a complete run of the same sweep, gets
// fresh files. A folder that holds an unfinished run of the same sweep is
// continued with Options.Resume and refused without it; a folder that
// holds another sweep, another shard of it, the output of another build or
// architecture, or the files of something else, is refused.
func NewSweepRecorder(dir string, m SweepManifest, base *sim.Negotiation, values func(point int) []string, opt SweepRecorderOptions) (*SweepRecorder, error) {
	if err := base.CheckUtilities(); err != nil {
		return nil, fmt.Errorf("recording the sweep into %s: %w", dir, err)
	}
	cols, err := newColumns(base)
	if err == nil {
		err = cols.withAssumptions(m.Assumptions)
	}
	if err != nil {
		return nil, fmt.Errorf("recording the sweep into %s: %w", dir, err)
	}
	return newSweepRecorder(dir, m, cols, values, opt, false)
}

// newSweepRecorder is NewSweepRecorder, or NewTournamentRecorder when
// tournament is true, with the columns named.
func newSweepRecorder(dir string, m SweepManifest, cols *columns, values func(point int) []string, opt SweepRecorderOptions, tournament bool) (*SweepRecorder, error) {
	fail := func(err error) (*SweepRecorder, error) {
		return nil, fmt.Errorf("recording the sweep into %s: %w", dir, err)
	}
	if values == nil {
		return fail(errors.New("no parameter values"))
	}
	m = m.withDefaults()
	m.Runs, m.Complete = 0, false
	if err := m.check(); err != nil {
		return fail(err)
	}
	if m.Points > sim.MaxPoints {
		return fail(fmt.Errorf("%d points: at most %d", m.Points, sim.MaxPoints))
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	r := &SweepRecorder{
		dir: dir, m: m, cols: cols, values: values, opt: opt, tournament: tournament,
		cache: map[int]*sweepPointInfo{}, doneUpTo: -1,
		warnings: slices.Clone(cols.warnings),
	}
	if tournament {
		r.header = concat([]string{"point"}, m.Parameters, tournamentRuns(cols.facilitated))
	} else {
		r.header = concat([]string{"point"}, m.Parameters, []string{"replication"}, cols.runs[1:])
	}
	seen := map[string]bool{}
	for _, h := range r.header {
		if seen[h] || h == "" {
			return fail(fmt.Errorf("parameter %q clashes with a column of %s", h, RunsFile))
		}
		seen[h] = true
	}
	r.metric = []string{"u_" + cols.party[0], "u_" + cols.party[1], "ud_" + cols.party[0], "ud_" + cols.party[1],
		"round", "welfare", "dist_pareto", "dist_nash"}
	if cols.facilitated {
		r.metric = append(r.metric, "invited")
	}
	r.encoders.New = func() any {
		e := &rowEncoder{}
		e.rec.runsCSV = csv.NewWriter(&e.buf)
		return e
	}
	r.pointsCSV = csv.NewWriter(&r.pointsBuf)

	if err := checkFolder(dir); err != nil {
		return fail(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fail(err)
	}
	// Temporary files of a killed writer (a manifest, a chart) go.
	lock, err := atomicfile.LockWriter(dir)
	if err != nil {
		return fail(err)
	}
	r.lock = lock
	if err := r.open(); err != nil {
		r.lock.Unlock()
		return fail(err)
	}
	return r, nil
}

// open decides between a fresh start, a resume and a refusal, and opens
// the files.
func (r *SweepRecorder) open() error {
	old, err := ReadSweepManifest(r.dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		for _, name := range []string{RunsFile, PointsFile, SweepStateFile} {
			if _, err := os.Stat(filepath.Join(r.dir, name)); err == nil {
				return refuse(fmt.Errorf("the folder holds %s but no sweep manifest: it is not a sweep folder; choose another folder or empty it", name))
			}
		}
		return r.fresh()
	case errors.Is(err, errNotSweep):
		return refuse(fmt.Errorf("the folder holds the files of something else than a sweep (%v); choose another folder or empty it", err))
	case err != nil:
		return err
	}
	if d := sameSweep(&old, &r.m, "it was started with", "this command asks for"); d != "" {
		return refuse(fmt.Errorf("the folder holds %s; choose another folder or empty it", d))
	}
	if old.Shard != r.m.Shard || old.Shards != r.m.Shards {
		return refuse(fmt.Errorf("the folder holds shard %s of this sweep, not %s; choose another folder", shardName(old.Shard, old.Shards), shardName(r.m.Shard, r.m.Shards)))
	}
	switch {
	case old.Complete && r.opt.Resume:
		r.complete, r.runs, r.from = true, old.Runs, r.m.Points
		r.m.Runs = old.Runs
		// A checkpoint left by a crash between the manifest and its
		// removal is stale.
		return removeIfExists(filepath.Join(r.dir, SweepStateFile))
	case old.Complete:
		return r.fresh()
	case !r.opt.Resume:
		return refuse(errors.New("the folder holds an unfinished run of this sweep; resume it (--resume) or empty the folder to start again"))
	}
	st, ok, err := readSweepState(r.dir)
	if err != nil {
		return err
	}
	if !ok {
		return r.fresh() // stopped before its first checkpoint
	}
	if st.Fingerprint != r.m.Fingerprint || st.Shard != r.m.Shard || st.Shards != r.m.Shards {
		return fmt.Errorf("%s belongs to another sweep or shard; empty the folder to start again", SweepStateFile)
	}
	if st.Next > r.m.Points {
		return fmt.Errorf("%s: next point %d beyond the %d points", SweepStateFile, st.Next, r.m.Points)
	}
	return r.resume(st)
}

// shardName formats a shard as i/n.
func shardName(i, n int) string { return fmt.Sprintf("%d/%d", i, n) }

func removeIfExists(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// fresh starts the folder afresh: manifest (incomplete) first, then the
// headers, then the first checkpoint.
func (r *SweepRecorder) fresh() error {
	if err := r.m.write(r.dir); err != nil {
		return err
	}
	if err := removeIfExists(filepath.Join(r.dir, SweepStateFile)); err != nil {
		return err
	}
	if err := r.openFiles(0, 0); err != nil {
		return err
	}
	var h bytes.Buffer
	cw := csv.NewWriter(&h)
	if err := cw.Write(r.header); err != nil {
		return r.closeFiles(err)
	}
	cw.Flush()
	if _, err := r.runsW.Write(h.Bytes()); err != nil {
		return r.closeFiles(err)
	}
	r.runsLen = int64(h.Len())
	ph := concat([]string{"point"}, r.m.Parameters,
		[]string{"replications", "agreements", "agreement_rate", "agreement_rate_lo", "agreement_rate_hi"})
	for _, m := range r.metric {
		ph = append(ph, m+"_mean", m+"_lo", m+"_hi")
	}
	if err := r.writePointsRow(ph); err != nil {
		return r.closeFiles(err)
	}
	r.state = sweepState{Fingerprint: r.m.Fingerprint, Shard: r.m.Shard, Shards: r.m.Shards,
		RunsBytes: r.runsLen, PointsBytes: r.pointsLen}
	if err := r.checkpoint(); err != nil {
		return r.closeFiles(err)
	}
	return nil
}

// resume truncates the files to the checkpoint and continues from it.
func (r *SweepRecorder) resume(st sweepState) error {
	for _, f := range []struct {
		name string
		n    int64
	}{{RunsFile, st.RunsBytes}, {PointsFile, st.PointsBytes}} {
		fi, err := os.Stat(filepath.Join(r.dir, f.name))
		if err != nil {
			return fmt.Errorf("cannot resume: %w", err)
		}
		if fi.Size() < f.n {
			return fmt.Errorf("cannot resume: %s has %d bytes, fewer than the %d of the checkpoint; empty the folder to start again", f.name, fi.Size(), f.n)
		}
		if fi.Size() > f.n {
			r.warnings = append(r.warnings, fmt.Errorf("%s held %d bytes written after the last checkpoint; they were dropped and their points will be played again", f.name, fi.Size()-f.n))
		}
	}
	if err := checkHeader(filepath.Join(r.dir, RunsFile), r.header); err != nil {
		return fmt.Errorf("cannot resume: %w", err)
	}
	if err := r.openFiles(st.RunsBytes, st.PointsBytes); err != nil {
		return err
	}
	r.state, r.from, r.runs = st, st.Next, st.Runs
	r.doneUpTo = st.Next - 1
	r.saved = r.opt.Now()
	return nil
}

// checkHeader checks that the first line of the CSV file at path is want.
func checkHeader(path string, want []string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	got, err := csv.NewReader(bufio.NewReader(f)).Read()
	if err != nil {
		return fmt.Errorf("%s: reading the header: %w", filepath.Base(path), err)
	}
	if !slices.Equal(got, want) {
		return fmt.Errorf("%s: the header %v is not this sweep's", filepath.Base(path), got)
	}
	return nil
}

// openFiles opens runs.csv and points.csv for writing at the given
// lengths, truncating whatever follows.
func (r *SweepRecorder) openFiles(runs, points int64) error {
	open := func(name string, size int64) (*os.File, error) {
		// Never through a link: a runs.csv linked out of the folder
		// would have its target truncated and appended to.
		f, err := atomicfile.OpenRegular(filepath.Join(r.dir, name), os.O_WRONLY|os.O_CREATE, 0o644)
		if err != nil {
			return nil, err
		}
		if err := f.Truncate(size); err != nil {
			f.Close()
			return nil, err
		}
		if _, err := f.Seek(size, io.SeekStart); err != nil {
			f.Close()
			return nil, err
		}
		return f, nil
	}
	var err error
	if r.runsF, err = open(RunsFile, runs); err != nil {
		return err
	}
	if r.pointsF, err = open(PointsFile, points); err != nil {
		r.runsF.Close()
		return err
	}
	r.runsW = bufio.NewWriterSize(r.runsF, runsBuffer)
	r.pointsW = bufio.NewWriterSize(r.pointsF, 64<<10)
	r.runsLen, r.pointsLen = runs, points
	return nil
}

// closeFiles closes the files and returns err.
func (r *SweepRecorder) closeFiles(err error) error {
	for _, f := range []*os.File{r.runsF, r.pointsF} {
		if f != nil {
			f.Close()
		}
	}
	r.runsF, r.pointsF = nil, nil
	return err
}

// From returns the first point to play: 0 for a fresh folder, the
// checkpoint's point after a resume, and Points when the folder was
// complete already. Pass it as sim.Sweep.From.
func (r *SweepRecorder) From() int { return r.from }

// Next returns the first point not yet complete: after Abort, the point
// a resumed sweep starts at.
func (r *SweepRecorder) Next() int { return r.state.Next }

// Resumed reports whether the recorder continues an earlier run (from a
// checkpoint, or of a complete folder).
func (r *SweepRecorder) Resumed() bool { return r.from > 0 }

// Complete reports whether the folder was complete already, so that there
// is nothing to play.
func (r *SweepRecorder) Complete() bool { return r.complete }

// Warnings returns the recorder's warnings so far, in order: columns
// renamed and bytes dropped on resuming, then, after Close, those of the
// analysis (WriteSweepAnalysis). A caller that shows them before the sweep
// shows only the new ones after Close.
func (r *SweepRecorder) Warnings() []error { return slices.Clone(r.warnings) }

// Manifest returns the manifest as last written.
func (r *SweepRecorder) Manifest() SweepManifest { return r.m }

// point returns what Encode needs of point p, computing it on first use;
// ok is false when the point is done already (a block the runner played
// beyond its adaptive decision, whose results it drops).
func (r *SweepRecorder) point(p int, n *sim.Negotiation) (info *sweepPointInfo, ok bool, err error) {
	r.mu.Lock()
	if p <= r.doneUpTo {
		r.mu.Unlock()
		return nil, false, nil
	}
	info = r.cache[p]
	if info == nil {
		info = &sweepPointInfo{}
		r.cache[p] = info
	}
	r.mu.Unlock()
	info.once.Do(func() {
		info.values = r.values(p)
		switch {
		case len(info.values) != len(r.m.Parameters):
			info.err = fmt.Errorf("point %d: %d parameter values for %d parameters", p, len(info.values), len(r.m.Parameters))
		case n.CheckUtilities() != nil:
			info.err = fmt.Errorf("point %d: no negotiation to measure", p)
		case !r.tournament && n.Space.NumIssues() != len(r.cols.issue):
			info.err = fmt.Errorf("point %d: %d issues, but the base scenario has %d", p, n.Space.NumIssues(), len(r.cols.issue))
		case len(r.cols.assume) == 0:
			// With assumptions every run measures itself (Result.Metrics).
			info.an = sim.Analyze(n)
		}
	})
	return info, true, info.err
}

// Encode appends to dst the row of runs.csv of result res of point p,
// played on negotiation n, followed by a few bytes that Emit reads and
// strips. It is safe for concurrent use: pass it as sim.Sweep.Encode. For
// a point already done (a block the runner drops) it returns dst as it is.
func (r *SweepRecorder) Encode(p int, n *sim.Negotiation, res *sim.Result, dst []byte) ([]byte, error) {
	info, ok, err := r.point(p, n)
	if err != nil || !ok {
		return dst, err
	}
	e := r.encoders.Get().(*rowEncoder)
	defer r.encoders.Put(e)
	e.rec.n, e.rec.cols, e.rec.last = n, r.cols, -1
	if err := e.rec.check(res); err != nil {
		return dst, fmt.Errorf("point %d replication %d: %w", p, res.Run, err)
	}
	e.buf.Reset()
	e.fields = append(append(e.fields[:0], strconv.Itoa(p)), info.values...)
	if err := e.rec.runsCSV.Write(e.fields); err != nil {
		return dst, err
	}
	e.rec.runsCSV.Flush()
	k := e.buf.Len()
	var m sim.Metrics
	switch {
	case res.Metrics != nil:
		m = *res.Metrics
	case info.an == nil:
		return dst, fmt.Errorf("point %d replication %d: it played a negotiation of its own (uncertain assumptions) but carries no metrics (sim.Result.Metrics)", p, res.Run)
	default:
		m = runMetrics(info.an, n, res)
	}
	write := e.rec.writeRun
	if r.tournament {
		write = e.rec.writeTournamentRun
	}
	if err := write(res, m); err != nil {
		return dst, err
	}
	e.rec.runsCSV.Flush()
	if err := e.rec.runsCSV.Error(); err != nil {
		return dst, err
	}
	b := e.buf.Bytes()
	b[k-1] = ',' // join the two records into one row
	dst = append(dst, b...)
	dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(m.DistPareto))
	dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(m.DistNash))
	return dst, nil
}

// Emit writes the row Encode made of result res of point p into runs.csv
// and counts it for points.csv. Results must come in the runner's order:
// points ascending, replications ascending from 0. Pass it as
// sim.Sweep.Emit.
func (r *SweepRecorder) Emit(p int, res *sim.Result, encoded []byte) error {
	if err := r.usable(); err != nil {
		return err
	}
	if len(encoded) <= sweepTrailer {
		return r.fail(fmt.Errorf("point %d: no encoded row (pass SweepRecorder.Encode as sim.Sweep.Encode)", p))
	}
	if !r.active {
		if p < r.state.Next || p >= r.m.Points || p%r.m.Shards != r.m.Shard {
			return r.fail(fmt.Errorf("point %d out of order (next point is %d)", p, r.state.Next))
		}
		r.cur = pointTally{point: p}
		r.active = true
	}
	if p != r.cur.point || res.Run != r.cur.n {
		return r.fail(fmt.Errorf("point %d replication %d out of order (expected point %d replication %d)", p, res.Run, r.cur.point, r.cur.n))
	}
	row, tail := encoded[:len(encoded)-sweepTrailer], encoded[len(encoded)-sweepTrailer:]
	if _, err := r.runsW.Write(row); err != nil {
		return r.fail(fmt.Errorf("writing %s: %w", RunsFile, err))
	}
	r.runsLen += int64(len(row))
	r.cur.add(res,
		math.Float64frombits(binary.LittleEndian.Uint64(tail)),
		math.Float64frombits(binary.LittleEndian.Uint64(tail[8:])))
	return nil
}

// PointDone writes the row of point p into points.csv after its last
// result, and writes a checkpoint when the last one is old enough. Pass it
// as sim.Sweep.PointDone.
func (r *SweepRecorder) PointDone(p, replications int) error {
	if err := r.usable(); err != nil {
		return err
	}
	if !r.active || r.cur.point != p || r.cur.n != replications {
		return r.fail(fmt.Errorf("point %d done after %d replications, but %d were recorded", p, replications, r.cur.n))
	}
	values := r.values(p)
	if len(values) != len(r.m.Parameters) {
		return r.fail(fmt.Errorf("point %d: %d parameter values for %d parameters", p, len(values), len(r.m.Parameters)))
	}
	r.row = r.cur.appendRow(append(append(r.row[:0], strconv.Itoa(p)), values...), r.metric)
	if err := r.writePointsRow(r.row); err != nil {
		return r.fail(err)
	}
	r.active = false
	r.runs += r.cur.n
	r.mu.Lock()
	r.doneUpTo = p
	delete(r.cache, p)
	r.mu.Unlock()
	r.state.Next, r.state.Runs = p+1, r.runs
	r.state.RunsBytes, r.state.PointsBytes = r.runsLen, r.pointsLen
	if now := r.opt.Now(); r.opt.Checkpoint < 0 || now.Sub(r.saved) >= cmp.Or(r.opt.Checkpoint, time.Second) {
		if err := r.checkpoint(); err != nil {
			return r.fail(err)
		}
	}
	return nil
}

// writePointsRow appends one row to points.csv.
func (r *SweepRecorder) writePointsRow(row []string) error {
	r.pointsBuf.Reset()
	if err := r.pointsCSV.Write(row); err != nil {
		return err
	}
	r.pointsCSV.Flush()
	if err := r.pointsCSV.Error(); err != nil {
		return err
	}
	if _, err := r.pointsW.Write(r.pointsBuf.Bytes()); err != nil {
		return fmt.Errorf("writing %s: %w", PointsFile, err)
	}
	r.pointsLen += int64(r.pointsBuf.Len())
	return nil
}

// sync flushes and syncs both files.
func (r *SweepRecorder) sync() error {
	for _, f := range []struct {
		name string
		w    *bufio.Writer
		f    *os.File
	}{{RunsFile, r.runsW, r.runsF}, {PointsFile, r.pointsW, r.pointsF}} {
		if err := f.w.Flush(); err != nil {
			return fmt.Errorf("writing %s: %w", f.name, err)
		}
		if err := f.f.Sync(); err != nil {
			return fmt.Errorf("syncing %s: %w", f.name, err)
		}
	}
	return nil
}

// checkpoint syncs the files and then records the last point boundary.
func (r *SweepRecorder) checkpoint() error {
	if err := r.sync(); err != nil {
		return err
	}
	if err := r.state.write(r.dir); err != nil {
		return err
	}
	r.saved = r.opt.Now()
	return nil
}

func (r *SweepRecorder) usable() error {
	switch {
	case r.closed:
		return errors.New("sweep recorder: used after Close or Abort")
	case r.complete:
		return errors.New("sweep recorder: the folder is complete; there is nothing to record")
	}
	return r.err
}

func (r *SweepRecorder) fail(err error) error {
	if r.err == nil {
		r.err = err
	}
	return r.err
}

// remaining reports whether the folder's share has a point at or after p.
func (r *SweepRecorder) remaining(p int) bool {
	if rem := p % r.m.Shards; rem != r.m.Shard {
		p += (r.m.Shard - rem + r.m.Shards) % r.m.Shards
	}
	return p < r.m.Points
}

// Close ends a sweep that played every point of its share: it syncs the
// files, marks the manifest complete, removes the checkpoint and writes
// the analysis (WriteSweepAnalysis: sensitivity.csv and, unless
// Options.NoCharts, the charts). If points
// are missing or an earlier call failed, Close returns an error and
// leaves the folder resumable, as Abort does.
func (r *SweepRecorder) Close() error { return r.CloseContext(context.Background()) }

// CloseContext is Close, stopped when ctx is done while it draws the
// charts: it then returns ctx's error (wrapped) with no analysis file
// written; the folder is complete, and the Close of a recorder made for
// it again (Options.Resume) writes the analysis.
func (r *SweepRecorder) CloseContext(ctx context.Context) error {
	if r.closed {
		return errors.New("sweep recorder: Close after Close or Abort")
	}
	defer r.lock.Unlock()
	if r.complete {
		r.closed = true
		return r.analyse(ctx)
	}
	if r.err != nil || r.active || r.remaining(r.state.Next) {
		err := r.err
		if err == nil {
			err = fmt.Errorf("sweep incomplete: point %d and later not played", r.state.Next)
		}
		if aerr := r.Abort(); aerr != nil {
			return errors.Join(err, aerr)
		}
		return err
	}
	r.closed = true
	err := r.sync()
	if cerr := r.closeFiles(nil); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	r.m.Runs, r.m.Complete = r.runs, true
	if err := r.m.write(r.dir); err != nil {
		return err
	}
	if err := removeIfExists(filepath.Join(r.dir, SweepStateFile)); err != nil {
		return err
	}
	if err := atomicfile.SyncDir(r.dir); err != nil {
		return err
	}
	return r.analyse(ctx)
}

// analyse writes sensitivity.csv and, unless NoCharts, the sweep charts
// (WriteSweepAnalysis); its warnings join the recorder's. A shard with no
// points (more shards than points) has no analysis.
func (r *SweepRecorder) analyse(ctx context.Context) error {
	if r.m.Runs == 0 { // a shard without points: nothing to analyse
		return nil
	}
	warnings, err := writeAnalysis(ctx, r.dir, r.m.Design, SweepAnalysisOptions{NoCharts: r.opt.NoCharts, DPI: r.opt.DPI})
	r.warnings = append(r.warnings, warnings...)
	return err
}

// Abort ends an interrupted sweep (Ctrl-C, a failed run) and leaves the
// folder consistent and resumable: runs.csv and points.csv are cut back to
// the last complete point, synced, and the checkpoint names the point
// after it. Rerun with Options.Resume to continue. It is safe to call more
// than once and after Close.
func (r *SweepRecorder) Abort() error {
	if r.closed {
		return nil
	}
	r.closed = true
	defer r.lock.Unlock()
	if r.complete || r.runsF == nil {
		return nil
	}
	err := r.runsW.Flush()
	if err == nil {
		err = r.pointsW.Flush()
	}
	if err == nil {
		err = r.runsF.Truncate(r.state.RunsBytes)
	}
	if err == nil {
		err = r.pointsF.Truncate(r.state.PointsBytes)
	}
	if err == nil {
		err = r.runsF.Sync()
	}
	if err == nil {
		err = r.pointsF.Sync()
	}
	if err == nil {
		err = r.state.write(r.dir)
	}
	if cerr := r.closeFiles(nil); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("saving the checkpoint of %s: %w", r.dir, err)
	}
	return nil
}

// pointTally accumulates one point's results for points.csv, in
// replication order.
type pointTally struct {
	point              int
	n, agreed, invited int
	m                  [8]welford // u_A, u_B, ud_A, ud_B, round, welfare, dist_pareto, dist_nash
}

func (t *pointTally) add(res *sim.Result, distPareto, distNash float64) {
	t.n++
	t.m[0].add(res.Utility[0])
	t.m[1].add(res.Utility[1])
	t.m[2].add(res.Discounted[0])
	t.m[3].add(res.Discounted[1])
	t.m[5].add(res.Utility[0] + res.Utility[1])
	if res.Agreed() {
		t.agreed++
		t.m[4].add(float64(res.Round))
		t.m[6].add(distPareto)
		t.m[7].add(distNash)
	}
	if res.Mediation.Invited {
		t.invited++
	}
}

// appendRow appends the statistics columns of points.csv.
func (t *pointTally) appendRow(row []string, metrics []string) []string {
	z := stats.Z(0.95)
	rate := func(k int) []string {
		lo, hi := stats.Wilson(k, t.n, z)
		return []string{formatFloat(float64(k) / float64(t.n)), formatFloat(lo), formatFloat(hi)}
	}
	row = append(row, strconv.Itoa(t.n), strconv.Itoa(t.agreed))
	row = append(row, rate(t.agreed)...)
	for i := range t.m {
		row = append(row, t.m[i].cells()...)
	}
	if len(metrics) > len(t.m) { // invited
		row = append(row, rate(t.invited)...)
	}
	return row
}

// welford is a running mean and sum of squared deviations (Welford 1962)
// that skips undefined (NaN) values.
type welford struct {
	n        int
	mean, m2 float64
}

func (w *welford) add(x float64) {
	if math.IsNaN(x) {
		return
	}
	w.n++
	d := x - w.mean
	w.mean += d / float64(w.n)
	w.m2 += d * (x - w.mean)
}

// cells returns mean, lo and hi of the 95% Student t interval; empty
// cells for what is undefined.
func (w *welford) cells() []string {
	nan := math.NaN()
	mean, lo, hi := nan, nan, nan
	if w.n > 0 {
		mean = w.mean
	}
	if w.n > 1 {
		lo, hi = stats.TInterval(w.mean, math.Sqrt(max(w.m2, 0)/float64(w.n-1)), float64(w.n), 0.95)
	}
	return []string{formatFloat(mean), formatFloat(lo), formatFloat(hi)}
}
