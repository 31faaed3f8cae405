package results

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-sim/parley/results/atomicfile"
)

// SensitivityFile is the table of parameter influence that
// WriteSweepAnalysis writes into a sweep folder.
const SensitivityFile = "sensitivity.csv"

// Names of the sweep charts, each written as NAME.png (ChartDPI) and
// NAME.svg by WriteSweepAnalysis.
const (
	// SweepAgreementChart shows the agreement rate against the varied
	// parameter, or one panel per parameter when more than two vary.
	SweepAgreementChart = "sweep-agreement"
	// SweepUtilityChart shows each party's mean utility, and mean
	// discounted utility where discounting changes it, against the one
	// varied parameter.
	SweepUtilityChart = "sweep-utility"
	// SweepMetricsChart shows every other metric of points.csv (round,
	// welfare, dist_pareto, dist_nash, invited, ...) against the one
	// varied parameter, one panel per metric.
	SweepMetricsChart = "sweep-metrics"
	// HeatmapAgreementChart shows the agreement rate over two
	// parameters.
	HeatmapAgreementChart = "heatmap-agreement"
	// HeatmapUtilityPrefix, followed by u_ or ud_ and a party id, names
	// the chart of that party's mean utility, or mean discounted utility,
	// over two parameters ("heatmap-u_armenia", "heatmap-ud_armenia").
	HeatmapUtilityPrefix = "heatmap-"
	// SensitivityChart shows the first-order Sobol indices and the
	// standardised regression coefficients of sensitivity.csv for the
	// agreement rate and the utilities charted.
	SensitivityChart = "sensitivity"
)

// MaxSweepAnalysisPoints is the largest points.csv, in points, that
// WriteSweepAnalysis reads.
const MaxSweepAnalysisPoints = 1 << 20

// Files WriteSweepAnalysis reads.
const (
	sweepPointsName   = "points.csv"
	sweepManifestName = ManifestFile
)

// SweepAnalysisOptions configures WriteSweepAnalysis. The zero value
// works.
type SweepAnalysisOptions struct {
	// NoCharts writes sensitivity.csv only; sweep charts left in the
	// folder by an earlier call are removed all the same.
	NoCharts bool
	// Bins is the number of groups of the first-order Sobol estimator
	// (SobolFirst) for a numeric parameter of a random or Latin-hypercube
	// sweep with more distinct values than that. Zero means ⌈√n⌉ for n
	// points.
	Bins int
	// Warn, if not nil, receives each warning: metrics left out of the
	// analysis (one warning per reason, naming them all: "no sensitivity
	// for round_mean, dist_pareto_mean: the same at every point"), a
	// chart not drawn. The notes of every row are in sensitivity.csv.
	Warn func(error)
}

