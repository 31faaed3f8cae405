package chart

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/parley-sim/parley/results/narrate"
)

// Names of the tournament charts, each written as NAME.png (DPI) and
// NAME.svg by results.WriteTournamentAnalysis.
const (
	// TournamentRanking shows each agent's mean utility with its 95%
	// interval, best first.
	TournamentRanking = "tournament-ranking"
	// TournamentMatchups shows the mean utility of each agent (a row)
	// against each opponent (a column) as a heat map.
	TournamentMatchups = "tournament-matchups"
)

// Geometry of the tournament charts.
const (
	rankRowH = 0.3 * vg.Inch // height of an agent's row in the ranking
	// maxMatchupLabels is the most agents whose heat map cells carry
	// their values.
	maxMatchupLabels = 12
)

// TournamentData is what the tournament charts draw: the ranking and the
// mean utility of every pairing.
type TournamentData struct {
	// Name is the tournament's name; Version the parley version; Seed
	// the master seed.
	Name    string
	Version string
	Seed    uint64
	// Domains, Repetitions and Runs count the domains, the repetitions
	// of each pairing and the negotiations played.
	Domains, Repetitions, Runs int
	// Ranking holds the agents, best first.
	Ranking []TournamentRank
	// Agents are the agents' labels in file order, the rows and columns
	// of Matchups.
	Agents []string
	// Matchups[i][j] is the mean utility of agent i against agent j; NaN
	// where they did not meet.
	Matchups [][]float64
}

// TournamentRank is an agent's place in the ranking.
type TournamentRank struct {
	// Label names the agent.
	Label string
	// Mean, Lo and Hi are its mean utility and 95% interval (NaN bounds
	// without one).
	Mean, Lo, Hi float64
	// N is its number of negotiations.
	N int
	// Best and Worst are the ranks its interval allows.
	Best, Worst int
}

// TournamentCharts returns the tournament charts, and warnings about
// those it cannot draw.
func TournamentCharts(d *TournamentData) ([]Chart, []error) {
	if len(d.Ranking) == 0 {
		return nil, []error{errors.New("no agent: no tournament charts")}
	}
	return []Chart{
		{TournamentRanking, &rankingChart{d: d}},
		{TournamentMatchups, newMatchupChart(d)},
	}, nil
}

// subtitle returns the tournament charts' subtitle.
func (d *TournamentData) subtitle() string {
	return strings.Join([]string{"parley " + versionText(d.Version), "master seed " + strconv.FormatUint(d.Seed, 10),
		narrate.Plural(len(d.Agents), "agent"), narrate.Plural(d.Domains, "domain"),
		narrate.Plural(d.Repetitions, "repetition"), narrate.Plural(d.Runs, "negotiation")}, " · ")
}

// rankingChart draws the ranking: one row per agent, best at the top, a
// dot at its mean utility and a whisker for its 95% t interval; the rank
// range its interval allows is written at the right when it is not a
// single rank.
type rankingChart struct {
	d *TournamentData
}

func (ch *rankingChart) hdr() multiHeader {
	return multiHeader{
		title: ch.d.Name + ": ranking by mean utility",
		lines: []string{ch.d.subtitle(), "dots: mean utility over all negotiations · bars: 95% t interval · ranks: those the intervals allow"},
	}
}

func (ch *rankingChart) size() (w, h vg.Length) {
	return chartWidth, ch.hdr().height() + vg.Length(len(ch.d.Ranking))*rankRowH + 1.1*vg.Inch + 2*margin
}

