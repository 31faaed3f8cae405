package results

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"github.com/parley-sim/parley/results/atomicfile"
)

// MergeSweep merges the shard folders of a sweep (written with
// SweepManifest.Shard and Shards) into the folder out, which then holds
// what a single machine would have written, byte for byte: runs.csv and
// points.csv interleaved by point index, the manifest of a whole sweep,
// sensitivity.csv and the charts (WriteSweepAnalysis, whose warnings it
// returns).
//
// It refuses, naming the folder, shards that are incomplete, that belong
// to another sweep (fingerprint) or build (version, Go version,
// architecture), a shard given twice and a shard missing from 0…n−1. The
// tables are merged as streams, a row at a time, so memory does not grow
// with the size of the sweep.
func MergeSweep(out string, shards []string) (warnings []error, err error) {
	return MergeSweepWith(out, shards, SweepAnalysisOptions{})
}

// MergeSweepWith is MergeSweep with the options of the analysis it writes
// (WriteSweepAnalysis): the charts or not, their resolution.
func MergeSweepWith(out string, shards []string, o SweepAnalysisOptions) (warnings []error, err error) {
	return MergeSweepContext(context.Background(), out, shards, o)
}

// MergeSweepContext is MergeSweepWith, stopped when ctx is done while it
// draws the charts (the tables are merged as streams, at disk speed): it
// then returns ctx's error (wrapped), and a folder it created is removed,
// as after any failure.
func MergeSweepContext(ctx context.Context, out string, shards []string, o SweepAnalysisOptions) (warnings []error, err error) {
	return mergeSweep(ctx, out, shards, o)
}

// mergeSweep is MergeSweepContext.
func mergeSweep(ctx context.Context, out string, shards []string, o SweepAnalysisOptions) ([]error, error) {
	m, err := checkShards(out, shards)
	if err != nil {
		return nil, err
	}
	if err := checkFolder(out); err != nil {
		return nil, fmt.Errorf("merging into %s: %w", out, err)
	}
	if err := os.MkdirAll(filepath.Dir(filepath.Clean(out)), 0o755); err != nil {
		return nil, fmt.Errorf("merging into %s: %w", out, err)
	}
	lock, err := atomicfile.LockFolder(out, true)
	if err != nil {
		return nil, fmt.Errorf("merging into %s: %w", out, err)
	}
	defer lock.Unlock()
	// The shards must not change while they are read. (A shard that is
	// the output folder is refused below.)
	fo, _ := os.Stat(out)
	for _, dir := range shards {
		if fi, err := os.Stat(dir); err == nil && fo != nil && os.SameFile(fi, fo) {
			continue
		}
		l, err := atomicfile.LockFolder(dir, false)
		if err != nil {
			return nil, fmt.Errorf("merging into %s: shard folder %w", out, err)
		}
		defer l.Unlock()
	}
	_, statErr := os.Stat(out)
	created := errors.Is(statErr, fs.ErrNotExist)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("merging into %s: %w", out, err)
	}
	if err := atomicfile.CleanFiles(out); err != nil {
		return nil, fmt.Errorf("merging into %s: %w", out, err)
	}
	warnings, err := mergeInto(ctx, out, m, shards, o)
	if err != nil {
		if created {
			// A merge that fails leaves nothing behind, not even the
			// folder it made: its files were never renamed into place, or
			// are removed with it.
			_ = os.RemoveAll(out) // best effort; the merge's error matters
		}
		return warnings, err
	}
	return warnings, nil
}

