package genius

import (
	"os"
	"path/filepath"
	"testing"
)

// corpusDir returns the shared corpus folder (/work/shared/corpus here, and
// ../shared/corpus relative to the repository root in CI), or skips the
// test when it is absent. PARLEY_CORPUS overrides the search.
func corpusDir(tb testing.TB) string {
	tb.Helper()
	if dir := findCorpus(); dir != "" {
		return dir
	}
	tb.Skip("corpus not found: set PARLEY_CORPUS, or check out the shared corpus as ../shared/corpus next to the repository")
	return ""
}

// findCorpus looks for shared/corpus beside every ancestor of the working
// directory (the package folder), then at PARLEY_CORPUS.
func findCorpus() string {
	ok := func(dir string) bool {
		fi, err := os.Stat(filepath.Join(dir, "REFERENCE.md"))
		return err == nil && fi.Mode().IsRegular()
	}
	if dir := os.Getenv("PARLEY_CORPUS"); dir != "" {
		if ok(dir) {
			return dir
		}
		return ""
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for dir := wd; ; {
		for _, c := range []string{filepath.Join(dir, "shared", "corpus"), filepath.Join(dir, "..", "shared", "corpus")} {
			if ok(c) {
				return filepath.Clean(c)
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// corpusDomains lists the corpus's domain folders, relative to the corpus
// ("genius/Laptop"), sorted; nil when there is no corpus.
func corpusDomains() []string {
	root := findCorpus()
	if root == "" {
		return nil
	}
	var out []string
	for _, format := range []string{"genius", "geniusweb"} {
		entries, err := os.ReadDir(filepath.Join(root, format))
		if err != nil {
			continue
		}
		for _, e := range entries {
			if e.IsDir() {
				out = append(out, format+"/"+e.Name())
			}
		}
	}
	return out
}
