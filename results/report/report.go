package report

import (
	"bufio"
	"bytes"
	"cmp"
	_ "embed"
	"encoding/base64"
	"encoding/csv"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/parley-sim/parley/results"
	"github.com/parley-sim/parley/results/atomicfile"
	"github.com/parley-sim/parley/results/chart"
	"github.com/parley-sim/parley/results/metric"
	"github.com/parley-sim/parley/results/narrate"
)

// Limits of what a report reads, so that a damaged or hostile folder
// cannot exhaust memory.
const (
	reportMaxManifest   = 16 << 20
	reportMaxSVG        = 32 << 20
	reportMaxPNG        = 16 << 20
	reportMaxTranscript = 2 << 20
	reportMaxSummary    = 10_000 // rows of summary.csv
	reportMaxCells      = 64     // columns of a CSV table shown
)

//go:embed report.html.tmpl
var reportTemplateText string

// reportTemplate is parsed once; it is read-only afterwards.
var reportTemplate = template.Must(template.New("report").Parse(reportTemplateText))

// Options configures Write and WriteFile. The zero value works.
type Options struct {
	// Title heads the report. Empty means "SCENARIO: results" for a run
	// folder and "SCENARIO: sweep results" for a sweep folder, with the
	// scenario's name from the manifest.
	Title string
	// Rows is the number of rows of points.csv and sensitivity.csv shown
	// in a sweep's report. Zero means 20; negative means every row.
	Rows int
}

// ErrNotOutput is returned by Write for a folder that is not a parley
// run or sweep folder.
var ErrNotOutput = errors.New("not a parley output folder")

// Write writes one self-contained HTML page describing the run or sweep
// folder dir: the scenario (from the resolved scenario in manifest.json),
// the assumptions behind the numbers (protocol, deadline, discounts,
// reservation values, strategies, facilitator, seed, version, runs), the
// summary table with its confidence intervals, the bargaining solutions,
// every chart of the folder inlined as SVG with a caption on how to read
// it, the narrated transcript of the traced run (transcript.txt) and, for
// a sweep (a manifest with a fingerprint or design, or a points.csv), the
// sweep charts and the first rows of points.csv and sensitivity.csv.
//
// The page needs no network and runs no script: styles are inline, charts
// are the folder's SVG files cleaned of anything but drawing (no script,
// event handler or external reference), a Content-Security-Policy forbids
// loading anything, and every text from the folder is escaped, its
// control characters shown as symbols (␛ for ESC) rather than written as
// they are. It reads well projected (large type, light theme) and printed
// (print styles keep charts whole on a page). The same folder gives the
// same bytes.
//
// An optional file that is missing is left out and a note at the end of
// the page says so. A folder without a readable manifest.json, or whose
// manifest is not parley's, is an error wrapping ErrNotOutput.
//
// The folder is read under a shared lock (atomicfile.LockFolder): a run
// does not replace it, and no sweep or plot changes it, while it is read;
// a folder that one of them is writing is refused with an error wrapping
// atomicfile.ErrLocked.
func Write(w io.Writer, dir string, o Options) error {
	lock, err := atomicfile.LockFolder(dir, false)
	if err != nil {
		return fmt.Errorf("reporting %s: %w", dir, err)
	}
	defer lock.Unlock()
	return write(w, dir, o)
}

// write is Write for a caller that holds the folder's lock.
func write(w io.Writer, dir string, o Options) error {
	page, err := buildReport(dir, o)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := reportTemplate.Execute(&b, page); err != nil {
		return fmt.Errorf("writing the report of %s: %w", dir, err)
	}
	if _, err := w.Write(replaceControls(b.Bytes())); err != nil {
		return fmt.Errorf("writing the report of %s: %w", dir, err)
	}
	return nil
}

// WriteFile writes the report of dir (see Write) to the file at path,
// atomically ([atomicfile.WriteFile]). The file is built in memory first, so
// that a folder that cannot be reported leaves path as it was. The
// folder's lock is held until the file is in place: a run that replaces
// the folder never finds in it the report of the run before.
func WriteFile(path, dir string, o Options) error {
	lock, err := atomicfile.LockFolder(dir, false)
	if err != nil {
		return fmt.Errorf("reporting %s: %w", dir, err)
	}
	defer lock.Unlock()
	var buf bytes.Buffer
	if err := write(&buf, dir, o); err != nil {
		return err
	}
	return atomicfile.WriteFile(path, func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	})
}

