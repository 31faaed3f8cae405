package textcheck

import (
	"strings"
	"testing"
)

func TestLabel(t *testing.T) {
	tests := []struct {
		s, want string
	}{
		{"Simplified checks", ""},
		{"Zürich – Genève", ""},
		{"שלום עולם", ""}, // right-to-left text needs no controls
		{strings.Repeat("é", 200), ""},
		{strings.Repeat("é", 201), "expected a label of at most 200 characters, found 201"},
		{strings.Repeat("x", 200_000), "expected a label of at most 200 characters, found 200000"},
		{"a\x00b", "expected a label on one line without control characters, found U+0000 at character 2"},
		{"a\nb", "expected a label on one line without control characters, found U+000A at character 2"},
		{"\x1b[31mred", "expected a label on one line without control characters, found U+001B at character 1"},
		{"é\u0085", "expected a label on one line without control characters, found U+0085 at character 2"},
		{"a\u2028b", "expected a label on one line without control characters, found U+2028 at character 2"},
		{"abc\u202edcba", "expected a label on one line without control characters, found U+202E at character 4"},
	}
	for _, tc := range tests {
		if got := Label(tc.s, "a label", MaxLabel); got != tc.want {
			t.Errorf("Label(%.20q) = %q, want %q", tc.s, got, tc.want)
		}
	}
}

func TestProse(t *testing.T) {
	tests := []struct {
		s, want string
	}{
		{"Line one.\n\tLine two.\n", ""},
		{"bell\a", "expected a description without control characters (line feeds and tabs are allowed), found U+0007 at character 5"},
		{"cr\r\n", "expected a description without control characters (line feeds and tabs are allowed), found U+000D at character 3"},
		{strings.Repeat("x", MaxDescription+1), "expected a description of at most 4000 characters, found 4001"},
	}
	for _, tc := range tests {
		if got := Prose(tc.s, "a description", MaxDescription); got != tc.want {
			t.Errorf("Prose(%.20q) = %q, want %q", tc.s, got, tc.want)
		}
	}
}
