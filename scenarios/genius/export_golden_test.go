package genius_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-sim/parley/scenarios"
	"github.com/parley-sim/parley/scenarios/genius"
)

// exportGoldens are the built-in scenarios whose exported files are kept
// under testdata/golden/export/SCENARIO-FORMAT/, with the warnings in
// warnings.txt: discrete issues (used-car), GENIUS integer and GeniusWeb
// number issues (single-text), and ranges written as discrete values, a
// facilitator and breakdown left out (south-caucasus).
var exportGoldens = []string{"used-car", "single-text", "south-caucasus"}

// TestExportGolden compares the exported files with the golden ones; go
// test -update rewrites them.
func TestExportGolden(t *testing.T) {
	for _, name := range exportGoldens {
		for _, f := range []genius.Format{genius.GeniusXML, genius.GeniusWebJSON} {
			t.Run(name+"/"+string(f), func(t *testing.T) {
				sc, err := scenarios.Load(name, nil)
				if err != nil {
					t.Fatal(err)
				}
				ex, err := genius.Export(sc.Negotiation, genius.ExportOptions{Format: f, Source: sc.Source})
				if err != nil {
					t.Fatal(err)
				}
				var warns strings.Builder
				for _, w := range ex.Warnings {
					warns.WriteString(w.Error() + "\n")
				}
				files := append(ex.Files[:], genius.File{Name: "warnings.txt", Data: []byte(warns.String())})
				dir := filepath.Join("testdata", "golden", "export", name+"-"+string(f))
				if *genius.Update { // no stale file left behind
					if err := os.RemoveAll(dir); err != nil {
						t.Fatal(err)
					}
				}
				for _, file := range files {
					genius.CheckGolden(t, filepath.Join(dir, file.Name), file.Data)
				}
			})
		}
	}
}