// reportPage is the data of the report template.
type reportPage struct {
	Title, Subtitle string
	IsSweep         bool
	Headline        []repFact
	HasScenario     bool
	Scenario        repScenario
	PartyTable      *repTable  // one row per setting, one column per party
	Run             []repFact  // seed, runs, version, build, …
	Design          []repFact  // a sweep's design, from the manifest
	Banner          *repBanner // a partial sweep folder's warning
	SweepParams     *repTable  // what a sweep varies and fixes
	SweepYAML       string     // the sweep file, for a sweep
	Warnings        []string
	Summary         *repSummary
	Solutions       *repTable
	Charts          []repChart
	SweepCharts     []repChart
	Transcript      string
	Points          *repTable
	Sensitivity     *repTable
	Tournament      *repTournament // a tournament folder's tables and charts
	Compare         *repCompare    // a comparison folder's arms, differences and charts
	Drivers         *repDrivers    // a run with uncertain assumptions: what drives the outcome
	Notes           []string

	driversChart *repChart // a run's sensitivity chart, for Drivers
}

// repChart is one chart of the page.
type repChart struct {
	ID, Title, Caption, File string
	SVG                      template.HTML // sanitised inline SVG
	PNG                      template.URL  // data: URL when there is no SVG
}

// repTable is a CSV table, or its first rows.
type repTable struct {
	Header  []string
	Rows    [][]string
	Numeric []bool // per column: right-aligned
	Total   int    // data rows in the file
}

// Truncated says whether the table shows fewer rows than the file has.
func (t *repTable) Truncated() bool { return len(t.Rows) < t.Total }

// repSummary is summary.csv with one row per metric.
type repSummary struct {
	Level string // "95%"
	Rows  []repSummaryRow
}

// repSummaryRow is one metric of summary.csv.
type repSummaryRow struct {
	Metric, Meaning        string
	Statistic              string // rate, share or mean
	Estimate, Interval     string
	Median, MedianInterval string
	SD, Min, Max, N        string
}

