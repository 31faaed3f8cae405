package scenarios

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/parley-sim/parley/sim"
)

func TestParseSweepErrors(t *testing.T) {
	for _, tc := range sweepErrorCases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ParseSweep("s.yaml", []byte(tc.src), SweepOptions{Dir: "testdata/sweep"})
			if err == nil {
				t.Fatalf("accepted:\n%s", s.Resolved)
			}
			if got := err.Error(); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Errorf("error is not a non-empty ErrorList: %#v", err)
			}
		})
	}
}

func TestParseSweepLimits(t *testing.T) {
	big := strings.Repeat("#", MaxFileSize+1)
	if _, err := ParseSweep("big.yaml", []byte(big), SweepOptions{}); err == nil || err.Error() != "big.yaml: file is larger than the limit of 1048576 bytes (1 MiB)" {
		t.Errorf("large file: %v", err)
	}
	var b strings.Builder
	b.WriteString("name: x\nscenario: used-car\nparameters:\n  protocol.deadline: [")
	for i := range MaxValues + 1 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(i + 1))
	}
	b.WriteString("]\n")
	want := "s.yaml:4:22: parameters.protocol.deadline: more than 10000 values listed in the sweep; list fewer, or draw them from a range with design random or latin_hypercube"
	if _, err := ParseSweep("s.yaml", []byte(b.String()), SweepOptions{}); err == nil || err.Error() != want {
		t.Errorf("too many values:\n%v\nwant\n%s", err, want)
	}
	b.Reset()
	b.WriteString("name: x\nscenario: used-car\nparameters:\n")
	for i := range MaxParameters + 1 {
		fmt.Fprintf(&b, "  issues.price.label%d: [x]\n", i)
	}
	want = "s.yaml:36:3: parameters: more than 32 parameters (33); vary fewer at once"
	if _, err := ParseSweep("s.yaml", []byte(b.String()), SweepOptions{}); err == nil || err.Error() != want {
		t.Errorf("too many parameters:\n%v\nwant\n%s", err, want)
	}
	b.Reset()
	b.WriteString("name: x\nscenario: used-car\nparameters:\n  protocol.deadline: [5, 10]\nfixed:\n")
	for i := range MaxFixed + 1 {
		fmt.Fprintf(&b, "  issues.price.label%d: x\n", i)
	}
	want = "s.yaml:262:3: fixed: more than 256 fixed settings (257); set fewer, or change the base scenario"
	if _, err := ParseSweep("s.yaml", []byte(b.String()), SweepOptions{}); err == nil || err.Error() != want {
		t.Errorf("too many fixed settings:\n%v\nwant\n%s", err, want)
	}
}

