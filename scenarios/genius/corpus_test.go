package genius

import (
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// refPoint is a bid and both parties' utilities, as the reference values
// give them (values in the issue order of the domain file).
// testdata/corpus/README.md says where the reference values come from.
type refPoint struct {
	u   [2]float64
	bid string // values joined by ", "
}

// refCase is one domain's reference values: published with the domain for
// ANL2023-domain00, computed independently with GENIUS's semantics for the
// others (testdata/corpus/README.md). Empty point lists mean "the same
// point as nash0".
type refCase struct {
	dir        string    // folder under the corpus
	files      [3]string // domain, profile A, profile B
	issues     int
	outcomes   int
	rv         [2]float64
	pareto     int
	nash0      []refPoint // maximises u_A·u_B (ties: all)
	nash       []refPoint // GENIUS Nash, (u_A−rv_A)(u_B−rv_B)
	kalai      []refPoint // min |u_A − u_B| on the frontier
	welfare    []refPoint // max u_A + u_B
	opposition float64    // NegMAS definition: min distance to (1, 1)
	rational   int        // bids with u ≥ rv for both (exact arithmetic)
	tol        float64    // the values are rounded to 6 decimals: 5e-7
}

const tol6 = 5e-7 + 1e-12

// referenceCases is the table of reference values, one row per corpus
// domain. Ties are listed in full: NiceOrDie's Nash point (two bids with
// product 0.16), Grocery's and SupermarketA's maximum welfare. The single
// real issue of FuzzyAgentPrice is checked by TestFuzzyAgentPrice instead.
var referenceCases = []refCase{
	{
		dir: "genius/Amsterdam", files: [3]string{"Amsterdam_domain.xml", "Amsterdam_party1.xml", "Amsterdam_party2.xml"},
		issues: 6, outcomes: 3024, pareto: 11,
		nash0:      []refPoint{{[2]float64{0.830000, 0.855833}, "Shopping, Afternoon, Sunday, One week, Public transport, Tulips"}},
		opposition: 0.222899, rational: 3024, tol: tol6,
	},
	{
		dir: "genius/Camera", files: [3]string{"camera_domain.xml", "camera_buyer_utility.xml", "camera_seller_utility.xml"},
		issues: 6, outcomes: 3600, pareto: 16,
		nash0:      []refPoint{{[2]float64{0.815413, 0.880800}, "Canon, APS-C, High end model, Manfrotto, Lowepro, Battery Grip"}},
		kalai:      []refPoint{{[2]float64{0.834163, 0.809771}, "Nikon, Full size, High end model, Manfrotto, Lowepro, Battery Grip"}},
		opposition: 0.219729, rational: 3600, tol: tol6,
	},
	{
		dir: "genius/EnglandZimbabwe", files: [3]string{"EnglandZimbabwe_domain.xml", "England.xml", "Zimbabwe.xml"},
		issues: 5, outcomes: 576, pareto: 25,
		nash0:      []refPoint{{[2]float64{0.910916, 0.733218}, "$10 billion, Reduction equal to fund size, Zimbabwe will increase tariffs on imports, England will increase imports, Creation of committee to discuss creation of fund"}},
		kalai:      []refPoint{{[2]float64{0.822286, 0.786570}, "$10 billion, Reduction equal to fund size, Zimbabwe will increase tariffs on imports, England will increase imports, Creation of fund"}},
		opposition: 0.272117, rational: 576, tol: tol6,
	},
	{
		dir: "genius/Grocery", files: [3]string{"Grocery_domain.xml", "Grocery_domain_mary.xml", "Grocery_domain_sam.xml"},
		issues: 5, outcomes: 1600, pareto: 7,
		nash0: []refPoint{{[2]float64{0.840000, 0.895000}, "Baguette, Pears, Doughnuts, Jam, Spinach"}},
		welfare: []refPoint{ // a tie at u_A + u_B = 1.735
			{[2]float64{0.960000, 0.775000}, "Baguette, Pears, Doughnuts, Peanut butter, Spinach"},
			{[2]float64{0.840000, 0.895000}, "Baguette, Pears, Doughnuts, Jam, Spinach"},
		},
		opposition: 0.191377, rational: 1600, tol: tol6,
	},
	{
		dir: "genius/ItexvsCypress", files: [3]string{"ItexvsCypress_domain.xml", "ItexvsCypress_Cypress.xml", "ItexvsCypress_Itex.xml"},
		issues: 4, outcomes: 180, pareto: 18,
		nash0:      []refPoint{{[2]float64{0.670478, 0.721478}, "$3.47, 45 days, 30 days after delivery, 5% spoilage allowed"}},
		opposition: 0.431462, rational: 180, tol: tol6,
	},
	{
		dir: "genius/Jobs", files: [3]string{"Jobs.xml", "Jobs_util1.xml", "Jobs_util2.xml"},
		issues: 6, outcomes: 540, pareto: 21,
		nash0:      []refPoint{{[2]float64{0.810000, 0.655625}, "4000, 1.0, 0, no, yes, low"}},
		kalai:      []refPoint{{[2]float64{0.710000, 0.720000}, "4000, 1.0, 0, yes, no, low"}},
		opposition: 0.386208, rational: 540, tol: tol6,
	},
	{
		dir: "genius/Kitchen", files: [3]string{"Kitchen-domain.xml", "Kitchen-husband.xml", "Kitchen-wife.xml"},
		issues: 6, outcomes: 15625, pareto: 80,
		nash0:      []refPoint{{[2]float64{0.948288, 0.976302}, "Gas, Four-door French-door, Maple, Limestone, 10, Oven"}},
		kalai:      []refPoint{{[2]float64{0.954944, 0.955967}, "Gas, French-door, Maple, Limestone, 10, Oven"}},
		opposition: 0.056883, rational: 15625, tol: tol6,
	},
	{
		dir: "genius/Laptop", files: [3]string{"laptop_domain.xml", "laptop_buyer_utility.xml", "laptop_seller_utility.xml"},
		issues: 3, outcomes: 27, pareto: 4,
		nash0:      []refPoint{{[2]float64{1.000000, 0.815105}, "HP, 60 Gb, 19'' LCD"}}, // A's 1.000052 capped at 1, as GENIUS does
		kalai:      []refPoint{{[2]float64{0.874024, 0.874024}, "HP, 80 Gb, 19'' LCD"}},
		opposition: 0.159605, rational: 27, tol: tol6,
	},
	{
		dir: "genius/NiceOrDie", files: [3]string{"NiceOrDie.xml", "NiceOrDie1.xml", "NiceOrDie2.xml"},
		issues: 1, outcomes: 3, pareto: 3,
		nash0: []refPoint{ // a tie (product 0.16); parley reports both, by decreasing u_A (GENIUS keeps 16_100, the lower u_A)
			{[2]float64{1.000000, 0.160000}, "100_16"},
			{[2]float64{0.160000, 1.000000}, "16_100"},
		},
		kalai:      []refPoint{{[2]float64{0.299000, 0.299000}, "29_29"}},
		opposition: 0.840000, rational: 3, tol: tol6,
	},
	{
		dir: "genius/SupermarketA", files: [3]string{"Supermarket-A-domain.xml", "Supermarket-A-prof1.xml", "Supermarket-A-prof2.xml"},
		issues: 6, outcomes: 112896, rv: [2]float64{0.5, 0.5}, pareto: 39,
		nash0: []refPoint{{[2]float64{0.855000, 0.680000}, "Baguette, Strawberries, Chocolate bars, Egg Salad, Tomatos, Energy Drinks"}},
		nash:  []refPoint{{[2]float64{0.750000, 0.760000}, "Plain bread, Strawberries, Popcorn, Egg Salad, Tomatos, Energy Drinks"}},
		kalai: []refPoint{{[2]float64{0.750000, 0.760000}, "Plain bread, Strawberries, Popcorn, Egg Salad, Tomatos, Energy Drinks"}},
		welfare: []refPoint{ // a four-way tie at u_A + u_B = 1.535
			{[2]float64{0.915000, 0.620000}, "Baguette, Strawberries, Popcorn, Ham, Tomatos, Energy Drinks"},
			{[2]float64{0.900000, 0.635000}, "Baguette, Strawberries, Popcorn, Egg Salad, Tomatos, Energy Drinks"},
			{[2]float64{0.870000, 0.665000}, "Baguette, Strawberries, Chocolate bars, Ham, Tomatos, Energy Drinks"},
			{[2]float64{0.855000, 0.680000}, "Baguette, Strawberries, Chocolate bars, Egg Salad, Tomatos, Energy Drinks"},
		},
		opposition: 0.346554, rational: 23548, tol: tol6,
	},
	{
		dir: "genius/TestIntDomain", files: [3]string{"test.xml", "test_util1.xml", "test_util3.xml"},
		issues: 2, outcomes: 49, pareto: 7,
		nash0:      []refPoint{{[2]float64{1.000000, 0.572592}, "7, 7"}},
		kalai:      []refPoint{{[2]float64{0.752100, 0.715061}, "7, 5"}},
		opposition: 0.377125, rational: 49, tol: tol6,
	},
	{
		dir: "genius/Travel", files: [3]string{"travel_domain.xml", "travel_chox.xml", "travel_fanny.xml"},
		issues: 7, outcomes: 188160, pareto: 12,
		nash0:      []refPoint{{[2]float64{0.882412, 0.802015}, "Hospitality, Nightlife and entertainment, International cuisine, Markets, Cinema, Bike tours, Monuments"}},
		welfare:    []refPoint{{[2]float64{0.919558, 0.764879}, "Hospitality, Nightlife and entertainment, International cuisine, Small boutiques, Cinema, Bike tours, Monuments"}},
		opposition: 0.230271, rational: 188160, tol: tol6,
	},
	{
		dir: "genius/Wholesaler", files: [3]string{"Wholesaler-domain.xml", "Wholesaler-prof1.xml", "Wholesaler-prof2.xml"},
		issues: 7, outcomes: 56700, rv: [2]float64{0.5, 0.5}, pareto: 15,
		nash0:      []refPoint{{[2]float64{0.775000, 0.790000}, "Baguette, Apples, Popcorn, Peanut butter, Beans, Energy Drinks, Steak"}},
		opposition: 0.307774, rational: 4906, tol: tol6,
	},
	{
		dir: "geniusweb/ANL2023-domain00", files: [3]string{"domain00.json", "profileA.json", "profileB.json"},
		issues: 5, outcomes: 6480, pareto: 22,
		nash0:      []refPoint{{[2]float64{0.936910694, 0.5282021763}, "valueB, valueB, valueA, valueH, valueB"}},
		kalai:      []refPoint{{[2]float64{0.6039192214, 0.6023645304}, "valueB, valueB, valueA, valueF, valueK"}},
		opposition: 0.460949, rational: 6480, tol: 1e-9,
	},
	{
		dir: "geniusweb/Fitness", files: [3]string{"fitness.json", "fitness1.json", "fitness2.json"},
		issues: 5, outcomes: 1280, rv: [2]float64{0.198, 0.179}, pareto: 17,
		nash0:      []refPoint{{[2]float64{0.750000, 0.865000}, "swimming, 1 hour, 1 km, training, $200"}},
		kalai:      []refPoint{{[2]float64{0.795000, 0.805000}, "tennis, 1 hour, 1 km, training, $200"}},
		opposition: 0.282931, rational: 1273, tol: tol6,
	},
	{
		dir: "geniusweb/JapnTrip", files: [3]string{"japantrip.json", "japantrip1.json", "japantrip2.json"},
		issues: 4, outcomes: 192, rv: [2]float64{0.2, 0.17}, pareto: 10,
		nash0:      []refPoint{{[2]float64{0.792000, 0.910000}, "Tokyo, 300, 5, Activity"}},
		nash:       []refPoint{{[2]float64{0.855000, 0.840000}, "Tokyo, 900, 5, Activity"}},
		kalai:      []refPoint{{[2]float64{0.855000, 0.840000}, "Tokyo, 900, 5, Activity"}},
		welfare:    []refPoint{{[2]float64{0.783000, 0.920000}, "Tokyo, 100, 5, Activity"}},
		opposition: 0.215928, rational: 188, tol: tol6,
	},
}

// anlFrontier is the Pareto front of ANL2023-domain00 published with the
// domain (specials.json of the ANL 2023 example repository, rounded to 10
// decimals), by ascending u_A.
var anlFrontier = [][2]float64{
	{0.2273268976, 1}, {0.3122175916, 0.9757534099}, {0.3767834864, 0.9472565835},
	{0.3851871292, 0.8935333512}, {0.3980127924, 0.8752165734}, {0.4293405683, 0.8654935708},
	{0.5142312623, 0.8412469807}, {0.5787971571, 0.8127501543}, {0.5872007999, 0.759026922},
	{0.6000264631, 0.7407101442}, {0.6039192214, 0.6023645304}, {0.6077395867, 0.5907819973},
	{0.6167448846, 0.5840477526}, {0.7874541052, 0.5809455928}, {0.8723447992, 0.5566990027},
	{0.936910694, 0.5282021763}, {0.9453143368, 0.474478944}, {0.95814, 0.4561621662},
	{0.9658531236, 0.3062340193}, {0.978770694, 0.2781806367}, {0.9871743368, 0.2244574044},
	{1, 0.2061406266},
}

// importCorpus imports a corpus folder.
func importCorpus(t testing.TB, dir string) *Imported {
	t.Helper()
	im, err := Import([]string{filepath.Join(corpusDir(t), filepath.FromSlash(dir))}, Options{})
	if err != nil {
		t.Fatalf("Import %s: %v", dir, err)
	}
	return im
}

// bidOf returns the value indices of a bid given as value names.
func bidOf(t *testing.T, d *Domain, bid string) []int {
	t.Helper()
	names := strings.Split(bid, ", ")
	if len(names) != len(d.Issues) {
		t.Fatalf("bid %q has %d values for %d issues", bid, len(names), len(d.Issues))
	}
	idx := make([]int, len(names))
	for i, n := range names {
		idx[i] = slices.Index(d.Issues[i].Values, n)
		if idx[i] < 0 {
			t.Fatalf("bid %q: %q is not a value of issue %q", bid, n, d.Issues[i].Name)
		}
	}
	return idx
}

// bidString writes an outcome as value names.
func bidString(s *sim.Space, o sim.Outcome) string {
	parts := make([]string, s.NumIssues())
	for i := range parts {
		parts[i] = s.Value(o, i).Label
	}
	return strings.Join(parts, ", ")
}

// checkPoints compares solution points with the reference: same bids, in
// the same order, utilities within tol.
func checkPoints(t *testing.T, what string, s *sim.Space, got []sim.Point, want []refPoint, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		var g []string
		for _, p := range got {
			g = append(g, bidString(s, p.Outcome))
		}
		t.Errorf("%s: %d points %q, want %d", what, len(got), g, len(want))
		return
	}
	for k, p := range got {
		if b := bidString(s, p.Outcome); b != want[k].bid {
			t.Errorf("%s: bid %q, want %q", what, b, want[k].bid)
		}
		for i := range 2 {
			if math.Abs(p.U[i]-want[k].u[i]) > tol {
				t.Errorf("%s %q: u[%d] = %.10g, want %.10g ± %g", what, want[k].bid, i, p.U[i], want[k].u[i], tol)
			}
		}
	}
}