// WriteSweepAnalysis reads the points.csv and manifest.json of the sweep
// folder dir and writes, into the same folder, sensitivity.csv and the
// sweep charts (PNG at ChartDPI and SVG): how much each parameter
// influences each outcome metric, and the metrics drawn against the
// parameters. The files depend on nothing but the two it reads (and the
// architecture's floating point), so a sweep run on one machine and the
// same sweep merged from shards get the same bytes. Every file is drawn
// before any is written and each is written atomically; sweep charts of
// an earlier call that this call does not draw are removed. A points.csv
// or manifest.json that breaks the contract below is reported with the
// line and column of every fault (up to 20), and nothing is written.
//
// # Input
//
// points.csv has the columns point, the parameters (every column between
// point and replications, named by dotted path), replications,
// agreements, agreement_rate, agreement_rate_lo, agreement_rate_hi, then
// M_mean, M_lo, M_hi for each metric M; the u_ID metrics name the parties.
// Empty cells are undefined values; NaN and infinities are refused.
// manifest.json gives the sweep's name (key sweep), version, seed (a
// decimal string), design (grid, random or latin_hypercube) and
// parameters (which must match the columns); other keys are ignored. A
// parameter whose every value is a finite number is numeric, any other
// categorical.
//
// # sensitivity.csv
//
// One row per outcome metric and parameter, metrics in the order of
// points.csv (agreement_rate, then each M_mean, named by that column) and
// parameters in file order, with the columns
//
//	metric, parameter, kind, points, src, src_abs_rank, r2,
//	sobol_first, sobol_rank, groups, sobol_null, note, src_lo, src_hi
//
// Each metric is analysed over the points where it is defined (points);
// each point counts once, whatever its replications. Numbers are rounded
// to six decimals; empty cells are indices that do not exist, and note
// says why.
//
//   - kind: numeric or categorical.
//   - src: the standardised regression coefficient ([stats.SRC]; Saltelli et
//     al. 2008, §1.2.5) of the parameter in a least-squares fit of the
//     standardised metric on the standardised numeric parameters, with an
//     indicator column for every value but the first of each categorical
//     parameter (which get no SRC of their own). Its sign is the
//     direction of the effect. src_abs_rank ranks the parameters by |src|,
//     1 for the largest.
//   - src_lo, src_hi: the 95% confidence interval of src ([stats.SRCFit.Interval]),
//     src ± t·SE with SE from the residual variance of the fit and t the
//     quantile of Student's t with points − k − 1 degrees of freedom (k
//     regression columns). When it contains 0, the points do not establish
//     even the sign of the effect: with few points or noisy ones, an SRC
//     of −0.6 can be noise.
//   - r2: the R² of that fit, repeated on each row with an SRC. Below
//     about 0.7 the relation is far from linear and the SRCs rank the
//     parameters poorly: read sobol_first instead.
//   - sobol_first: the first-order Sobol index Var(E[Y | X_i]) / Var(Y)
//     estimated from the given points ([stats.SobolFirst]; the binning estimator
//     of Plischke, Borgonovo and Smith 2013): the points are grouped by the
//     parameter's value (always in a grid design, and for categorical
//     parameters and parameters with at most ⌈√n⌉ distinct values) or
//     else into ⌈√n⌉ equal-count bins of its value (Options.Bins), and the
//     index is the share of the metric's variance between the groups'
//     means. It catches relations of any shape (y = x² on [−1, 1] has an
//     SRC of 0 and an index of 1). sobol_rank ranks the parameters by it.
//   - groups: the number of groups; sobol_null: (groups − 1)/(points − 1),
//     the index expected from a parameter without influence ([stats.SobolNull]).
//     An index near sobol_null is noise; with one group per point (a
//     one-parameter grid) the index is 1 by construction, whatever the
//     metric does, and note says so.
//   - note: why a row has no index (a metric or parameter that does not
//     vary, too few points, collinear parameters) or how it was computed.
//
// # Charts
//
// Charts are named by the constants below and drawn in the house style of
// the run charts (6.5 in wide, Liberation Sans, Okabe–Ito colours), with
// the sweep's name in the title and the parley version, master seed,
// design, points and replications in the subtitle.
//
// The utilities charted are each party's mean utility u_ID and, when
// points.csv has it and it differs from u_ID by more than 0.001 at some
// point, the party's mean discounted utility ud_ID (the utility of the
// result discounted, and charged any cost of time, to the round of
// agreement).
// Without discounting the two are equal and a second chart would repeat
// the first; with it, ud_ID often carries the signal (a sweep of discount
// factors moves ud_ID while u_ID stays flat). Which charts are drawn
// depends on the number of parameters that take more than one value:
//
//   - one: sweep-agreement (the agreement rate against the parameter, with
//     its 95% Wilson interval) and sweep-utility (the mean of each utility
//     charted, with its 95% t interval: solid lines and filled markers for
//     u_ID, dashed lines and open markers for ud_ID, in the party's
//     colour). A numeric parameter of a grid, or with at most 12 values,
//     gets lines and bands, pooling the points at each value; a
//     categorical one gets points with error bars, as does a numeric one
//     drawn from a range (one per point). Then sweep-metrics: one panel
//     for each other metric of points.csv (round, welfare, dist_pareto,
//     dist_nash, invited, in column order; u_ID and ud_ID are left to
//     sweep-utility) that is defined at some point, its mean against the
//     parameter drawn the same way, with its 95% interval (Wilson for
//     invited, a share of runs pooled by its counts; t for the others),
//     each panel on its own scale with the metric's unit on the y axis.
//   - two: heatmap-agreement, heatmap-u_ID for each party and
//     heatmap-ud_ID for each discounted utility charted: a heatmap of the
//     cells of the two parameters' values (runs pooled, values written in
//     the cells when there are at most 144), on the viridis scale with a
//     colour bar (0–100% for the agreement rate; all utility charts share
//     one scale, so that they compare); for parameters drawn from ranges,
//     or more than 2,500 cells, a scatter of the points coloured by value.
//   - more: the same, each outcome over the two parameters most
//     influential on it (the largest first-order Sobol index on that
//     outcome, the larger on x; by |SRC| when no parameter has an index),
//     as its subtitle says, the others pooled; and
//     sweep-agreement with one panel per parameter: the agreement rate
//     pooled at each value, or for a parameter drawn from a range the
//     rate of each point with the means in the Sobol estimator's bins.
//     Long parameter paths are broken after their dots to fit a panel.
//   - always, when an index exists: sensitivity, one panel for the
//     agreement rate and one for each utility charted (u_ID, then ud_ID),
//     with the first-order Sobol index and the SRC of each parameter as
//     bars, sorted by the Sobol index, and sobol_null as a dashed mark.
//     Each SRC has its 95% interval (src_lo, src_hi) as a whisker, and an
//     SRC whose interval contains 0 is drawn pale ("SRC whose 95% interval
//     includes 0" in the legend). With one varied parameter, the subtitle
//     names the outcomes whose 95% intervals (those of the sweep charts)
//     at every value of it overlap each other: they do not detectably
//     vary, whatever their SRC. A
//     Sobol index that is 1 by construction (one group per point) gets no
//     bar, only a note, since it would show a flat metric as fully
//     explained; the parameters are then sorted by |SRC|. The index axis
//     leaves room for every value label beside its bar.
//
// # References
//
//   - Plischke, Borgonovo and Smith (2013). Global sensitivity measures
//     from given data. European Journal of Operational Research
//     226(3):536–550.
//   - Saltelli, Ratto, Andres, Campolongo, Cariboni, Gatelli, Saisana and
//     Tarantola (2008). Global Sensitivity Analysis: The Primer. Wiley.
//   - Sobol (1993). Sensitivity estimates for nonlinear mathematical
//     models. Mathematical Modelling and Computational Experiments
//     1(4):407–414.
func WriteSweepAnalysis(dir string, o SweepAnalysisOptions) error {
	d, err := readSweepFolder(dir)
	if err != nil {
		return err
	}
	warn := func(err error) {
		if o.Warn != nil {
			o.Warn(err)
		}
	}
	d.bins = o.Bins
	sens := analyseSweep(d, o.Bins)
	for _, w := range noSensitivityWarnings(sens) {
		warn(w)
	}
	var csvData bytes.Buffer
	if err := writeSensitivity(&csvData, sens); err != nil {
		return fmt.Errorf("writing %s: %w", SensitivityFile, err)
	}
	type file struct {
		name string
		data []byte
	}
	files := []file{{SensitivityFile, csvData.Bytes()}}
	if !o.NoCharts {
		figs, warns := sweepFigures(d, sens)
		for _, w := range warns {
			warn(w)
		}
		for _, f := range figs {
			png, svg, err := renderFigure(f.fig)
			if err != nil {
				return fmt.Errorf("drawing the %s chart: %w", f.name, err)
			}
			files = append(files, file{f.name + ".png", png}, file{f.name + ".svg", svg})
		}
	}
	written := map[string]bool{}
	for _, f := range files {
		err := atomicfile.WriteFile(filepath.Join(dir, f.name), func(w io.Writer) error { _, err := w.Write(f.data); return err })
		if err != nil {
			return err
		}
		written[f.name] = true
	}
	return removeStaleSweepCharts(dir, written)
}

