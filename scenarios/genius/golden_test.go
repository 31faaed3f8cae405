package genius

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenDomains are the corpus domains whose converted scenarios are kept
// as golden files: one per kind of issue and format.
var goldenDomains = []string{
	"genius/Laptop",          // discrete, weights not summing to 1, discount
	"genius/TestIntDomain",   // integer issues
	"genius/FuzzyAgentPrice", // a real issue
	"genius/SupermarketA",    // reservation values, many values
	"geniusweb/JapnTrip",     // GeniusWeb, old keys, reservation bids
	"geniusweb/ANL2023-domain00",
}

// TestGolden compares the scenarios written for goldenDomains with
// testdata/golden/*.yaml; go test -update rewrites them.
func TestGolden(t *testing.T) {
	for _, dir := range goldenDomains {
		t.Run(dir, func(t *testing.T) {
			im := importCorpus(t, dir)
			path := filepath.Join("testdata", "golden", strings.ReplaceAll(dir, "/", "-")+".yaml")
			checkGolden(t, path, im.YAML)
		})
	}
}

// checkGolden compares got with the golden file at path, or with -update
// writes it there (creating the folder).
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from what the code writes (run go test -update and review the diff):\n%s", path, got)
	}
}