// TestReference checks every corpus domain against referenceCases: files
// paired in name order, issue and outcome counts, reservation values, the
// utilities of the reference bids, the Pareto frontier size, the Nash
// point with disagreement (0, 0) and with the reservation values, the
// GENIUS "Kalai" point, the maximum-welfare point, the opposition and the
// number of rational bids. Utilities are computed with the source
// platform's semantics (Native), as the reference values are.
func TestReference(t *testing.T) {
	for _, tc := range referenceCases {
		t.Run(tc.dir, func(t *testing.T) {
			im := importCorpus(t, tc.dir)
			d := im.Domain
			for i, f := range d.Files {
				if filepath.Base(f) != tc.files[i] {
					t.Errorf("file %d = %s, want %s", i, filepath.Base(f), tc.files[i])
				}
			}
			if len(d.Issues) != tc.issues || d.Size() != tc.outcomes {
				t.Errorf("%d issues, %d outcomes; want %d, %d", len(d.Issues), d.Size(), tc.issues, tc.outcomes)
			}
			for p := range 2 {
				if got := d.Reservation(p, Native); math.Abs(got-tc.rv[p]) > 1e-12 {
					t.Errorf("reservation %d = %v, want %v", p, got, tc.rv[p])
				}
			}
			an, space, err := d.Analyze(Native)
			if err != nil {
				t.Fatal(err)
			}
			if an.Outcomes != tc.outcomes {
				t.Errorf("analysis over %d outcomes", an.Outcomes)
			}
			if len(an.Frontier) != tc.pareto {
				t.Errorf("Pareto frontier: %d bids, want %d", len(an.Frontier), tc.pareto)
			}
			// Utilities of the reference bids, computed directly.
			for _, set := range [][]refPoint{tc.nash0, tc.nash, tc.kalai, tc.welfare} {
				for _, rp := range set {
					idx := bidOf(t, d, rp.bid)
					for p := range 2 {
						if u := d.Utility(p, idx, Native); math.Abs(u-rp.u[p]) > tc.tol {
							t.Errorf("u_%c(%s) = %.10g, want %.10g", 'A'+p, rp.bid, u, rp.u[p])
						}
					}
				}
			}
			or := func(a, b []refPoint) []refPoint {
				if a == nil {
					return b
				}
				return a
			}
			us := [2]*sim.Utility{}
			for p := range 2 {
				vals := make([]float64, space.Size())
				idx := make([]int, space.NumIssues())
				for o := range vals {
					vals[o] = d.Utility(p, space.Decode(sim.Outcome(o), idx), Native)
				}
				us[p] = sim.NewUtilityFromValues(vals)
			}
			sol0 := sim.Solve(us[0], us[1], [2]float64{})
			checkPoints(t, "Nash (0,0)", space, sol0.Nash, tc.nash0, tc.tol)
			checkPoints(t, "GENIUS Nash", space, an.Nash, or(tc.nash, tc.nash0), tc.tol)
			checkPoints(t, "GENIUS Kalai", space, an.GeniusKalai, or(tc.kalai, tc.nash0), tc.tol)
			checkPoints(t, "max welfare", space, an.MaxWelfare, or(tc.welfare, tc.nash0), tc.tol)
			if got := an.Opposition * math.Sqrt2; math.Abs(got-tc.opposition) > tol6 {
				t.Errorf("opposition (NegMAS definition) %.7f, want %.6f", got, tc.opposition)
			}
			rational := 0
			for o := range sim.Outcome(d.Size()) {
				if us[0].Of(o) >= tc.rv[0]-1e-9 && us[1].Of(o) >= tc.rv[1]-1e-9 {
					rational++
				}
			}
			if rational != tc.rational || an.Rational != tc.rational {
				t.Errorf("rational bids %d (sim, exact comparison: %d), want %d", rational, an.Rational, tc.rational)
			}
			if tc.dir == "geniusweb/ANL2023-domain00" {
				if len(an.Frontier) == len(anlFrontier) {
					for k, p := range an.Frontier { // decreasing u_A; the reference ascends
						want := anlFrontier[len(anlFrontier)-1-k]
						if math.Abs(p.U[0]-want[0]) > 1e-9 || math.Abs(p.U[1]-want[1]) > 1e-9 {
							t.Errorf("frontier point %d = %v, want %v", k, p.U, want)
						}
					}
				}
			}
		})
	}
}

