package parley

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// outside matches a citation of a file outside the repository: the shared
// folder beside the repository, and the reference documents that lived
// there. Spelled in pieces so that this file does not match itself.
var outside = regexp.MustCompile(`\.\./` + `shared|THEORY` + `\.md|FORMATS` + `\.md|REFERENCE` + `\.md`)

// TestNoCitationOutsideRepository checks that no file of the repository
// (code, tests, documentation, scenarios, test data) cites a file outside
// it, which a fresh clone does not have: every fact is cited from the
// literature or from the repository's own documents. .ci is left out: it
// holds tooling, not documentation.
func TestNoCitationOutsideRepository(t *testing.T) {
	var found []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", ".ci", "out", "bin":
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.IndexByte(data, 0) >= 0 {
			return nil // binary
		}
		for i, line := range strings.Split(string(data), "\n") {
			if outside.MatchString(line) {
				found = append(found, path+":"+strconv.Itoa(i+1)+": "+strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		t.Errorf("cites a file outside the repository: %s", f)
	}
}
