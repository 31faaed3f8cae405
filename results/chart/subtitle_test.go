package chart

import (
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/sim"
)

func TestWrapSubtitle(t *testing.T) {
	for _, c := range []struct {
		s    string
		w    vg.Length
		want []string
	}{
		{"aaa · bbb", 9, []string{"aaa · bbb"}},
		{"aaa · bbb · ccc", 9, []string{"aaa · bbb", "ccc"}},
		{"aaa · bb cc dd", 5, []string{"aaa", "bb cc", "dd"}},                                              // a part broken between words
		{"abcdefghij", 4, []string{"abcd", "efgh", "ij"}},                                                  // a word broken inside
		{"x · abcdéfgh", 4, []string{"x", "abcd", "éfgh"}},                                                 // by runes, not bytes
		{"a · b · c · d · e", 1, []string{"a", "b", "…"}},                                                  // at most maxSubtitleLines
		{"parley v1 · master seed 7 · 1000 runs", 20, []string{"parley v1", "master seed 7", "1000 runs"}}, // not "parley v1 · master"
	} {
		got := wrapSubtitle(&countingWidth{}, c.s, c.w)
		if !slices.Equal(got, c.want) {
			t.Errorf("wrapSubtitle(%q, %v) = %q, want %q", c.s, c.w, got, c.want)
		}
	}
}

// TestWrapSubtitleKeepsText checks that a wrapped subtitle keeps every
// character but the spaces and separators at its breaks, and that each
// line fits.
func TestWrapSubtitleKeepsText(t *testing.T) {
	s := "parley devel-0123456 · master seed 18446744073709551615 · 1,000,000 runs · nominal scenario's frontier · offers of run 12345 (seed 0x0123456789abcdef)"
	strip := func(s string) string { return strings.NewReplacer(" ", "", "·", "").Replace(s) }
	for w := vg.Length(20); w <= 160; w += 7 {
		lines := wrapSubtitle(&countingWidth{}, s, w)
		if len(lines) == maxSubtitleLines && strings.HasSuffix(lines[len(lines)-1], "…") {
			continue // too narrow for maxSubtitleLines lines
		}
		if got := strip(strings.Join(lines, "")); got != strip(s) {
			t.Errorf("w=%v: %q loses text", w, lines)
		}
		for _, l := range lines {
			if vg.Length(len([]rune(l))) > w {
				t.Errorf("w=%v: line %q is wider", w, l)
			}
		}
	}
}

func TestVersionText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "(unversioned)"},
		{"v0.3.1", "v0.3.1"},
		{"devel", "devel"},
		{"devel-0123456789ab", "devel-0123456"},
		{"devel-0123456789ab-dirty", "devel-0123456-dirty"},
		{"v0.0.0-20261207123456-abcdef012345", "v0.0.0-20261207123456-abcdef0"},
		{"v2.0.0-20261207123456-abcdef012345+incompatible", "v2.0.0-20261207123456-abcdef0+incompatible"},
		{"devel-" + strings.Repeat("ab", 20), "devel-abababa"},
		{"v1.2.3-rc.1", "v1.2.3-rc.1"},
	} {
		if got := versionText(c.in); got != c.want {
			t.Errorf("versionText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestSubtitleNotCut checks that a chart's subtitle too long for one
// line is wrapped, not cut with an ellipsis, and that the header grows
// with it.
func TestSubtitleNotCut(t *testing.T) {
	n := fixture.Facilitated(t)
	tally := NewTally(n.Space)
	tally.Add(sim.EndBreakdown, 2, [2]float64{0.1, 0.2}, nil, -1, false)
	long := "v0.0.0-20261207123456-abcdef012345+incompatible"
	in := &Input{Negotiation: n, Tally: tally, Version: long, Seed: 18446744073709551615}
	short := &Input{Negotiation: n, Tally: tally, Version: "v1", Seed: 1}
	ch := newConvergenceChart(in)
	// A subtitle wider than the chart, as a long scenario's would be.
	ch.hdr.subtitle += " · " + strings.Repeat("a very long part of a subtitle ", 3)
	text := strings.Join(recordedText(t, ch), "\n")
	if strings.Contains(text, "…") {
		t.Errorf("the chart's text has an ellipsis:\n%s", text)
	}
	for _, want := range []string{"parley v0.0.0-20261207123456-abcdef0+incompatible", "master seed 18446744073709551615", "a very long part"} {
		if !strings.Contains(text, want) {
			t.Errorf("the chart's text lacks %q:\n%s", want, text)
		}
	}
	if got := len(ch.hdr.lines()); got < 2 {
		t.Errorf("subtitle on %d line, want it wrapped", got)
	}
	if _, h := ch.size(); h <= func() vg.Length { _, h := newConvergenceChart(short).size(); return h }() {
		t.Errorf("the header does not grow with its subtitle's lines")
	}
}
