package chart_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-sim/parley/results/chart"
	"github.com/parley-sim/parley/sim"
)

// stepDown offers its outcomes from its best down, one rank a round, and
// accepts an offer worth at least its own next one; with walk set it
// walks away when it first answers.
type stepDown struct{ walk bool }

func (m stepDown) NewStrategy(self *sim.Self) sim.Strategy {
	return &stepping{self: self, walk: m.walk}
}

type stepping struct {
	self *sim.Self
	walk bool
}

func (s *stepping) Propose(t *sim.Turn) sim.Outcome {
	r := s.self.Utility.Ranked()
	return r[max(len(r)-1-t.Round, 0)]
}

func (s *stepping) Respond(t *sim.Turn, o sim.Outcome) sim.Action {
	switch {
	case s.walk:
		return sim.Walk
	case s.self.Utility.Of(o) >= s.self.Utility.Of(s.Propose(t)):
		return sim.Accept
	}
	return sim.Reject
}

// spaceNegotiation builds a small price-and-warranty negotiation between
// a seller (who opens) and a buyer; with walk, the buyer walks away.
func spaceNegotiation(walk bool) (*sim.Negotiation, error) {
	sp, err := sim.NewSpace([]sim.Issue{
		{ID: "price", Values: []sim.Value{{ID: "low"}, {ID: "mid"}, {ID: "high"}}},
		{ID: "warranty", Values: []sim.Value{{ID: "none"}, {ID: "1y"}, {ID: "2y"}}},
	})
	if err != nil {
		return nil, err
	}
	seller, err := sim.NewUtility(sp, sim.Additive{Weights: []float64{0.7, 0.3}, Values: [][]float64{{0, 0.6, 1}, {1, 0.5, 0}}})
	if err != nil {
		return nil, err
	}
	buyer, err := sim.NewUtility(sp, sim.Additive{Weights: []float64{0.4, 0.6}, Values: [][]float64{{1, 0.5, 0}, {0, 0.7, 1}}})
	if err != nil {
		return nil, err
	}
	return &sim.Negotiation{
		Name:  "car",
		Space: sp,
		Parties: [2]sim.Party{
			{ID: "seller", Label: "Seller", Utility: seller, Reservation: 0.2, Discount: 1, Strategy: stepDown{}},
			{ID: "buyer", Label: "Buyer", Utility: buyer, Reservation: 0.3, Discount: 1, Strategy: stepDown{walk: walk}},
		},
		Protocol: sim.Protocol{Deadline: 10, FirstMover: 0},
	}, nil
}

// spaceSession returns the negotiation and its traced run 0 of master
// seed 1.
func spaceSession(t testing.TB, walk bool) (*sim.Negotiation, *sim.Result) {
	t.Helper()
	n, err := spaceNegotiation(walk)
	if err != nil {
		t.Fatal(err)
	}
	res := sim.NewSession(n).Play(0, sim.RunSeed(1, 0), true)
	return n, &res
}

// ExampleWriteUtilitySpace plays one session and writes its chart in
// utility space as SVG, titled for the player.
func ExampleWriteUtilitySpace() {
	n, err := spaceNegotiation(false)
	if err != nil {
		fmt.Println(err)
		return
	}
	res := sim.NewSession(n).Play(0, sim.RunSeed(1, 0), true)

	dir, err := os.MkdirTemp("", "space")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "session.svg")
	err = chart.WriteUtilitySpace(context.Background(), path, n, &res, chart.SpaceOptions{
		Subtitle: fmt.Sprintf("your session, seed 0x%016x", res.Seed),
		Names:    [2]string{"Seller", "you (Buyer)"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	svg, _ := os.ReadFile(path)
	fmt.Println(res.End, "in round", res.Round)
	fmt.Println("SVG:", bytes.Contains(svg, []byte("<svg")), bytes.Contains(svg, []byte("utility to you (Buyer)")))

	err = chart.WriteUtilitySpace(context.Background(), filepath.Join(dir, "session.pdf"), n, &res, chart.SpaceOptions{})
	fmt.Println(errors.Is(err, chart.ErrFormat))
	// Output:
	// agreement in round 4
	// SVG: true true
	// true
}

// svgText returns the character data of an SVG document, and fails the
// test if the document is not well-formed XML with an svg root.
func svgText(t *testing.T, data []byte) string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	var text strings.Builder
	root := ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG not well-formed: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = tok.Name.Local
			}
		case xml.CharData:
			text.Write(tok)
			text.WriteByte('\n')
		}
	}
	if root != "svg" {
		t.Fatalf("SVG root element is %q, want svg", root)
	}
	return text.String()
}

