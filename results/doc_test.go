package results

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/parley-sim/parley/results/metric"
)

// TestDocumentedMetrics checks the docs against the metric table (package
// metric), so that they cannot drift from it: the package documentation
// lists the columns of runs.csv in the order the Recorder writes them and
// documents every metric of the table; every metric the README's tables of
// files name is one of the table's.
func TestDocumentedMetrics(t *testing.T) {
	b, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	doc := strings.ReplaceAll(string(b), "\n// ", "\n")
	// The column list of runs.csv, written with the parties <A> and <B>.
	_, list, _ := strings.Cut(doc, "runs.csv has the columns\n//\n")
	list, _, _ = strings.Cut(list, "\n//\n")
	list = strings.NewReplacer("//\t", "", "\n", " ").Replace(list)
	var got []string
	for _, c := range strings.Split(list, ",") {
		got = append(got, strings.TrimSpace(c))
	}
	party := [2]string{"<A>", "<B>"}
	want := slices.Concat(runsFixed, []string{"<issue id>..."},
		metric.Columns(metric.Utility, party), metric.Columns(metric.Measure, party))
	if !slices.Equal(got, want) {
		t.Errorf("doc.go lists the columns of runs.csv as\n%v\nthe Recorder writes\n%v", got, want)
	}
	// Every metric is documented where its column or statistic is.
	for _, m := range metric.All() {
		names := []string{m.Name}
		if m.PerParty {
			names = []string{m.Name + "ID", m.Name + "<A>"}
		}
		word := func(n string) bool {
			return regexp.MustCompile(`(^|\W)` + regexp.QuoteMeta(n) + `(\W|$)`).MatchString(doc)
		}
		if !slices.ContainsFunc(names, word) {
			t.Errorf("doc.go does not document the metric %s (%s)", names[0], m.Title)
		}
	}

	// The README's tables of files name columns of runs.csv and points.csv
	// in backquotes: those that are metrics (u_A is party A's u_) must be
	// the table's, and the others the tables' fixed columns.
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	other := []string{"point", "replication", "seed", "replications", "agreements", "agreement_rate", "_lo", "_hi",
		"M_mean", "M_lo", "M_hi", "agreement", "deadline", "breakdown", "walkaway", "conflict", "parley run", RunsFile,
		"repetition"}
	other = append(other, TournamentParameters...)
	other = append(other, "arm", ArmBase, ArmVariant) // a comparison's runs.csv
	rows := 0
	for _, line := range strings.Split(string(readme), "\n") {
		if !strings.HasPrefix(line, "| `"+RunsFile+"`") && !strings.HasPrefix(line, "| `"+PointsFile+"`") {
			continue
		}
		rows++
		for _, q := range regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(line, -1) {
			name := q[1]
			if _, _, ok := metric.Lookup(name, "A", "B"); !ok && !slices.Contains(other, name) && !slices.Contains(runsFixed, name) && name != PointsFile {
				t.Errorf("README.md names %q in the row of %s, which is no metric of the table (package metric) and no other column", name, strings.Fields(line)[1])
			}
		}
	}
	if rows < 3 {
		t.Errorf("found %d rows describing %s and %s in README.md; is the check still reading its tables?", rows, RunsFile, PointsFile)
	}
}
