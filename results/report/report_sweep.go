package report

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-sim/parley/results"
	"github.com/parley-sim/parley/results/chart"
	"github.com/parley-sim/parley/results/narrate"
)

// repSweep is what a report knows of a sweep's design: from the manifest
// and the resolved sweep file it records.
type repSweep struct {
	Name, Design string
	// Params are the varied paths, in the order of the columns of
	// points.csv.
	Params []string
	// Varied gives each varied path's values or range, as the sweep file
	// states them ("0.97 to 1", "both, either").
	Varied map[string]string
	// Fixed gives the value of each path under the sweep file's fixed:,
	// and FixedOrder their order.
	Fixed      map[string]string
	FixedOrder []string
	// Points is the number of points of the whole design (all shards);
	// zero when the manifest does not say.
	Points        int
	Shard, Shards int
	Complete      bool
	HasComplete   bool // the manifest says whether the sweep is complete
	Replications  string
	Precision     string
	FileReps      string // replications in the sweep file
	FilePrecision string // precision in the sweep file
}

// sweepOf reads the sweep design from a sweep folder's manifest.
func sweepOf(man *repNode) repSweep {
	s := repSweep{
		Name: man.str("sweep"), Design: man.str("design"),
		Varied: map[string]string{}, Fixed: map[string]string{},
		Replications: man.str("replications"), Precision: man.str("precision"),
		Shards: 1,
	}
	if ps := man.get("parameters"); ps != nil && ps.IsSeq {
		for _, p := range ps.Items {
			s.Params = append(s.Params, p.Scalar)
		}
	}
	s.Points, _ = strconv.Atoi(man.str("points"))
	s.Shard, _ = strconv.Atoi(man.str("shard"))
	if n, err := strconv.Atoi(man.str("shards")); err == nil && n > 0 {
		s.Shards = n
	}
	if c := man.str("complete"); c != "" {
		s.HasComplete, s.Complete = true, c == "true"
	}
	if y := man.str("sweep_yaml"); y != "" {
		if root, err := parseReportYAML(y); err == nil {
			s.FileReps, s.FilePrecision = root.str("replications"), root.str("precision")
			if ps := root.get("parameters"); ps != nil && ps.IsMap {
				for i, k := range ps.Keys {
					s.Varied[k] = valuesText(ps.Vals[i])
					if !slices.Contains(s.Params, k) {
						s.Params = append(s.Params, k)
					}
				}
			}
			if fs := root.get("fixed"); fs != nil && fs.IsMap {
				for i, k := range fs.Keys {
					s.Fixed[k] = fs.Vals[i].inline()
					s.FixedOrder = append(s.FixedOrder, k)
				}
			}
		}
	}
	for _, p := range s.Params {
		s.Varied[p] = cmp.Or(s.Varied[p], "see the sweep design")
	}
	return s
}

// valuesText describes the values of a varied parameter: a list as its
// values (the middle ones elided when there are many), a range as "min
// to max".
func valuesText(n *repNode) string {
	switch {
	case n.IsSeq:
		items := make([]string, 0, len(n.Items))
		for _, it := range n.Items {
			items = append(items, it.inline())
		}
		if len(items) > 8 {
			return strings.Join(items[:3], ", ") + ", …, " + strings.Join(items[len(items)-2:], ", ") +
				" (" + strconv.Itoa(len(items)) + " values)"
		}
		return strings.Join(items, ", ")
	case n.IsMap && n.get("min") != nil && n.get("max") != nil:
		t := "from " + n.str("min") + " to " + n.str("max")
		if n.str("integer") == "true" {
			t += ", whole numbers"
		}
		return t
	}
	return n.inline()
}

// varies is how the Assumptions show a setting that the sweep varies.
func (s *repSweep) varies(path string) string {
	return "varies (" + s.Varied[path] + ")"
}