func (ch *rankingChart) draw(dc draw.Canvas) error {
	dc.SetColor(white)
	dc.Fill(dc.Rectangle.Path())
	inner := draw.Crop(dc, margin, -margin, margin, -margin)
	hdr := ch.hdr()
	hdr.draw(inner)
	p := newPanel(true, false)
	p.X.Label.Text = "mean utility (0–1)"
	p.X.Min, p.X.Max = 0, 1
	k := len(ch.d.Ranking)
	var ticks plot.ConstantTicks
	var dots plotter.XYs
	var bars plotter.XYs
	var errs plotter.XErrors
	for i, r := range ch.d.Ranking {
		y := float64(k - 1 - i)
		ticks = append(ticks, plot.Tick{Value: y, Label: rankLabel(i, ch.d.Ranking)})
		if math.IsNaN(r.Mean) {
			continue
		}
		p.X.Min, p.X.Max = math.Min(p.X.Min, r.Mean), math.Max(p.X.Max, r.Mean)
		dots = append(dots, plotter.XY{X: r.Mean, Y: y})
		if !math.IsNaN(r.Lo) {
			p.X.Min, p.X.Max = math.Min(p.X.Min, r.Lo), math.Max(p.X.Max, r.Hi)
			bars = append(bars, plotter.XY{X: r.Mean, Y: y})
			errs = append(errs, struct{ Low, High float64 }{r.Mean - r.Lo, r.Hi - r.Mean})
		}
	}
	if p.X.Min < 0 || p.X.Max > 1 {
		p.X.Tick.Marker = spacedTicks{}
	}
	p.Y.Min, p.Y.Max = -0.6, float64(k)-0.4
	p.Y.Tick.Marker = ticks
	p.Y.Tick.Length = 0
	addGrid(p, true)
	if len(bars) > 0 {
		eb := &plotter.XErrorBars{XYs: bars, XErrors: errs, LineStyle: draw.LineStyle{Color: okabeBlue, Width: vg.Points(1.5)}, CapWidth: vg.Points(6)}
		p.Add(eb)
	}
	if len(dots) > 0 {
		sc, err := plotter.NewScatter(dots)
		if err != nil {
			return fmt.Errorf("ranking: %w", err)
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: inkBlack, Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}
		p.Add(sc)
	}
	p.Draw(draw.Crop(inner, 0, 0, 0, -hdr.height()))
	return nil
}

// rankLabel labels row i of the ranking: its rank, its label and, when
// its interval allows other ranks, their range.
func rankLabel(i int, rows []TournamentRank) string {
	r := rows[i]
	rank := 1
	for _, o := range rows {
		if o.Mean > r.Mean {
			rank++
		}
	}
	s := strconv.Itoa(rank) + ". " + r.Label
	if r.Best != r.Worst {
		s += fmt.Sprintf(" (%d–%d)", r.Best, r.Worst)
	}
	return s
}

// matchupChart draws the mean utility of each agent (a row) against each
// opponent (a column) on the viridis scale, values in the cells.
type matchupChart struct {
	d      *TournamentData
	scale  colourScale
	labels bool
}

func newMatchupChart(d *TournamentData) *matchupChart {
	lo, hi := 0.0, 1.0
	for _, row := range d.Matchups {
		lo, hi = math.Min(lo, finiteMin(row)), math.Max(hi, finiteMax(row))
	}
	return &matchupChart{d: d, scale: colourScale{pal: newHeatPalette(heatColours), lo: lo, hi: hi}, labels: len(d.Agents) <= maxMatchupLabels}
}

func (ch *matchupChart) hdr() multiHeader {
	return multiHeader{
		title: ch.d.Name + ": mean utility of each agent against each opponent",
		lines: []string{ch.d.subtitle(), "row: the agent whose utility is shown · column: its opponent", "both roles and every domain pooled · –: the two never met"},
	}
}

// cell returns the side of a cell and the width of the row labels.
func (ch *matchupChart) cell() (side, labelW vg.Length) {
	ts := textStyle(tickSize, false, inkBlack)
	for _, a := range ch.d.Agents {
		labelW = max(labelW, ts.Width(a))
	}
	labelW = min(labelW+6, chartWidth/3)
	n := vg.Length(len(ch.d.Agents))
	side = min((chartWidth-2*margin-labelW-barWidth-60)/n, 0.6*vg.Inch)
	return side, labelW
}

