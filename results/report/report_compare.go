package report

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/parley-sim/parley/results"
	"github.com/parley-sim/parley/results/chart"
	"github.com/parley-sim/parley/results/narrate"
)

// reportMaxDifferences bounds the bytes of differences.csv a report reads.
const reportMaxDifferences = 1 << 20

// repCompare is what the report shows of a comparison folder.
type repCompare struct {
	// Arms describe the base and the variant.
	Arms []repArm
	// Sets are the overrides of both arms (--set).
	Sets string
	// Identical says both arms were the same scenario and played the same.
	Identical bool
	// Varies lists what differs from one run to the next.
	Varies []string
	// Differences is differences.csv, one row per measure.
	Differences *repTable
	Charts      []repChart
}

// repArm is one arm of a comparison.
type repArm struct {
	Arm, Label, Scenario, Source, Overrides, SHA string
}

// buildCompareReport reads the comparison folder dir, whose manifest is
// man, into the template's data: the base scenario, both arms, the paired
// differences with their intervals, the three charts, what varies between
// runs, and how the folder was made.
func buildCompareReport(dir string, man *repNode, o Options) (*reportPage, error) {
	c := &repCompare{Identical: man.str("identical") == "true"}
	p := &reportPage{Compare: c}
	arms := man.get("arms")
	if arms == nil || !arms.IsSeq || len(arms.Items) != 2 {
		return nil, fmt.Errorf("report: %s: a comparison's manifest needs two arms: %w", filepath.Join(dir, results.ManifestFile), ErrNotOutput)
	}
	var assumptions [2]map[string]string
	for k, a := range arms.Items {
		arm := repArm{Arm: a.str("arm"), Label: a.str("label"), Scenario: a.str("scenario"), Source: a.str("source"), SHA: a.str("scenario_sha256")}
		if ov := a.get("overrides"); ov != nil && ov.IsSeq {
			var s []string
			for _, it := range ov.Items {
				s = append(s, it.Scalar)
			}
			arm.Overrides = strings.Join(s, ", ")
		}
		c.Arms = append(c.Arms, arm)
		assumptions[k] = map[string]string{}
		if as := a.get("assumptions"); as != nil && as.IsSeq {
			for _, it := range as.Items {
				assumptions[k][it.str("path")] = it.str("distribution")
			}
		}
	}
	if s := man.get("sets"); s != nil && s.IsSeq {
		var sets []string
		for _, it := range s.Items {
			sets = append(sets, it.Scalar)
		}
		c.Sets = strings.Join(sets, ", ")
	}
	c.Varies = variesOf(assumptions)

	base := arms.Items[0]
	if y := base.str("scenario_yaml"); y != "" {
		root, err := parseReportYAML(y)
		if err != nil {
			p.Notes = append(p.Notes, fmt.Sprintf("The base's resolved scenario in %s could not be read (%v); the scenario section is left out.", results.ManifestFile, err))
		} else {
			p.HasScenario = true
			p.Scenario = scenarioOf(root)
			p.PartyTable = partyTable(p.Scenario.Parties)
		}
	}
	name := c.Arms[0].Scenario
	if name == "" {
		name = "parley"
	}
	p.Title = o.Title
	if p.Title == "" {
		p.Title = name + ": comparison"
	}
	var parts []string
	if v := man.str("version"); v != "" {
		parts = append(parts, "parley "+v)
	}
	if s := man.str("seed"); s != "" {
		parts = append(parts, "master seed "+s)
	}
	if n, err := strconv.Atoi(man.str("runs")); err == nil {
		parts = append(parts, narrate.Plural(n, "paired run"))
	}
	parts = append(parts, "common random numbers")
	p.Subtitle = strings.Join(parts, " · ")
	p.Run = runFacts(man, false, -1)
	p.Run = append(p.Run, repFact{"Random numbers", "common: run i of both arms plays with the same seed, derived from the master seed and i"})
	if ws := man.get("warnings"); ws != nil {
		for _, w := range ws.Items {
			p.Warnings = append(p.Warnings, w.inline())
		}
	}

	labels := map[string]string{}
	for _, pt := range p.Scenario.Parties {
		labels[pt.ID] = pt.Label
	}
	d, head, err := readDifferences(dir, labels)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		p.Notes = append(p.Notes, fmt.Sprintf("No %s in this folder: the table of differences is left out.", results.DifferencesFile))
	case err != nil:
		p.Notes = append(p.Notes, fmt.Sprintf("%s could not be read (%v): the table of differences is left out.", results.DifferencesFile, err))
	default:
		c.Differences = d
		p.Headline = head
	}
	for i, ch := range []struct{ name, title, caption string }{
		{chart.CompareDifferences, "What the variant changes, run by run",
			"For each party, the histogram of the differences of its utility between the variant and the base in the same run (the same seed, draws and breakdowns), with a bar of its own at 0 for the runs where nothing changed for it. The black line is the mean difference and the orange band its 95% paired t interval; a panel says higher or lower only when that interval excludes 0."},
		{chart.CompareSpace, "Agreements of both arms",
			"Each arm's agreements in utility space, as each run valued them, over the Pareto frontier (one line when both arms have the same, nominal when an arm draws its preferences run by run). Where points are few, a marker's area is proportional to its runs."},
		{chart.CompareOptions, "Options agreed in each arm",
			"For each issue, the share of each arm's agreements that settled on each option: the base's bar above the variant's. Shares are of each arm's own agreements, which may differ in number."},
	} {
		rc, err := svgChart(dir, ch.name, ch.title, ch.caption, i)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			p.Notes = append(p.Notes, fmt.Sprintf("No %s.svg in this folder: the chart is left out (played with --no-charts? parley plot draws it).", ch.name))
		case err != nil:
			p.Notes = append(p.Notes, fmt.Sprintf("%s.svg could not be read (%v): the chart is left out.", ch.name, err))
		default:
			c.Charts = append(c.Charts, rc)
		}
	}
	return p, nil
}

