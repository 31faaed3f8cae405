package report

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-sim/parley/results"
)

// repDrivers is the section of a run whose scenario has uncertain
// assumptions: what drives the outcome (the run's sensitivity.csv and its
// chart).
type repDrivers struct {
	Findings []string
	Chart    *repChart
	Table    *repTable
}

// driversCaption explains the sensitivity chart of a run.
const driversCaption = "One panel per outcome: the agreement (1 if a run agreed, else 0), each party's utility and the round of agreement. Each bar is an uncertain assumption's influence on the outcome across the runs: its first-order Sobol index (the share of the outcome's variance this assumption alone explains) and its standardised regression coefficient (how many standard deviations the outcome moves when the assumption moves by one, and in which direction), with its 95% interval as a whisker; a pale bar is one whose interval includes 0, so the runs do not establish even the direction of that effect. A categorical assumption (a choice) has a Sobol index only. The dashed tick is the Sobol estimate an assumption without any influence would get on average from this many runs."

// driverOutcomes are the outcomes of a run's sensitivity.csv the findings
// speak of, by column name; "u_" stands for each party's utility.
var driverOutcomes = []string{"agreement", "u_", "round"}

// driversOf builds the section from the rows of a run's sensitivity.csv
// (all of them) and the table shown (its first rows).
func driversOf(all, shown *repTable, chart *repChart, labels map[string]string) *repDrivers {
	d := &repDrivers{Chart: chart, Table: shown}
	col := func(name string) int { return slices.Index(all.Header, name) }
	cMetric, cParam, cKind := col("metric"), col("parameter"), col("kind")
	cSRC, cLo, cHi := col("src"), col("src_lo"), col("src_hi")
	cSobol, cNull, cNote := col("sobol_first"), col("sobol_null"), col("note")
	if min(cMetric, cParam, cKind, cSRC, cLo, cHi, cSobol, cNull, cNote) < 0 {
		return d
	}
	var order []string
	byMetric := map[string][][]string{}
	for _, row := range all.Rows {
		if len(row) != len(all.Header) {
			continue
		}
		m := row[cMetric]
		if _, ok := byMetric[m]; !ok {
			order = append(order, m)
		}
		byMetric[m] = append(byMetric[m], row)
	}
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return math.NaN()
		}
		return v
	}
	for _, m := range order {
		if !slices.ContainsFunc(driverOutcomes, func(p string) bool { return m == p || (strings.HasSuffix(p, "_") && strings.HasPrefix(m, p)) }) {
			continue
		}
		rows := byMetric[m]
		name := labels[m]
		if id, ok := strings.CutPrefix(m, "u_"); ok && name == "" {
			name = "Utility to " + id // no scenario to name the party
		}
		if name == "" {
			name = m
		}
		if note := rows[0][cNote]; strings.HasPrefix(note, "the same at every run") || strings.HasPrefix(note, "defined at") {
			d.Findings = append(d.Findings, fmt.Sprintf("%s: %s.", name, strings.TrimSuffix(note, ": no sensitivity")))
			continue
		}
		var parts []string
		// The assumption whose Sobol index is largest, when it stands
		// clear of what an assumption without influence would get.
		best, bestS, bestNull := "", math.Inf(-1), math.NaN()
		for _, r := range rows {
			if s := num(r[cSobol]); s > bestS {
				best, bestS, bestNull = r[cParam], s, num(r[cNull])
			}
		}
		if best != "" && bestS > 2*bestNull && bestS >= 0.05 {
			parts = append(parts, fmt.Sprintf("%s alone accounts for about %.0f%% of its variance across the runs (first-order Sobol index %.2f, against %.2f expected of an assumption without influence)", best, 100*bestS, bestS, bestNull))
		}
		// Numeric assumptions whose SRC interval excludes 0.
		for _, r := range rows {
			src, lo, hi := num(r[cSRC]), num(r[cLo]), num(r[cHi])
			if math.IsNaN(src) || math.IsNaN(lo) || (lo <= 0 && hi >= 0) {
				continue
			}
			dir := "rises"
			if src < 0 {
				dir = "falls"
			}
			parts = append(parts, fmt.Sprintf("it %s with %s (SRC %s, 95%% interval %s to %s)", dir, r[cParam], sig2(src), sig2(lo), sig2(hi)))
		}
		if len(parts) == 0 {
			d.Findings = append(d.Findings, name+": no assumption moves it detectably: every Sobol index is close to what an assumption without influence gets, and every regression coefficient's 95% interval includes 0.")
			continue
		}
		d.Findings = append(d.Findings, name+": "+strings.Join(parts, "; ")+".")
	}
	return d
}

// driverLabels names the outcomes of a run's sensitivity.csv for the
// findings, from the party labels.
func driverLabels(parties map[string]string) map[string]string {
	out := map[string]string{"agreement": "Agreement", "round": "Round of agreement (agreed runs)"}
	for id, label := range parties {
		out["u_"+id] = "Utility to " + label
	}
	return out
}

// addDrivers reads a run folder's sensitivity.csv into p.Drivers, with
// the chart addCharts set aside; a folder without one has no section.
func (p *reportPage) addDrivers(dir string, rows int, chart *repChart, parties map[string]string) {
	if !exists(dir, results.SensitivityFile) {
		if chart != nil {
			p.Drivers = &repDrivers{Chart: chart}
		}
		return
	}
	all, err := readReportTable(dir, results.SensitivityFile, -1)
	if err != nil {
		p.Notes = append(p.Notes, fmt.Sprintf("%s could not be read (%v): what drives the outcome is left out.", results.SensitivityFile, err))
		return
	}
	shown, err := readReportTable(dir, results.SensitivityFile, rows)
	if err != nil {
		shown = nil
	}
	p.Drivers = driversOf(all, shown, chart, driverLabels(parties))
}

// sig2 formats v with two decimals, or two significant digits when it is
// smaller than 0.1 in magnitude, so that a small interval bound does not
// read as 0.00.
func sig2(v float64) string {
	if math.Abs(v) >= 0.1 || v == 0 {
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	return strconv.FormatFloat(v, 'g', 2, 64)
}
