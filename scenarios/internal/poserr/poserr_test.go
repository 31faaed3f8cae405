package poserr

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
)

func TestErrorText(t *testing.T) {
	tests := []struct {
		e    Error
		want string
	}{
		{Error{File: "a.yaml", Line: 8, Col: 5, Path: "parties.a.stratgy", Msg: "unknown field"}, "a.yaml:8:5: parties.a.stratgy: unknown field"},
		{Error{File: "a.yaml", Line: 2, Msg: "YAML syntax error"}, "a.yaml:2: YAML syntax error"},
		{Error{File: "a.yaml", Col: 3, Msg: "m"}, "a.yaml: m"}, // a column without a line is not shown
		{Error{File: "--set x=1", Path: "x", Msg: "unknown field"}, "--set x=1: x: unknown field"},
		{Error{Path: "p", Msg: "m"}, "p: m"},
		{Error{Msg: "m"}, "m"},
	}
	for _, tc := range tests {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("%#v: %q, want %q", tc.e, got, tc.want)
		}
	}
}

func TestErrorListUnwrap(t *testing.T) {
	l := ErrorList{{File: "a", Msg: "one"}, {File: "b", Msg: "two", Err: fs.ErrNotExist}}
	var err error = l
	if got := err.Error(); got != "a: one\nb: two" {
		t.Errorf("text %q", got)
	}
	var e *Error
	if !errors.As(err, &e) || e.Msg != "one" {
		t.Errorf("errors.As found %v", e)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Error("errors.Is does not see the cause of the second error")
	}
}

func TestLines(t *testing.T) {
	data := []byte("ab\nçd\n\nx")
	l := NewLines(data)
	for off, want := range map[int64][2]int{0: {1, 1}, 2: {1, 3}, 3: {2, 1}, 5: {2, 2}, 6: {2, 3}, 7: {3, 1}, 8: {4, 1}, 9: {4, 2}, 10: {0, 0}, -1: {0, 0}} {
		line, col := l.Pos(off)
		if [2]int{line, col} != want {
			t.Errorf("Pos(%d) = %d:%d, want %d:%d", off, line, col, want[0], want[1])
		}
		if off >= 0 && off <= int64(len(data)) {
			if line2, col2 := Pos(data, int(off)); line2 != line || col2 != col {
				t.Errorf("Pos(data, %d) = %d:%d, Lines.Pos %d:%d", off, line2, col2, line, col)
			}
		}
	}
}

func TestClip(t *testing.T) {
	long := strings.Repeat("é", 1_000_000)
	for s, want := range map[string]string{
		"short":                 "short",
		strings.Repeat("a", 40): strings.Repeat("a", 40),
		strings.Repeat("a", 41): strings.Repeat("a", 40) + "...",
		long:                    strings.Repeat("é", 40) + "...",
		strings.Repeat("é", 40): strings.Repeat("é", 40),
	} {
		if got := Clip(s); got != want {
			t.Errorf("Clip(%d bytes) = %q, want %q", len(s), got, want)
		}
	}
}

func TestNearest(t *testing.T) {
	cands := []string{"strategy", "weights", "values", "run"}
	tests := []struct {
		word, want string
		ok         bool
	}{
		{"stratgy", "strategy", true},
		{"STRATEGY", "strategy", true},
		{"rnu", "run", true},
		{"xyz", "", false},
		{"ru", "run", true},
		{"r", "run", true}, // 2 edits, fewer than the 3 letters of "run"
		{"xx", "", false},  // 2 edits from no candidate of more than 2 letters
		{strings.Repeat("w", 1_000_000), "", false},
	}
	for _, tc := range tests {
		got, ok := Nearest(tc.word, cands)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Nearest(%.10q) = %q, %v; want %q, %v", tc.word, got, ok, tc.want, tc.ok)
		}
	}
	budget := 10
	if _, ok := NearestWithin("stratgy", cands, &budget); ok {
		t.Error("suggested beyond the budget")
	}
	if got := Suggest("zzz", []string{"a", "b"}, nil); got != " (expected one of a, b)" {
		t.Errorf("Suggest without a near candidate: %q", got)
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"kitten", "sitting", 10, 3},
		{"kitten", "sitting", 2, 2},
		{"", "abc", 10, 3},
		{"é", "e", 10, 1},
		{strings.Repeat("a", 100), strings.Repeat("a", 64) + "b", 10, 0}, // beyond 64 characters nothing counts
	}
	for _, tc := range tests {
		if got := EditDistance(tc.a, tc.b, tc.limit); got != tc.want {
			t.Errorf("EditDistance(%.10q, %.10q, %d) = %d, want %d", tc.a, tc.b, tc.limit, got, tc.want)
		}
	}
}

// TestName checks that a file name with control characters is shown
// escaped, in messages and in an Error's location.
func TestName(t *testing.T) {
	for s, want := range map[string]string{
		"dir/a.xml":          "dir/a.xml",
		"Zürich.yaml":        "Zürich.yaml",
		"\x1b[2J.xml":        `"\x1b[2J.xml"`,
		"a\nb.yaml":          `"a\nb.yaml"`,
		"evil\u202elmx.yaml": `"evil\u202elmx.yaml"`,
	} {
		if got := Name(s); got != want {
			t.Errorf("Name(%q) = %s, want %s", s, got, want)
		}
	}
	e := &Error{File: "\x1b[2J.xml", Line: 1, Msg: "m"}
	if got := e.Error(); got != `"\x1b[2J.xml":1: m` {
		t.Errorf("Error() = %q", got)
	}
}
