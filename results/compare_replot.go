package results

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/parley-sim/parley/results/atomicfile"
	"github.com/parley-sim/parley/results/chart"
	"github.com/parley-sim/parley/sim"
)

// ReplotCompare draws the charts of the comparison folder dir again from
// its runs.csv and manifest.json, given the arms' negotiations n (base,
// variant) rebuilt from the manifest's resolved scenarios, at the
// resolution o.DPI (o's other fields are not used). It gives the
// same bytes as the comparison that recorded the folder, so that a
// comparison recorded with CompareOptions.NoCharts can be drawn later.
// The folder is locked while it is written; charts the tables no longer
// support are removed and the manifest's list of files kept true. The
// tables are not trusted: every run index, round and value is checked
// before it is used.
func ReplotCompare(ctx context.Context, dir string, n [2]*sim.Negotiation, o ReplotOptions) (Replotted, error) {
	var rep Replotted
	m, err := ReadCompareManifest(dir)
	if err != nil {
		return rep, fmt.Errorf("replotting %s: %w", dir, err)
	}
	lock, err := atomicfile.LockWriter(dir)
	if err != nil {
		return rep, fmt.Errorf("replotting %s: %w", dir, err)
	}
	defer lock.Unlock()
	if m.Runs < 0 || m.Runs > sim.MaxRuns {
		return rep, fmt.Errorf("replotting %s: %s: runs %d outside [0, %d]", dir, ManifestFile, m.Runs, sim.MaxRuns)
	}
	r, err := newCompareReader(m, n, o.DPI)
	if err != nil {
		return rep, fmt.Errorf("replotting %s: %w", dir, err)
	}
	if err := r.readRuns(filepath.Join(dir, RunsFile)); err != nil {
		return rep, fmt.Errorf("replotting %s: %w", dir, err)
	}
	r.diffs = r.pairs.Differences(r.opt.Level)

	charts, warns := r.compareInput().Charts()
	rep.Warnings = append(rep.Warnings, warns...)
	type file struct {
		name string
		data []byte
	}
	var files []file
	for _, c := range charts {
		png, svg, err := c.Render(ctx, r.opt.DPI)
		if err != nil {
			return rep, fmt.Errorf("drawing the %s chart: %w", c.Name, err)
		}
		files = append(files, file{c.Name + ".png", png}, file{c.Name + ".svg", svg})
	}
	if err := ctx.Err(); err != nil {
		return rep, fmt.Errorf("replotting %s: %w", dir, err)
	}
	for _, f := range files {
		if err := atomicfile.WriteFile(filepath.Join(dir, f.name), func(w io.Writer) error { _, err := w.Write(f.data); return err }); err != nil {
			return rep, err
		}
		rep.Files = append(rep.Files, f.name)
	}
	var all []string
	for _, c := range chart.CompareNames() {
		all = append(all, c+".png", c+".svg")
	}
	stale := slices.DeleteFunc(all, func(s string) bool { return slices.Contains(rep.Files, s) })
	for _, name := range stale {
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return rep, fmt.Errorf("removing %s: %w", name, err)
		}
	}
	listed := slices.DeleteFunc(slices.Clone(m.Files), func(s string) bool { return slices.Contains(stale, s) })
	listed = append(listed, rep.Files...)
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

// newCompareReader returns a CompareRecorder that opens no folder, ready
// to read back the runs.csv of a comparison described by m whose arms
// played n (readRuns) and to draw its charts at dpi.
func newCompareReader(m CompareManifest, n [2]*sim.Negotiation, dpi int) (*CompareRecorder, error) {
	r := &CompareRecorder{m: m, n: n, opt: CompareOptions{Level: 0.95, DPI: dpi}, last: -1}
	for k := range 2 {
		if err := n[k].CheckUtilities(); err != nil {
			return nil, fmt.Errorf("arm %s: %w", armName(k), err)
		}
		c, err := newColumns(n[k])
		if err == nil {
			err = c.withAssumptions(m.Arms[k].Assumptions)
		}
		if err != nil {
			return nil, fmt.Errorf("arm %s: %w", armName(k), err)
		}
		r.cols[k] = c
	}
	if err := sameShape(n); err != nil {
		return nil, err
	}
	r.unionColumns()
	r.pairs = NewPairs(r.cols[0].party, m.Arms[0].ScenarioYAML != "" && m.Arms[0].ScenarioYAML == m.Arms[1].ScenarioYAML)
	r.shifts = newCompareTally(n)
	return r, nil
}

// readRuns reads a comparison's runs.csv back into the pairs and the
// tallies the charts are drawn from: the rows of each run come in pairs,
// base then variant, in increasing run order.
func (r *CompareRecorder) readRuns(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return r.readRunsFrom(f)
}

// readRunsFrom reads the text of a comparison's runs.csv from rd: see
// readRuns.
func (r *CompareRecorder) readRunsFrom(rd io.Reader) error {
	t, err := newTable(RunsFile, rd, r.header)
	if err != nil {
		return err
	}
	vi := newValueIndex(r.n[0].Space)
	values := make([]int, r.n[0].Space.NumIssues())
	var pair [2]sim.Result
	for k := 0; ; k = 1 - k {
		ok, err := t.next()
		if err != nil {
			return err
		}
		if !ok {
			if k == 1 {
				return t.errorf("run %d has no variant row", pair[0].Run)
			}
			break
		}
		if t.str("arm") != armName(k) {
			return t.errorf("arm %q, want %q (rows come in pairs, base then variant)", t.str("arm"), armName(k))
		}
		res := &pair[k]
		if res.Run, err = t.intIn("run", -1, 0, max(r.m.Runs-1, 0), "the manifest's runs"); err != nil {
			return err
		}
		if k == 0 && res.Run <= r.last || k == 1 && res.Run != pair[0].Run {
			return t.errorf("run %d out of order", res.Run)
		}
		end, ok := parseEnd(t.str("end"))
		if !ok {
			return t.errorf("end: %q is not an end reason", t.str("end"))
		}
		res.End = end
		if res.Round, err = t.intIn("round", -1, 0, sim.MaxDeadline, "the longest deadline"); err != nil {
			return err
		}
		if res.Agreement, err = t.outcome(r.cols[k], r.n[k].Space, vi, values); err != nil {
			return err
		}
		if res.Agreed() != (res.Agreement != sim.NoOutcome) {
			return t.errorf("an agreement needs a value of every issue, and only an agreement has them")
		}
		for i, id := range r.cols[k].party {
			if res.Utility[i], err = t.float("u_" + id); err == nil {
				res.Discounted[i], err = t.float("ud_" + id)
			}
			if err != nil {
				return err
			}
		}
		if k == 1 {
			r.last = pair[0].Run
			r.pairs.Add(&pair[0], &pair[1])
			r.shifts.add(&pair[0], &pair[1])
		}
	}
	return nil
}