// applyTo marks, in the resolved base scenario root, every setting the
// sweep varies and replaces every setting it fixes by the fixed value,
// so that the Assumptions do not show a base value that did not hold.
// Paths the scenario does not spell out are added where their parent is.
func (s *repSweep) applyTo(root *repNode) {
	// A party's breakdown value defaults to its reservation value, and the
	// resolved scenario writes it out: when the reservation varies, so
	// does a breakdown value that the scenario file leaves to default.
	for _, p := range s.Params {
		party, ok := strings.CutSuffix(p, ".reservation")
		bv := party + ".breakdown_value"
		if !ok || slices.Contains(s.Params, bv) || s.Fixed[bv] != "" {
			continue
		}
		if b := baseValue(root, bv); b == baseValue(root, p) {
			setPath(root, bv, "the reservation value unless the scenario file sets it apart ("+b+" in the base scenario)")
		}
	}
	for _, p := range s.FixedOrder {
		setPath(root, p, s.Fixed[p]+" (fixed by the sweep)")
	}
	for _, p := range s.Params {
		setPath(root, p, s.varies(p))
	}
}

// setPath sets the value at the dotted path in n to the scalar text; a
// list is entered by the id of its items. It does nothing when the path
// leads nowhere.
func setPath(n *repNode, path, text string) {
	segs := strings.Split(path, ".")
	for i, seg := range segs {
		last := i == len(segs)-1
		switch {
		case n == nil:
			return
		case n.IsMap:
			j := slices.Index(n.Keys, seg)
			if last {
				if j >= 0 {
					n.Vals[j] = &repNode{Scalar: text}
				} else {
					n.Keys = append(n.Keys, seg)
					n.Vals = append(n.Vals, &repNode{Scalar: text})
				}
				return
			}
			if j < 0 {
				return
			}
			n = n.Vals[j]
		case n.IsSeq:
			j := slices.IndexFunc(n.Items, func(it *repNode) bool { return it.str("id") == seg })
			if j < 0 {
				return
			}
			if last {
				n.Items[j] = &repNode{Scalar: text}
				return
			}
			n = n.Items[j]
		default:
			return
		}
	}
}

// sweepParamTable lists what the sweep varies and fixes, with the base
// scenario's value of each for comparison.
func sweepParamTable(s *repSweep, base *repNode) *repTable {
	if len(s.Params)+len(s.FixedOrder) == 0 {
		return nil
	}
	t := &repTable{Header: []string{"setting", "in this sweep", "base scenario"}}
	for _, p := range s.Params {
		t.Rows = append(t.Rows, []string{p, "varies: " + s.Varied[p], baseValue(base, p)})
	}
	for _, p := range s.FixedOrder {
		t.Rows = append(t.Rows, []string{p, "fixed: " + s.Fixed[p], baseValue(base, p)})
	}
	t.Numeric = make([]bool, len(t.Header))
	t.Total = len(t.Rows)
	return t
}

// baseValue returns the value at the dotted path in the base scenario,
// or "not set" (its default).
func baseValue(n *repNode, path string) string {
	for seg := range strings.SplitSeq(path, ".") {
		switch {
		case n == nil:
		case n.IsMap:
			n = n.get(seg)
		case n.IsSeq:
			j := slices.IndexFunc(n.Items, func(it *repNode) bool { return it.str("id") == seg })
			if j < 0 {
				n = nil
			} else {
				n = n.Items[j]
			}
		default:
			n = nil
		}
	}
	if n == nil {
		return "not set (the default)"
	}
	if n.IsMap && n.get("type") != nil {
		return strategyText(n)
	}
	return n.inline()
}

// repBanner is the warning at the top of the page of a partial folder.
type repBanner struct {
	Title string
	Lines []string
	Code  string // a command to run, if any
}

