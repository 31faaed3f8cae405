package chart

import (
	"cmp"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/parley-sim/parley/results/narrate"
	"github.com/parley-sim/parley/sim"
)

// Geometry of the issues chart.
const (
	issueBarH     = 12 // points per option
	issueOverhead = 50 // points per panel for a one-line title and the x axis
	issueRowGap   = 8  // points between rows of panels
	issueCols     = 2
	// maxIssueLabels bounds the option labels of one panel; an issue with
	// more options labels every k-th.
	maxIssueLabels = 25
	// maxIssueBars bounds the height of a panel, in options: beyond it the
	// bars get thinner.
	maxIssueBars = 25
)

// issuesChart draws, for every issue, the share of agreements that chose
// each of its options, and marks the option of the Nash solution.
type issuesChart struct {
	n      *sim.Negotiation
	hdr    header
	shares [][]float64 // by issue and option
	nash   []int       // option of the Nash solution per issue, or nil
	legend legendGrid
}

func newIssuesChart(in *Input) *issuesChart {
	ch := &issuesChart{n: in.Negotiation}
	for _, counts := range in.Tally.values {
		s := make([]float64, len(counts))
		for k, c := range counts {
			s[k] = float64(c) / float64(in.Tally.agreed)
		}
		ch.shares = append(ch.shares, s)
	}
	if nash := in.Solutions.Nash; len(nash) > 0 && nash[0].Outcome != sim.NoOutcome {
		ch.nash = in.Negotiation.Space.Decode(nash[0].Outcome, make([]int, in.Negotiation.Space.NumIssues()))
	}
	ch.hdr = header{
		title:    scenarioName(in.Scenario) + ": what the agreements settled",
		subtitle: runSubtitle(in.Version, in.Seed, in.Tally.runs, "share of the "+narrate.Plural(in.Tally.agreed, "agreement")+" with each option"),
	}
	var entries []legendEntry
	entries = append(entries, legendEntry{label: "share of agreements", thumbs: []plot.Thumbnailer{boxThumb{fill: neutralFill, short: true}}})
	if ch.nash != nil {
		entries = append(entries, legendEntry{label: "option of the Nash solution", thumbs: []plot.Thumbnailer{glyphThumb{draw.GlyphStyle{Color: inkBlack, Radius: vg.Points(3), Shape: diamondGlyph{}}}}})
	}
	ch.legend = newLegendGrid(entries, chartWidth-2*margin, 2)
	return ch
}

// colWidth is the width of a column of panels.
func colWidth() vg.Length {
	return (chartWidth - 2*margin - issuePadX*(issueCols-1)) / issueCols
}

const issuePadX = 16 // points between columns of panels

// panelHeight returns the height of issue i's panel.
func (ch *issuesChart) panelHeight(i int) vg.Length {
	lines := strings.Count(ch.issueTitle(i, colWidth()), "\n")
	extra := vg.Length(lines) * textStyle(panelTSize, true, inkBlack).Height("Mg")
	return vg.Length(min(len(ch.shares[i]), maxIssueBars)*issueBarH+issueOverhead) + extra
}

// rowHeights returns the height of each row of panels, gap included.
func (ch *issuesChart) rowHeights() []vg.Length {
	return panelRows(len(ch.shares), ch.panelHeight)
}

// panelRows returns the heights of the rows of a grid of n issue panels,
// issueCols a row, each row as tall as its tallest panel (panelH) and the
// gap below it: the layout of the issues and compare-options charts.
func panelRows(n int, panelH func(i int) vg.Length) []vg.Length {
	var out []vg.Length
	for start := 0; start < n; start += issueCols {
		var h vg.Length
		for i := start; i < min(start+issueCols, n); i++ {
			h = max(h, panelH(i))
		}
		out = append(out, h+issueRowGap)
	}
	return out
}

