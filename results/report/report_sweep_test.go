package report

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-sim/parley/results"
	"github.com/parley-sim/parley/results/chart"
)

// partialScenarioYAML is a resolved base scenario; its presets hold the
// exponent they play with, as the scenario reader writes it.
const partialScenarioYAML = `name: twostates
issues:
  - id: corridor
    options: [closed, open]
parties:
  north:
    label: North
    reservation: 0.3
    breakdown_value: 0.3
    discount: 0.95
    weights: {corridor: 1}
    strategy: {type: boulware, e: 0.2, convention: genius, k: 0}
  south:
    label: South
    reservation: 0.25
    breakdown_value: 0.1
    discount: 0.9
    weights: {corridor: 1}
    strategy: {type: conceder, e: 0.25, convention: negmas}
protocol:
  type: alternating
  deadline: 8
facilitator:
  name: third state
  consent: both
  invite_when: {stalled_rounds: 2, accept_offer: 0}
  bias: 0
`

// partialSweepYAML is the resolved sweep file of the partial folders.
const partialSweepYAML = `name: lhs
scenario: twostates
design: latin_hypercube
samples: 40
replications: 15
seed: 3
fixed:
  facilitator.invite_when.accept_offer: 1
parameters:
  parties.north.reservation: {min: 0.2, max: 0.5}
  facilitator.bias: {min: -0.5, max: 0.5}
  facilitator.invite_when.stalled_rounds: {min: 5, max: 30, integer: true}
`