// variesOf says what differs from one run to the next in a comparison:
// the common random numbers, and each arm's assumptions drawn per run.
func variesOf(as [2]map[string]string) []string {
	out := []string{"Each run draws its own first mover (where the protocol draws it), breakdowns and strategy noise; run i of both arms draws the same."}
	seen := map[string]bool{}
	for k, m := range as {
		for _, path := range sortedKeys(m) {
			if seen[path] {
				continue
			}
			seen[path] = true
			other, both := as[1-k][path]
			switch {
			case both && other == m[path]:
				out = append(out, fmt.Sprintf("%s, drawn from %s in both arms: run i of both draws the same value.", path, m[path]))
			case both:
				out = append(out, fmt.Sprintf("%s, drawn from %s in the base and from %s in the variant, by inversion of the same uniform draw in run i.", path, as[0][path], as[1][path]))
			default:
				out = append(out, fmt.Sprintf("%s, drawn from %s in the %s only; the other arm holds it fixed.", path, m[path], [2]string{"base", "variant"}[k]))
			}
		}
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	for i := 1; i < len(ks); i++ {
		for j := i; j > 0 && ks[j] < ks[j-1]; j-- {
			ks[j], ks[j-1] = ks[j-1], ks[j]
		}
	}
	return ks
}

// readDifferences reads differences.csv into the page's table, one row
// per measure with what it means, and the headline facts: the difference
// of agreement rates and of each party's mean utility, with intervals.
func readDifferences(dir string, parties map[string]string) (*repTable, []repFact, error) {
	b, err := readCapped(filepath.Join(dir, results.DifferencesFile), reportMaxDifferences)
	if err != nil {
		return nil, nil, err
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, nil, err
	}
	if len(rows) == 0 {
		return nil, nil, errors.New("empty")
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, c := range []string{"metric", "statistic", "n", "base", "variant", "estimate", "lower", "upper", "method"} {
		if _, ok := col[c]; !ok {
			return nil, nil, fmt.Errorf("no column %s", c)
		}
	}
	t := &repTable{Header: []string{"measure", "base", "variant", "difference or share", "95% interval", "n", "reading"},
		Numeric: []bool{false, true, true, true, true, true, false}}
	var head []repFact
	num := func(s string) (float64, bool) {
		v, err := strconv.ParseFloat(s, 64)
		return v, err == nil && !math.IsNaN(v)
	}
	for _, r := range rows[1:] {
		if len(r) != len(rows[0]) {
			return nil, nil, fmt.Errorf("a row has %d cells, the header %d", len(r), len(rows[0]))
		}
		get := func(c string) string { return r[col[c]] }
		f := func(c string) string {
			if v, ok := num(get(c)); ok {
				return formatNumber(v)
			}
			return ""
		}
		est, eok := num(get("estimate"))
		lo, lok := num(get("lower"))
		hi, hok := num(get("upper"))
		interval, reading := "", "too few pairs for an interval"
		if lok && hok {
			interval = "[" + formatNumber(lo) + ", " + formatNumber(hi) + "]"
			switch {
			case get("method") == results.MethodIdentical:
				reading = "exactly the same"
			case get("statistic") == results.StatShare:
				reading = ""
			case lo == hi && eok && est == 0:
				reading = "the same in every run"
			case lo > 0:
				reading = "higher in the variant"
			case hi < 0:
				reading = "lower in the variant"
			default:
				reading = "no detectable difference"
			}
		}
		metric := get("metric")
		t.Rows = append(t.Rows, []string{differenceMeaning(metric, parties), f("base"), f("variant"), f("estimate"), interval, get("n"), reading})
		if eok && (metric == "agreement" || strings.HasPrefix(metric, "u_")) {
			label := "agreement rate, variant − base"
			if id, ok := strings.CutPrefix(metric, "u_"); ok {
				label = "mean utility of " + labelOr(parties, id) + ", variant − base"
			}
			v := formatNumber(est)
			if interval != "" {
				v += " " + interval
			}
			head = append(head, repFact{label, v})
		}
	}
	t.Total = len(t.Rows)
	return t, head, nil
}

func labelOr(parties map[string]string, id string) string {
	if l := parties[id]; l != "" {
		return l
	}
	return id
}

// differenceMeaning says in words what a row of differences.csv measures.
func differenceMeaning(metric string, parties map[string]string) string {
	for _, p := range []struct{ prefix, text string }{
		{"u_", "utility of %s"}, {"ud_", "discounted utility of %s"},
		{"better_", "runs better for %s"}, {"worse_", "runs worse for %s"}, {"same_", "runs the same for %s"},
	} {
		if id, ok := strings.CutPrefix(metric, p.prefix); ok {
			return fmt.Sprintf(p.text, labelOr(parties, id))
		}
	}
	switch metric {
	case "agreement":
		return "agreement rate"
	case "welfare":
		return "welfare (sum of utilities)"
	case "round":
		return "agreement round (runs agreed in both)"
	}
	return metric
}