// mergeInto merges the shards, whose first manifest is m, into the folder
// out, which exists.
func mergeInto(ctx context.Context, out string, m SweepManifest, shards []string, o SweepAnalysisOptions) ([]error, error) {
	if err := checkMergeTarget(out, &m, shards); err != nil {
		return nil, err
	}
	// order[i] is the folder of shard i.
	order := make([]string, m.Shards)
	for _, dir := range shards {
		sm, _ := ReadSweepManifest(dir) // read and checked by checkShards
		order[sm.Shard] = dir
	}
	runsT, runs, err := mergeTable(out, RunsFile, order, m.Points, nil, 0)
	if err != nil {
		return nil, err
	}
	pointsT, _, err := mergeTable(out, PointsFile, order, m.Points, runs, 1+len(m.Parameters))
	if err != nil {
		runsT.Abort()
		return nil, err
	}
	total := 0
	for _, n := range runs {
		total += n
	}
	// The manifest goes first, incomplete, so that a merge interrupted
	// while renaming is retried into the same folder.
	m.Shard, m.Shards, m.Runs, m.Complete = 0, 1, 0, false
	err = m.write(out)
	if err == nil {
		err = runsT.Rename()
	} else {
		runsT.Abort()
	}
	if err == nil {
		err = pointsT.Rename()
	} else {
		pointsT.Abort()
	}
	if err == nil {
		m.Runs, m.Complete = total, true
		err = m.write(out)
	}
	if err != nil {
		return nil, fmt.Errorf("merging into %s: %w", out, err)
	}
	if err := removeIfExists(filepath.Join(out, SweepStateFile)); err != nil {
		return nil, fmt.Errorf("merging into %s: %w", out, err)
	}
	warnings, err := writeAnalysis(ctx, out, m.Design, o)
	if err != nil {
		return warnings, fmt.Errorf("merging into %s: %w", out, err)
	}
	return warnings, nil
}

// checkShards reads the manifests of the shards and checks that they are
// the complete set of one sweep. It returns the first shard's manifest.
func checkShards(out string, shards []string) (SweepManifest, error) {
	var first SweepManifest
	if len(shards) == 0 {
		return first, refuse(errors.New("merge: no shard folders given"))
	}
	var (
		errs     []error
		seen     = map[int]string{}
		refused  = map[int]bool{}
		have     = 0
		firstDir string
	)
	for _, dir := range shards {
		m, err := ReadSweepManifest(dir)
		if err != nil {
			errs = append(errs, fmt.Errorf("shard folder %s: %w", dir, err))
			continue
		}
		if !m.Complete {
			errs = append(errs, fmt.Errorf("shard folder %s: shard %s is not complete; finish it with 'parley sweep --resume' first", dir, shardName(m.Shard, m.Shards)))
		}
		if have == 0 {
			first, firstDir = m, dir
		} else if d := sameSweep(&m, &first, dir+" was played with", firstDir+" with"); d != "" {
			errs = append(errs, fmt.Errorf("shard folder %s holds %s; not merged", dir, d))
			if m.Shards == first.Shards {
				refused[m.Shard] = true // its slot is accounted for by this message
			}
			continue
		} else if m.Shards != first.Shards {
			errs = append(errs, fmt.Errorf("shard folder %s: shard %s of a split into %d, but %s is a shard of a split into %d", dir, shardName(m.Shard, m.Shards), m.Shards, firstDir, first.Shards))
			continue
		}
		have++
		if prev, dup := seen[m.Shard]; dup {
			errs = append(errs, fmt.Errorf("shard folder %s: shard %s given twice (also %s)", dir, shardName(m.Shard, m.Shards), prev))
			continue
		}
		seen[m.Shard] = dir
	}
	if have > 0 {
		for i := range first.Shards {
			if _, ok := seen[i]; !ok && !refused[i] {
				errs = append(errs, fmt.Errorf("missing shard %s", shardName(i, first.Shards)))
			}
		}
	}
	if len(errs) > 0 {
		return first, refuse(fmt.Errorf("merging into %s: %w", out, errors.Join(errs...)))
	}
	return first, nil
}