// writePartialSweep writes a latin-hypercube sweep folder of which the
// points with p mod shards = shard and p < held were played, with the
// given completeness and design size.
func writePartialSweep(t *testing.T, held, total, shard, shards int, complete bool) string {
	t.Helper()
	dir := t.TempDir()
	man := fmt.Sprintf(`{
  "version": "v0.1.0-test",
  "sweep": "lhs",
  "sweep_yaml": %s,
  "scenario_yaml": %s,
  "fingerprint": "f00d",
  "design": "latin_hypercube",
  "parameters": ["parties.north.reservation", "facilitator.bias", "facilitator.invite_when.stalled_rounds"],
  "points": %d,
  "replications": 5,
  "precision": 0,
  "seed": "3",
  "shard": %d,
  "shards": %d,
  "runs": 0,
  "complete": %v
}
`, jsonString(partialSweepYAML), jsonString(partialScenarioYAML), total, shard, shards, complete)
	var pts, runs strings.Builder
	pts.WriteString("point,parties.north.reservation,facilitator.bias,facilitator.invite_when.stalled_rounds,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi,u_north_mean,u_north_lo,u_north_hi\n")
	runs.WriteString("point,replication,agreement\n")
	n := 0
	for p := shard; p < held; p += shards {
		res := 0.2 + 0.3*float64(p)/float64(total) + 0.00000123
		bias := -0.5 + float64(p)/float64(total) + 0.00739331e-3
		fmt.Fprintf(&pts, "%d,%g,%g,%d,5,3,0.6,0.2,0.9,0.5,0.4,0.6\n", p, res, bias, 5+p%26)
		for r := range 5 {
			fmt.Fprintf(&runs, "%d,%d,1\n", p, r)
		}
		n++
	}
	for name, content := range map[string]string{results.ManifestFile: man, results.PointsFile: pts.String(), results.RunsFile: runs.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestReportPartialSweep(t *testing.T) {
	for _, c := range []struct {
		name                       string
		held, total, shard, shards int
		complete                   bool
		want, absent               []string
	}{
		{
			name: "interrupted", held: 27, total: 40, shards: 1,
			want: []string{
				`<div class="banner" role="alert" id="partial">`,
				"<h2>Interrupted sweep: partial results</h2>",
				"27 of the 40 parameter points (135 runs)",
				"--replications 5 --out ",
				" --resume</pre>",
				"master seed 3 · 135 runs · 27 of 40 parameter points",
				"<dt>Runs (rows of runs.csv)</dt><dd>135</dd>",
			},
			absent: []string{"0 runs", "--shard", "parley merge"},
		},
		{
			name: "shard", held: 40, total: 40, shard: 1, shards: 2, complete: true,
			want: []string{
				"<h2>Shard 1 of 2: partial results</h2>",
				"it holds only the points p with p mod 2 = 1.",
				"20 of the 40 parameter points (100 runs)",
				"parley merge",
				"100 runs · 20 of 40 parameter points",
			},
			absent: []string{"--resume", "Interrupted"},
		},
		{
			name: "interrupted shard", held: 10, total: 40, shard: 0, shards: 4,
			want: []string{
				"<h2>Interrupted shard 0 of 4: partial results</h2>",
				"p mod 4 = 0", "3 of the 40 parameter points (15 runs)", "--shard 0/4 --out", "--resume",
			},
		},
		{
			name: "complete", held: 40, total: 40, shards: 1, complete: true,
			want:   []string{"200 runs · 40 parameter points"},
			absent: []string{`class="banner"`, "of 40 parameter points"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := writePartialSweep(t, c.held, c.total, c.shard, c.shards, c.complete)
			page := reportOf(t, dir, Options{})
			checkWellFormed(t, page)
			for _, w := range c.want {
				if !strings.Contains(page, w) {
					t.Errorf("the report lacks %q", w)
				}
			}
			for _, a := range c.absent {
				if strings.Contains(page, a) {
					t.Errorf("the report has %q", a)
				}
			}
		})
	}
}

func TestReportSweepAssumptions(t *testing.T) {
	dir := writePartialSweep(t, 40, 40, 0, 1, true)
	page := reportOf(t, dir, Options{Rows: -1})
	for _, want := range []string{
		// The swept settings are marked, with their ranges.
		"<td>varies (from 0.2 to 0.5)</td>",
		"<dd>varies (from -0.5 to 0.5)</dd>",
		"stalled_rounds: varies (from 5 to 30, whole numbers)",
		// The fixed setting shows the sweep's value, not the base's.
		"accept_offer: 1 (fixed by the sweep)",
		// A breakdown value equal to a swept reservation may follow it.
		"the reservation value unless the scenario file sets it apart (0.3 in the base scenario)",
		"<td>0.1</td>", // South's reservation does not vary
		// The table of what the sweep varies, with the base values.
		"<h3>What the sweep varies and fixes</h3>",
		"<td>parties.north.reservation</td><td>varies: from 0.2 to 0.5</td><td>0.3</td>",
		"<td>facilitator.invite_when.accept_offer</td><td>fixed: 1</td><td>0</td>",
		// The presets' exponents, as the resolved scenario holds them.
		"boulware (e: 0.2, convention: genius, k: 0)",
		"conceder (e: 0.25, convention: negmas)",
		// Parameter values as points.csv writes them.
		"<td class=\"num\">0.20000123</td>", "<td class=\"num\">-0.49999260669</td>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	for _, absent := range []string{"<td>0.3</td><td>0.25</td>", "e: 0,", "<dt>bias</dt><dd>0</dd>", "accept_offer: 0"} {
		if strings.Contains(page, absent) {
			t.Errorf("the report has %q", absent)
		}
	}
}

func TestSweepCaptions(t *testing.T) {
	scatter := sweepKinds{varied: 3, heat: "scatter", scatter: true}
	cells := sweepKinds{varied: 2, heat: "cells", band: true}
	bars := sweepKinds{varied: 1, line: "bars", bars: true}
	band := sweepKinds{varied: 1, line: "band", band: true}
	for _, c := range []struct {
		name         string
		k            sweepKinds
		want, absent []string
	}{
		{chart.HeatmapAgreement, scatter, []string{"coloured scatter", "each dot", "share of its replications that agreed"}, []string{"cell", "border"}},
		{chart.HeatmapAgreement, cells, []string{"Each cell", "border"}, []string{"dot"}},
		{"heatmap-u_north", scatter, []string{"mean utility of north"}, []string{"cell"}},
		{"heatmap-ud_north", scatter, []string{"discounted utility of north", "discounted to the round of agreement"}, []string{"cell"}},
		{"heatmap-welfare", cells, []string{"welfare"}, nil},
		{chart.SweepAgreement, bars, []string{"error bar"}, []string{"band"}},
		{chart.SweepAgreement, band, []string{"band"}, []string{"error bar"}},
		{chart.SweepAgreement, scatter, []string{"One panel per varied parameter", "equal-count bins"}, []string{"band"}},
		{chart.SweepUtility, bars, []string{"error bar"}, []string{"band"}},
		{chart.Sensitivity, band, []string{"1 by construction"}, nil},
		{chart.Sensitivity, scatter, nil, []string{"by construction"}},
	} {
		title, caption := sweepCaption(c.name, c.k)
		text := title + ". " + caption
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s %+v: caption %q lacks %q", c.name, c.k, text, w)
			}
		}
		for _, a := range c.absent {
			if strings.Contains(strings.ToLower(text), a) {
				t.Errorf("%s %+v: caption %q has %q", c.name, c.k, text, a)
			}
		}
	}
}

