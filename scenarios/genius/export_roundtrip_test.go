package genius_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-sim/parley/scenarios"
	"github.com/parley-sim/parley/scenarios/genius"
	"github.com/parley-sim/parley/sim"
)

// writeFiles writes exported files into a new folder and returns it.
func writeFiles(t *testing.T, files [3]genius.File) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// exportImport exports sc in format f, writes the files, imports the
// folder as `parley import DIR --deadline D --strategy-a … --strategy-b …`
// does, and reads the scenario back.
func exportImport(t *testing.T, sc *scenarios.Scenario, f genius.Format) (*genius.Exported, *scenarios.Scenario) {
	t.Helper()
	n := sc.Negotiation
	ex, err := genius.Export(n, genius.ExportOptions{Format: f, Source: sc.Source})
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	dir := writeFiles(t, ex.Files)
	opt := genius.Options{Deadline: n.Protocol.Deadline, Strategy: [2]string{n.Parties[0].StrategyName, n.Parties[1].StrategyName}}
	im, err := genius.Import([]string{dir}, opt)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	back, err := scenarios.Parse("imported", im.YAML, nil)
	if err != nil {
		t.Fatalf("parse the imported scenario: %v", err)
	}
	for _, w := range append(im.Warnings, back.Warnings...) {
		// The import may only say how it maps GENIUS's discount factor per
		// round, and that a reservation bid is partial (which the export
		// announced).
		if s := w.Error(); !strings.Contains(s, "GENIUS discount factor") && !strings.Contains(s, "partial reservation bid") {
			t.Errorf("import warns: %v", w)
		}
	}
	return ex, back
}

// roundTripTolerance is how far a utility may move in a round trip, and
// why: 0 (bit for bit) unless a numeric range is written with a
// platform's linear evaluator, which recomputes each point (a few units in
// the last place); a GeniusWeb reservation value is the utility of a bid,
// computed and rounded to 1e-12 as parley's tables are.
func roundTripTolerance(ex *genius.Exported) float64 {
	for _, is := range ex.Domain.Issues {
		if is.Type != genius.Discrete {
			return 1e-12
		}
	}
	return 0
}

// notExpressible lists the built-in scenarios a format cannot state, and
// the field the refusal names.
var notExpressible = map[string]string{
	// B's reservation value 0.1 is the utility of no bid (the pie's shares
	// give 0.0975 and 0.1164 nearest), and a GeniusWeb profile can only
	// state a reservation value as a bid's utility.
	"zeuthen-mcp/" + string(genius.GeniusWebJSON): "parties.b.reservation",
}

// TestExportRoundTrip exports every built-in scenario in both formats,
// imports the files back with the scenario's deadline and strategies, and
// checks that the outcome space (issues, values and their order), both
// parties' utilities of every outcome, the reservation values and
// discount factors, the Pareto frontier and every bargaining solution are
// the scenario's. The scenarios a format cannot state must be refused.
func TestExportRoundTrip(t *testing.T) {
	for _, e := range scenarios.Builtins() {
		for _, f := range []genius.Format{genius.GeniusXML, genius.GeniusWebJSON} {
			t.Run(e.Name+"/"+string(f), func(t *testing.T) {
				sc, err := scenarios.Load(e.Name, nil)
				if err != nil {
					t.Fatal(err)
				}
				if path, refused := notExpressible[e.Name+"/"+string(f)]; refused {
					_, err := genius.Export(sc.Negotiation, genius.ExportOptions{Format: f, Source: sc.Source})
					var list genius.ErrorList
					if !errors.As(err, &list) || len(list) != 1 || list[0].Path != path || !errors.Is(list[0], genius.ErrUnsupported) {
						t.Errorf("export: %v, want one error about %s", err, path)
					}
					return
				}
				ex, back := exportImport(t, sc, f)
				checkSameNegotiation(t, sc.Negotiation, back.Negotiation, f, roundTripTolerance(ex))
			})
		}
	}
}