// TestSweepForce checks that Force lifts MaxSweepRuns, and only that.
func TestSweepForce(t *testing.T) {
	src := "name: x\nscenario: used-car\nreplications: 100000000\nparameters:\n  protocol.deadline: [5, 10]\n"
	_, err := ParseSweep("s.yaml", []byte(src), SweepOptions{})
	want := "s.yaml:3:15: replications: the sweep would play 200000000 runs (2 points × 100000000 replications), above the limit of 100000000; use fewer points or replications, or pass --force to play it all the same"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	s, err := ParseSweep("s.yaml", []byte(src), SweepOptions{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if s.Runs() != 200_000_000 {
		t.Errorf("Runs() = %d", s.Runs())
	}
	// With precision the estimate is an upper bound, and says so.
	src = "name: x\nscenario: used-car\nprecision: 0.01\nparameters:\n  protocol.deadline: [5, 10]\nreplications: 60000000\n"
	want = "s.yaml:6:15: replications: the sweep would play up to 120000000 runs (2 points × 60000000 replications), above the limit of 100000000; use fewer points or replications, or pass --force to play it all the same"
	if _, err := ParseSweep("s.yaml", []byte(src), SweepOptions{}); err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// TestSweepGridOrder checks the full factorial in file order, the last
// parameter varying fastest, and the canonical texts.
func TestSweepGridOrder(t *testing.T) {
	src := `name: grid
scenario: used-car
replications: 3
parameters:
  protocol.deadline: [10, 2e1]
  parties.seller.strategy.type: [boulware, conceder, linear]
  parties.buyer.discount: [0.90, 1.0]
`
	s, err := ParseSweep("grid.yaml", []byte(src), SweepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Points() != 12 || s.Runs() != 36 || s.Design != DesignGrid || s.Samples != 0 {
		t.Fatalf("points %d, runs %d, design %s, samples %d", s.Points(), s.Runs(), s.Design, s.Samples)
	}
	if got := s.Params(); !slices.Equal(got, []string{"protocol.deadline", "parties.seller.strategy.type", "parties.buyer.discount"}) {
		t.Errorf("Params() = %v", got)
	}
	var got []string
	for p := range s.Points() {
		got = append(got, strings.Join(s.Values(p), " "))
	}
	want := []string{
		"10 boulware 0.9", "10 boulware 1", "10 conceder 0.9", "10 conceder 1", "10 linear 0.9", "10 linear 1",
		"20 boulware 0.9", "20 boulware 1", "20 conceder 0.9", "20 conceder 1", "20 linear 0.9", "20 linear 1",
	}
	if !slices.Equal(got, want) {
		t.Errorf("grid order:\n%q\nwant\n%q", got, want)
	}
	if got := s.Sets(7); !slices.Equal(got, []string{"protocol.deadline=20", "parties.seller.strategy.type=boulware", "parties.buyer.discount=1"}) {
		t.Errorf("Sets(7) = %q", got)
	}
	if s.Values(-1) != nil || s.Values(12) != nil || s.Sets(12) != nil {
		t.Error("values of a point out of range")
	}
	if _, err := s.Build(12); err == nil || err.Error() != "point 12 out of range [0, 12)" {
		t.Errorf("Build(12): %v", err)
	}
	n, err := s.Build(7)
	if err != nil {
		t.Fatal(err)
	}
	if n.Protocol.Deadline != 20 || n.Parties[0].StrategyName != "boulware" || n.Parties[1].Discount != 1 {
		t.Errorf("point 7: deadline %d, strategy %s, discount %v", n.Protocol.Deadline, n.Parties[0].StrategyName, n.Parties[1].Discount)
	}
}

// TestSweepValueTexts checks the canonical text and the --set text of
// listed values of every kind: the --set text reads back as the value.
func TestSweepValueTexts(t *testing.T) {
	src := `name: texts
scenario: used-car
parameters:
  description: ["0.5", plain text, "with: colon", "#hash", "multi\nline", 7, 0x10, 1.50, 1e6]
`
	s, err := ParseSweep("t.yaml", []byte(src), SweepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	type pair struct{ text, set string }
	want := []pair{
		{"0.5", `"0.5"`}, {"plain text", "plain text"}, {"with: colon", `'with: colon'`}, {"#hash", `'#hash'`},
		{"multi\nline", `"multi\nline"`}, {"7", "7"}, {"16", "16"}, {"1.5", "1.5"}, {"1e+06", "1e+06"},
	}
	for p, w := range want {
		got := pair{s.Values(p)[0], strings.TrimPrefix(s.Sets(p)[0], "description=")}
		if got != w {
			t.Errorf("point %d: %q, want %q", p, got, w)
		}
	}
	src = `name: texts
scenario: south-caucasus
parameters:
  parties.armenia.perception: [null, {noise: 0.1}, {noise: 0.1}]
  facilitator.invite_when.projected_no_deal: [yes, False]
`
	_, err = ParseSweep("t.yaml", []byte(src), SweepOptions{})
	if want := `t.yaml:4:52: parameters.parties.armenia.perception: duplicate value {noise: 0.1} (first given at line 4, column 38)
t.yaml:5:47: facilitator.invite_when.projected_no_deal: expected true or false, found "yes"`; err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
	src = strings.Replace(strings.Replace(src, ", {noise: 0.1}]", "]", 1), "yes", "true", 1)
	s, err = ParseSweep("t.yaml", []byte(src), SweepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for p := range s.Points() {
		got = append(got, strings.Join(s.Values(p), " ")+" | "+strings.Join(s.Sets(p), " "))
	}
	want2 := []string{
		"null true | parties.armenia.perception=null facilitator.invite_when.projected_no_deal=true",
		"null false | parties.armenia.perception=null facilitator.invite_when.projected_no_deal=false",
		"{noise: 0.1} true | parties.armenia.perception={noise: 0.1} facilitator.invite_when.projected_no_deal=true",
		"{noise: 0.1} false | parties.armenia.perception={noise: 0.1} facilitator.invite_when.projected_no_deal=false",
	}
	if !slices.Equal(got, want2) {
		t.Errorf("got\n%q\nwant\n%q", got, want2)
	}
}

// TestSweepRandom checks that a random design is a pure function of the
// file: the same points on every load, other points with another seed,
// every value within its range or list, integer ranges whole.
func TestSweepRandom(t *testing.T) {
	src := `name: rand
scenario: used-car
design: random
samples: 500
seed: 7
parameters:
  parties.buyer.discount: {min: 0.5, max: 1}
  protocol.deadline: {min: 5, max: 8, integer: true}
  parties.seller.strategy.type: [boulware, conceder]
`
	a, err := ParseSweep("r.yaml", []byte(src), SweepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseSweep("r.yaml", []byte(src), SweepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseSweep("r.yaml", []byte(strings.Replace(src, "seed: 7", "seed: 8", 1)), SweepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	same := 0
	counts := map[string]int{}
	for p := range a.Points() {
		va, vb, vc := a.Values(p), b.Values(p), c.Values(p)
		if !slices.Equal(va, vb) {
			t.Fatalf("point %d: %v then %v", p, va, vb)
		}
		if slices.Equal(va, vc) {
			same++
		}
		d, err := strconv.ParseFloat(va[0], 64)
		if err != nil || d < 0.5 || d > 1 || d != round6(d) {
			t.Errorf("point %d: discount %q", p, va[0])
		}
		counts[va[1]]++
		counts[va[2]]++
	}
	if same > 0 {
		t.Errorf("%d points are the same with seeds 7 and 8", same)
	}
	// 500 draws over 4 whole numbers and 2 strings: each near 125 or 250.
	for v, lo := range map[string]int{"5": 90, "6": 90, "7": 90, "8": 90, "boulware": 200, "conceder": 200} {
		if counts[v] < lo {
			t.Errorf("value %s drawn %d times of 500", v, counts[v])
		}
	}
	if len(counts) != 6 {
		t.Errorf("values drawn: %v", counts)
	}
}

// TestSweepLatinHypercube checks the stratification property (McKay,
// Beckman and Conover 1979): with n points, each of the n equal strata of
// every range holds exactly one point; an integer range of n whole numbers
// takes each once; a list of m values takes each n/m times. It also checks
// that the design depends on the seed only.
func TestSweepLatinHypercube(t *testing.T) {
	const n = 60
	src := fmt.Sprintf(`name: lhs
scenario: used-car
design: latin_hypercube
samples: %d
seed: 3
parameters:
  parties.buyer.discount: {min: 0.4, max: 1}
  parties.seller.reservation: {min: 0, max: 0.3}
  protocol.deadline: {min: 11, max: 70, integer: true}
  parties.seller.strategy.type: [boulware, conceder, linear]
`, n)
	s, err := ParseSweep("l.yaml", []byte(src), SweepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	again, err := ParseSweep("l.yaml", []byte(src), SweepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ranges := [][2]float64{{0.4, 1}, {0, 0.3}}
	strata := make([][]int, len(ranges))
	deadlines := map[string]int{}
	types := map[string]int{}
	for p := range n {
		v := s.Values(p)
		if !slices.Equal(v, again.Values(p)) {
			t.Fatalf("point %d differs between loads", p)
		}
		for i, r := range ranges {
			x, err := strconv.ParseFloat(v[i], 64)
			if err != nil {
				t.Fatal(err)
			}
			strata[i] = append(strata[i], int(math.Floor((x-r[0])/(r[1]-r[0])*n)))
		}
		deadlines[v[2]]++
		types[v[3]]++
	}
	for i, st := range strata {
		slices.Sort(st)
		for j, k := range st {
			if j != k {
				t.Errorf("range %d: strata %v, want each of 0..%d once", i, st, n-1)
				break
			}
		}
	}
	for d := 11; d <= 70; d++ {
		if deadlines[strconv.Itoa(d)] != 1 {
			t.Errorf("deadline %d drawn %d times, want once", d, deadlines[strconv.Itoa(d)])
		}
	}
	for _, typ := range []string{"boulware", "conceder", "linear"} {
		if types[typ] != n/3 {
			t.Errorf("strategy %s drawn %d times, want %d", typ, types[typ], n/3)
		}
	}
}

// negotiationDigest describes a negotiation by everything that decides
// its play, for comparisons.
func negotiationDigest(n *sim.Negotiation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %d %+v\n", n.Name, n.Space.Size(), n.Protocol)
	for _, p := range n.Parties {
		fmt.Fprintf(&b, "%s %q r=%v d=%v c=%v bv=%v %s %+v %v\n", p.ID, p.Label, p.Reservation, p.Discount, p.Cost, p.BreakdownValue, p.StrategyName, p.Strategy, p.Utility.Values())
		if p.Perceived != nil {
			fmt.Fprintf(&b, "perceived %v\n", p.Perceived.Values())
		}
	}
	if f := n.Facilitator; f != nil {
		g := *f
		g.Utility = nil
		fmt.Fprintf(&b, "%+v\n", g)
		if f.Utility != nil {
			fmt.Fprintf(&b, "%v\n", f.Utility.Values())
		}
	}
	return b.String()
}

// playAll plays runs of n and returns the results.
func playAll(t *testing.T, n *sim.Negotiation, runs int) []sim.Result {
	t.Helper()
	var out []sim.Result
	b := sim.Batch{Negotiation: n, Runs: runs, Seed: 11, Workers: 1}
	if err := b.Run(context.Background(), func(r *sim.Result) error { out = append(out, *r); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSweepAgreesWithLoad checks that Build(p) gives the negotiation that
// Load(base, Sets(p)) gives, and plays the same runs, and that Values(p)
// are the values of Sets(p).
func TestSweepAgreesWithLoad(t *testing.T) {
	cases := []struct {
		sweep  string
		points []int
	}{
		{"consent-patience", []int{0, 7, 11}},
		{"facilitator-bias", []int{0, 8}},
		{"patience", []int{5, 30}},
		{"discount-lhs", []int{0, 99, 199}},
		{"testdata/sweep/pie-sweep.yaml", []int{0, 1, 2, 3}},
	}
	for _, tc := range cases {
		s, err := LoadSweep(tc.sweep, SweepOptions{})
		if err != nil {
			t.Fatal(err)
		}
		base := s.Scenario
		if !strings.HasPrefix(s.Source, "builtin:") {
			base = filepath.Join(filepath.Dir(tc.sweep), base)
		}
		for _, p := range tc.points {
			n, err := s.Build(p)
			if err != nil {
				t.Fatal(err)
			}
			sets := s.Sets(p)
			sc, err := Load(base, sets)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := negotiationDigest(n), negotiationDigest(sc.Negotiation); got != want {
				t.Errorf("%s point %d (%v): Build differs from Load", tc.sweep, p, sets)
			}
			runs := 3
			if testing.Short() {
				runs = 1
			}
			if got, want := playAll(t, n, runs), playAll(t, sc.Negotiation, runs); !reflect.DeepEqual(got, want) {
				t.Errorf("%s point %d: runs differ", tc.sweep, p)
			}
			// The fixed settings come first, then one set per parameter.
			nf := len(sets) - len(s.Params())
			if nf != len(s.fixed) {
				t.Errorf("%s point %d: %d sets for %d fixed settings and %d parameters", tc.sweep, p, len(sets), len(s.fixed), len(s.Params()))
				continue
			}
			for i, x := range s.fixed {
				if !strings.HasPrefix(sets[i], x.path+"=") {
					t.Errorf("%s point %d: set %d is %q, want fixed %s", tc.sweep, p, i, sets[i], x.path)
				}
			}
			for i, v := range s.Values(p) {
				set := strings.TrimPrefix(sets[nf+i], s.Params()[i]+"=")
				if v != set && strconv.Quote(v) != set {
					t.Errorf("%s point %d: value %q, set %q", tc.sweep, p, v, sets[nf+i])
				}
			}
		}
	}
}

// TestBuiltinSweeps checks that every built-in sweep loads, is named after
// its file, comments every number, and round-trips through its resolved
// YAML with the same fingerprint.
func TestBuiltinSweeps(t *testing.T) {
	entries := BuiltinSweeps()
	var names []string
	for _, e := range entries {
		names = append(names, e.Name)
	}
	if want := []string{"bench-million", "consent-patience", "discount-lhs", "facilitator-bias", "patience"}; !slices.Equal(names, want) {
		t.Errorf("built-in sweeps %v, want %v", names, want)
	}
	hex := regexp.MustCompile(`^[0-9a-f]{64}$`)
	numberLine := regexp.MustCompile(`^\s*[a-z_.]+:.*[0-9]`)
	for _, e := range entries {
		s, err := LoadSweep(e.Name, SweepOptions{})
		if err != nil {
			t.Fatalf("%s: %v", e.Name, err)
		}
		// bench-million is the benchmark of make bench, on the fixed
		// cross-simulator scenario; the others ask the flagship's questions.
		bench := e.Name == "bench-million"
		wantBase := "south-caucasus"
		if bench {
			wantBase = "bench-3x10"
		}
		if s.Name != e.Name || s.Source != "builtin:"+e.Name || e.Description == "" || s.Scenario != wantBase {
			t.Errorf("%s: name %q, source %q, description %q, scenario %q", e.Name, s.Name, s.Source, e.Description, s.Scenario)
		}
		if bench && s.Runs() != 1_000_000 {
			t.Errorf("%s: %d runs, want one million", e.Name, s.Runs())
		}
		if !bench && s.Runs() > 10_000 {
			t.Errorf("%s: %d runs; keep built-in sweeps under a minute", e.Name, s.Runs())
		}
		fp := s.Fingerprint()
		if !hex.MatchString(fp) {
			t.Errorf("%s: fingerprint %q", e.Name, fp)
		}
		again, err := ParseSweep("resolved.yaml", s.Resolved, SweepOptions{})
		if err != nil {
			t.Fatalf("%s: resolved sweep does not parse: %v\n%s", e.Name, err, s.Resolved)
		}
		if string(again.Resolved) != string(s.Resolved) || again.Fingerprint() != fp {
			t.Errorf("%s: resolved sweep is not stable:\n%s\n---\n%s", e.Name, s.Resolved, again.Resolved)
		}
		for p := range s.Points() {
			if !slices.Equal(s.Values(p), again.Values(p)) {
				t.Fatalf("%s: point %d differs after the round trip", e.Name, p)
			}
		}
		src, _ := BuiltinSweepSource(e.Name)
		for i, line := range strings.Split(string(src), "\n") {
			if numberLine.MatchString(line) && !strings.HasPrefix(strings.TrimSpace(line), "#") && !strings.Contains(line, "#") {
				t.Errorf("%s:%d: number without a comment: %s", e.Name, i+1, line)
			}
		}
	}
	// Only consent-patience warns: accept_offer has no effect at its
	// consent=both points, on purpose.
	s, _ := LoadSweep("consent-patience", SweepOptions{})
	if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0].Error(), "accept_offer has no effect with consent: both") {
		t.Errorf("consent-patience warnings: %v", s.Warnings)
	}
}

// TestSweepFingerprint checks that the fingerprint changes with the sweep
// and with the base scenario, and not with comments or spelling.
func TestSweepFingerprint(t *testing.T) {
	fp := func(src string) string {
		t.Helper()
		s, err := ParseSweep("f.yaml", []byte(src), SweepOptions{Dir: "testdata/sweep"})
		if err != nil {
			t.Fatal(err)
		}
		return s.Fingerprint()
	}
	a := fp("name: f\nscenario: used-car\nparameters:\n  protocol.deadline: [5, 10]\n")
	if b := fp("# comment\nname: f\nscenario: used-car\nseed: 1\nreplications: 100\ndesign: grid\nparameters:\n  protocol.deadline: [5.0, 1e1]   # same values\n"); b != a {
		t.Error("fingerprint depends on comments, defaults or the spelling of numbers")
	}
	for _, src := range []string{
		"name: f\nscenario: used-car\nparameters:\n  protocol.deadline: [5, 11]\n",
		"name: f\nscenario: used-car\nseed: 2\nparameters:\n  protocol.deadline: [5, 10]\n",
		"name: f\nscenario: used-car\nreplications: 99\nparameters:\n  protocol.deadline: [5, 10]\n",
		"name: f\nscenario: pie.yaml\nparameters:\n  protocol.deadline: [5, 10]\n",
	} {
		if fp(src) == a {
			t.Errorf("same fingerprint for\n%s", src)
		}
	}
}

// TestLoadSweep checks file and built-in lookup and base scenarios
// relative to the sweep file, including a GENIUS folder.
func TestLoadSweep(t *testing.T) {
	s, err := LoadSweep("testdata/sweep/pie-sweep.yaml", SweepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Base.Name != "pie" || s.Base.Source != filepath.Join("testdata", "sweep", "pie.yaml") || s.Points() != 4 || s.Replications != 100 || s.Seed != 1 {
		t.Errorf("pie-sweep: base %s from %s, %d points, %d replications, seed %d", s.Base.Name, s.Base.Source, s.Points(), s.Replications, s.Seed)
	}
	if _, err := LoadSweep("consent-patience.yaml", SweepOptions{}); err != nil {
		t.Errorf("built-in with .yaml: %v", err)
	}
	_, err = LoadSweep("consent-patiense", SweepOptions{})
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), `nor is "consent-patiense" a built-in sweep (did you mean "consent-patience"?)`) {
		t.Errorf("unknown sweep: %v", err)
	}
	if _, err := LoadSweep("testdata/sweep/nothing.yaml", SweepOptions{}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	// A built-in sweep takes only built-in scenarios.
	if _, err := parseSweep("builtin:x", []byte("name: x\nscenario: testdata/sweep/pie.yaml\nparameters:\n  protocol.deadline: [5]\n"), "", true, SweepOptions{}, defaultCatalog()); err == nil ||
		err.Error() != `builtin:x:2:11: scenario: a built-in sweep takes a built-in scenario; "testdata/sweep/pie.yaml" is none (expected one of bench-3x10, bench-6x10, rubinstein-pie, single-text, south-caucasus, used-car, zeuthen-mcp)` {
		t.Errorf("built-in sweep with a file scenario: %v", err)
	}

	// A device is not read: it could block for ever.
	if st, err := os.Stat(os.DevNull); err == nil && !st.Mode().IsRegular() {
		_, err := ParseSweep("s.yaml", []byte("name: x\nscenario: "+os.DevNull+"\nparameters:\n  protocol.deadline: [5]\n"), SweepOptions{})
		if want := "s.yaml:2:11: scenario: " + os.DevNull + " is not a regular file"; err == nil || err.Error() != want {
			t.Errorf("device: %v, want %s", err, want)
		}
	}

	// A GENIUS domain folder beside the sweep file.
	dir := t.TempDir()
	files := map[string]string{
		"fruit/fruit.xml": `<negotiation_template><utility_space><objective index="0" name="Fruit">
<issue index="1" name="Fruit" type="discrete"><item value="Apple"/><item value="Pear"/><item value="Kiwi"/></issue>
</objective></utility_space></negotiation_template>`,
		"fruit/alice.xml": `<utility_space><objective index="0">
<issue index="1" name="Fruit" type="discrete"><item value="Apple" evaluation="10"/><item value="Pear" evaluation="6"/><item value="Kiwi" evaluation="1"/></issue>
<weight index="1" value="1"/></objective><reservation value="0.2"/></utility_space>`,
		"fruit/bob.xml": `<utility_space><objective index="0">
<issue index="1" name="Fruit" type="discrete"><item value="Apple" evaluation="1"/><item value="Pear" evaluation="3"/><item value="Kiwi" evaluation="4"/></issue>
<weight index="1" value="1"/></objective></utility_space>`,
		"fruit.sweep.yaml": "name: fruit\nscenario: fruit\nparameters:\n  protocol.deadline: [5, 10, 20]\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	g, err := LoadSweep(filepath.Join(dir, "fruit.sweep.yaml"), SweepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n, err := g.Build(2)
	if err != nil {
		t.Fatal(err)
	}
	if n.Protocol.Deadline != 20 || n.Space.Size() != 3 {
		t.Errorf("GENIUS base: deadline %d, %d outcomes", n.Protocol.Deadline, n.Space.Size())
	}
}

// TestSweepBuildConcurrent builds points from several goroutines at once
// (run with -race) and checks they match sequential builds.
func TestSweepBuildConcurrent(t *testing.T) {
	s, err := LoadSweep("testdata/sweep/pie-sweep.yaml", SweepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := make([]string, s.Points())
	for p := range want {
		n, err := s.Build(p)
		if err != nil {
			t.Fatal(err)
		}
		want[p] = negotiationDigest(n)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8*s.Points())
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range s.Points() {
				n, err := s.Build(p)
				switch {
				case err != nil:
					errs <- err
				case negotiationDigest(n) != want[p]:
					errs <- fmt.Errorf("point %d differs", p)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestSweepPointError checks that values valid one by one, but not
// together at a later point, make Build fail for that point with the
// scenario's message, naming the point.
func TestSweepPointError(t *testing.T) {
	src := "name: x\nscenario: used-car\nparameters:\n  protocol.type: [alternating, single_text]\n  protocol.breakdown: [0, 0.01]\n"
	s, err := ParseSweep("s.yaml", []byte(src), SweepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for p := range 3 {
		if _, err := s.Build(p); err != nil {
			t.Errorf("point %d: %v", p, err)
		}
	}
	_, err = s.Build(3)
	want := "--set protocol.breakdown=0.01: protocol.breakdown: expected 0 for the single_text protocol, which has no chance breakdown, found 0.01"
	if err == nil || err.Error() != want {
		t.Errorf("point 3: %v\nwant %s", err, want)
	}
}

// BenchmarkSweepBuild measures Build on the flagship scenario (58,320
// outcomes, a facilitator): the cost paid once per point of a sweep.
func BenchmarkSweepBuild(b *testing.B) {
	s, err := LoadSweep("discount-lhs", SweepOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	p := 0
	for b.Loop() {
		if _, err := s.Build(p % s.Points()); err != nil {
			b.Fatal(err)
		}
		p++
	}
}

// TestSweepFixed checks the fixed settings: applied at every point before
// the parameters, absent from Params and Values, first in Sets, written
// into Resolved and so into the fingerprint.
func TestSweepFixed(t *testing.T) {
	s, err := LoadSweep("testdata/sweep/pie-sweep.yaml", SweepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Params(); !slices.Equal(got, []string{"protocol.deadline", "parties.b.discount"}) {
		t.Errorf("Params() = %q", got)
	}
	if got := s.Values(3); !slices.Equal(got, []string{"20", "0.9"}) {
		t.Errorf("Values(3) = %q", got)
	}
	wantSets := []string{"parties.a.discount=0.95", "protocol={deadline: 30, breakdown: 0.01}", "protocol.deadline=20", "parties.b.discount=0.9"}
	if got := s.Sets(3); !slices.Equal(got, wantSets) {
		t.Errorf("Sets(3) = %q, want %q", got, wantSets)
	}
	// The parameters override the fixed mapping's deadline, not its
	// breakdown chance.
	n, err := s.Build(1)
	if err != nil {
		t.Fatal(err)
	}
	if n.Protocol.Deadline != 10 || n.Protocol.Breakdown != 0.01 || n.Parties[0].Discount != 0.95 || n.Parties[1].Discount != 0.9 {
		t.Errorf("point 1: deadline %d, breakdown %v, discounts %v and %v", n.Protocol.Deadline, n.Protocol.Breakdown, n.Parties[0].Discount, n.Parties[1].Discount)
	}
	wantResolved := `# Resolved sweep: every default filled in.

name: pie-sweep
description: ""
scenario: pie.yaml
design: grid
replications: 100
seed: 1
fixed:
  parties.a.discount: 0.95
  protocol: {deadline: 30, breakdown: 0.01}
parameters:
  protocol.deadline: [10, 20]
  parties.b.discount: [0.8, 0.9]
`
	if string(s.Resolved) != wantResolved {
		t.Errorf("Resolved:\n%s\nwant\n%s", s.Resolved, wantResolved)
	}
	again, err := ParseSweep("resolved.yaml", s.Resolved, SweepOptions{Dir: "testdata/sweep"})
	if err != nil {
		t.Fatal(err)
	}
	if again.Fingerprint() != s.Fingerprint() || !slices.Equal(again.Sets(3), wantSets) {
		t.Errorf("round trip: fingerprint %s, sets %q", again.Fingerprint(), again.Sets(3))
	}

	fp := func(src string) (*Sweep, string) {
		t.Helper()
		s, err := ParseSweep("f.yaml", []byte(src), SweepOptions{Dir: "testdata/sweep"})
		if err != nil {
			t.Fatal(err)
		}
		return s, s.Fingerprint()
	}
	const params = "parameters:\n  protocol.deadline: [10, 20]\n"
	plain, a := fp("name: f\nscenario: pie.yaml\n" + params)
	for _, empty := range []string{"fixed:\n", "fixed: {}\n", "fixed: null\n"} {
		if s, b := fp("name: f\nscenario: pie.yaml\n" + empty + params); b != a || string(s.Resolved) != string(plain.Resolved) {
			t.Errorf("%q changes the sweep:\n%s", empty, s.Resolved)
		}
	}
	if _, b := fp("name: f\nscenario: pie.yaml\nfixed:\n  parties.b.discount: 0.9\n" + params); b == a {
		t.Error("a fixed setting equal to the base's value leaves the fingerprint unchanged; it is part of the sweep")
	}
	_, b := fp("name: f\nscenario: pie.yaml\nfixed:\n  parties.b.discount: 0.8\n" + params)
	if _, c := fp("name: f\nscenario: pie.yaml\nfixed:\n  parties.b.discount: 0.80   # spelt differently\n" + params); c != b {
		t.Error("the fingerprint depends on the spelling of a fixed number")
	}
	if _, c := fp("name: f\nscenario: pie.yaml\nfixed:\n  parties.b.discount: 0.7\n" + params); c == b {
		t.Error("the fingerprint does not change with a fixed value")
	}

	// null removes the facilitator, as with --set.
	s, _ = fp("name: f\nscenario: south-caucasus\nfixed:\n  facilitator: null\nparameters:\n  parties.armenia.discount: [0.99, 1]\n")
	if n, err := s.Build(1); err != nil || n.Facilitator != nil || n.Parties[0].Discount != 1 {
		t.Errorf("fixed facilitator null: %v", err)
	}
}

// TestSweepWarnings checks the warnings of a sweep: a list of one value
// beside a parameter that varies, and a fixed value the scenario accepts
// with a warning, located in the sweep file.
func TestSweepWarnings(t *testing.T) {
	src := "name: w\nscenario: used-car\nparameters:\n  parties.buyer.discount: [0.9]\n  protocol.deadline: [10, 20]\n  issues.price.label: [\"0.5\"]\n"
	s, err := ParseSweep("w.yaml", []byte(src), SweepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"w.yaml:4:28: parameters.parties.buyer.discount: a list of one value varies nothing; move it to fixed (parties.buyer.discount: 0.9), so that it is not a column of the sweep's tables",
		`w.yaml:6:24: parameters.issues.price.label: a list of one value varies nothing; move it to fixed (issues.price.label: "0.5"), so that it is not a column of the sweep's tables`,
	}
	if got := errorTexts(s.Warnings); !slices.Equal(got, want) {
		t.Errorf("warnings:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Moved as the warning says: no warning, one column fewer, the same
	// negotiations.
	moved, err := ParseSweep("w.yaml", []byte("name: w\nscenario: used-car\nfixed:\n  parties.buyer.discount: 0.9\n  issues.price.label: \"0.5\"\nparameters:\n  protocol.deadline: [10, 20]\n"), SweepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(moved.Warnings) != 0 || !slices.Equal(moved.Params(), []string{"protocol.deadline"}) {
		t.Errorf("moved: warnings %v, params %v", moved.Warnings, moved.Params())
	}
	for p := range 2 {
		n1, _ := s.Build(p)
		n2, _ := moved.Build(p)
		if negotiationDigest(n1) != negotiationDigest(n2) {
			t.Errorf("point %d differs once moved to fixed", p)
		}
	}
	// Nothing varies at all: no advice to move everything away.
	s, err = ParseSweep("w.yaml", []byte("name: w\nscenario: used-car\nparameters:\n  protocol.deadline: [10]\n"), SweepOptions{})
	if err != nil || len(s.Warnings) != 0 {
		t.Errorf("single point: %v, warnings %v", err, s.Warnings)
	}
	// consent-patience's fixed accept_offer has no effect under consent
	// both, on purpose; the warning points at the fixed value.
	s, err = LoadSweep("consent-patience", SweepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want = []string{"builtin:consent-patience:26:41: facilitator.invite_when.accept_offer: accept_offer has no effect with consent: both; it applies only with consent: either"}
	if got := errorTexts(s.Warnings); !slices.Equal(got, want) {
		t.Errorf("consent-patience warnings:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// errorTexts returns the texts of errs.
func errorTexts(errs []error) []string {
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = e.Error()
	}
	return out
}

// TestSweepWith checks that With gives the sweep of a file with the
// replications and precision written in: the same Resolved and
// fingerprint, the original left as it was, and the values checked as in
// a file.
func TestSweepWith(t *testing.T) {
	parse := func(extra string, o SweepOptions) *Sweep {
		t.Helper()
		o.Dir = "testdata/sweep"
		s, err := ParseSweep("f.yaml", []byte("name: f\nscenario: used-car\n"+extra+"parameters:\n  protocol.deadline: [5, 10]\n"), o)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	file := parse("replications: 20\nprecision: 0.1\n", SweepOptions{})
	before := string(file.Resolved)
	for _, tc := range []struct {
		reps      int
		precision float64
		want      string // the same sweep, written in the file
	}{
		{20, 0.1, "replications: 20\nprecision: 0.1\n"},
		{5, 0.1, "replications: 5\nprecision: 0.1\n"},
		{40, 0.2, "replications: 40\nprecision: 0.2\n"},
		{20, 0, "replications: 20\n"},
		{100, math.Copysign(0, -1), ""},
	} {
		got, err := file.With(tc.reps, tc.precision)
		if err != nil {
			t.Fatalf("With(%d, %v): %v", tc.reps, tc.precision, err)
		}
		want := parse(tc.want, SweepOptions{})
		if string(got.Resolved) != string(want.Resolved) || got.Fingerprint() != want.Fingerprint() {
			t.Errorf("With(%d, %v):\n%s\nwant\n%s", tc.reps, tc.precision, got.Resolved, want.Resolved)
		}
		if got.Replications != tc.reps || got.Precision != want.Precision || math.Signbit(got.Precision) || got.Runs() != 2*tc.reps {
			t.Errorf("With(%d, %v): replications %d, precision %v, runs %d", tc.reps, tc.precision, got.Replications, got.Precision, got.Runs())
		}
		if !slices.Equal(got.Sets(1), file.Sets(1)) {
			t.Errorf("With(%d, %v) changes the points: %q", tc.reps, tc.precision, got.Sets(1))
		}
		if _, err := got.Build(1); err != nil {
			t.Errorf("With(%d, %v): Build: %v", tc.reps, tc.precision, err)
		}
	}
	if string(file.Resolved) != before || file.Replications != 20 || file.Precision != 0.1 {
		t.Errorf("With changed the original sweep:\n%s", file.Resolved)
	}
	if same, _ := file.With(20, 0.1); same.Fingerprint() != file.Fingerprint() {
		t.Error("With the file's own values changes the fingerprint")
	}

	for _, tc := range []struct {
		reps      int
		precision float64
		want      string
	}{
		{0, 0, "sweep f: replications 0 outside [1, 100000000]"},
		{sim.MaxRuns + 1, 0, "sweep f: replications 100000001 outside [1, 100000000]"},
		{10, 0.5, "sweep f: precision 0.5 outside (0, 0.5); 0 turns adaptive replications off"},
		{10, -0.1, "sweep f: precision -0.1 outside (0, 0.5); 0 turns adaptive replications off"},
		{10, math.NaN(), "sweep f: precision NaN outside (0, 0.5); 0 turns adaptive replications off"},
		{60_000_000, 0, "sweep f: the sweep would play 120000000 runs (2 points × 60000000 replications), above the limit of 100000000; use fewer replications, or pass --force to play it all the same"},
		{60_000_000, 0.1, "sweep f: the sweep would play up to 120000000 runs (2 points × 60000000 replications), above the limit of 100000000; use fewer replications, or pass --force to play it all the same"},
	} {
		if s, err := file.With(tc.reps, tc.precision); err == nil || err.Error() != tc.want {
			t.Errorf("With(%d, %v) = %v, %v; want error %s", tc.reps, tc.precision, s, err, tc.want)
		}
	}
	// Force, given when the sweep is loaded, lifts the limit on runs.
	forced := parse("", SweepOptions{Force: true})
	if s, err := forced.With(60_000_000, 0); err != nil || s.Runs() != 120_000_000 {
		t.Errorf("forced: %v", err)
	}
}

// TestSweepBaseNotAScenario checks that a sweep whose base scenario is some
// other file, such as /etc/shadow, gets an error that says what was
// expected and never quotes the file: a sweep file from elsewhere must not
// make parley print the content of a file it can read.
func TestSweepBaseNotAScenario(t *testing.T) {
	dir := t.TempDir()
	secrets := map[string]string{
		"shadow":      "root:$6$verysecret$hash:19000:0:99999:7:::\nbin:*:19000:0:99999:7:::\n",
		"config.yaml": "password: verysecret\nuser: admin\n",
		"list.yaml":   "- verysecret\n- other\n",
		"binary":      "\x7fELF\x02\x01verysecret\x00\x00",
		"number.yaml": "123456789\n",
	}
	for name, content := range secrets {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name := range secrets {
		t.Run(name, func(t *testing.T) {
			src := "name: s\nscenario: " + name + "\nparameters:\n  protocol.deadline: [5, 10]\n"
			_, err := ParseSweep("s.yaml", []byte(src), SweepOptions{Dir: dir})
			if err == nil {
				t.Fatal("no error")
			}
			for _, leak := range []string{"verysecret", "root", "password", "admin", "123456789", "ELF"} {
				if strings.Contains(err.Error(), leak) {
					t.Errorf("the error quotes the file (%q):\n%v", leak, err)
				}
			}
			if !strings.Contains(err.Error(), "s.yaml:2:11: scenario: ") || !strings.Contains(err.Error(), "is not a parley scenario") {
				t.Errorf("the error does not say what was expected, at the scenario field:\n%v", err)
			}
		})
	}
	// A scenario with mistakes is still shown with its errors.
	_, err := ParseSweep("s.yaml", []byte("name: s\nscenario: bad-base.yaml\nparameters:\n  protocol.deadline: [5, 10]\n"), SweepOptions{Dir: "testdata/sweep"})
	if err == nil || !strings.Contains(err.Error(), "is invalid (its errors follow)") {
		t.Errorf("a base scenario with mistakes: %v", err)
	}
}

// TestLoadFolder checks that a folder given as a sweep or a tournament
// file is a positioned mistake of the input, not a read error.
func TestLoadFolder(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		kind string
		load func(string) error
	}{
		{"sweep", func(p string) error { _, err := LoadSweep(p, SweepOptions{}); return err }},
		{"tournament", func(p string) error { _, err := LoadTournament(p, TournamentOptions{}); return err }},
	} {
		err := c.load(dir)
		var e *Error
		if !errors.As(err, &e) || e.File != dir || e.Msg != "a folder: a "+c.kind+" is a YAML file" {
			t.Errorf("%s of a folder: %v", c.kind, err)
		}
	}
}