func (ch *matchupChart) size() (w, h vg.Length) {
	side, labelW := ch.cell()
	return chartWidth, ch.hdr().height() + side*vg.Length(len(ch.d.Agents)) + min(labelW, 2.2*vg.Inch) + 2*margin + 20
}

func (ch *matchupChart) draw(dc draw.Canvas) error {
	dc.SetColor(white)
	dc.Fill(dc.Rectangle.Path())
	inner := draw.Crop(dc, margin, -margin, margin, -margin)
	hdr := ch.hdr()
	hdr.draw(inner)
	side, labelW := ch.cell()
	n := len(ch.d.Agents)
	top := inner.Max.Y - hdr.height() - 6
	// The grid, its labels and the colour bar, centred.
	used := labelW + vg.Length(n)*side + 14 + barWidth + 50
	left := inner.Min.X + max(0, (inner.Max.X-inner.Min.X-used)/2) + labelW
	ts := textStyle(tickSize, false, inkBlack)
	vs := textStyle(noteSize, false, inkBlack)
	vs.XAlign, vs.YAlign = draw.XCenter, draw.YCenter
	for i, row := range ch.d.Matchups {
		y0 := top - vg.Length(i+1)*side
		rs := ts
		rs.XAlign, rs.YAlign = draw.XRight, draw.YCenter
		dc.FillText(rs, vg.Point{X: left - 4, Y: y0 + side/2}, fitText(rs, ch.d.Agents[i], labelW-6))
		for j, v := range row {
			x0 := left + vg.Length(j)*side
			rect := vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x0 + side, Y: y0 + side}}
			c := color.Color(missingGrey)
			if !math.IsNaN(v) {
				c = ch.scale.at(v)
			}
			dc.SetColor(c)
			dc.Fill(rect.Path())
			switch {
			case !ch.labels:
			case math.IsNaN(v):
				vs.Color = inkGrey
				dc.FillText(vs, vg.Point{X: x0 + side/2, Y: y0 + side/2}, "–")
			default:
				vs.Color = ink(c)
				dc.FillText(vs, vg.Point{X: x0 + side/2, Y: y0 + side/2}, strconv.FormatFloat(v, 'f', 2, 64))
			}
		}
	}
	// Column labels, rotated, below the grid.
	bottom := top - vg.Length(n)*side
	cs := ts
	cs.XAlign, cs.YAlign = draw.XRight, draw.YCenter
	cs.Rotation = math.Pi / 2
	for j, a := range ch.d.Agents {
		x := left + vg.Length(j)*side + side/2
		dc.FillText(cs, vg.Point{X: x, Y: bottom - 4}, fitText(cs, a, min(labelW, 2.2*vg.Inch)-6))
	}
	// The colour bar at the right.
	bx := left + vg.Length(n)*side + 14
	steps := len(ch.scale.pal)
	h := vg.Length(n) * side
	for k := range steps {
		y0 := bottom + h*vg.Length(k)/vg.Length(steps)
		dc.SetColor(ch.scale.pal[k])
		dc.Fill(vg.Rectangle{Min: vg.Point{X: bx, Y: y0}, Max: vg.Point{X: bx + barWidth, Y: y0 + h/vg.Length(steps) + 0.3}}.Path())
	}
	bs := textStyle(tickSize, false, inkBlack)
	bs.XAlign, bs.YAlign = draw.XLeft, draw.YCenter
	for _, v := range []float64{ch.scale.lo, (ch.scale.lo + ch.scale.hi) / 2, ch.scale.hi} {
		y := bottom + h*vg.Length((v-ch.scale.lo)/(ch.scale.hi-ch.scale.lo))
		dc.FillText(bs, vg.Point{X: bx + barWidth + 3, Y: y}, strconv.FormatFloat(v, 'f', -1, 64))
	}
	ls := textStyle(labelSize, false, inkBlack)
	ls.XAlign, ls.YAlign = draw.XCenter, draw.YTop
	ls.Rotation = -math.Pi / 2
	dc.FillText(ls, vg.Point{X: bx + barWidth + 34, Y: bottom + h/2}, "mean utility")
	return nil
}