func TestWriteUtilitySpace(t *testing.T) {
	n, agreed := spaceSession(t, false)
	if !agreed.Agreed() || len(agreed.Trace) == 0 {
		t.Fatalf("test session: end %s with %d events, want a traced agreement", agreed.End, len(agreed.Trace))
	}
	_, walked := spaceSession(t, true)
	if walked.End != sim.EndWalkAway {
		t.Fatalf("test session: end %s, want a walk-away", walked.End)
	}
	untraced := *agreed
	untraced.Trace = nil

	for _, c := range []struct {
		name string
		file string
		res  *sim.Result
		o    chart.SpaceOptions
		want []string // in the SVG's text
		not  []string
	}{
		{name: "defaults", file: "space.svg", res: agreed,
			want: []string{"car: outcomes in utility space", "parley (unversioned) · offers of run 0 (seed " + fmt.Sprintf("0x%016x", agreed.Seed) + ")",
				"utility to Seller", "utility to Buyer", "offers by Seller", "offers by Buyer", "agreement", "Pareto frontier", "Nash"},
			not: []string{"agreement of run", "area: runs", "master seed"}},
		{name: "options", file: "space.svg", res: agreed,
			o:    chart.SpaceOptions{Title: "my title", Subtitle: "your session, seed 0x1", Version: "v9", Names: [2]string{"", "you (Buyer)"}},
			want: []string{"my title", "your session, seed 0x1", "utility to you (Buyer)", "offers by you (Buyer)", "utility to Seller"},
			not:  []string{"outcomes in utility space", "v9", "utility to Buyer"}},
		{name: "version", file: "space.svg", res: agreed, o: chart.SpaceOptions{Version: "v9"},
			want: []string{"parley v9 · offers of run 0"}},
		{name: "walk-away", file: "space.svg", res: walked,
			want: []string{"possible outcomes", "Pareto frontier"},
			not:  []string{"agreement"}},
		{name: "untraced", file: "space.svg", res: &untraced,
			want: []string{"agreement"},
			not:  []string{"offers by"}},
		{name: "no session", file: "space.svg",
			want: []string{"parley (unversioned) · no session", "possible outcomes"},
			not:  []string{"offers by", "agreement"}},
		{name: "png", file: "space.png", res: agreed},
		{name: "upper-case extension", file: "SPACE.PNG", res: agreed},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, c.file)
			if err := chart.WriteUtilitySpace(t.Context(), path, n, c.res, c.o); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("the folder holds %d files, want only %s (a temporary file left?)", len(entries), c.file)
			}
			if strings.EqualFold(filepath.Ext(c.file), ".png") {
				img, err := png.Decode(bytes.NewReader(data))
				if err != nil {
					t.Fatalf("PNG does not decode: %v", err)
				}
				// The chart is 6.5 inches wide at DPI dots per inch.
				if w, want := img.Bounds().Dx(), int(6.5*chart.DPI); w != want {
					t.Errorf("PNG is %d pixels wide, want %d", w, want)
				}
				return
			}
			text := svgText(t, data)
			for _, s := range c.want {
				if !strings.Contains(text, s) {
					t.Errorf("SVG lacks %q", s)
				}
			}
			for _, s := range c.not {
				if strings.Contains(text, s) {
					t.Errorf("SVG has %q", s)
				}
			}
		})
	}
}

