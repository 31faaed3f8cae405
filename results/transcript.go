package results

import (
	"io"
	"path/filepath"

	"github.com/parley-sim/parley/results/atomicfile"
	"github.com/parley-sim/parley/results/narrate"
	"github.com/parley-sim/parley/sim"
)

// TranscriptFile is the name of the narrated transcript of run 0
// (narrate.Run, without colour) that parley run writes into its output
// folder.
const TranscriptFile = "transcript.txt"

// WriteTranscript writes the narration of res without colour into the
// file TranscriptFile of folder dir, atomically.
func WriteTranscript(dir string, n *sim.Negotiation, res *sim.Result) error {
	return atomicfile.WriteFile(filepath.Join(dir, TranscriptFile), func(w io.Writer) error {
		return narrate.Run(w, n, res, narrate.Options{})
	})
}