// buildReport reads dir into the template's data.
func buildReport(dir string, o Options) (*reportPage, error) {
	o.Rows = cmp.Or(o.Rows, 20)
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("report: %s is not a folder: %w", dir, ErrNotOutput)
	}
	man, err := readReportManifest(dir)
	if err != nil {
		return nil, err
	}
	if man.str("design") == results.TournamentDesign {
		return buildTournamentReport(dir, man, o)
	}
	if man.str("kind") == results.CompareKind {
		return buildCompareReport(dir, man, o)
	}
	p := &reportPage{}
	p.IsSweep = man.get("fingerprint") != nil || man.get("design") != nil || exists(dir, results.PointsFile)
	scenario := man.str("scenario")
	if p.IsSweep && man.str("sweep") != "" {
		scenario = man.str("sweep")
	}

	var root *repNode
	if y := man.str("scenario_yaml"); y != "" {
		root, err = parseReportYAML(y)
		if err != nil {
			p.Notes = append(p.Notes, fmt.Sprintf("The resolved scenario in %s could not be read (%v); the scenario section is left out.", results.ManifestFile, err))
		}
	} else {
		p.Notes = append(p.Notes, fmt.Sprintf("%s holds no resolved scenario; the scenario section is left out.", results.ManifestFile))
	}
	var sw repSweep
	points, runs := -1, -1
	if p.IsSweep {
		sw = sweepOf(man)
		points, runs = countRows(dir, results.PointsFile), countRows(dir, results.RunsFile)
		p.Banner = sweepBanner(&sw, dir, points, runs)
		p.SweepParams = sweepParamTable(&sw, root)
		if root != nil {
			sw.applyTo(root)
		}
	}
	if root != nil {
		p.HasScenario = true
		p.Scenario = scenarioOf(root)
		p.PartyTable = partyTable(p.Scenario.Parties)
		scenario = cmp.Or(scenario, p.Scenario.Name)
	}
	scenario = cmp.Or(scenario, "parley")
	p.Title = o.Title
	if p.Title == "" {
		if p.IsSweep {
			p.Title = scenario + ": sweep results"
		} else {
			p.Title = scenario + ": results"
		}
	}
	p.Subtitle = subtitleOf(man, p.IsSweep, points, runs)
	p.Run = runFacts(man, p.IsSweep, runs)
	if p.IsSweep {
		p.Design = designFacts(man)
		p.SweepYAML = man.str("sweep_yaml")
	}
	if ws := man.get("warnings"); ws != nil {
		for _, w := range ws.Items {
			p.Warnings = append(p.Warnings, w.inline())
		}
	}

	parties := partyLabels(p.Scenario.Parties)
	sum, err := readReportSummary(dir, parties)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if !p.IsSweep { // a sweep summarises its points in points.csv
			p.Notes = append(p.Notes, fmt.Sprintf("No %s in this folder: the summary table is left out.", results.SummaryFile))
		}
	case err != nil:
		p.Notes = append(p.Notes, fmt.Sprintf("%s could not be read (%v): the summary table is left out.", results.SummaryFile, err))
	default:
		p.Summary = sum
		p.Headline = headlineOf(sum)
	}
	if !p.IsSweep || exists(dir, results.SolutionsFile) {
		sol, err := readReportTable(dir, results.SolutionsFile, -1)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			p.Notes = append(p.Notes, fmt.Sprintf("No %s in this folder: the bargaining solutions are left out.", results.SolutionsFile))
		case err != nil:
			p.Notes = append(p.Notes, fmt.Sprintf("%s could not be read (%v): the bargaining solutions are left out.", results.SolutionsFile, err))
		default:
			p.Solutions = sol
		}
	}

	var kinds sweepKinds
	if p.IsSweep {
		kinds = sweepKindsOf(dir, man)
	}
	if err := p.addCharts(dir, man, kinds); err != nil {
		return nil, err
	}
	if !p.IsSweep {
		p.addDrivers(dir, o.Rows, p.driversChart, parties)
	}

	tr, note, err := readTranscript(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if !p.IsSweep {
			p.Notes = append(p.Notes, fmt.Sprintf("No %s in this folder: the narrated transcript is left out.", results.TranscriptFile))
		}
	case err != nil:
		p.Notes = append(p.Notes, fmt.Sprintf("%s could not be read (%v): the narrated transcript is left out.", results.TranscriptFile, err))
	default:
		p.Transcript = tr
		if note != "" {
			p.Notes = append(p.Notes, note)
		}
	}

	if p.IsSweep {
		for _, f := range []struct {
			name string
			dst  **repTable
		}{{results.PointsFile, &p.Points}, {results.SensitivityFile, &p.Sensitivity}} {
			var raw []string // columns shown as written
			if f.name == results.PointsFile {
				raw = sw.Params
			}
			t, err := readReportTable(dir, f.name, o.Rows, raw...)
			switch {
			case errors.Is(err, fs.ErrNotExist):
				p.Notes = append(p.Notes, fmt.Sprintf("No %s in this folder: its table is left out.", f.name))
			case err != nil:
				p.Notes = append(p.Notes, fmt.Sprintf("%s could not be read (%v): its table is left out.", f.name, err))
			default:
				*f.dst = t
			}
		}
	}
	return p, nil
}

// readReportManifest reads dir/manifest.json and checks that it is
// parley's.
func readReportManifest(dir string) (*repNode, error) {
	path := filepath.Join(dir, results.ManifestFile)
	b, err := readCapped(path, reportMaxManifest)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("report: %s has no %s: %w", dir, results.ManifestFile, ErrNotOutput)
	}
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	man, err := parseReportJSON(b)
	if err != nil || !man.IsMap {
		if err == nil {
			err = errors.New("not a JSON object")
		}
		return nil, fmt.Errorf("report: %s: %w (%w)", path, ErrNotOutput, err)
	}
	if man.get("version") == nil || (man.get("scenario_yaml") == nil && man.get("fingerprint") == nil && man.get("design") == nil && man.str("kind") != results.CompareKind) {
		return nil, fmt.Errorf("report: %s is not a parley manifest (no version, scenario_yaml or fingerprint): %w", path, ErrNotOutput)
	}
	return man, nil
}

