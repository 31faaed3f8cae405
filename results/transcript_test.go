package results

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/results/narrate"
	"github.com/parley-sim/parley/sim"
)

func TestWriteTranscript(t *testing.T) {
	n := fixture.Facilitated(t)
	res := fixture.Play(t, n, 1, 1, 11)[0]
	dir := t.TempDir()
	if err := WriteTranscript(dir, n, res); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, TranscriptFile))
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := narrate.Run(&want, n, res, narrate.Options{}); err != nil {
		t.Fatal(err)
	}
	if string(got) != want.String() {
		t.Errorf("%s differs from narrate.Run's text", TranscriptFile)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %d files, want only %s", len(entries), TranscriptFile)
	}
	// An untraced run leaves the old transcript as it was.
	if err := WriteTranscript(dir, n, &sim.Result{Agreement: sim.NoOutcome, By: -1}); err == nil {
		t.Error("an untraced run gives no error")
	}
	if again, _ := os.ReadFile(filepath.Join(dir, TranscriptFile)); !bytes.Equal(again, got) {
		t.Error("a failed write changed the transcript")
	}
}

// TestTranscriptTextInFolder checks Options.TranscriptText (a class's
// transcript, every pairing told): its text is transcript.txt, written
// with the folder, and when it fails Close fails and the folder stays as
// it was, nothing left beside it. parley serve wrote its transcript into
// the folder after the folder was put in place, outside its lock: a
// failure there left the new tables with the old transcript.
func TestTranscriptTextInFolder(t *testing.T) {
	n := fixture.Negotiation(t, 0, 0, 0)
	root := t.TempDir()
	dir := filepath.Join(root, "class")
	record := func(runs int, text func(io.Writer) error) error {
		opt := testOptions(1, false)
		opt.TranscriptText = text
		r, err := NewRecorder(dir, n, testManifest(runs), opt)
		if err != nil {
			t.Fatal(err)
		}
		b := sim.Batch{Negotiation: n, Runs: runs, Seed: 7, Workers: 1, Trace: 1, Observe: r.Observer()}
		if err := b.Run(t.Context(), r.Add); err != nil {
			r.Abort()
			t.Fatal(err)
		}
		return r.Close()
	}
	if err := record(2, func(w io.Writer) error { _, err := io.WriteString(w, "=== Pairing 1 ===\n"); return err }); err != nil {
		t.Fatal(err)
	}
	before := folderBytes(t, dir)
	if got := string(before[TranscriptFile]); got != "=== Pairing 1 ===\n" {
		t.Errorf("transcript.txt = %q", got)
	}
	failed := errors.New("narration failed")
	if err := record(3, func(w io.Writer) error { io.WriteString(w, "=== Pair"); return failed }); !errors.Is(err, failed) {
		t.Errorf("Close with a failing transcript: %v, want %v", err, failed)
	}
	if after := folderBytes(t, dir); !sameBytes(before, after) {
		t.Error("the folder changed although its transcript failed")
	}
	if entries, _ := os.ReadDir(root); len(entries) != 1 {
		t.Errorf("left beside the folder: %v", entries)
	}
}
