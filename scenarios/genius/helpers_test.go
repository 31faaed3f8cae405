package genius

import (
	"os"
	"path/filepath"
	"testing"
)

// corpusRoot is the test corpus shipped with the package: real GENIUS and
// GeniusWeb domains, copied unchanged (testdata/corpus/README.md names
// each file's origin and licence status).
const corpusRoot = "testdata/corpus"

// corpusDir returns the test corpus folder, and fails the test if it is
// missing: it ships with the repository, so its absence is an error, not
// a reason to skip.
func corpusDir(tb testing.TB) string {
	tb.Helper()
	if fi, err := os.Stat(corpusRoot); err != nil || !fi.IsDir() {
		tb.Fatalf("test corpus %s is missing (it ships with the repository): %v", corpusRoot, err)
	}
	return corpusRoot
}

// corpusDomains lists the corpus's domain folders, relative to the corpus
// ("genius/Laptop"), sorted, and fails the test if there are none.
func corpusDomains(tb testing.TB) []string {
	tb.Helper()
	var out []string
	for _, format := range []string{"genius", "geniusweb"} {
		entries, err := os.ReadDir(filepath.Join(corpusDir(tb), format))
		if err != nil {
			tb.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() {
				out = append(out, format+"/"+e.Name())
			}
		}
	}
	if len(out) == 0 {
		tb.Fatalf("no domains in %s", corpusRoot)
	}
	return out
}