// sweepBanner returns the banner of a sweep folder that holds only part
// of its design (interrupted, or one shard), or nil. points and runs are
// the rows of points.csv and runs.csv (−1 when unknown).
func sweepBanner(s *repSweep, dir string, points, runs int) *repBanner {
	interrupted := s.HasComplete && !s.Complete
	shard := s.Shards > 1
	if !interrupted && !shard {
		return nil
	}
	held := heldText(points, runs, s.Points)
	b := &repBanner{}
	switch {
	case interrupted && shard:
		b.Title = fmt.Sprintf("Interrupted shard %d of %d: partial results", s.Shard, s.Shards)
	case interrupted:
		b.Title = "Interrupted sweep: partial results"
	default:
		b.Title = fmt.Sprintf("Shard %d of %d: partial results", s.Shard, s.Shards)
	}
	if shard {
		b.Lines = append(b.Lines, fmt.Sprintf("This folder is shard %d of %d: it holds only the points p with p mod %d = %d.", s.Shard, s.Shards, s.Shards, s.Shard))
	}
	if interrupted {
		b.Lines = append(b.Lines, "The sweep was interrupted before it finished"+held+". Its tables and any charts describe only those points; the design's other points were never played.")
		args := []string{"parley", "sweep", shellQuote(cmp.Or(s.Name, "SWEEP"))}
		if s.Replications != "" && s.Replications != s.FileReps {
			args = append(args, "--replications", shellQuote(s.Replications))
		}
		if s.Precision != "" && s.Precision != "0" && s.Precision != s.FilePrecision {
			args = append(args, "--precision", shellQuote(s.Precision))
		}
		if shard {
			args = append(args, "--shard", fmt.Sprintf("%d/%d", s.Shard, s.Shards))
		}
		args = append(args, "--out", shellQuote(dir), "--resume")
		b.Code = strings.Join(args, " ")
		b.Lines = append(b.Lines, "To finish it, run the command that started it again with --resume (with the sweep file's path in place of its name if it came from a file):")
	} else {
		b.Lines = append(b.Lines, "It holds"+strings.TrimPrefix(held, ":")+". Merge the shards with parley merge OUT SHARD... (see parley help merge) to analyse the whole sweep.")
	}
	return b
}

// heldText says how much of the design a folder holds: ": 135 of the
// 200 parameter points (675 runs)".
func heldText(points, runs, total int) string {
	if points < 0 {
		return ""
	}
	t := ": " + narrate.Plural(points, "parameter point")
	if total > 0 {
		t = fmt.Sprintf(": %d of the %s", points, narrate.Plural(total, "parameter point"))
	}
	if runs >= 0 {
		t += " (" + narrate.Plural(runs, "run") + ")"
	}
	return t
}

// countRows counts the data rows of dir/name, or returns −1 when it
// cannot be read.
func countRows(dir, name string) int {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return -1
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<16))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	n := -1 // the header
	for {
		_, err := r.Read()
		if err == io.EOF {
			return max(n, 0)
		}
		if err != nil {
			return -1
		}
		n++
	}
}

// sweepKinds says how the sweep charts of a folder are drawn, so that
// their captions describe what is on the page. The rules follow
// chart.SweepCharts: a parameter is drawn value by value when it is gridded,
// else point by point.
type sweepKinds struct {
	varied int // parameters that vary; 0 when unknown
	// line is the one-parameter chart: "band" (line and band), "bars"
	// (a categorical parameter: error bars) or "points" (one point per
	// parameter point, with error bars).
	line string
	// heat is the two-parameter chart: "cells", "scatter" or "mixed"
	// (cells or dots, depending on the parameters chosen).
	heat string
	// The kinds of panel of the chart of the agreement rate by each
	// parameter, when more than two vary.
	band, bars, scatter bool
}

