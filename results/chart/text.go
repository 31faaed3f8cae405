package chart

import (
	"strings"

	"gonum.org/v1/plot/vg"
)

// maxLineRunes bounds the runes of one line of chart text that is
// measured or drawn: more than the widest chart holds at the smallest
// type size, so that no text that fits is changed, and few enough that
// measuring a hostile label (200,000 characters) costs next to nothing.
const maxLineRunes = 1000

// clipRunes returns s cut to its first n runes.
func clipRunes(s string, n int) string {
	if len(s) <= n { // n bytes hold at least n runes
		return s
	}
	k := 0
	for i := range s {
		if k == n {
			return s[:i]
		}
		k++
	}
	return s
}

// fitText shortens s with an ellipsis until it fits width w in style
// sty: the longest prefix that fits with the ellipsis, without the
// spaces, commas and middle dots it ends with. Only the first
// maxLineRunes runes of s count, and the prefix is found by bisection
// (the width of a prefix grows with its length), so that fitting takes
// O(log n) measurements rather than one per rune.
func fitText(sty interface{ Width(string) vg.Length }, s string, w vg.Length) string {
	clipped := clipRunes(s, maxLineRunes)
	if clipped == s && sty.Width(s) <= w {
		return s
	}
	r := []rune(clipped)
	// The longest prefix r[:k] that fits with "…", k < len(r) unless s
	// was clipped: lo fits (or is 0), hi does not (or is out of reach).
	lo, hi := 0, len(r)
	if clipped != s {
		hi++
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if sty.Width(string(r[:mid])+"…") <= w {
			lo = mid
		} else {
			hi = mid
		}
	}
	if t := strings.TrimRight(string(r[:lo]), " ,·"); t != "" {
		return t + "…"
	}
	return "…"
}