// noSensitivityWarnings returns one warning for each reason that leaves
// metrics without indices, naming all the metrics it applies to ("no
// sensitivity for round_mean, dist_pareto_mean: the same at every
// point"), reasons in the order of their first metric.
func noSensitivityWarnings(sens []sensMetric) []error {
	var reasons []string
	names := map[string][]string{}
	for _, m := range sens {
		if m.note == "" {
			continue
		}
		r := m.reason
		if r == "" {
			r = m.note
		}
		if _, ok := names[r]; !ok {
			reasons = append(reasons, r)
		}
		names[r] = append(names[r], m.name)
	}
	var out []error
	for _, r := range reasons {
		out = append(out, fmt.Errorf("no sensitivity for %s: %s (see %s)", strings.Join(names[r], ", "), r, SensitivityFile))
	}
	return out
}

// removeStaleSweepCharts removes the sweep charts in dir that are not in
// keep.
func removeStaleSweepCharts(dir string, keep map[string]bool) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("listing %s: %w", dir, err)
	}
	for _, e := range entries {
		name := e.Name()
		if keep[name] || !e.Type().IsRegular() || !isSweepChart(name) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("removing %s: %w", name, err)
		}
	}
	return nil
}

// isSweepChart says whether a file name is one of the sweep charts.
func isSweepChart(name string) bool {
	ext := filepath.Ext(name)
	if ext != ".png" && ext != ".svg" {
		return false
	}
	base := strings.TrimSuffix(name, ext)
	switch base {
	case SweepAgreementChart, SweepUtilityChart, SweepMetricsChart, HeatmapAgreementChart, SensitivityChart:
		return true
	}
	return strings.HasPrefix(base, HeatmapUtilityPrefix+"u_") || strings.HasPrefix(base, HeatmapUtilityPrefix+"ud_")
}

