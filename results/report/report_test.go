package report

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parley-sim/parley/results"
	"github.com/parley-sim/parley/results/chart"
	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/sim"
)

// reportScenarioYAML is a resolved scenario for the test negotiation, with
// markup in its texts that the report must escape.
const reportScenarioYAML = `name: twostates
description: 'Two states <script>alert("pwned")</script> bargain & agree </pre><img src=x onerror=alert(1)>.'
runs: 40
seed: 7
issues:
  - id: corridor
    label: Transit corridor
    options:
      - {id: closed, label: Closed}
      - {id: joint, label: Jointly run}
      - {id: open, label: Open}
  - id: border
    label: Border line
    kind: border
    min: 0
    max: 10
    step: 5
    unit: km
  - id: recognition
    options:
      - {id: "no", label: No recognition}
      - {id: "yes", label: Mutual recognition}
parties:
  north:
    label: North
    reservation: 0.3
    discount: 0.95
    weights: {corridor: 0.5, border: 0.3, recognition: 0.2}
    strategy: {type: boulware, e: 0.5}
  south:
    label: South
    reservation: 0.25
    discount: 0.9
    weights: {corridor: 0.25, border: 0.5, recognition: 0.25}
    strategy: {type: conceder, e: 1.5}
protocol:
  type: alternating
  deadline: 8
  first: random
  breakdown: 0.1
facilitator:
  name: third state
  consent: either
  invite_when: {stalled_rounds: 2, accept_offer: 0.5}
  budget: 0.2
`

// reportTranscript is a narrated transcript with markup and terminal
// colour to be cleaned.
const reportTranscript = "Round 0: \x1b[1mNorth\x1b[0m offers corridor=closed </pre><script>alert(2)</script>\n" +
	"Round 1: South accepts & the talks end.\n"

// recordReportFolder records the facilitated test negotiation, with every
// chart, into a fresh folder, adds a transcript and returns the folder.
func recordReportFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	n := fixture.Facilitated(t)
	m := results.Manifest{
		Version: "v0.1.0-test", GoVersion: "go1.26.8", OS: "linux", Arch: "amd64",
		Command:  []string{"parley", "run", "twostates.yaml", "-runs", "40", "-seed", "7"},
		Scenario: "twostates", Source: "twostates.yaml", ScenarioYAML: reportScenarioYAML,
		Seed: 7, Runs: 40, Workers: 2,
		Started:  time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC),
		Warnings: []string{"a warning from the caller"},
	}
	finished := time.Date(2026, 3, 1, 9, 30, 2, 500_000_000, time.UTC)
	opt := results.Options{Trace: 2, Workers: 2, Now: func() time.Time { return finished }}
	r, err := results.NewRecorder(dir, n, m, opt)
	if err != nil {
		t.Fatal(err)
	}
	b := sim.Batch{Negotiation: n, Runs: 40, Seed: 7, Workers: 2, Trace: 2, Observe: r.Observer()}
	if err := b.Run(t.Context(), r.Add); err != nil {
		r.Abort()
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, results.TranscriptFile), []byte(reportTranscript), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// reportOf returns the report of dir.
func reportOf(t *testing.T, dir string, o Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, dir, o); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// svgNames lists the charts (SVG files, without extension) of dir.
func svgNames(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "*.svg"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range m {
		out = append(out, strings.TrimSuffix(filepath.Base(p), ".svg"))
	}
	return out
}