// checkSameNegotiation compares the negotiation read back, b, with the
// original a.
func checkSameNegotiation(t *testing.T, a, b *sim.Negotiation, f genius.Format, tol float64) {
	t.Helper()
	sa, sb := a.Space, b.Space
	if sa.Size() != sb.Size() || sa.NumIssues() != sb.NumIssues() {
		t.Fatalf("%d outcomes in %d issues, want %d in %d", sb.Size(), sb.NumIssues(), sa.Size(), sa.NumIssues())
	}
	for i, is := range sa.Issues() {
		ib := sb.Issues()[i]
		if ib.Label != is.Label || len(ib.Values) != len(is.Values) {
			t.Errorf("issue %d: %q with %d values, want %q with %d", i, ib.Label, len(ib.Values), is.Label, len(is.Values))
			continue
		}
		for j, v := range is.Values {
			if got := ib.Values[j]; got.Label != v.Label && !(ib.Numeric && got.Number == v.Number) {
				t.Errorf("issue %s value %d: %q, want %q", is.ID, j, got.Label, v.Label)
			}
		}
	}
	for p := range 2 {
		pa, pb := a.Parties[p], b.Parties[p]
		worst := 0.0
		for o := range sim.Outcome(sa.Size()) {
			worst = max(worst, math.Abs(pa.Utility.Of(o)-pb.Utility.Of(o)))
		}
		if worst > tol {
			t.Errorf("party %s: utilities differ by up to %g (tolerance %g)", pa.ID, worst, tol)
		}
		rvTol := 0.0
		if f == genius.GeniusWebJSON {
			rvTol = 1e-12
		}
		if math.Abs(pb.Reservation-pa.Reservation) > rvTol {
			t.Errorf("party %s: reservation %v, want %v", pa.ID, pb.Reservation, pa.Reservation)
		}
		wantDiscount := pa.Discount
		if f == genius.GeniusWebJSON {
			wantDiscount = 1 // GeniusWeb profiles have none: left out, with a warning
		}
		if math.Abs(pb.Discount-wantDiscount) > 1e-12 {
			t.Errorf("party %s: discount %v, want %v", pa.ID, pb.Discount, wantDiscount)
		}
	}
	ana, anb := sim.Analyze(a), sim.Analyze(b)
	checkSamePoints(t, "frontier", ana.Frontier, anb.Frontier, tol)
	for _, s := range []struct {
		name string
		a, b []sim.Point
	}{
		{"Nash", ana.Nash, anb.Nash},
		{"Kalai-Smorodinsky", ana.KalaiSmorodinsky, anb.KalaiSmorodinsky},
		{"egalitarian", ana.Egalitarian, anb.Egalitarian},
		{"GENIUS Kalai", ana.GeniusKalai, anb.GeniusKalai},
		{"max welfare", ana.MaxWelfare, anb.MaxWelfare},
	} {
		checkSamePoints(t, s.name, s.a, s.b, tol)
	}
}

func checkSamePoints(t *testing.T, what string, a, b []sim.Point, tol float64) {
	t.Helper()
	if len(a) != len(b) {
		t.Errorf("%s: %d points, want %d", what, len(b), len(a))
		return
	}
	for k := range a {
		if a[k].Outcome != b[k].Outcome || math.Abs(a[k].U[0]-b[k].U[0]) > tol || math.Abs(a[k].U[1]-b[k].U[1]) > tol {
			t.Errorf("%s point %d: outcome %d %v, want %d %v", what, k, b[k].Outcome, b[k].U, a[k].Outcome, a[k].U)
		}
	}
}