// sweepData is what the analysis reads from a sweep folder.
type sweepData struct {
	name    string // the sweep's name
	design  string // grid, random, latin_hypercube or empty
	version string
	seed    uint64
	params  []*sweepParam
	points  []sweepPoint // by point index
	metrics []string     // base names M of the M_mean, M_lo, M_hi columns, in column order
	parties []string     // party ids of the u_ID metrics, in column order
	bins    int          // SweepAnalysisOptions.Bins
}

// sweepParam is one parameter column of points.csv.
type sweepParam struct {
	path    string
	numeric bool      // every value is a finite number
	text    []string  // the value at each point
	num     []float64 // the value at each point, if numeric
	levels  []string  // distinct values: ascending if numeric, else in order of appearance
	level   []int     // the index in levels of each point's value
}

// varies says whether the parameter takes more than one value.
func (p *sweepParam) varies() bool { return len(p.levels) > 1 }

// sweepPoint is one row of points.csv.
type sweepPoint struct {
	point, reps, agreements int
	rate, lo, hi            float64
	m                       [][3]float64 // mean, lo, hi of each metric; NaN when empty
}

// readSweepFolder reads manifest.json and points.csv of dir.
func readSweepFolder(dir string) (*sweepData, error) {
	d := &sweepData{}
	manifestParams, err := readSweepManifest(filepath.Join(dir, sweepManifestName), d)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, sweepPointsName)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading the sweep points: %w", err)
	}
	defer f.Close()
	if err := readSweepPoints(f, sweepPointsName, d); err != nil {
		return nil, err
	}
	if manifestParams != nil {
		var have []string
		for _, p := range d.params {
			have = append(have, p.path)
		}
		if !slices.Equal(manifestParams, have) {
			return nil, fmt.Errorf("%s lists the parameters %q but %s has the columns %q", sweepManifestName, manifestParams, sweepPointsName, have)
		}
	}
	return d, nil
}