// readCapped reads a file of at most limit bytes.
func readCapped(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, limit)
	}
	return b, nil
}

// exists says whether dir/name is a regular file.
func exists(dir, name string) bool {
	fi, err := os.Stat(filepath.Join(dir, name))
	return err == nil && fi.Mode().IsRegular()
}

// subtitleOf is the line under the title: version, seed and runs. For a
// sweep, points and runs are the rows of points.csv and runs.csv (−1 when
// unknown): what the folder holds, which for a partial folder is less
// than the design.
func subtitleOf(man *repNode, sweep bool, points, runs int) string {
	var parts []string
	if v := man.str("version"); v != "" {
		parts = append(parts, "parley "+v)
	}
	if s := man.str("seed"); s != "" {
		parts = append(parts, "master seed "+s)
	}
	switch {
	case sweep && runs >= 0:
		parts = append(parts, narrate.Plural(runs, "run"))
	case man.str("runs") != "":
		parts = append(parts, man.str("runs")+" runs")
	}
	if sweep {
		total := man.str("points")
		switch {
		case points >= 0 && total != "" && total != strconv.Itoa(points):
			parts = append(parts, fmt.Sprintf("%d of %s parameter points", points, total))
		case points >= 0:
			parts = append(parts, narrate.Plural(points, "parameter point"))
		case total != "":
			parts = append(parts, total+" parameter points in the design")
		}
	}
	if f := man.str("finished"); f != "" && !strings.HasPrefix(f, "0001-") {
		if len(f) >= 10 {
			f = f[:10]
		}
		parts = append(parts, "finished "+f)
	}
	return strings.Join(parts, " · ")
}

// runFacts lists how the folder was made; for a sweep, runs is the rows
// of runs.csv (−1 when unknown).
func runFacts(man *repNode, sweep bool, runs int) []repFact {
	var out []repFact
	add := func(name, key string) {
		if v := man.get(key); v != nil {
			if s := v.inline(); s != "" {
				out = append(out, repFact{name, s})
			}
		}
	}
	add("Master seed", "seed")
	if sweep && runs >= 0 {
		out = append(out, repFact{"Runs (rows of runs.csv)", strconv.Itoa(runs)})
	} else {
		add("Runs", "runs")
	}
	add("Runs traced (rounds.csv, rounds chart)", "traced")
	add("Workers", "workers")
	add("parley version", "version")
	if g, goos, arch := man.str("go_version"), man.str("os"), man.str("arch"); g+goos+arch != "" {
		out = append(out, repFact{"Build", strings.TrimSpace(g + " " + goos + "/" + arch)})
	}
	if c := man.get("command"); c != nil && c.IsSeq {
		var words []string
		for _, it := range c.Items {
			words = append(words, shellQuote(it.Scalar))
		}
		out = append(out, repFact{"Command", strings.Join(words, " ")})
	}
	add("Scenario source", "source")
	add("Scenario SHA-256", "scenario_sha256")
	add("Started", "started")
	add("Finished", "finished")
	return out
}

// shellQuote quotes a word for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// designFacts lists the sweep-specific keys of a manifest.
func designFacts(man *repNode) []repFact {
	known := []string{
		"version", "go_version", "os", "arch", "command", "scenario", "source",
		"scenario_yaml", "scenario_sha256", "seed", "runs", "workers", "traced",
		"started", "finished", "warnings", "files", "sweep_yaml",
	}
	var out []repFact
	for i, k := range man.Keys {
		if slices.Contains(known, k) {
			continue
		}
		v := man.Vals[i].inline()
		if len(v) > 2000 {
			v = v[:2000] + " …"
		}
		out = append(out, repFact{k, v})
	}
	return out
}

// partyLabels maps party ids to their labels.
func partyLabels(ps []repParty) map[string]string {
	m := map[string]string{}
	for _, p := range ps {
		m[p.ID] = p.Label
		if p.Label == "" {
			m[p.ID] = p.ID
		}
	}
	return m
}