// TestExportRefuses checks what the formats cannot state: an error naming
// the scenario field, wrapping ErrUnsupported.
func TestExportRefuses(t *testing.T) {
	tests := []struct {
		name   string
		format genius.Format
		sets   []string
		path   string // the field the error names
		msg    string // part of the message
	}{
		{"GENIUS: best value worth less than 1", genius.GeniusXML,
			[]string{"parties.seller.values.price.eur_10500=0.9"},
			"parties.seller.values.price", "the best value is worth 0.9, not 1"},
		{"GeniusWeb: reservation value no bid is worth", genius.GeniusWebJSON,
			[]string{"parties.seller.reservation=0.123456"},
			"parties.seller.reservation", "no bid, complete or partial, is worth the reservation value 0.123456"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := scenarios.Load("used-car", tc.sets)
			if err != nil {
				t.Fatal(err)
			}
			_, err = genius.Export(sc.Negotiation, genius.ExportOptions{Format: tc.format, Source: sc.Source})
			var list genius.ErrorList
			if !errors.As(err, &list) || len(list) != 1 {
				t.Fatalf("error %v, want one *Error", err)
			}
			e := list[0]
			if !errors.Is(e, genius.ErrUnsupported) || e.Path != tc.path || !strings.Contains(e.Msg, tc.msg) || e.File != "builtin:used-car" {
				t.Errorf("error %q (path %q), want path %q and a message with %q", e, e.Path, tc.path, tc.msg)
			}
			// The other format states it.
			other := map[genius.Format]genius.Format{genius.GeniusXML: genius.GeniusWebJSON, genius.GeniusWebJSON: genius.GeniusXML}[tc.format]
			if _, err := genius.Export(sc.Negotiation, genius.ExportOptions{Format: other}); err != nil {
				t.Errorf("%s: %v", other, err)
			}
		})
	}
}

// TestExportWarnings checks what the warnings say is left out, for the
// flagship (a facilitator, breakdown, discounts) in GeniusWeb JSON. The
// flagship states ranges: what is exported is its nominal negotiation,
// every uncertain number at the median of its distribution, which the
// warnings then name: Armenia's discount factor, triangular on [0.98,
// 0.999] with mode 0.995 (above the midpoint), has the median
// a + √((b − a)(c − a)/2) = 0.98 + √(0.019 · 0.015 / 2); the breakdown
// risk, triangular on [0.005, 0.02] with mode 0.01 (below it), the median
// b − √((b − a)(b − c)/2) = 0.02 − √(0.015 · 0.01 / 2).
func TestExportWarnings(t *testing.T) {
	sc, err := scenarios.Load("south-caucasus", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Assumptions) == 0 {
		t.Fatal("the flagship states no ranges")
	}
	n := sc.Negotiation
	wantDiscount := 0.98 + math.Sqrt(0.019*0.015/2)
	wantBreakdown := 0.02 - math.Sqrt(0.015*0.01/2)
	if d, b := n.Parties[0].Discount, n.Protocol.Breakdown; math.Abs(d-wantDiscount) > 1e-12 || math.Abs(b-wantBreakdown) > 1e-12 {
		t.Fatalf("nominal discount %v and breakdown %v, want the medians %v and %v", d, b, wantDiscount, wantBreakdown)
	}
	num := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	ex, err := genius.Export(sc.Negotiation, genius.ExportOptions{Format: genius.GeniusWebJSON, Source: sc.Source})
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, w := range ex.Warnings {
		all = append(all, w.Error())
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{
		"the strategies and their parameters (armenia: patience, azerbaijan: patience)",
		"the protocol (alternating offers, 60 rounds, a random first mover)",
		"the discount factors, which GeniusWeb profiles do not have (armenia " + num(wantDiscount) + ", azerbaijan " + num(n.Parties[1].Discount) + ")",
		"the breakdown probability " + num(wantBreakdown) + ";",
		"the facilitator",
		"parley import DIR --deadline 60 --strategy-a patience --strategy-b patience",
		"issue border_north: its GeniusWeb number utilities",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("warnings lack %q:\n%s", want, text)
		}
	}
	if n := strings.Count(text, "border_south"); n != 0 {
		t.Errorf("border_south (linear, exact in GeniusWeb) is warned about:\n%s", text)
	}
}