// checkMergeTarget refuses an output folder that is one of the shards or
// holds another sweep or something else.
func checkMergeTarget(out string, m *SweepManifest, shards []string) error {
	fo, err := os.Stat(out)
	if err != nil {
		return fmt.Errorf("merging into %s: %w", out, err)
	}
	for _, dir := range shards {
		if fi, err := os.Stat(dir); err == nil && os.SameFile(fi, fo) {
			return refuse(fmt.Errorf("merging into %s: the output folder is the shard folder %s; choose another", out, dir))
		}
	}
	old, err := ReadSweepManifest(out)
	switch {
	case errors.Is(err, os.ErrNotExist):
		for _, name := range []string{RunsFile, PointsFile} {
			if _, err := os.Stat(filepath.Join(out, name)); err == nil {
				return refuse(fmt.Errorf("merging into %s: the folder holds %s but no sweep manifest; choose another folder or empty it", out, name))
			}
		}
		return nil
	case err != nil:
		return refuse(fmt.Errorf("merging into %s: the folder holds something else (%w); choose another folder or empty it", out, err))
	}
	if d := sameSweep(&old, m, "it was played with", "the shards with"); d != "" {
		return refuse(fmt.Errorf("merging into %s: the folder holds %s; choose another folder or empty it", out, d))
	}
	return nil
}

// mergeTable merges the table name of the shard folders (dirs[i] holds
// shard i of len(dirs)) into out/name, atomically: the header, then, for
// every point p in order, the rows of p from shard p % len(dirs). Every
// shard must hold rows of its own points only, in order, each point at
// least once. It returns the merged file, synced under a temporary name
// for the caller to rename, and the number of rows of each point. With
// reps (the runs.csv counts, for points.csv), every point must have
// exactly one row, whose column repCol (replications) agrees with reps.
// A shard whose table breaks these rules, or is missing, is damaged: the
// error wraps ErrSweepRefused (bad input, not worth a retry), while a
// failure to read or write is returned as it is.
func mergeTable(out, name string, dirs []string, points int, reps []int, repCol int) (*atomicfile.File, []int, error) {
	n := len(dirs)
	readers := make([]*recordReader, n)
	for i, dir := range dirs {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			closeReaders(readers)
			err = fmt.Errorf("merging into %s: shard folder %s: %w", out, dir, err)
			if errors.Is(err, fs.ErrNotExist) {
				err = refuse(err) // a complete shard without its table
			}
			return nil, nil, err
		}
		readers[i] = &recordReader{f: f, r: bufio.NewReaderSize(f, 256<<10), path: filepath.Join(dir, name)}
	}
	defer closeReaders(readers)

	t, err := atomicfile.Create(filepath.Join(out, name))
	if err != nil {
		return nil, nil, err
	}
	fail := func(err error) (*atomicfile.File, []int, error) {
		t.Abort()
		return nil, nil, fmt.Errorf("merging into %s: %w", out, err)
	}
	// damaged is fail for a shard whose table breaks the rules.
	damaged := func(err error) (*atomicfile.File, []int, error) {
		t.Abort()
		return nil, nil, refuse(fmt.Errorf("merging into %s: %w", out, err))
	}
	// read is fail or damaged, as the reader's error says.
	read := func(err error) (*atomicfile.File, []int, error) {
		if errors.Is(err, errTorn) {
			return damaged(err)
		}
		return fail(err)
	}
	var header []byte
	for i, rd := range readers {
		h, err := rd.next()
		if err != nil {
			return read(err)
		}
		if h == nil {
			return damaged(fmt.Errorf("%s: empty file", rd.path))
		}
		if i == 0 {
			header = bytes.Clone(h)
		} else if !bytes.Equal(h, header) {
			return damaged(fmt.Errorf("%s: the header differs from that of %s", rd.path, readers[0].path))
		}
	}
	if _, err := t.Write(header); err != nil {
		return fail(err)
	}
	counts := make([]int, points)
	for p := range points {
		rd := readers[p%n]
		for {
			rec, err := rd.peek()
			if err != nil {
				return read(err)
			}
			if rec == nil {
				break
			}
			q, err := recordPoint(rec)
			if err != nil {
				return damaged(fmt.Errorf("%s:%d: %w", rd.path, rd.line, err))
			}
			if q != p {
				if q < p || q%n != p%n || counts[p] == 0 {
					return damaged(fmt.Errorf("%s:%d: point %d where point %d was expected", rd.path, rd.line, q, p))
				}
				break
			}
			if reps != nil {
				if counts[p] > 0 {
					return damaged(fmt.Errorf("%s:%d: point %d twice", rd.path, rd.line, p))
				}
				fields, err := csv.NewReader(bytes.NewReader(rec)).Read()
				if err != nil || repCol >= len(fields) || fields[repCol] != strconv.Itoa(reps[p]) {
					return damaged(fmt.Errorf("%s:%d: point %d has %d rows in %s, but its replications column does not say so", rd.path, rd.line, p, reps[p], RunsFile))
				}
			}
			if _, err := t.Write(rec); err != nil {
				return fail(err)
			}
			rd.take()
			counts[p]++
		}
		if counts[p] == 0 {
			return damaged(fmt.Errorf("%s: no row of point %d", rd.path, p))
		}
	}
	for _, rd := range readers {
		rec, err := rd.peek()
		if err != nil {
			return read(err)
		}
		if rec != nil {
			return damaged(fmt.Errorf("%s:%d: a row after the last point of the shard", rd.path, rd.line))
		}
	}
	if err := t.Sync(); err != nil {
		return nil, nil, fmt.Errorf("merging into %s: %w", out, err)
	}
	return t, counts, nil
}