// readReportTable reads the header and at most rows data rows (all if
// rows < 0) of dir/name, and counts the rest. Numbers are shortened for
// reading but in the columns named raw, shown as the file writes them.
func readReportTable(dir, name string, rows int, raw ...string) (*repTable, error) {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		if err == io.EOF {
			return nil, errors.New("empty file")
		}
		return nil, err
	}
	t := &repTable{Header: clipRow(head)}
	if name == results.PointsFile && len(t.Header) > 0 && t.Header[0] == "point" {
		// The parameter columns, between point and replications.
		if k := slices.Index(t.Header, "replications"); k > 1 {
			raw = append(slices.Clip(raw), t.Header[1:k]...)
		}
	}
	t.Numeric = make([]bool, len(t.Header))
	for i := range t.Numeric {
		t.Numeric[i] = true
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		t.Total++
		if rows >= 0 && len(t.Rows) >= rows {
			continue
		}
		row := clipRow(rec)
		for i, c := range row {
			if i < len(t.Numeric) && c != "" {
				if _, err := strconv.ParseFloat(c, 64); err != nil {
					t.Numeric[i] = false
				}
			}
		}
		t.Rows = append(t.Rows, row)
	}
	for i, row := range t.Rows {
		for j, c := range row {
			if j < len(t.Numeric) && t.Numeric[j] && !slices.Contains(raw, t.Header[j]) {
				t.Rows[i][j] = formatCell(c)
			}
		}
	}
	return t, nil
}

// clipRow copies a CSV record, at most reportMaxCells cells of at most
// 200 bytes each.
func clipRow(rec []string) []string {
	out := make([]string, 0, min(len(rec), reportMaxCells))
	for _, c := range rec[:min(len(rec), reportMaxCells)] {
		if len(c) > 200 {
			c = strings.ToValidUTF8(c[:200], "") + "…"
		}
		out = append(out, c)
	}
	return out
}

// formatCell shortens a numeric cell for reading: at most 3 decimals.
func formatCell(c string) string {
	v, err := strconv.ParseFloat(c, 64)
	if err != nil || strings.HasPrefix(c, "0x") {
		return c
	}
	return formatNumber(v)
}

// formatNumber writes v with three decimals, integers without, and very
// large or small numbers in exponent form.
func formatNumber(v float64) string {
	switch {
	case math.IsNaN(v):
		return ""
	case v == math.Trunc(v) && math.Abs(v) < 1e15:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case math.Abs(v) >= 1e6 || math.Abs(v) < 1e-3:
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return strconv.FormatFloat(v, 'f', 3, 64)
}

// formatStat writes a statistic of summary.csv with three decimals, as
// parley run prints them, so that estimates and intervals line up.
func formatStat(c string) string {
	v, err := strconv.ParseFloat(c, 64)
	switch {
	case err != nil || math.IsNaN(v):
		return c
	case math.Abs(v) >= 1e6:
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
	if s := strconv.FormatFloat(v, 'f', 3, 64); s != "-0.000" {
		return s
	}
	return "0.000"
}

// readReportSummary reads summary.csv into one row per metric.
func readReportSummary(dir string, parties map[string]string) (*repSummary, error) {
	f, err := os.Open(filepath.Join(dir, results.SummaryFile))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("reading the header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, c := range []string{"metric", "statistic", "estimate", "lower", "upper", "conf_level", "n"} {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("no column %q", c)
		}
	}
	s := &repSummary{}
	byMetric := map[string]*repSummaryRow{}
	var order []string
	for n := 0; ; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if n >= reportMaxSummary {
			return nil, fmt.Errorf("more than %d rows", reportMaxSummary)
		}
		if len(rec) != len(head) {
			return nil, fmt.Errorf("row %d has %d fields, the header %d", n+2, len(rec), len(head))
		}
		metric, stat := rec[col["metric"]], rec[col["statistic"]]
		est, lo, hi := formatStat(rec[col["estimate"]]), formatStat(rec[col["lower"]]), formatStat(rec[col["upper"]])
		interval := ""
		if lo != "" && hi != "" {
			interval = "[" + lo + ", " + hi + "]"
		}
		if lv := rec[col["conf_level"]]; lv != "" && s.Level == "" {
			if v, err := strconv.ParseFloat(lv, 64); err == nil {
				s.Level = strconv.FormatFloat(v*100, 'g', 4, 64) + "%"
			}
		}
		row, ok := byMetric[metric]
		if !ok {
			row = &repSummaryRow{Metric: metric, Meaning: metricMeaning(metric, parties)}
			byMetric[metric] = row
			order = append(order, metric)
		}
		switch stat {
		case "rate", "share", "mean":
			row.Statistic, row.Estimate, row.Interval, row.N = stat, est, interval, rec[col["n"]]
		case "median":
			row.Median, row.MedianInterval = est, interval
		case "sd":
			row.SD = est
		case "min":
			row.Min = formatCell(rec[col["estimate"]])
		case "max":
			row.Max = formatCell(rec[col["estimate"]])
		}
	}
	s.Level = cmp.Or(s.Level, "95%")
	for _, m := range order {
		s.Rows = append(s.Rows, *byMetric[m])
	}
	return s, nil
}