// sweepKindsOf reads points.csv to tell how the sweep charts are drawn;
// when it cannot, it judges by the design alone.
func sweepKindsOf(dir string, man *repNode) sweepKinds {
	d, err := results.ReadSweep(dir)
	if err != nil {
		var k sweepKinds
		switch man.str("design") {
		case "grid":
			k.line, k.heat, k.band = "band", "cells", true
		case "random", "latin_hypercube":
			k.line, k.heat, k.scatter = "points", "scatter", true
		default:
			k.heat = "mixed"
		}
		return k
	}
	varied := d.Varied()
	k := sweepKinds{varied: len(varied)}
	for _, p := range varied {
		switch {
		case !chart.Gridded(d, p):
			k.scatter = true
		case p.Numeric:
			k.band = true
		default:
			k.bars = true
		}
	}
	switch {
	case len(varied) == 1 && k.band:
		k.line = "band"
	case len(varied) == 1 && k.bars:
		k.line = "bars"
	case len(varied) == 1:
		k.line = "points"
	}
	cells, dots := false, false
	for i, p := range varied {
		for _, q := range varied[i+1:] {
			if chart.Gridded(d, p) && chart.Gridded(d, q) && len(p.Levels)*len(q.Levels) <= chart.MaxHeatCells {
				cells = true
			} else {
				dots = true
			}
		}
	}
	switch {
	case cells && dots:
		k.heat = "mixed"
	case cells:
		k.heat = "cells"
	default:
		k.heat = "scatter"
	}
	return k
}

