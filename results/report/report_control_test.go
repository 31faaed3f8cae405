package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-sim/parley/results"
)

// TestReportControlCharacters checks that control characters in a
// folder's tables (which parley's input refuses, but a folder may be
// edited or damaged) never reach report.html: each is shown by a
// visible symbol instead. Before, ESC, BEL, NUL, DEL and a C1 control
// went into the page as they were.
func TestReportControlCharacters(t *testing.T) {
	dir := recordReportFolder(t)
	path := filepath.Join(dir, results.SolutionsFile)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	hostile := "na\x1b[31msh\x07\x00\x7f\u0085\u009b2J"
	b = bytes.Replace(b, []byte("nash"), []byte(hostile), 1)
	if !bytes.Contains(b, []byte(hostile)) {
		t.Fatal("no nash row in solutions.csv to change")
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	page := reportOf(t, dir, Options{})
	for i, r := range page {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || (r >= 0x7f && r <= 0x9f) {
			t.Fatalf("control character %U in the report at %d: %q", r, i, page[max(0, i-40):min(len(page), i+40)])
		}
	}
	// html/template itself turns NUL into U+FFFD.
	if want := "na␛[31msh␇\ufffd␡\ufffd\ufffd2J"; !strings.Contains(page, want) {
		t.Errorf("the report lacks %q", want)
	}
}

func TestReplaceControls(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"plain text\twith\r\nbreaks", "plain text\twith\r\nbreaks"},
		{"\x00\x1f\x7f", "␀␟␡"},
		{"é \u00a0 \u0080\u009f \u00c2", "é \u00a0 \ufffd\ufffd \u00c2"},
		{"\xc2", "\xc2"}, // a lone lead byte is left as it is
	} {
		if got := string(replaceControls([]byte(c.in))); got != c.want {
			t.Errorf("replaceControls(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