// metricMeaning explains a metric of summary.csv in a few words: the
// meaning in the metric table (package metric), naming the party by its
// label, or for the shares summary.csv adds (end_REASON,
// conceded_more_ID, conceded_more_equal) what they count.
func metricMeaning(name string, parties map[string]string) string {
	label := func(id string) string { return cmp.Or(parties[id], id) }
	if m, party, ok := metric.Lookup(name, slices.Sorted(maps.Keys(parties))...); ok {
		return m.MeaningOf(label(party))
	}
	if reason, ok := strings.CutPrefix(name, "end_"); ok {
		return "share of runs that ended by " + reason
	}
	if who, ok := strings.CutPrefix(name, "conceded_more_"); ok {
		if who == "equal" {
			return "share of runs where both conceded equally"
		}
		return "share of runs where " + label(who) + " conceded more"
	}
	return ""
}

// headlineOf picks the key numbers of a summary.
func headlineOf(s *repSummary) []repFact {
	var out []repFact
	for _, r := range s.Rows {
		switch {
		case r.Metric == "agreement", r.Metric == "agreement_round",
			strings.HasPrefix(r.Metric, "u_") && r.Statistic == "mean":
			if r.Estimate == "" {
				continue
			}
			var name string
			switch {
			case r.Metric == "agreement":
				name = "agreement rate"
			case r.Metric == "agreement_round":
				name = "mean round of agreement"
			default:
				name = "mean " + strings.TrimSuffix(r.Meaning, " (its reservation or breakdown value without agreement)")
			}
			out = append(out, repFact{name, strings.TrimSpace(r.Estimate + " " + r.Interval)})
		}
	}
	return out
}

// ansiEscape matches terminal colour and cursor sequences.
var ansiEscape = regexp.MustCompile(`\x1b\[[0-9;?]*[ -/]*[@-~]`)

// readTranscript reads transcript.txt, cleaned of terminal escapes and
// invalid UTF-8, and cut at reportMaxTranscript bytes with a note.
func readTranscript(dir string) (text, note string, err error) {
	f, err := os.Open(filepath.Join(dir, results.TranscriptFile))
	if err != nil {
		return "", "", err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, reportMaxTranscript+1))
	if err != nil {
		return "", "", err
	}
	if len(b) > reportMaxTranscript {
		b = b[:reportMaxTranscript]
		note = fmt.Sprintf("%s is longer than %d bytes: the transcript shown is cut there.", results.TranscriptFile, reportMaxTranscript)
	}
	b = ansiEscape.ReplaceAll(b, nil)
	if !utf8.Valid(b) {
		b = bytes.ToValidUTF8(b, []byte("\uFFFD"))
	}
	// Keep only printable text, tabs and line breaks.
	s := strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || (r >= ' ' && r != 0x7f && !(r >= 0x80 && r < 0xa0)) {
			return r
		}
		if r == '\r' {
			return -1
		}
		return '\uFFFD'
	}, string(b))
	return s, note, nil
}