func TestReportRunFolder(t *testing.T) {
	dir := recordReportFolder(t)
	page := reportOf(t, dir, Options{})

	checkWellFormed(t, page)
	checkSelfContained(t, page)

	// Every chart of the folder is inlined as SVG, in its own figure.
	charts := svgNames(t, dir)
	if len(charts) != len(chart.Names()) {
		t.Fatalf("the test folder has charts %v, want all of %v", charts, chart.Names())
	}
	if got := strings.Count(page, "<svg "); got != len(charts) {
		t.Errorf("%d inline <svg> elements, want %d", got, len(charts))
	}
	for _, c := range charts {
		fig := regexp.MustCompile(`(?s)<figure id="chart-` + regexp.QuoteMeta(c) + `">\s*<svg [^>]*viewBox="[^"]+"[^>]*>.*?</svg>\s*<figcaption><b>[^<]+\.</b> [^<]{40,}`)
		if !fig.MatchString(page) {
			t.Errorf("chart %s is not inlined as <svg> with a viewBox and a caption", c)
		}
	}
	if strings.Contains(page, "<?xml") || strings.Contains(page, "<!--") {
		t.Error("the report keeps an XML prologue or comment of an SVG")
	}

	// Markup in the scenario and the transcript is shown, not run.
	for _, bad := range []string{"<script", "<img src=x", "\x1b["} {
		if strings.Contains(page, bad) {
			t.Errorf("the report contains %q", bad)
		}
	}
	for _, want := range []string{
		`Two states &lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt; bargain &amp; agree &lt;/pre&gt;&lt;img src=x onerror=alert(1)&gt;.`,
		`Round 0: North offers corridor=closed &lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;`,
		`Round 1: South accepts &amp; the talks end.`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the report lacks the escaped text %q", want)
		}
	}

	// The scenario, the assumptions and the results are all there.
	for _, want := range []string{
		"<title>twostates: results</title>",
		"parley v0.1.0-test · master seed 7 · 40 runs · finished 2026-03-01",
		"Transit corridor", "Jointly run (joint)", "0 to 10 km, in steps of 5", "No recognition (no)",
		"<th class=\"num\">weight for North</th>", "<td class=\"num\">0.5</td>",
		"<th scope=\"row\">reservation</th><td>0.3</td><td>0.25</td>",
		"<th scope=\"row\">strategy</th><td>boulware (e: 0.5)</td><td>conceder (e: 1.5)</td>",
		"<dt>deadline</dt><dd>8</dd>", "<dt>consent</dt><dd>either</dd>",
		"<dt>invite_when</dt><dd>stalled_rounds: 2, accept_offer: 0.5</dd>",
		"<dt>Master seed</dt><dd>7</dd>", "<dt>parley version</dt><dd>v0.1.0-test</dd>",
		"<dt>Command</dt><dd>parley run twostates.yaml -runs 40 -seed 7</dd>",
		"a warning from the caller",
		`<span class="k">agreement rate</span>`, `<span class="k">mean utility of North</span>`,
		`<td class="mono">agreement</td><td class="meaning">share of runs that reached an agreement</td>`,
		`<td class="mono">u_south</td><td class="meaning">utility of South`,
		"95% interval", "Bargaining solutions", "kalai_smorodinsky",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if strings.Contains(page, `id="notes"`) {
		t.Errorf("a complete folder gets notes:\n%s", page[strings.Index(page, `id="notes"`):])
	}

	// The headline interval is the one of summary.csv.
	sum, err := os.ReadFile(filepath.Join(dir, results.SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^twostates,[^,]*,7,agreement,rate,([^,]+),([^,]+),([^,]+),`).FindStringSubmatch(string(sum))
	if m == nil {
		t.Fatal("no agreement rate in summary.csv")
	}
	want := fmt.Sprintf("%s [%s, %s]", formatStat(m[1]), formatStat(m[2]), formatStat(m[3]))
	if !strings.Contains(page, `<span class="v">`+want+`</span><span class="k">agreement rate</span>`) {
		t.Errorf("headline agreement rate is not %q", want)
	}

	golden(t, "report/outline.txt", []byte(outline(page)))

	// The same folder gives the same bytes.
	if again := reportOf(t, dir, Options{}); again != page {
		t.Error("two reports of one folder differ")
	}
}

// outline lists the headings, figures and table headers of a page, one a
// line: the page's structure without its numbers.
func outline(page string) string {
	re := regexp.MustCompile(`(?s)<h([123])[^>]*>(.*?)</h[123]>|<figure id="([^"]+)">|<section id="([^"]+)">|<thead><tr>(.*?)</tr></thead>`)
	tag := regexp.MustCompile(`<[^>]+>`)
	var b strings.Builder
	for _, m := range re.FindAllStringSubmatch(page, -1) {
		switch {
		case m[1] != "":
			fmt.Fprintf(&b, "%sh%s %s\n", strings.Repeat("  ", len(m[1])-1), m[1], tag.ReplaceAllString(m[2], ""))
		case m[3] != "":
			fmt.Fprintf(&b, "    figure %s\n", m[3])
		case m[4] != "":
			fmt.Fprintf(&b, "section %s\n", m[4])
		default:
			cells := regexp.MustCompile(`<th[^>]*>(.*?)</th>`).FindAllStringSubmatch(m[5], -1)
			var names []string
			for _, c := range cells {
				names = append(names, c[1])
			}
			fmt.Fprintf(&b, "    table: %s\n", strings.Join(names, " | "))
		}
	}
	return b.String()
}

// htmlTag matches a start or end tag; its groups are the slash of an end
// tag, the name and the attributes.
var htmlTag = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>`)

// voidElements have no end tag in HTML.
var voidElements = []string{"meta", "br", "img", "hr", "link", "input"}

// checkWellFormed checks that every element of page is closed, in order,
// and that the page is one html element with a head and a body.
func checkWellFormed(t *testing.T, page string) {
	t.Helper()
	if !strings.HasPrefix(page, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">") {
		t.Errorf("the page does not start with a doctype, html, head and charset:\n%.200s", page)
	}
	body := page
	// The style sheet holds no markup; skip it.
	if i, j := strings.Index(body, "<style>"), strings.Index(body, "</style>"); i >= 0 && j > i {
		body = body[:i] + body[j+len("</style>"):]
	}
	tags := htmlTag
	var stack []string
	for _, m := range tags.FindAllStringSubmatch(body, -1) {
		closing, name, attrs := m[1] == "/", m[2], m[3]
		switch {
		case closing:
			if len(stack) == 0 || stack[len(stack)-1] != name {
				t.Fatalf("</%s> closes %v", name, stack)
			}
			stack = stack[:len(stack)-1]
		case slices.Contains(voidElements, name), strings.HasSuffix(attrs, "/"):
		default:
			stack = append(stack, name)
		}
	}
	if len(stack) != 0 {
		t.Errorf("unclosed elements %v", stack)
	}
	// Outside tags, no raw '<' may remain: text is escaped.
	text := tags.ReplaceAllString(body, "")
	text = strings.Replace(text, "<!DOCTYPE html>", "", 1)
	if i := strings.IndexByte(text, '<'); i >= 0 {
		t.Errorf("unescaped '<' in the text: %q", text[max(0, i-40):min(len(text), i+40)])
	}
}

// checkSelfContained checks that page loads nothing: no script, no
// reference to another document, no web address but namespaces.
func checkSelfContained(t *testing.T, page string) {
	t.Helper()
	if strings.Contains(page, "<script") {
		t.Error("the page has a script")
	}
	for _, m := range regexp.MustCompile(`https?://[^\s"'<>)]*`).FindAllStringIndex(page, -1) {
		if !strings.HasSuffix(page[:m[0]], `xmlns="`) && !strings.HasSuffix(page[:m[0]], `xmlns:xlink="`) {
			t.Errorf("web address %q in the page", page[m[0]:m[1]])
		}
	}
	for _, m := range regexp.MustCompile(`\b(src|href|xlink:href|action|srcset|poster|data)="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		if !strings.HasPrefix(m[2], "#") && !strings.HasPrefix(m[2], "data:image/png;base64,") {
			t.Errorf("%s=%q refers to another document", m[1], m[2])
		}
	}
	for _, m := range regexp.MustCompile(`url\(([^)]*)\)`).FindAllStringSubmatch(page, -1) {
		if !strings.HasPrefix(m[1], "#") {
			t.Errorf("url(%s) refers to another document", m[1])
		}
	}
	if !strings.Contains(page, `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:">`) &&
		!strings.Contains(page, `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`) {
		t.Error("the page has no Content-Security-Policy forbidding loads")
	}
	for _, tag := range htmlTag.FindAllString(page, -1) {
		if regexp.MustCompile(`(?i)\son[a-z]+\s*=`).MatchString(tag) {
			t.Errorf("event handler in %.100s", tag)
		}
	}
}

func TestReportMissingFiles(t *testing.T) {
	dir := recordReportFolder(t)
	for _, f := range []string{results.TranscriptFile, chart.Convergence + ".svg", chart.Convergence + ".png", results.SummaryFile, results.SolutionsFile} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	// An SVG without its PNG or with it: the PNG stands in for a missing SVG.
	if err := os.Remove(filepath.Join(dir, chart.Issues+".svg")); err != nil {
		t.Fatal(err)
	}
	page := reportOf(t, dir, Options{Title: "Class 3 <b>"})
	checkWellFormed(t, page)
	checkSelfContained(t, page)
	for _, want := range []string{
		"<title>Class 3 &lt;b&gt;</title>",
		"No summary.csv in this folder: the summary table is left out.",
		"No solutions.csv in this folder: the bargaining solutions are left out.",
		"No transcript.txt in this folder: the narrated transcript is left out.",
		"No convergence chart (convergence.svg: listed in the manifest but missing).",
		"issues.svg is missing: the issues chart is shown from issues.png.",
		`<img src="data:image/png;base64,iVBOR`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	for _, absent := range []string{`id="transcript"`, "Summary of all runs", `id="chart-convergence"`, `class="headline"`} {
		if strings.Contains(page, absent) {
			t.Errorf("the report has %q although its file is missing", absent)
		}
	}
	if got := strings.Count(page, "<svg "); got != 3 {
		t.Errorf("%d inline charts, want 3", got)
	}
}

func TestReportNotOutput(t *testing.T) {
	base := t.TempDir()
	write := func(name, content string) string {
		d := filepath.Join(base, name)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if content != "" {
			if err := os.WriteFile(filepath.Join(d, results.ManifestFile), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return d
	}
	file := filepath.Join(base, "file.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, dir string
		is        error
		msg       string
	}{
		{"missing folder", filepath.Join(base, "nope"), fs.ErrNotExist, "no such file"},
		{"a file", file, ErrNotOutput, "is not a folder"},
		{"no manifest", write("empty", ""), ErrNotOutput, "has no manifest.json"},
		{"not JSON", write("garbage", "<html>"), ErrNotOutput, "not a parley output folder"},
		{"JSON array", write("array", "[1, 2]"), ErrNotOutput, "not a JSON object"},
		{"another manifest", write("other", `{"name": "left-pad", "version": "1.0.0"}`), ErrNotOutput, "not a parley manifest"},
		{"trailing data", write("trailing", `{"version": "x", "scenario_yaml": ""} {}`), ErrNotOutput, "data after"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := Write(&bytes.Buffer{}, c.dir, Options{})
			if !errors.Is(err, c.is) || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("got %v, want an error wrapping %v saying %q", err, c.is, c.msg)
			}
		})
	}
	// A manifest with a broken scenario still gives a report, with a note.
	d := write("broken", `{"version": "v1", "scenario": "x", "scenario_yaml": "parties: [\n"}`)
	page := reportOf(t, d, Options{})
	if !strings.Contains(page, "could not be read") || strings.Contains(page, `id="scenario"`) {
		t.Error("a broken resolved scenario is not noted, or its section is shown")
	}
	checkWellFormed(t, page)
}

func TestWriteFile(t *testing.T) {
	dir := recordReportFolder(t)
	out := filepath.Join(t.TempDir(), "report.html")
	if err := WriteFile(out, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if want := reportOf(t, dir, Options{}); string(got) != want {
		t.Error("WriteFile wrote other bytes than Write")
	}
	// A folder that cannot be reported leaves the file as it was.
	if err := WriteFile(out, t.TempDir(), Options{}); !errors.Is(err, ErrNotOutput) {
		t.Fatalf("got %v, want ErrNotOutput", err)
	}
	again, err := os.ReadFile(out)
	if err != nil || !bytes.Equal(again, got) {
		t.Errorf("a failed WriteFile changed the file (%v)", err)
	}
	fixture.NoTemp(t, filepath.Dir(out))
}

// writeSweepFolder makes a sweep folder from the charts of a run folder:
// a manifest with a fingerprint and design, points.csv and sensitivity.csv
// of the given numbers of rows, and sweep charts.
func writeSweepFolder(t *testing.T, run string, points, params int) string {
	t.Helper()
	dir := t.TempDir()
	man := `{
  "version": "v0.1.0-test",
  "go_version": "go1.26.8",
  "os": "linux",
  "arch": "amd64",
  "sweep": "patience",
  "sweep_yaml": ` + jsonString("name: patience\nbase: twostates.yaml\ngrid:\n  parties.north.discount: [0.9, 0.95, 0.99]\n  protocol.deadline: [4, 8]\n# <script>alert(1)</script>\n") + `,
  "scenario_yaml": ` + jsonString(reportScenarioYAML) + `,
  "fingerprint": "a1b2c3",
  "design": "grid",
  "parameters": ["parties.north.discount", "protocol.deadline"],
  "points": ` + fmt.Sprint(points) + `,
  "replications": 100,
  "precision": 0,
  "seed": "11",
  "shard": 0,
  "shards": 1,
  "runs": 3000,
  "complete": true
}
`
	files := map[string]string{results.ManifestFile: man}
	var pts strings.Builder
	pts.WriteString("point,parties.north.discount,protocol.deadline,replications,agreement_rate,agreement_lower,agreement_upper,label\n")
	for i := range points {
		fmt.Fprintf(&pts, "%d,%g,%d,100,%g,%g,%g,<b>p%d</b>\n", i, 0.9+0.001*float64(i), 4+i%2, 0.5+0.01*float64(i%40), 0.4, 0.6, i)
	}
	files[results.PointsFile] = pts.String()
	var sens strings.Builder
	sens.WriteString("metric,parameter,src,sobol_first\n")
	for i := range params {
		fmt.Fprintf(&sens, "agreement_rate,param%d,%g,%g\n", i, 0.5/float64(i+1), 0.1)
	}
	files[results.SensitivityFile] = sens.String()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for from, to := range map[string]string{
		chart.Outcomes: chart.SweepAgreement, chart.Issues: chart.HeatmapAgreement,
		chart.Rounds: chart.Sensitivity, chart.UtilitySpace: "extra-chart",
	} {
		b, err := os.ReadFile(filepath.Join(run, from+".svg"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, to+".svg"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// jsonString quotes s as a JSON string.
func jsonString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}

func TestReportSweepFolder(t *testing.T) {
	run := recordReportFolder(t)
	dir := writeSweepFolder(t, run, 30, 4)
	page := reportOf(t, dir, Options{})
	checkWellFormed(t, page)
	checkSelfContained(t, page)
	for _, want := range []string{
		"<title>patience: sweep results</title>",
		"parley v0.1.0-test · master seed 11 · 3000 runs · 30 parameter points",
		`<section id="sweep">`,
		`<figure id="chart-sweep-agreement">`, `<figure id="chart-heatmap-agreement">`,
		`<figure id="chart-sensitivity">`, `<figure id="chart-extra-chart">`,
		"<dt>fingerprint</dt><dd>a1b2c3</dd>", "<dt>design</dt><dd>grid</dd>",
		"<dt>parameters</dt><dd>parties.north.discount, protocol.deadline</dd>",
		"<pre class=\"transcript\">name: patience\nbase: twostates.yaml\n", "# &lt;script&gt;alert(1)&lt;/script&gt;",
		"Scenario: twostates", "Transit corridor",
		"The first 20 of 30 rows are shown",
		"<td class=\"num\">0.919</td>", "<td>&lt;b&gt;p19&lt;/b&gt;</td>",
		"<td>param3</td>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the sweep report lacks %q", want)
		}
	}
	if strings.Contains(page, "p20</b>") || strings.Contains(page, "p20&lt;") {
		t.Error("the report shows more than 20 points")
	}
	for _, absent := range []string{"No summary.csv", "No transcript.txt", "No rounds chart", `id="transcript"`} {
		if strings.Contains(page, absent) {
			t.Errorf("the sweep report has %q, which belongs to run folders", absent)
		}
	}
	// Sweep charts come in order: one-parameter plots, heat maps, sensitivity, others.
	order := []string{"chart-sweep-agreement", "chart-heatmap-agreement", "chart-sensitivity", "chart-extra-chart"}
	last := -1
	for _, id := range order {
		i := strings.Index(page, `id="`+id+`"`)
		if i < last {
			t.Errorf("%s out of order", id)
		}
		last = i
	}
	if got := strings.Count(page, "<svg "); got != 4 {
		t.Errorf("%d inline charts, want 4", got)
	}
	// Rows: -1 shows every point.
	all := reportOf(t, dir, Options{Rows: -1})
	if !strings.Contains(all, "&lt;b&gt;p29&lt;/b&gt;") || strings.Contains(all, "The first") {
		t.Error("Rows -1 does not show every point")
	}
}

func TestFormatNumber(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{
		{0, "0"}, {1, "1"}, {-3, "-3"}, {0.5, "0.500"}, {0.12345, "0.123"},
		{123.4567, "123.457"}, {1234567.5, "1.23e+06"}, {0.0001234, "0.000123"},
	} {
		if got := formatNumber(c.in); got != c.want {
			t.Errorf("formatNumber(%v) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"1", "1.000"}, {"0.96312", "0.963"}, {"-0.0001", "0.000"}, {"-0.25", "-0.250"},
		{"12345678", "1.235e+07"}, {"", ""}, {"x", "x"},
	} {
		if got := formatStat(c.in); got != c.want {
			t.Errorf("formatStat(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := formatCell("0x00000000000000ff"); got != "0x00000000000000ff" {
		t.Errorf("a seed is reformatted as %q", got)
	}
}
