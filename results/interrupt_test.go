package results

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/sim"
)

// TestCloseContextCancelled checks that a run stopped while its charts
// are drawn (Ctrl-C) leaves the folder as it was and nothing beside it.
// Before, Close drew every chart with context.Background and put the new
// folder in place whatever happened meanwhile.
func TestCloseContextCancelled(t *testing.T) {
	n := fixture.Negotiation(t, 0.2, sim.RandomFirst, 0)
	root := t.TempDir()
	dir := filepath.Join(root, "run")
	record := func(ctx context.Context, runs int) error {
		r, err := NewRecorder(dir, n, testManifest(runs), testOptions(2, false))
		if err != nil {
			t.Fatal(err)
		}
		b := sim.Batch{Negotiation: n, Runs: runs, Seed: 7, Workers: 2, Trace: 2, Observe: r.Observer()}
		if err := b.Run(t.Context(), r.Add); err != nil {
			r.Abort()
			t.Fatal(err)
		}
		return r.CloseContext(ctx)
	}
	if err := record(t.Context(), 3); err != nil {
		t.Fatal(err)
	}
	before := folderBytes(t, dir)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := record(ctx, 5); !errors.Is(err, context.Canceled) {
		t.Errorf("CloseContext after Ctrl-C: %v, want context.Canceled", err)
	}
	if after := folderBytes(t, dir); !sameBytes(before, after) {
		t.Error("the run folder changed after Ctrl-C")
	}
	if entries, _ := os.ReadDir(root); len(entries) != 1 {
		t.Errorf("left beside the folder: %v", entries)
	}

	// The same for plot.
	if _, err := ReplotWith(ctx, dir, n, ReplotOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("ReplotWith after Ctrl-C: %v, want context.Canceled", err)
	}
	if after := folderBytes(t, dir); !sameBytes(before, after) {
		t.Error("the run folder changed after Ctrl-C in ReplotWith")
	}
}

// sameBytes reports whether two folders' files are the same.
func sameBytes(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || string(v) != string(w) {
			return false
		}
	}
	return true
}

// TestNewRecorderContextCancelled checks that a run stopped while the
// recorder analyses the outcome space (seconds for millions of outcomes)
// returns context.Canceled having created and locked nothing; and that
// a sweep's analysis stopped while drawing the charts writes no file. Before, the analysis and the charts ignored the context.
func TestNewRecorderContextCancelled(t *testing.T) {
	n := fixture.Negotiation(t, 0.2, sim.RandomFirst, 0)
	root := t.TempDir()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := NewRecorderContext(ctx, filepath.Join(root, "run"), n, testManifest(3), testOptions(2, false)); !errors.Is(err, context.Canceled) {
		t.Errorf("NewRecorderContext after Ctrl-C: %v, want context.Canceled", err)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 0 {
		t.Errorf("left after Ctrl-C: %v", entries)
	}
	an, err := analyzeContext(t.Context(), n)
	if err != nil || an.Outcomes != n.Space.Size() {
		t.Errorf("analyzeContext: %v, %v", an, err)
	}

	dir := fixture.CopySweep(t, filepath.Join("testdata", "sweep", "one"))
	before := folderBytes(t, dir)
	for _, o := range []SweepAnalysisOptions{{}, {NoCharts: true}} {
		if _, err := WriteSweepAnalysisContext(ctx, dir, o); !errors.Is(err, context.Canceled) {
			t.Errorf("WriteSweepAnalysisContext %+v after Ctrl-C: %v, want context.Canceled", o, err)
		}
		if after := folderBytes(t, dir); !sameBytes(before, after) {
			t.Errorf("WriteSweepAnalysisContext %+v: the sweep folder changed after Ctrl-C", o)
		}
	}
}

// TestCtxWriterStopsTable checks that a table written through ctxWriter
// stops within a few kilobytes once its context is done: Close wrote the
// frontier.csv of a 10^7-outcome space (566 MB) to its end after Ctrl-C,
// which took parley run 8 s to stop; it stops in half a second now.
func TestCtxWriterStopsTable(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var out bytes.Buffer
	w := csv.NewWriter(ctxWriter{ctx, &out})
	var err error
	for i := 0; i < 1_000_000 && err == nil; i++ {
		if i == 1000 {
			cancel()
		}
		err = w.Write([]string{strconv.Itoa(i), "0.123456789", "0.987654321", "true"})
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("writing after the context was done: %v, want context.Canceled", err)
	}
	if out.Len() > 64<<10 {
		t.Errorf("%d bytes written, want at most 64 KB", out.Len())
	}
}

// TestCtxReaderStopsTable checks that a table read through ctxReader
// stops within a few kilobytes once its context is done: parley plot of
// a 10^7-outcome run read its 566 MB frontier.csv to the end after
// Ctrl-C and took 20 s to stop; it stops in half a second now.
func TestCtxReaderStopsTable(t *testing.T) {
	var table bytes.Buffer
	for i := range 1_000_000 {
		fmt.Fprintf(&table, "%d,0.123456789,0.987654321,true\n", i)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	r := csv.NewReader(ctxReader{ctx, &table})
	rows := 0
	var err error
	for ; err == nil; rows++ {
		if rows == 1000 {
			cancel()
		}
		_, err = r.Read()
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("reading after the context was done: %v, want context.Canceled", err)
	}
	if rows > 1000+(64<<10)/30 {
		t.Errorf("%d rows read, want at most %d", rows, 1000+(64<<10)/30)
	}
}