// chartCaptions explain how to read each chart of a run folder.
var chartCaptions = map[string][2]string{
	chart.Rounds: {"Offers round by round",
		"Each panel is one traced run. The lines show how much each offer is worth to each party (colour: whose utility; solid line with circles: the offers of the party listed first in the scenario, dashed with triangles: the other party's, whoever opens). Dotted lines are the reservation values, a star marks the agreement and a dashed vertical line how the run ended. Lines moving towards each other are concessions."},
	chart.UtilitySpace: {"Outcomes in utility space",
		"Each grey dot is a possible deal, placed by its worth to the first party (across) and to the second (up). The black line is the Pareto frontier: deals no other deal improves for both. Diamond, square and triangle mark the Nash, Kalai–Smorodinsky and maximum-welfare solutions; dotted lines the reservation values. The coloured paths are the offers of the first traced run (faint early, solid late), and rings show where the agreements of all runs landed (bigger ring: more runs)."},
	chart.Convergence: {"Convergence of offers over all runs",
		"One panel per party: the median of its utility of each side's latest offer, round by round, with the band holding the middle 80% of runs. Bands that meet mean the sides converge. With a facilitator, the texts the parties agreed on are a green series of their own, in the round they were agreed: the parties' lines show only their own offers. The strip below shows the share of runs still negotiating (and, with a facilitator, the share that had invited it)."},
	chart.Outcomes: {"How the runs ended",
		"How the runs ended (share of runs by end reason, with 95% intervals: agreements reached by the parties in sky blue, agreements on a facilitator's text in green, the ends without agreement in grey), the round in which they agreed, and each party's utility of the result: coloured bars are agreements, grey bars runs without one."},
	chart.Issues: {"What was agreed, issue by issue",
		"One panel per issue: the share of agreements that chose each option. A diamond marks the option of the Nash solution, so you can see where the parties settled away from it."},
}

// addCharts inlines every SVG chart of dir: the run charts in the order of
// chart.Names, then the sweep charts, then any other SVG.
func (p *reportPage) addCharts(dir string, man *repNode, kinds sweepKinds) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	var svgs []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".svg"); ok && e.Type().IsRegular() && !strings.HasPrefix(name, ".") {
			svgs = append(svgs, name)
		}
	}
	slices.Sort(svgs)
	listed := map[string]bool{}
	if fs := man.get("files"); fs != nil {
		for _, f := range fs.Items {
			listed[f.Scalar] = true
		}
	}
	done := map[string]bool{}
	for _, name := range chart.Names() {
		done[name] = true
		title, caption := chartCaptions[name][0], chartCaptions[name][1]
		if !slices.Contains(svgs, name) {
			if exists(dir, name+".png") {
				if c, err := pngChart(dir, name, title, caption); err == nil {
					p.Charts = append(p.Charts, c)
					p.Notes = append(p.Notes, fmt.Sprintf("%s.svg is missing: the %s chart is shown from %s.png.", name, name, name))
					continue
				}
			}
			if p.IsSweep {
				continue
			}
			why := "not drawn for this run"
			if listed[name+".svg"] {
				why = "listed in the manifest but missing"
			}
			p.Notes = append(p.Notes, fmt.Sprintf("No %s chart (%s.svg: %s).", name, name, why))
			continue
		}
		c, err := svgChart(dir, name, title, caption, len(p.Charts)+len(p.SweepCharts))
		if err != nil {
			p.Notes = append(p.Notes, fmt.Sprintf("%s.svg could not be shown: %v.", name, err))
			continue
		}
		p.Charts = append(p.Charts, c)
	}
	var sweep, other []string
	for _, name := range svgs {
		switch {
		case done[name]:
		case name == chart.Sensitivity && !p.IsSweep:
			c, err := svgChart(dir, name, "What drives the outcome", driversCaption, len(p.Charts)+len(p.SweepCharts)+1)
			if err != nil {
				p.Notes = append(p.Notes, fmt.Sprintf("%s.svg could not be shown: %v.", name, err))
				continue
			}
			p.driversChart = &c
		case name == chart.Sensitivity || strings.HasPrefix(name, "sweep-") || strings.HasPrefix(name, chart.HeatmapUtilityPrefix):
			sweep = append(sweep, name)
		default:
			other = append(other, name)
		}
	}
	// Sweep charts: one-parameter plots, heat maps, then sensitivity.
	rank := func(n string) int {
		switch {
		case strings.HasPrefix(n, "sweep-"):
			return 0
		case strings.HasPrefix(n, "heatmap-"):
			return 1
		}
		return 2
	}
	slices.SortStableFunc(sweep, func(a, b string) int { return rank(a) - rank(b) })
	for _, name := range sweep {
		title, caption := sweepCaption(name, kinds)
		c, err := svgChart(dir, name, title, caption, len(p.Charts)+len(p.SweepCharts))
		if err != nil {
			p.Notes = append(p.Notes, fmt.Sprintf("%s.svg could not be shown: %v.", name, err))
			continue
		}
		p.SweepCharts = append(p.SweepCharts, c)
	}
	if p.IsSweep && len(sweep) == 0 {
		p.Notes = append(p.Notes, "No sweep charts (sweep-*.svg, heatmap-*.svg, sensitivity.svg) in this folder.")
	}
	for _, name := range other {
		c, err := svgChart(dir, name, name, "A further chart found in this folder.", len(p.Charts)+len(p.SweepCharts))
		if err != nil {
			p.Notes = append(p.Notes, fmt.Sprintf("%s.svg could not be shown: %v.", name, err))
			continue
		}
		if p.IsSweep {
			p.SweepCharts = append(p.SweepCharts, c)
		} else {
			p.Charts = append(p.Charts, c)
		}
	}
	return nil
}