// TestFuzzyAgentPrice checks the real-issue domain, whose evaluators are
// buyer 1.3333333333 − 0.033333333·x and seller −0.3333333 + 0.03333333·x
// on x ∈ [10, 40]: 21 bids on GENIUS's grid 10, 11.5, …, 40, every one
// Pareto-optimal since u_A + u_B = 1 within 1e-7, and the Nash and Kalai
// points at x = 25, where u_A = u_B = 0.5.
func TestFuzzyAgentPrice(t *testing.T) {
	im := importCorpus(t, "genius/FuzzyAgentPrice")
	d := im.Domain
	if d.Size() != 21 || d.Issues[0].Type != Real {
		t.Fatalf("%d outcomes, issue type %v", d.Size(), d.Issues[0].Type)
	}
	an, space, err := d.Analyze(Native)
	if err != nil {
		t.Fatal(err)
	}
	if len(an.Frontier) != 21 {
		t.Errorf("frontier %d bids, want 21", len(an.Frontier))
	}
	for k, x := range d.Issues[0].Numbers {
		if want := 10 + 1.5*float64(k); x != want {
			t.Errorf("point %d = %v, want %v", k, x, want)
		}
		uA, uB := d.Utility(0, []int{k}, Native), d.Utility(1, []int{k}, Native)
		wantA := math.Min(1, 1.3333333333-0.033333333*x)
		wantB := math.Max(0, -0.3333333+0.03333333*x)
		if math.Abs(uA-wantA) > 1e-12 || math.Abs(uB-wantB) > 1e-12 {
			t.Errorf("x = %v: utilities (%v, %v), want (%v, %v)", x, uA, uB, wantA, wantB)
		}
		if math.Abs(uA+uB-1) > 1e-7 {
			t.Errorf("x = %v: u_A + u_B = %v", x, uA+uB)
		}
	}
	for _, pts := range [][]sim.Point{an.Nash, an.GeniusKalai} {
		if len(pts) != 1 || space.Value(pts[0].Outcome, 0).Number != 25 {
			t.Errorf("solution %v, want the bid x = 25", pts)
		}
	}
}

