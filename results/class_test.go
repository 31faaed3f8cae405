package results

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/parley-sim/parley/results/internal/fixture"
	"github.com/parley-sim/parley/sim"
)

// classSeats are the seats of the runs of the class test: a student
// against an agent on either side, two students, and agents alone.
var classSeats = [][2]Seat{
	{{Number: 1, Name: "Ann", Pairing: 1}, {}},
	{{Number: 3, Name: "Bo", Pairing: 2}, {Number: 2, Name: "Cy, Jr.", Pairing: 2}},
	{{}, {Number: 4, Pairing: 3}},
	{{}, {}},
}

// recordClass plays the runs of classSeats on the facilitated fixture and
// records them as a class: run i with the seed of run 2i (a class's runs
// need not be consecutive).
func recordClass(t *testing.T, dir string, n *sim.Negotiation) *Recorder {
	t.Helper()
	opt := testOptions(2*len(classSeats), false)
	opt.Class = true
	r, err := NewRecorder(dir, n, testManifest(len(classSeats)), opt)
	if err != nil {
		t.Fatal(err)
	}
	obs := r.Observer()
	s := sim.NewSession(n)
	for i, seats := range classSeats {
		res := s.Play(2*i, sim.RunSeed(7, 2*i), true)
		obs(0, n, &res, offersOf(res.Trace))
		if err := r.AddSeats(&res, seats); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	return r
}

// offersOf returns the offers of a traced session.
func offersOf(trace []sim.Event) *sim.History {
	var offers []sim.Offer
	for _, e := range trace {
		if e.Kind == sim.EventOffer {
			offers = append(offers, sim.Offer{Round: int32(e.Round), By: int32(e.Actor), Outcome: e.Outcome})
		}
	}
	return sim.NewHistory(offers)
}

func readRows(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestRecorderClass checks class.csv: one row per student's seat, whose
// columns after the seat's are the run's row of runs.csv, and a run
// folder that is otherwise what Add would have written.
func TestRecorderClass(t *testing.T) {
	dir := t.TempDir()
	n := fixture.Facilitated(t)
	r := recordClass(t, dir, n)
	b, err := os.ReadFile(filepath.Join(dir, ClassFile))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, filepath.Join("class", ClassFile), b)

	class := readRows(t, filepath.Join(dir, ClassFile))
	runs := readRows(t, filepath.Join(dir, RunsFile))
	if !slices.Equal(class[0], append(slices.Clone(classColumns), runs[0]...)) {
		t.Errorf("class.csv header %v, want the seat columns and runs.csv's", class[0])
	}
	want := 0
	for _, s := range classSeats {
		for _, st := range s {
			if st.Number > 0 {
				want++
			}
		}
	}
	if len(class)-1 != want {
		t.Fatalf("class.csv has %d rows, want %d (one per student)", len(class)-1, want)
	}
	row := 1
	for i, s := range classSeats {
		for p, st := range s {
			if st.Number == 0 {
				continue
			}
			got := class[row]
			if got[0] != strconv.Itoa(st.Number) || got[1] != st.Name || got[2] != n.Parties[p].ID || got[3] != strconv.Itoa(st.Pairing) {
				t.Errorf("class.csv row %d starts %v, want seat %d %q, party %s, pairing %d", row, got[:4], st.Number, st.Name, n.Parties[p].ID, st.Pairing)
			}
			if !slices.Equal(got[4:], runs[i+1]) {
				t.Errorf("class.csv row %d does not end with run %d's row of runs.csv:\n%v\n%v", row, 2*i, got[4:], runs[i+1])
			}
			row++
		}
	}
	if !slices.Contains(r.Manifest().Files, ClassFile) {
		t.Errorf("the manifest lists %v, without %s", r.Manifest().Files, ClassFile)
	}

	// Without Options.Class, the same results make the same other files,
	// and class.csv of the earlier class is removed.
	plain := t.TempDir()
	opt := testOptions(2*len(classSeats), false)
	p, err := NewRecorder(plain, n, testManifest(len(classSeats)), opt)
	if err != nil {
		t.Fatal(err)
	}
	obs := p.Observer()
	s := sim.NewSession(n)
	for i := range classSeats {
		res := s.Play(2*i, sim.RunSeed(7, 2*i), true)
		obs(0, n, &res, offersOf(res.Trace))
		if err := p.Add(&res); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{RunsFile, RoundsFile, SummaryFile, ConvergenceFile} {
		a, _ := os.ReadFile(filepath.Join(dir, name))
		b, _ := os.ReadFile(filepath.Join(plain, name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s of the class differs from that of the same runs recorded with Add", name)
		}
	}
	record(t, dir, n, 3, 1, testOptions(1, false))
	if _, err := os.Stat(filepath.Join(dir, ClassFile)); !os.IsNotExist(err) {
		t.Errorf("a run into the class's folder left %s: %v", ClassFile, err)
	}
}

// TestRecorderClassMisuse checks that a class's recorder takes results
// only with seats, and another recorder only without.
func TestRecorderClassMisuse(t *testing.T) {
	n := fixture.Negotiation(t, 0, 0, 0)
	res := sim.NewSession(n).Play(0, 1, true)
	opt := testOptions(1, false)
	r, err := NewRecorder(t.TempDir(), n, testManifest(1), opt)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Abort()
	if err := r.AddSeats(&res, [2]Seat{{Number: 1}}); err == nil {
		t.Error("AddSeats without Options.Class: no error")
	}
	opt.Class = true
	c, err := NewRecorder(t.TempDir(), n, testManifest(1), opt)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Abort()
	if err := c.Add(&res); err == nil {
		t.Error("Add on a class's recorder: no error")
	}
}

// TestClassHeaderClash checks that a seat column clashing with an issue's
// is renamed, with a warning.
func TestClassHeaderClash(t *testing.T) {
	head, warn := classHeader([]string{"run", "seat", "class_seat", "name"})
	want := []string{"class_class_seat", "class_name", "party", "pairing", "run", "seat", "class_seat", "name"}
	if !slices.Equal(head, want) || len(warn) != 2 {
		t.Errorf("header %v with %d warnings, want %v with 2", head, len(warn), want)
	}
}