func closeReaders(rs []*recordReader) {
	for _, r := range rs {
		if r != nil {
			r.f.Close()
		}
	}
}

// errTorn is wrapped by the error about a table whose last line is not
// complete.
var errTorn = errors.New("the last line is not complete (a shard written by an interrupted run?)")

// recordReader reads the raw bytes of the records of a CSV file written
// by encoding/csv, one record at a time, newline included; a record spans
// lines when a quoted field holds a newline.
type recordReader struct {
	f      *os.File
	r      *bufio.Reader
	path   string
	buf    []byte
	peeked bool
	eof    bool
	line   int // line of the first line of the peeked record
	next1  int // line of the next record
}

// next returns the next record, or nil at the end of the file.
func (rr *recordReader) next() ([]byte, error) {
	rec, err := rr.peek()
	rr.take()
	return rec, err
}

// take consumes the peeked record.
func (rr *recordReader) take() { rr.peeked = false }

// peek returns the next record without consuming it, or nil at the end.
func (rr *recordReader) peek() ([]byte, error) {
	if rr.peeked {
		if rr.eof {
			return nil, nil
		}
		return rr.buf, nil
	}
	rr.peeked = true
	rr.buf = rr.buf[:0]
	rr.line = rr.next1 + 1
	quotes := 0
	for {
		chunk, err := rr.r.ReadSlice('\n')
		rr.buf = append(rr.buf, chunk...)
		quotes += bytes.Count(chunk, []byte{'"'})
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("reading %s: %w", rr.path, err)
		}
		if len(chunk) > 0 && chunk[len(chunk)-1] == '\n' {
			rr.next1++
		}
		if errors.Is(err, io.EOF) {
			if len(rr.buf) == 0 {
				rr.eof = true
				return nil, nil
			}
			return nil, fmt.Errorf("%s:%d: %w", rr.path, rr.line, errTorn)
		}
		if quotes%2 == 0 {
			return rr.buf, nil
		}
	}
}

// recordPoint parses the first field of a record: the point index, a
// whole number written without quotes.
func recordPoint(rec []byte) (int, error) {
	end := bytes.IndexAny(rec, ",\n")
	if end < 0 {
		end = len(rec)
	}
	v, err := strconv.Atoi(string(rec[:end]))
	if err != nil {
		return 0, fmt.Errorf("%q is not a point index", rec[:end])
	}
	return v, nil
}