// sweepCaption explains a sweep chart from its file name and how the
// folder's charts are drawn.
func sweepCaption(name string, k sweepKinds) (title, caption string) {
	// What the intervals show, and what they do not: overlap of two 95%
	// intervals is no test of a difference.
	const noise = " Each interval is for one value on its own, not for a difference between values: two intervals that overlap do not show the values alike, and among many values some pairs stand apart by chance. To compare two values, pair their runs: replication r of every point plays with the same seed, so the difference is best estimated from the paired runs of runs.csv."
	switch {
	case name == chart.Sensitivity:
		c := "Each bar is a parameter's influence on an outcome: its first-order Sobol index (the share of the outcome's variance that this parameter alone explains) and its standardised regression coefficient (how many standard deviations the outcome moves when the parameter moves by one, and in which direction). The longer the bar, the more the parameter matters; compare bars within one outcome."
		c += " Each regression coefficient has its 95% interval as a whisker; a pale bar is one whose interval includes 0, so the points do not establish even the direction of that effect."
		if k.varied == 1 {
			c += " With a single varied parameter, a Sobol index would be 1 by construction: only the regression coefficient says something."
		}
		return "Sensitivity: which parameters matter", c
	case name == chart.SweepAgreement && k.varied > 2:
		c := "One panel per varied parameter, the most influential (largest first-order Sobol index on the agreement rate) first; each panel pools the points over the other parameters."
		if k.band {
			c += " For a parameter with few values, the line gives the agreement rate of all runs at each value, with the band of its 95% Wilson interval."
		}
		if k.bars {
			c += " For a categorical parameter, each value's agreement rate has its 95% Wilson interval as an error bar."
		}
		if k.scatter {
			c += " For a parameter drawn from a range, each dot is one parameter point's agreement rate and the line joins the mean rates in equal-count bins."
		}
		return "Agreement rate by each varied parameter",
			c + " A steep or stepped panel marks a parameter that matters; a flat one, a parameter that hardly does."
	case name == chart.SweepAgreement:
		switch k.line {
		case "bars":
			return "Agreement rate against the varied parameter",
				"Each marker is one value of the varied parameter: the share of its runs that agreed, with its 95% Wilson interval as an error bar." + noise
		case "points":
			return "Agreement rate against the varied parameter",
				"Each marker is one parameter point of the sweep: the share of its replications that agreed, with its 95% Wilson interval as an error bar. With few replications per point the bars are wide: read the trend of the cloud rather than single points."
		}
		return "Agreement rate against the varied parameter",
			"Each point is one value of the varied parameter: the share of its runs that agreed, joined by a line, with the band of its 95% Wilson interval." + noise
	case name == chart.SweepUtility:
		if k.line == "band" {
			return "Mean utilities against the varied parameter",
				"Each party's mean utility of the result at each value of the parameter, with 95% confidence bands, in the party's colour; dashed lines with open markers are the discounted utilities, drawn where discounting changes them. Lines moving apart show the parameter shifting the gains from one side to the other." + noise
		}
		return "Mean utilities against the varied parameter",
			"Each party's mean utility of the result at each value of the parameter, in the party's colour, with its 95% t interval as an error bar; dashed lines with open markers are the discounted utilities, drawn where discounting changes them. Markers moving apart show the parameter shifting the gains from one side to the other." + noise
	case name == chart.SweepMetrics:
		c := "One panel per other metric of the sweep (such as the round of agreement, welfare, the distances to the Pareto frontier and the Nash point over the agreed runs, or the share of runs that invited the facilitator), each against the varied parameter."
		if k.line == "band" {
			c += " Each point is the metric's mean at one value of the parameter, joined by a line, with the band of its 95% confidence interval (Wilson for the share of runs)."
		} else {
			c += " Each marker is the metric's mean at one value or parameter point, with its 95% confidence interval (Wilson for the share of runs) as an error bar."
		}
		return "Other metrics against the varied parameter", c + " Each panel has its own scale: read the shape of each, not the heights across panels." + noise
	case strings.HasPrefix(name, chart.HeatmapUtilityPrefix):
		m := strings.TrimPrefix(name, chart.HeatmapUtilityPrefix)
		what, title := m+" at that point", "Heat map of "+m
		switch {
		case m == "agreement":
			what, title = "the share of its replications that agreed", "Heat map of the agreement rate"
		case strings.HasPrefix(m, "ud_"):
			what = "the mean utility of " + strings.TrimPrefix(m, "ud_") + ", discounted to the round of agreement; all utility heat maps share one colour scale"
			title = "Heat map of the discounted utility of " + strings.TrimPrefix(m, "ud_")
		case strings.HasPrefix(m, "u_"):
			what = "the mean utility of " + strings.TrimPrefix(m, "u_") + "; all utility heat maps share one colour scale"
			title = "Heat map of the utility of " + strings.TrimPrefix(m, "u_")
		}
		axes := "the two varied parameters"
		if k.varied > 2 {
			axes = "the two parameters on the axes (those most influential on this outcome: the largest first-order Sobol index on it, as the chart's subtitle says)"
		}
		var c string
		switch k.heat {
		case "cells":
			c = "Each cell is a pair of values of " + axes + "; its colour gives " + what + " (see the colour scale)"
			if k.varied > 2 {
				c += ", pooled over the other parameters"
			}
			c += ". Look for the border where the colour changes."
		case "scatter":
			c = "A coloured scatter: each dot is one parameter point, placed by its values of " + axes + "; its colour gives " + what + " (see the colour scale)."
			if k.varied > 2 {
				c += " The other parameters differ from dot to dot, so neighbouring dots may differ for reasons the axes do not show."
			}
			c += " Look for regions where the colour changes rather than at single dots, which rest on few replications."
		default:
			c = "Each cell (a pair of values) or dot (a parameter point, for parameters drawn from a range) is placed by " + axes + "; its colour gives " + what + " (see the colour scale). Look for regions where the colour changes."
		}
		return title, c
	case strings.HasPrefix(name, "sweep-"):
		m := strings.TrimPrefix(name, "sweep-")
		if k.line == "band" {
			return m + " against the varied parameters",
				"Each point is one value of the varied parameter, with the band of its 95% confidence interval from the replications."
		}
		return m + " against the varied parameters",
			"Each marker is an estimate at one value or parameter point, with its 95% confidence interval from the replications as an error bar."
	}
	return name, "A chart of this folder."
}
