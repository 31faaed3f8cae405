package chart

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"gonum.org/v1/plot/vg"
)

// countingWidth measures text as a fixed width per rune, counting the
// measurements and the runes measured.
type countingWidth struct {
	calls, runes int
}

func (c *countingWidth) Width(s string) vg.Length {
	c.calls++
	n := utf8.RuneCountInString(s)
	c.runes += n
	return vg.Length(n)
}

// TestFitTextMeasures checks that fitText finds the longest prefix that
// fits with O(log n) measurements of text no longer than maxLineRunes,
// whatever the length of the text: a 10,000-character label was measured
// 10,000 times, each time whole (quadratic: 21 s for one chart).
func TestFitTextMeasures(t *testing.T) {
	for _, n := range []int{10, 1000, 10_000, 200_000} {
		s := strings.Repeat("abcdefghij", n/10)
		for _, w := range []vg.Length{0, 1, 5, 37, 500, 5000} {
			var m countingWidth
			got := fitText(&m, s, w)
			// The answer: the longest prefix that fits with its ellipsis,
			// or the whole text when it fits.
			want := s
			if vg.Length(n) > w {
				k := min(max(int(w)-1, 0), n, maxLineRunes)
				want = s[:k] + "…"
			}
			if got != want {
				t.Errorf("n=%d w=%v: got %d runes %q…, want %d runes", n, w, utf8.RuneCountInString(got), got[:min(len(got), 12)], utf8.RuneCountInString(want))
			}
			limit := 2 + int(math.Ceil(math.Log2(float64(min(n, maxLineRunes)+1))))
			if m.calls > limit {
				t.Errorf("n=%d w=%v: %d measurements, want at most %d", n, w, m.calls, limit)
			}
			if m.runes > limit*(maxLineRunes+1) {
				t.Errorf("n=%d w=%v: %d runes measured, want at most %d", n, w, m.runes, limit*(maxLineRunes+1))
			}
		}
	}
}

// TestFitTextTrims checks that the cut drops separators before the
// ellipsis, as the linear search did.
func TestFitTextTrims(t *testing.T) {
	var m countingWidth
	for _, c := range []struct {
		s    string
		w    vg.Length
		want string
	}{
		{"ab · cd", 7, "ab · cd"},
		{"ab · cde", 7, "ab · c…"},
		{"ab · cd", 6, "ab…"},
		{"ab · cd", 4, "ab…"},
		{"ab, cd", 4, "ab…"},
		{"abc", 0, "…"},
	} {
		if got := fitText(&m, c.s, c.w); got != c.want {
			t.Errorf("fitText(%q, %v) = %q, want %q", c.s, c.w, got, c.want)
		}
	}
}

// TestCleanText checks what chart text leaves out, that it keeps clean
// text as it is, and that cleaning twice changes nothing.
func TestCleanText(t *testing.T) {
	long := strings.Repeat("é", maxLineRunes+5)
	for _, c := range []struct{ in, want string }{
		{"Armenia", "Armenia"},
		{"utility (0–1) · R²", "utility (0–1) · R²"},
		{"a\x00b\x1b[31mc\x7fd\u0085e", "ab[31mcde"},
		{"tab\there\r", "tabhere"},
		{"x\u202ey\u2066z\u2028w\u2029v", "xyzwv"},
		{"bad \xff\xfe byte", "bad \uFFFD\uFFFD byte"},
		{"non\uFFFFchar\uFFFE", "nonchar"},
		{"two\nlines", "two\nlines"},
		{long, long[:2*maxLineRunes]},
		{strings.Repeat("l\n", 20), strings.Repeat("l\n", maxTextLines-1) + "l"},
	} {
		got := cleanText(c.in)
		if got != c.want {
			t.Errorf("cleanText(%q) = %q, want %q", c.in[:min(len(c.in), 40)], got[:min(len(got), 40)], c.want[:min(len(c.want), 40)])
		}
		if again := cleanText(got); again != got {
			t.Errorf("cleanText not idempotent on %q: %q", got[:min(len(got), 40)], again[:min(len(again), 40)])
		}
	}
}