// TestSweepCaptionsClaimNoMore checks that no sweep caption reads
// intervals that overlap, or do not, as a test of a difference (the
// overlap of two 95% intervals is none), and that every caption of
// per-value intervals says so and points to paired runs.
func TestSweepCaptionsClaimNoMore(t *testing.T) {
	kinds := []sweepKinds{
		{varied: 3, heat: "scatter", scatter: true}, {varied: 2, heat: "cells", band: true},
		{varied: 1, line: "bars", bars: true}, {varied: 1, line: "band", band: true}, {varied: 1, line: "points"},
	}
	names := []string{chart.HeatmapAgreement, "heatmap-u_north", chart.SweepAgreement, chart.SweepUtility, chart.SweepMetrics, chart.Sensitivity}
	for _, k := range kinds {
		for _, name := range names {
			_, caption := sweepCaption(name, k)
			for _, claim := range []string{"difference is real", "not noise", "do not overlap, the", "significant"} {
				if strings.Contains(caption, claim) {
					t.Errorf("%s %+v: caption %q claims %q", name, k, caption, claim)
				}
			}
			if strings.Contains(caption, "overlap") && !strings.Contains(caption, "pair their runs") {
				t.Errorf("%s %+v: caption %q speaks of overlap without pointing to paired runs", name, k, caption)
			}
		}
	}
	for _, name := range []string{chart.SweepAgreement, chart.SweepUtility} {
		if _, caption := sweepCaption(name, sweepKinds{varied: 1, line: "band", band: true}); !strings.Contains(caption, "not for a difference") {
			t.Errorf("%s: caption %q does not say what its intervals are for", name, caption)
		}
	}
}

func TestSweepKindsOf(t *testing.T) {
	// 40 points drawn from ranges: too many values to grid, so scatters.
	dir := writePartialSweep(t, 40, 40, 0, 1, true)
	man, err := readReportManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if k := sweepKindsOf(dir, man); k.varied != 3 || k.heat != "scatter" || !k.scatter || k.band || k.bars {
		t.Errorf("latin hypercube of 40 points: %+v, want scatters", k)
	}
	// Without points.csv, the design decides.
	if err := os.Remove(filepath.Join(dir, results.PointsFile)); err != nil {
		t.Fatal(err)
	}
	if k := sweepKindsOf(dir, man); k.heat != "scatter" || k.line != "points" {
		t.Errorf("latin hypercube without points.csv: %+v, want scatters", k)
	}
	// A one-parameter grid over a categorical parameter: error bars.
	run := recordReportFolder(t)
	g := writeSweepFolder(t, run, 4, 1)
	pts := "point,facilitator.consent,replications,agreements,agreement_rate,agreement_rate_lo,agreement_rate_hi\n" +
		"0,both,10,5,0.5,0.2,0.8\n1,either,10,6,0.6,0.3,0.9\n"
	man2 := `{"version": "v", "fingerprint": "ab", "design": "grid", "parameters": ["facilitator.consent"], "points": 2, "seed": "1"}`
	for name, content := range map[string]string{results.PointsFile: pts, results.ManifestFile: man2} {
		if err := os.WriteFile(filepath.Join(g, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m2, err := readReportManifest(g)
	if err != nil {
		t.Fatal(err)
	}
	if k := sweepKindsOf(g, m2); k.varied != 1 || k.line != "bars" {
		t.Errorf("categorical grid: %+v, want bars", k)
	}
}

func TestSetPath(t *testing.T) {
	root, err := parseReportYAML("a: {b: 1, c: [x]}\nissues:\n  - {id: i1, min: 0}\n")
	if err != nil {
		t.Fatal(err)
	}
	setPath(root, "a.b", "B")
	setPath(root, "a.d", "D")           // added beside b
	setPath(root, "issues.i1.min", "M") // a list entered by id
	setPath(root, "x.y.z", "nowhere")   // no parent: ignored
	setPath(root, "a.b.c", "deeper")    // through a scalar: ignored
	if got, want := root.inline(), "a: {b: B, c: [x], d: D}, issues: [{id: i1, min: M}]"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
