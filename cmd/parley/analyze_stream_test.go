package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"text/tabwriter"

	"github.com/parley-sim/parley/sim"
)

// TestAnalyzeJSONAsEncoded checks that the JSON parley analyze streams,
// its frontiers point by point, is byte for byte what encoding/json makes
// of the same report held whole, with GENIUS's Nash point (lunch) and
// with the guaranteed analysis (the flagship).
func TestAnalyzeJSONAsEncoded(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile("lunch.yaml", []byte(lunchScenario), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"analyze", "lunch.yaml", "--json"}, {"analyze", "south-caucasus", "--guarantees", "--json"}} {
		out := runParley(t, args...)
		var rep analysisReport
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("parley %s: %v", strings.Join(args, " "), err)
		}
		if len(rep.Frontier) != rep.FrontierSize || rep.FrontierSize == 0 {
			t.Errorf("parley %s: %d frontier points, frontier_size %d", strings.Join(args, " "), len(rep.Frontier), rep.FrontierSize)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			t.Fatal(err)
		}
		if out != want.String() {
			t.Errorf("parley %s: the streamed JSON differs from encoding/json's:\n%s\nwant\n%s", strings.Join(args, " "), out, want.String())
		}
	}
}

// TestFrontierTextAsTabwriter checks that a frontier written row by row
// is aligned as text/tabwriter aligned it when it held the whole table:
// numbers of several widths (negative, above 1), descriptions of several
// lengths in runes, an empty frontier.
func TestFrontierTextAsTabwriter(t *testing.T) {
	points := []sim.Point{{Outcome: 0, U: [2]float64{1.25, -0.5}}, {Outcome: 1, U: [2]float64{0.5, 0.25}}, {Outcome: 2, U: [2]float64{-10.125, 0.75}}}
	names := []string{"x=été", "x=a-much-longer-value", "x=b"}
	f := frontierList{points, func(p sim.Point) pointReport {
		return pointReport{Outcome: int(p.Outcome), U: p.U, Guarantee: names[p.Outcome]}
	}}
	for _, n := range []int{0, 1, 3} {
		for _, guaranteed := range []bool{false, true} {
			f := frontierList{points[:n], f.report}
			cells := func(p pointReport) []string {
				c := []string{fmt.Sprintf("%.4f", p.U[0]), fmt.Sprintf("%.4f", p.U[1]), p.Guarantee}
				if guaranteed {
					c = append(c, "g"+p.Guarantee)
				}
				return c
			}
			var got bytes.Buffer
			w := bufio.NewWriter(&got)
			if err := f.writeText(context.Background(), w, cells); err != nil {
				t.Fatal(err)
			}
			w.Flush()
			var want bytes.Buffer
			tw := tabwriter.NewWriter(&want, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "\nfrontier"+strings.Repeat("\t", len(cells(pointReport{}))))
			for _, p := range f.points {
				fmt.Fprintln(tw, "\t"+strings.Join(cells(f.report(p)), "\t"))
			}
			tw.Flush()
			if got.String() != want.String() {
				t.Errorf("%d points, guaranteed %v:\n%q\nwant\n%q", n, guaranteed, got.String(), want.String())
			}
		}
	}
}

// TestAnalyzeStopsWritingFrontier checks that writing a frontier stops
// with errInterrupted once the context is done, in text and in JSON.
func TestAnalyzeStopsWritingFrontier(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f := frontierList{make([]sim.Point, 3), func(p sim.Point) pointReport { return pointReport{} }}
	w := bufio.NewWriter(&bytes.Buffer{})
	if err := f.writeJSON(ctx, w, ""); !errors.Is(err, errInterrupted) {
		t.Errorf("JSON: %v, want interrupted", err)
	}
	if err := f.writeText(ctx, w, func(pointReport) []string { return []string{"a", "b"} }); !errors.Is(err, errInterrupted) {
		t.Errorf("text: %v, want interrupted", err)
	}
}
