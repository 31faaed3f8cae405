package chart

import (
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// levelLabel returns the label of a categorical sweep value, given as
// its canonical text (package scenarios: strings as written, null,
// collections as one-line flow YAML): the value as a reader names it,
// not its YAML. null is "none"; a mapping lists its entries as "key
// value", a strategy-like mapping with a type named by its type first
// ("boulware (e 0.2)"); a sequence lists its items; line breaks become
// spaces.
func levelLabel(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	switch {
	case s == "null" || s == "~":
		return "none"
	case strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}"):
		var typ string
		var rest []string
		for _, e := range splitFlow(s[1 : len(s)-1]) {
			k, v, ok := strings.Cut(e, ":")
			k, v = strings.TrimSpace(k), levelLabel(strings.TrimSpace(v))
			switch {
			case !ok:
				rest = append(rest, levelLabel(e))
			case k == "type" && typ == "":
				typ = v
			default:
				rest = append(rest, k+" "+v)
			}
		}
		switch {
		case typ == "" && len(rest) == 0:
			return "none"
		case typ == "":
			return strings.Join(rest, ", ")
		case len(rest) == 0:
			return typ
		}
		return typ + " (" + strings.Join(rest, ", ") + ")"
	case strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]"):
		items := splitFlow(s[1 : len(s)-1])
		for i, it := range items {
			items[i] = levelLabel(it)
		}
		return strings.Join(items, ", ")
	}
	return s
}

// splitFlow splits the inside of a flow collection at its top-level
// commas, leaving nested collections and quoted strings whole.
func splitFlow(s string) []string {
	var out []string
	depth, start := 0, 0
	var quote rune
	for i, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'':
			quote = r
		case r == '{' || r == '[':
			depth++
		case r == '}' || r == ']':
			depth--
		case r == ',' && depth == 0:
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	if t := strings.TrimSpace(s[start:]); t != "" || len(out) > 0 {
		out = append(out, t)
	}
	return out
}

// maxLevelLines is the most lines a level's label on an x axis wraps
// onto.
const maxLevelLines = 3

// fitLevelTicks fits the labels of the categorical x axis of p (one tick
// at each level 0, 1, …), drawn in cell, to the room each level has, so
// that neighbouring labels do not overlap: a label wider than its room
// wraps between words (at most maxLevelLines lines, the last shortened
// if it must be), and when the levels are too close for even a short
// label only every k-th level is labelled.
func fitLevelTicks(p *plot.Plot, cell draw.Canvas) {
	ticks, ok := p.X.Tick.Marker.(plot.ConstantTicks)
	if !ok || p.X.Max <= p.X.Min {
		return
	}
	// The data area depends on the labels (the first and last may widen
	// the margins): fit them to the area of the full labels, then again
	// to that of the fitted ones.
	for range 2 {
		fitLevelTicksIn(p, cell, ticks)
	}
}

// fitLevelTicksIn sets the ticks of p's x axis to ticks fitted to the
// room of their levels in p's present data area in cell.
func fitLevelTicksIn(p *plot.Plot, cell draw.Canvas, ticks plot.ConstantTicks) {
	dc := p.DataCanvas(cell)
	room := (dc.Max.X - dc.Min.X) / vg.Length(p.X.Max-p.X.Min) * 0.92 // per level, with a gap
	sty := p.X.Tick.Label
	// Label every k-th level, k the least multiple of the labels' present
	// spacing that leaves room for a few characters of each.
	step := 1
	if first := labelled(ticks, 0); first >= 0 {
		if next := labelled(ticks, first+1); next > first {
			step = next - first
		}
	}
	every := step
	for least := sty.Width("Mmm…"); room*vg.Length(every) < least && every < len(ticks); every += step {
	}
	out := make(plot.ConstantTicks, len(ticks))
	for i, t := range ticks {
		out[i] = plot.Tick{Value: t.Value}
		if t.Label != "" && i%every == 0 {
			out[i].Label = wrapLevel(sty, t.Label, room*vg.Length(every))
		}
	}
	p.X.Tick.Marker = out
}

// labelled returns the index of the first labelled tick from i on, or -1.
func labelled(ticks plot.ConstantTicks, i int) int {
	for ; i < len(ticks); i++ {
		if ticks[i].Label != "" {
			return i
		}
	}
	return -1
}

// wrapLevel breaks label between words onto lines of width at most w in
// style sty, at most maxLevelLines of them, the last shortened with an
// ellipsis only if the words do not fit.
func wrapLevel(sty text.Style, label string, w vg.Length) string {
	if sty.Width(label) <= w {
		return label
	}
	var lines []string
	line := ""
	for _, word := range strings.Fields(label) {
		if line != "" && sty.Width(line+" "+word) > w {
			lines = append(lines, line)
			line = word
			continue
		}
		line = strings.TrimSpace(line + " " + word)
	}
	lines = append(lines, line)
	if len(lines) > maxLevelLines {
		lines = append(lines[:maxLevelLines-1], strings.Join(lines[maxLevelLines-1:], " "))
	}
	for i := range lines {
		lines[i] = fitText(sty, lines[i], w)
	}
	return strings.Join(lines, "\n")
}
