package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCompareWorkers: a comparison writes byte-identical tables whatever
// the number of workers, and both arms of run i play with the same seed.
func TestCompareWorkers(t *testing.T) {
	t.Chdir(t.TempDir())
	args := append([]string{"compare", "used-car", "--with", "parties.buyer.discount=0.9", "--runs", "80", "--seed", "5", "--quiet"}, uncertainSets...)
	mustRun(t, append(args, "--out", "w1", "--workers", "1")...)
	mustRun(t, append(args, "--out", "w3", "--workers", "3")...)
	for _, f := range []string{"runs.csv", "pairs.csv", "differences.csv"} {
		a, err := os.ReadFile(filepath.Join("w1", f))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join("w3", f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between 1 and 3 workers", f)
		}
	}
	head, rows := readTable(t, "w1/runs.csv")
	if head[0] != "run" || head[1] != "arm" || head[2] != "seed" {
		t.Fatalf("runs.csv starts %q", head[:3])
	}
	if len(rows) != 160 {
		t.Fatalf("runs.csv has %d rows, want 160 (two arms of 80 runs)", len(rows))
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for i := 0; i < len(rows); i += 2 {
		b, v := rows[i], rows[i+1]
		if b[1] != "base" || v[1] != "variant" || b[0] != v[0] || b[2] != v[2] {
			t.Fatalf("rows %d and %d are not a pair: %q / %q", i, i+1, b[:3], v[:3])
		}
		// The assumptions the arms share with the same distribution draw the
		// same values (common random numbers); the overridden one does not
		// vary in the variant.
		for _, p := range []string{"parties.seller.strategy.type", "parties.buyer.weights.price"} {
			if b[col[p]] != v[col[p]] {
				t.Errorf("run %s: %s drew %s and %s", b[0], p, b[col[p]], v[col[p]])
			}
		}
		if v[col["parties.buyer.discount"]] != "" {
			t.Errorf("run %s: the variant's discount is fixed, yet its column holds %q", b[0], v[col["parties.buyer.discount"]])
		}
	}
	man, err := os.ReadFile("w1/manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`"kind": "compare"`, `"random_numbers": "common"`, `"arm": "base"`, `"arm": "variant"`, `"overrides": [
        "parties.buyer.discount=0.9"`, `"identical": false`} {
		if !bytes.Contains(man, []byte(s)) {
			t.Errorf("manifest.json lacks %s", s)
		}
	}
}

// TestCompareIdentical: comparing a scenario with itself, or with a
// variant that sets a field to the value it has, gives differences of
// exactly 0 with intervals of no width, at the command level.
func TestCompareIdentical(t *testing.T) {
	t.Chdir(t.TempDir())
	for name, args := range map[string][]string{
		"itself":     {"compare", "used-car", "used-car"},
		"same value": {"compare", "used-car", "--with", "protocol.deadline=10"},
	} {
		t.Run(name, func(t *testing.T) {
			out := mustRun(t, append(args, "--runs", "50", "--seed", "9", "--out", "o")...)
			if !strings.Contains(out, "every difference is exactly 0") {
				t.Errorf("console does not say the arms are the same:\n%s", out)
			}
			head, rows := readTable(t, "o/differences.csv")
			col := map[string]int{}
			for i, h := range head {
				col[h] = i
			}
			for _, r := range rows {
				est, lo, hi := r[col["estimate"]], r[col["lower"]], r[col["upper"]]
				if r[col["method"]] != "identical_arms" || lo != est || hi != est {
					t.Errorf("%s: %s [%s, %s] by %s, want an interval of no width", r[col["metric"]], est, lo, hi, r[col["method"]])
				}
				if r[col["statistic"]] != "share of runs" && est != "0" {
					t.Errorf("%s: difference %s, want exactly 0", r[col["metric"]], est)
				}
			}
		})
	}
}

// TestCompareBadInput: what cannot be compared is bad input (exit code
// 2), with a message that says why.
func TestCompareBadInput(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"nothing to compare", []string{"compare", "used-car"}, "nothing to compare"},
		{"both forms", []string{"compare", "used-car", "used-car", "--with", "protocol.deadline=9"}, "not both"},
		{"other issues", []string{"compare", "used-car", "south-caucasus"}, "a comparison needs another scenario over the issues and parties"},
		{"bad with", []string{"compare", "used-car", "--with", "parties.buyer.discont=0.9"}, "--with parties.buyer.discont=0.9"},
		{"bad runs", []string{"compare", "used-car", "--with", "protocol.deadline=9", "--runs", "0"}, "--runs 0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runCode(c.args...)
			if code != 2 || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q", code, stderr, c.want)
			}
		})
	}
}

// TestComparePlot: parley plot draws the charts of a comparison recorded
// without them, byte for byte as the comparison draws them, and lists
// them in the manifest.
func TestComparePlot(t *testing.T) {
	t.Chdir(t.TempDir())
	args := append([]string{"compare", "used-car", "--with", "parties.buyer.discount=0.8", "--runs", "60", "--seed", "2", "--quiet"}, uncertainSets[:4]...)
	mustRun(t, append(args, "--out", "drawn")...)
	mustRun(t, append(args, "--out", "later", "--no-charts")...)
	if out := mustRun(t, "plot", "later"); !strings.Contains(out, "re-drew 6 files") {
		t.Errorf("plot printed %q", out)
	}
	for _, name := range []string{"compare-differences", "compare-space", "compare-options"} {
		for _, ext := range []string{".png", ".svg"} {
			a, err := os.ReadFile(filepath.Join("drawn", name+ext))
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(filepath.Join("later", name+ext))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, b) {
				t.Errorf("%s%s: re-drawn chart differs from the comparison's", name, ext)
			}
		}
	}
	man, err := os.ReadFile("later/manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(man, []byte(`"compare-space.svg"`)) {
		t.Error("the manifest does not list the re-drawn charts")
	}
}

// TestCompareReport: parley report of a comparison folder writes its
// page: both arms, the paired differences with their intervals, the three
// charts, what varies between runs.
func TestCompareReport(t *testing.T) {
	t.Chdir(t.TempDir())
	mustRun(t, append([]string{"compare", "used-car", "--with", "parties.buyer.discount=0.8", "--runs", "40", "--quiet", "--out", "c"}, uncertainSets[:4]...)...)
	mustRun(t, "report", "c")
	page, err := os.ReadFile("c/report.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"used-car: comparison", "common random numbers", "Paired differences (differences.csv)",
		"utility of Buyer", "lower in the variant", `id="chart-compare-differences"`, `id="chart-compare-space"`, `id="chart-compare-options"`,
		"What varies between runs", "parties.buyer.discount, drawn from {uniform: [0.85, 0.95]} in the base only",
		"parties.seller.strategy.type, drawn from {choice: {boulware: 0.5, conceder: 0.5}} in both arms"} {
		if !bytes.Contains(page, []byte(want)) {
			i := bytes.Index(page, []byte("What varies"))
			t.Errorf("report.html lacks %q\n%s", want, page[i:min(len(page), i+800)])
		}
	}
}