// TestParleyMatchesNative checks that the converted scenario's model
// (Parley semantics) gives exactly GENIUS's or GeniusWeb's utilities for
// every corpus domain whose weights sum to 1, and for Laptop, whose
// weights sum to 1.000052, GENIUS's uncapped utilities divided by that
// sum: the documented difference (GENIUS would cap A's best bid at 1).
func TestParleyMatchesNative(t *testing.T) {
	for _, dir := range corpusDomains(t) {
		t.Run(dir, func(t *testing.T) {
			d := importCorpus(t, dir).Domain
			space, err := d.Space()
			if err != nil {
				t.Fatal(err)
			}
			parley, err := d.Utilities(space, Parley)
			if err != nil {
				t.Fatal(err)
			}
			native, err := d.Utilities(space, Native)
			if err != nil {
				t.Fatal(err)
			}
			for p := range 2 {
				sum := 0.0
				for _, w := range d.Profiles[p].Weights {
					sum += w
				}
				scaled := math.Abs(sum-1) > weightSumTolerance
				if scaled != (dir == "genius/Laptop") {
					t.Errorf("party %d: weights sum to %v", p, sum)
				}
				idx := make([]int, space.NumIssues())
				for o := range sim.Outcome(space.Size()) {
					got, want := parley[p].Of(o), native[p].Of(o)
					if scaled {
						want = d.utility(d.Profiles[p].Weights, d.Profiles[p].Evals, space.Decode(o, idx), false) / sum
						if math.Abs(got-want) > 1e-12 {
							t.Fatalf("party %d outcome %d: %v, want %v", p, o, got, want)
						}
						continue
					}
					if got != want {
						t.Fatalf("party %d outcome %d: parley %v, native %v", p, o, got, want)
					}
				}
			}
			if dir == "genius/Laptop" {
				an, _, err := d.Analyze(Parley)
				if err != nil {
					t.Fatal(err)
				}
				// GENIUS: (1, 0.815105), party A's 1.000052 capped at 1;
				// parley divides each party's utilities by its weight sum
				// instead: A's 1.000052 by 1.000052, B's 0.815105 by
				// 1.0000518.
				want := [2]float64{1, 0.815105 / 1.0000518}
				if len(an.Nash) != 1 || math.Abs(an.Nash[0].U[0]-want[0]) > 1e-6 || math.Abs(an.Nash[0].U[1]-want[1]) > 1e-6 {
					t.Errorf("Laptop Nash under parley semantics %v, want %v", an.Nash, want)
				}
			}
		})
	}
}
