package main

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-sim/parley/scenarios"
)

// lunchScenario has no outcome both parties accept (both reservation
// values 0.6), like ANAC 2013's Lunch domain. Its frontier is soup (0.55,
// 0.1), salad (0.45, 0.45) and steak (0.1, 0.58); the products (u_A −
// 0.6)(u_B − 0.6) are 0.025, 0.0225 and 0.01, so GENIUS's Nash point is
// soup, while salad has the largest welfare (0.9) and the smallest
// |u_A − u_B| (GENIUS's Kalai).
const lunchScenario = `name: lunch-like
description: A lunch that neither side accepts as the other would have it.
issues:
  - id: dish
    options: [soup, salad, steak]
parties:
  a:
    reservation: 0.6
    weights: {dish: 1}
    values: {dish: {soup: 0.55, salad: 0.45, steak: 0.1}}
    strategy: {type: boulware}
  b:
    reservation: 0.6
    weights: {dish: 1}
    values: {dish: {soup: 0.1, salad: 0.45, steak: 0.58}}
    strategy: {type: boulware}
`

// TestAnalyzeGeniusNash checks that where the textbook Nash point is
// undefined, parley analyze (text and JSON) and solutions.csv report
// GENIUS's as a separate, labelled point, and that they do not where it
// is defined.
func TestAnalyzeGeniusNash(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile("lunch.yaml", []byte(lunchScenario), 0o644); err != nil {
		t.Fatal(err)
	}
	text := runParley(t, "analyze", "lunch.yaml")
	for _, want := range []string{"nash               -       -       none: no outcome acceptable to both",
		"genius_nash        0.5500  0.1000  dish=soup", "max_welfare        0.4500  0.4500  dish=salad",
		"GENIUS's Nash point"} {
		if !strings.Contains(text, want) {
			t.Errorf("analyze lacks %q:\n%s", want, text)
		}
	}
	var rep analysisReport
	if err := json.Unmarshal([]byte(runParley(t, "analyze", "lunch.yaml", "--json")), &rep); err != nil {
		t.Fatal(err)
	}
	if g := rep.GeniusNash; g == nil || g.Outcome != 0 || g.U != [2]float64{0.55, 0.1} || len(rep.Solutions[0].Points) != 0 {
		t.Errorf("JSON: genius_nash %+v, nash %+v; want soup (0.55, 0.1) and no Nash point", g, rep.Solutions[0].Points)
	}
	runParley(t, "run", "lunch.yaml", "--runs", "2", "--out", "lunch", "--quiet")
	sol, err := os.ReadFile(filepath.Join("lunch", "solutions.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(sol), "\ngenius_nash,0,soup,0.55,0.1\n") || strings.Contains(string(sol), "\nnash,") {
		t.Errorf("solutions.csv:\n%s", sol)
	}
	// With an outcome acceptable to both, the Nash point is the textbook
	// one and GENIUS's is not listed.
	if text := runParley(t, "analyze", "used-car"); strings.Contains(text, "genius_nash") {
		t.Errorf("used-car lists genius_nash:\n%s", text)
	}
	if js := runParley(t, "analyze", "used-car", "--json"); strings.Contains(js, "genius_nash") {
		t.Error("used-car's JSON lists genius_nash")
	}
}

// TestAnalyzeGuarantees checks parley analyze --guarantees on the
// flagship: its one guarantee (a route operator with security guarantees,
// cost 0.05 within the budget 0.1) adds its Delta to each side's utility
// of every outcome with corridor=operator. The plain Nash point has the
// operator, so the guaranteed Nash point is the same outcome with the
// guarantee, worth Delta more to each side (Delta read from the scenario
// as played); and a scenario without guarantees is refused as bad input.
func TestAnalyzeGuarantees(t *testing.T) {
	var rep analysisReport
	if err := json.Unmarshal([]byte(runParley(t, "analyze", "south-caucasus", "--guarantees", "--json")), &rep); err != nil {
		t.Fatal(err)
	}
	g := rep.Guaranteed
	if g == nil || g.Budget != 0.1 || g.Guarantees != 1 {
		t.Fatalf("guaranteed analysis %+v", g)
	}
	// 58,320 outcomes, a fifth of them with the operator (5 corridor
	// options): 58,320 + 11,664 points.
	if g.Points != 58320+58320/5 {
		t.Errorf("%d points, want %d", g.Points, 58320+58320/5)
	}
	plain, with := rep.Solutions[0].Points, g.Solutions[0].Points
	if len(plain) != 1 || len(with) != 1 || plain[0].Values["corridor"] != "operator" {
		t.Fatalf("Nash points %+v and %+v", plain, with)
	}
	sc, err := scenarios.Load("south-caucasus", nil)
	if err != nil {
		t.Fatal(err)
	}
	delta := sc.Negotiation.Facilitator.Guarantees[0].Delta
	if !(delta[0] > 0 && delta[1] > 0) {
		t.Fatalf("the guarantee's Delta %v is not positive", delta)
	}
	p, q := plain[0], with[0]
	if q.Outcome != p.Outcome || q.Guarantee != "route_security_guarantee" ||
		math.Abs(q.U[0]-p.U[0]-delta[0]) > 1e-9 || math.Abs(q.U[1]-p.U[1]-delta[1]) > 1e-9 {
		t.Errorf("guaranteed Nash %+v, want outcome %d with the guarantee at %v + %v", q, p.Outcome, p.U, delta)
	}
	text := runParley(t, "analyze", "south-caucasus", "--guarantees")
	if !strings.Contains(text, "with the facilitator's guarantees (budget 0.1, 1 guarantee(s) within it)") ||
		!strings.Contains(text, "route_security_guarantee") {
		t.Errorf("text output:\n%s", text)
	}
	var stdout, stderr strings.Builder
	err = run(context.Background(), []string{"analyze", "used-car", "--guarantees"}, env{stdout: &stdout, stderr: &stderr, version: "test"})
	if err == nil || !isBadInput(err) || !strings.Contains(err.Error(), "no facilitator with a guarantee") {
		t.Errorf("used-car --guarantees: %v, want bad input", err)
	}
}