// TestWriteUtilitySpaceDeterministic writes the same chart twice, and
// checks that the format follows the extension only.
func TestWriteUtilitySpaceDeterministic(t *testing.T) {
	n, res := spaceSession(t, false)
	dir := t.TempDir()
	var got [][]byte
	for _, name := range []string{"a.svg", "b.svg", "c.png", "d.PNG"} {
		path := filepath.Join(dir, name)
		if err := chart.WriteUtilitySpace(t.Context(), path, n, res, chart.SpaceOptions{Version: "test"}); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, b)
	}
	if !bytes.Equal(got[0], got[1]) || !bytes.Equal(got[2], got[3]) {
		t.Error("the same chart written twice differs")
	}
	if bytes.Equal(got[0], got[2]) {
		t.Error("the .svg and .png files are the same")
	}
	if !bytes.HasPrefix(got[2], []byte("\x89PNG")) {
		t.Error(".png file is not a PNG")
	}
}

func TestWriteUtilitySpaceErrors(t *testing.T) {
	n, good := spaceSession(t, false)
	badAgreement := *good
	badAgreement.Agreement = sim.Outcome(n.Space.Size())
	badEvent := *good
	badEvent.Trace = append([]sim.Event(nil), good.Trace...)
	badEvent.Trace[0].Outcome = -7
	nanUtility := *good
	nanUtility.Utility[1] = math.NaN()
	noSpace := *n
	noSpace.Space = nil
	sameIDs := *n
	sameIDs.Parties[1].ID = sameIDs.Parties[0].ID

	for _, c := range []struct {
		name   string
		file   string
		n      *sim.Negotiation
		res    *sim.Result
		format bool   // the error wraps chart.ErrFormat
		want   string // in the error
	}{
		{name: "pdf", file: "space.pdf", n: n, res: good, format: true, want: `extension ".pdf"`},
		{name: "no extension", file: "space", n: n, res: good, format: true, want: "no extension"},
		{name: "jpeg", file: "space.jpg", n: n, res: good, format: true, want: ".png or .svg"},
		{name: "nil negotiation", file: "space.png", res: good, want: "no negotiation"},
		{name: "no space", file: "space.png", n: &noSpace, res: good, want: "no outcome space"},
		{name: "same party ids", file: "space.png", n: &sameIDs, res: good, want: "both parties"},
		{name: "agreement outside", file: "space.svg", n: n, res: &badAgreement, want: "agreement"},
		{name: "event outside", file: "space.svg", n: n, res: &badEvent, want: "event 0: outcome -7"},
		{name: "NaN utility", file: "space.svg", n: n, res: &nanUtility, want: "NaN"},
		{name: "no folder", file: filepath.Join("missing", "space.svg"), n: n, res: good, want: "missing"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			err := chart.WriteUtilitySpace(t.Context(), filepath.Join(dir, c.file), c.n, c.res, chart.SpaceOptions{})
			if err == nil {
				t.Fatal("no error")
			}
			if errors.Is(err, chart.ErrFormat) != c.format {
				t.Errorf("errors.Is(err, chart.ErrFormat) = %v, want %v: %v", !c.format, c.format, err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not say %q", err, c.want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("the folder holds %d files after an error, want none", len(entries))
			}
		})
	}
}

func TestFormat(t *testing.T) {
	for _, c := range []struct {
		path, want string
		ok         bool
	}{
		{"a.png", "png", true},
		{"dir.svg/a.SVG", "svg", true},
		{"a.Png", "png", true},
		{"a.svg.gz", "", false},
		{"a", "", false},
		{".png/a", "", false},
		{"a.", "", false},
	} {
		got, err := chart.Format(c.path)
		if got != c.want || (err == nil) != c.ok {
			t.Errorf("Format(%q) = %q, %v; want %q, ok %v", c.path, got, err, c.want, c.ok)
		}
		if err != nil && !errors.Is(err, chart.ErrFormat) {
			t.Errorf("Format(%q): error %v does not wrap chart.ErrFormat", c.path, err)
		}
	}
}