func (ch *issuesChart) size() (w, h vg.Length) {
	h = 2*margin + ch.hdr.height() + ch.legend.height() + 4
	for _, rh := range ch.rowHeights() {
		h += rh
	}
	return chartWidth, h
}

// issueTitle returns the title of issue i's panel, in at most two lines of
// width w.
func (ch *issuesChart) issueTitle(i int, w vg.Length) string {
	is := ch.n.Space.Issues()[i]
	s := cmp.Or(is.Label, is.ID)
	if is.Unit != "" {
		s += " (" + is.Unit + ")"
	}
	sty := textStyle(panelTSize, true, inkBlack)
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		next := strings.TrimSpace(line + " " + word)
		if line != "" && sty.Width(next) > w {
			lines = append(lines, line)
			line = word
			continue
		}
		line = next
	}
	lines = append(lines, line)
	if len(lines) > 2 {
		lines = []string{lines[0], strings.Join(lines[1:], " ")}
	}
	for k := range lines {
		lines[k] = fitText(sty, lines[k], w)
	}
	return strings.Join(lines, "\n")
}

func (ch *issuesChart) draw(dc draw.Canvas) error {
	dc.SetColor(white)
	dc.Fill(dc.Rectangle.Path())
	inner := draw.Crop(dc, margin, -margin, margin, -margin)
	ch.hdr.draw(inner)
	colW := colWidth()
	top := inner.Max.Y - ch.hdr.height()
	heights := ch.rowHeights()
	issues := ch.n.Space.Issues()
	for row, rh := range heights {
		var plots []*plot.Plot
		var cells []draw.Canvas
		for col := range issueCols {
			i := row*issueCols + col
			if i >= len(ch.shares) {
				break
			}
			p := newPanel(false, false)
			p.Title.Text = ch.issueTitle(i, colW)
			p.Title.TextStyle = textStyle(panelTSize, true, inkBlack)
			p.Title.TextStyle.XAlign, p.Title.TextStyle.YAlign = draw.XCenter, draw.YTop
			p.Title.Padding = vg.Points(4)
			values := issues[i].Values
			k := len(values)
			every := (k + maxIssueLabels - 1) / maxIssueLabels
			var ticks plot.ConstantTicks
			bars := make([]hbar, k)
			for v := range k {
				y := float64(k - 1 - v) // first option at the top
				t := plot.Tick{Value: y}
				if v%every == 0 {
					t.Label = fitText(p.Y.Tick.Label, values[v].ID, colW*maxTickShare)
				}
				ticks = append(ticks, t)
				bars[k-1-v] = hbar{parts: []barPart{{ch.shares[i][v], neutralFill}}, lo: math.NaN(), hi: math.NaN(), mark: ch.nash != nil && ch.nash[i] == v}
				if ch.shares[i][v] > 0 {
					bars[k-1-v].label = percent(ch.shares[i][v])
				}
			}
			p.Y.Tick.Marker = ticks
			p.Y.Tick.Length = 0
			p.Y.Min, p.Y.Max = -0.6, float64(k)-0.4
			p.X.Min, p.X.Max = 0, 1.28
			p.X.Tick.Marker = percentTicks{}
			addGrid(p, true)
			set := addHBars(p, bars)
			// Panels of a row are as tall as the row; short ones keep
			// their bars at the common height, top-aligned.
			own := ch.panelHeight(i)
			x0 := inner.Min.X + vg.Length(col)*(colW+issuePadX)
			cell := draw.Canvas{Canvas: inner.Canvas, Rectangle: vg.Rectangle{
				Min: vg.Point{X: x0, Y: top - own},
				Max: vg.Point{X: x0 + colW, Y: top},
			}}
			set.size(p, cell)
			plots, cells = append(plots, p), append(cells, cell)
		}
		for k, p := range plots {
			p.Draw(cells[k])
		}
		top -= rh
	}
	ch.legend.draw(draw.Crop(inner, 0, 0, 0, -(inner.Max.Y-inner.Min.Y-ch.legend.height())), false)
	return nil
}
