package results

import (
	"bytes"
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
