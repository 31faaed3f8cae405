package genius

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parley-sim/parley/sim"
)

// importAnalyze imports a corpus folder and analyses it with the source
// platform's semantics, as the README's table reports it.
func importAnalyze(tb testing.TB, dir string) (*Imported, *sim.Analysis, *sim.Space) {
	tb.Helper()
	im, err := Import([]string{dir}, Options{})
	if err != nil {
		tb.Fatal(err)
	}
	an, space, err := im.Domain.Analyze(Native)
	if err != nil {
		tb.Fatal(err)
	}
	return im, an, space
}

// pointText writes solution points as "bid (u_A, u_B)", ties joined by
// " / ".
func pointText(s *sim.Space, pts []sim.Point) string {
	var out []string
	for _, p := range pts {
		out = append(out, fmt.Sprintf("`%s` (%.6f, %.6f)", bidString(s, p.Outcome), p.U[0], p.U[1]))
	}
	return strings.Join(out, " / ")
}

// corpusTable returns the rows of the README's table of corpus domains:
// format, issues, outcomes, Pareto-frontier size, Nash and GENIUS-Kalai
// points, and the time to import and analyse each domain (the best of
// five runs on this machine).
func corpusTable(t *testing.T) []string {
	root := corpusDir(t)
	rows := []string{
		"| domain | format | issues | outcomes | Pareto bids | Nash point: bid (u_A, u_B) | GENIUS-Kalai point: bid (u_A, u_B) | import + analyse |",
		"| --- | --- | ---: | ---: | ---: | --- | --- | ---: |",
	}
	for _, dir := range corpusDomains(t) {
		path := filepath.Join(root, filepath.FromSlash(dir))
		var times []time.Duration
		var (
			im    *Imported
			an    *sim.Analysis
			space *sim.Space
		)
		for range 5 {
			start := time.Now()
			im, an, space = importAnalyze(t, path)
			times = append(times, time.Since(start))
		}
		d := im.Domain
		kinds := map[IssueType]int{}
		for _, is := range d.Issues {
			kinds[is.Type]++
		}
		issues := fmt.Sprint(len(d.Issues))
		for _, k := range []IssueType{Integer, Real, Number} {
			if kinds[k] > 0 {
				issues += fmt.Sprintf(" (%d %s)", kinds[k], k)
			}
		}
		rows = append(rows, fmt.Sprintf("| %s | %s | %s | %d | %d | %s | %s | %.1f ms |", dir, d.Format, issues, d.Size(), len(an.Frontier),
			pointText(space, an.Nash), pointText(space, an.GeniusKalai), float64(slices.Min(times).Microseconds())/1000))
	}
	return rows
}

// withoutLastColumn drops a table row's last cell (the timing).
func withoutLastColumn(row string) string {
	row = strings.TrimSuffix(strings.TrimSpace(row), "|")
	return row[:strings.LastIndex(row, "|")+1]
}

// TestCorpusTable writes the README's table of corpus domains to the file
// named by PARLEY_GENIUS_TABLE (skipped when it is unset), and logs it
// with -v.
func TestCorpusTable(t *testing.T) {
	out := os.Getenv("PARLEY_GENIUS_TABLE")
	if out == "" {
		t.Skip("set PARLEY_GENIUS_TABLE to a file to write the corpus table")
	}
	table := strings.Join(corpusTable(t), "\n") + "\n"
	t.Log("\n" + table)
	if err := os.WriteFile(out, []byte(table), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestREADMETable checks that README.md holds the corpus table as the
// code computes it today, every cell but the timings.
func TestREADMETable(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(readme), "\n")
	for _, row := range corpusTable(t) {
		want := withoutLastColumn(row)
		if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, "|") && withoutLastColumn(l) == want }) {
			t.Errorf("README.md lacks the row (regenerate with PARLEY_GENIUS_TABLE=table.md go test -run TestCorpusTable):\n%s", row)
		}
	}
}

// BenchmarkImportAnalyze imports and analyses the largest corpus domain,
// Travel (188,160 outcomes), under both semantics.
func BenchmarkImportAnalyze(b *testing.B) {
	dir := filepath.Join(corpusDir(b), "genius", "Travel")
	for _, s := range []Semantics{Parley, Native} {
		b.Run(s.String(), func(b *testing.B) {
			for b.Loop() {
				im, err := Import([]string{dir}, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if _, _, err := im.Domain.Analyze(s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestLargestDomainTime imports and analyses the largest corpus domain and
// logs the time; it fails only if that takes more than 10 seconds, far
// above the tenth of a second it takes here.
func TestLargestDomainTime(t *testing.T) {
	root := corpusDir(t)
	largest, size := "", 0
	for _, dir := range corpusDomains(t) {
		im, err := Import([]string{filepath.Join(root, filepath.FromSlash(dir))}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if n := im.Domain.Size(); n > size {
			largest, size = dir, n
		}
	}
	start := time.Now()
	_, an, _ := importAnalyze(t, filepath.Join(root, filepath.FromSlash(largest)))
	el := time.Since(start)
	t.Logf("%s: %d outcomes, %d Pareto bids: imported and analysed in %v", largest, size, len(an.Frontier), el)
	if el > 10*time.Second {
		t.Errorf("took %v", el)
	}
}