// readSweepManifest reads the fields of a sweep's manifest.json that the
// analysis needs into d, and returns the parameters it lists (nil if it
// lists none). Other fields are ignored.
func readSweepManifest(path string, d *sweepData) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the sweep manifest: %w", err)
	}
	var m struct {
		Version    string          `json:"version"`
		Sweep      json.RawMessage `json:"sweep"`
		Name       string          `json:"name"`
		Design     string          `json:"design"`
		Parameters []string        `json:"parameters"`
		Seed       json.RawMessage `json:"seed"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	d.version, d.design, d.name = m.Version, m.Design, m.Name
	if len(m.Sweep) > 0 {
		var s string
		if json.Unmarshal(m.Sweep, &s) == nil && s != "" {
			d.name = s
		}
	}
	if len(m.Seed) > 0 && string(m.Seed) != "null" {
		s := string(m.Seed)
		if uq, err := strconv.Unquote(s); err == nil {
			s = uq
		}
		if d.seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			return nil, fmt.Errorf("%s: seed %s is not a whole number", path, m.Seed)
		}
	}
	switch d.design {
	case "", "grid", "random", "latin_hypercube":
	default:
		return nil, fmt.Errorf("%s: unknown design %q (want grid, random or latin_hypercube)", path, d.design)
	}
	return m.Parameters, nil
}

// maxSweepErrors is the most errors of points.csv reported at once.
const maxSweepErrors = 20

// readSweepPoints reads points.csv into d. It reports every error of the
// file (up to maxSweepErrors), each with its line.
func readSweepPoints(rd io.Reader, name string, d *sweepData) error {
	r := csv.NewReader(rd)
	r.ReuseRecord = true
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: empty file (want a header and one row per point)", name)
	}
	if err != nil {
		return fmt.Errorf("%s: reading the header: %w", name, err)
	}
	header = slices.Clone(header)
	col, params, err := sweepColumns(name, header, d)
	if err != nil {
		return err
	}
	d.params = make([]*sweepParam, len(params))
	for k, c := range params {
		d.params[k] = &sweepParam{path: header[c], numeric: true}
	}

	var errs []error
	fail := func(line int, format string, args ...any) {
		if len(errs) < maxSweepErrors {
			errs = append(errs, fmt.Errorf("%s:%d: %s", name, line, fmt.Sprintf(format, args...)))
		}
	}
	seen := map[int]int{} // point → line
	line := 1
	for {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line++
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			fail(line, "%v", errors.Unwrap(err))
			if !errors.Is(err, csv.ErrFieldCount) {
				break // the reader cannot resynchronise
			}
			continue
		}
		if len(d.points) >= MaxSweepAnalysisPoints {
			return fmt.Errorf("%s: more than %d points", name, MaxSweepAnalysisPoints)
		}
		p := sweepPoint{m: make([][3]float64, len(d.metrics))}
		bad := false
		whole := func(c string, lo int) int {
			s := row[col[c]]
			v, err := strconv.Atoi(s)
			if err != nil || v < lo {
				fail(line, "%s: %q is not a whole number of at least %d", c, s, lo)
				bad = true
			}
			return v
		}
		number := func(c string, required bool) float64 {
			s := row[col[c]]
			if s == "" {
				if required {
					fail(line, "%s: empty", c)
					bad = true
				}
				return math.NaN()
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				fail(line, "%s: %q is not a finite number (leave undefined values empty)", c, s)
				bad = true
				return math.NaN()
			}
			return v
		}
		p.point = whole("point", 0)
		p.reps = whole("replications", 1)
		p.agreements = whole("agreements", 0)
		p.rate = number("agreement_rate", true)
		p.lo = number("agreement_rate_lo", false)
		p.hi = number("agreement_rate_hi", false)
		for k, m := range d.metrics {
			for j, suffix := range []string{"_mean", "_lo", "_hi"} {
				p.m[k][j] = number(m+suffix, false)
			}
		}
		if !bad {
			if p.agreements > p.reps {
				fail(line, "agreements: %d of %d replications", p.agreements, p.reps)
				bad = true
			} else if want := float64(p.agreements) / float64(p.reps); math.Abs(p.rate-want) > 1e-9 {
				fail(line, "agreement_rate: %v, but %d of %d replications agreed", p.rate, p.agreements, p.reps)
				bad = true
			}
			if first, dup := seen[p.point]; dup {
				fail(line, "point %d already on line %d", p.point, first)
				bad = true
			}
			seen[p.point] = line
		}
		if bad {
			continue
		}
		for k, c := range params {
			prm := d.params[k]
			prm.text = append(prm.text, row[c])
		}
		d.points = append(d.points, p)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if len(d.points) == 0 {
		return fmt.Errorf("%s: no points (only a header)", name)
	}
	// Points in index order, parameters with them.
	order := make([]int, len(d.points))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return d.points[a].point - d.points[b].point })
	pts := make([]sweepPoint, len(order))
	for i, k := range order {
		pts[i] = d.points[k]
	}
	d.points = pts
	for _, prm := range d.params {
		text := make([]string, len(order))
		for i, k := range order {
			text[i] = prm.text[k]
		}
		prm.text = text
		prm.index()
	}
	return nil
}

// index classifies the parameter as numeric or not and finds its levels.
func (p *sweepParam) index() {
	p.num = make([]float64, len(p.text))
	p.numeric = true
	for i, s := range p.text {
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			p.numeric = false
			p.num = nil
			break
		}
		p.num[i] = v
	}
	p.levels = nil
	if p.numeric {
		byValue := map[float64]string{}
		for i, v := range p.num {
			if _, ok := byValue[v]; !ok {
				byValue[v] = p.text[i]
			}
		}
		vals := make([]float64, 0, len(byValue))
		for v := range byValue {
			vals = append(vals, v)
		}
		slices.Sort(vals)
		pos := map[float64]int{}
		for k, v := range vals {
			p.levels = append(p.levels, byValue[v])
			pos[v] = k
		}
		p.level = make([]int, len(p.num))
		for i, v := range p.num {
			p.level[i] = pos[v]
		}
		return
	}
	pos := map[string]int{}
	p.level = make([]int, len(p.text))
	for i, s := range p.text {
		k, ok := pos[s]
		if !ok {
			k = len(p.levels)
			pos[s] = k
			p.levels = append(p.levels, s)
		}
		p.level[i] = k
	}
}

// sweepColumns checks the header of points.csv and returns the column of
// each name and the columns of the parameters. It fills d.metrics and
// d.parties.
func sweepColumns(name string, header []string, d *sweepData) (map[string]int, []int, error) {
	var errs []error
	col := map[string]int{}
	for i, h := range header {
		if h == "" {
			errs = append(errs, fmt.Errorf("%s: column %d has no name", name, i+1))
			continue
		}
		if _, dup := col[h]; dup {
			errs = append(errs, fmt.Errorf("%s: column %q appears twice", name, h))
		}
		col[h] = i
	}
	if len(header) == 0 || header[0] != "point" {
		errs = append(errs, fmt.Errorf("%s: the first column must be point", name))
	}
	reps, ok := col["replications"]
	if !ok {
		errs = append(errs, fmt.Errorf("%s: no replications column", name))
	} else if reps < 2 || header[0] != "point" {
		errs = append(errs, fmt.Errorf("%s: no parameter columns between point and replications", name))
	}
	for _, c := range []string{"agreements", "agreement_rate", "agreement_rate_lo", "agreement_rate_hi"} {
		if _, ok := col[c]; !ok {
			errs = append(errs, fmt.Errorf("%s: no %s column", name, c))
		}
	}
	if !ok {
		reps = len(header)
	}
	for i := reps + 1; i < len(header); i++ {
		h := header[i]
		switch {
		case strings.HasPrefix(h, "agreement"):
		case strings.HasSuffix(h, "_mean"):
			m := strings.TrimSuffix(h, "_mean")
			for _, s := range []string{"_lo", "_hi"} {
				if _, ok := col[m+s]; !ok {
					errs = append(errs, fmt.Errorf("%s: column %s has no %s", name, h, m+s))
				}
			}
			d.metrics = append(d.metrics, m)
			if id, ok := strings.CutPrefix(m, "u_"); ok && id != "" {
				d.parties = append(d.parties, id)
			}
		case strings.HasSuffix(h, "_lo") || strings.HasSuffix(h, "_hi"):
			if _, ok := col[h[:len(h)-3]+"_mean"]; !ok {
				errs = append(errs, fmt.Errorf("%s: column %s has no %s_mean", name, h, h[:len(h)-3]))
			}
		}
	}
	if len(errs) > 0 {
		return nil, nil, errors.Join(errs...)
	}
	var params []int
	for i := 1; i < reps; i++ {
		params = append(params, i)
	}
	return col, params, nil
}

// outcome returns the values of outcome k at every point: k = 0 is the
// agreement rate, k ≥ 1 the mean of metric k−1 (NaN where undefined).
func (d *sweepData) outcome(k int) []float64 {
	out := make([]float64, len(d.points))
	for i, p := range d.points {
		if k == 0 {
			out[i] = p.rate
		} else {
			out[i] = p.m[k-1][0]
		}
	}
	return out
}

// outcomeName returns the column name of outcome k.
func (d *sweepData) outcomeName(k int) string {
	if k == 0 {
		return "agreement_rate"
	}
	return d.metrics[k-1] + "_mean"
}

// metricIndex returns the outcome index of metric m (as for outcome), or
// −1.
func (d *sweepData) metricIndex(m string) int {
	if k := slices.Index(d.metrics, m); k >= 0 {
		return k + 1
	}
	return -1
}

// varied returns the parameters that take more than one value.
func (d *sweepData) varied() []*sweepParam {
	var out []*sweepParam
	for _, p := range d.params {
		if p.varies() {
			out = append(out, p)
		}
	}
	return out
}

// runs returns the total of replications.
func (d *sweepData) runs() int {
	n := 0
	for _, p := range d.points {
		n += p.reps
	}
	return n
}