// svgChart reads and sanitises dir/name.svg; i numbers the chart on the
// page, to keep its ids apart from the other charts'.
func svgChart(dir, name, title, caption string, i int) (repChart, error) {
	b, err := readCapped(filepath.Join(dir, name+".svg"), reportMaxSVG)
	if err != nil {
		return repChart{}, err
	}
	svg, err := sanitizeSVGBytes(b, "c"+strconv.Itoa(i)+"-", title)
	if err != nil {
		return repChart{}, err
	}
	return repChart{
		ID: "chart-" + name, Title: title, Caption: caption, File: name + ".svg",
		SVG: template.HTML(svg), // sanitised above: drawing elements only, text escaped
	}, nil
}

// pngSignature starts every PNG file.
var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// pngChart inlines dir/name.png as a data: URL.
func pngChart(dir, name, title, caption string) (repChart, error) {
	b, err := readCapped(filepath.Join(dir, name+".png"), reportMaxPNG)
	if err != nil {
		return repChart{}, err
	}
	if !bytes.HasPrefix(b, pngSignature) {
		return repChart{}, errors.New("not a PNG image")
	}
	return repChart{
		ID: "chart-" + name, Title: title, Caption: caption, File: name + ".png",
		PNG: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(b)), // checked PNG bytes, base64
	}, nil
}

// partyTable sets the parties side by side: one row per setting
// (reservation value, discount, …, strategy), one column per party.
func partyTable(ps []repParty) *repTable {
	if len(ps) == 0 {
		return nil
	}
	t := &repTable{Header: []string{"setting"}}
	var names []string
	for _, p := range ps {
		label := cmp.Or(p.Label, p.ID)
		t.Header = append(t.Header, label)
		for _, f := range p.Facts {
			if !slices.Contains(names, f.Name) {
				names = append(names, f.Name)
			}
		}
	}
	for _, name := range names {
		row := []string{strings.ReplaceAll(name, "_", " ")}
		for _, p := range ps {
			v := ""
			for _, f := range p.Facts {
				if f.Name == name {
					v = f.Value
				}
			}
			row = append(row, v)
		}
		t.Rows = append(t.Rows, row)
	}
	row := []string{"strategy"}
	for _, p := range ps {
		row = append(row, p.Strategy)
	}
	t.Rows = append(t.Rows, row)
	t.Numeric = make([]bool, len(t.Header))
	t.Total = len(t.Rows)
	return t
}
