package genius_test

import (
	"errors"
	"math"
	"testing"

	"github.com/parley-sim/parley/scenarios/genius"
	"github.com/parley-sim/parley/scenarios/internal/numtext"
	"github.com/parley-sim/parley/sim"
)

// stubMaker makes no strategy: Export never plays.
type stubMaker struct{}

func (stubMaker) NewStrategy(*sim.Self) sim.Strategy { return nil }

// fuzzBytes hands out the fuzzer's bytes, then zeros.
type fuzzBytes []byte

func (b *fuzzBytes) next() int {
	if len(*b) == 0 {
		return 0
	}
	x := (*b)[0]
	*b = (*b)[1:]
	return int(x)
}

// fuzzLabels are labels that stress both formats: XML's special
// characters, quotes, a comment's "--", non-ASCII letters, duplicates.
var fuzzLabels = []string{"Apple", "A & B", "<tag>", `say "hi"`, "19'' LCD", "Zürich", "x--y", "-", "$10 billion", "1.0", "Apple", "  spaced  ", "null", "a\\b"}

// fuzzNegotiation builds a negotiation from the fuzzer's bytes: up to 4
// issues, each a list of labelled options or a numeric range (whole
// numbers from 0, or a fractional grid), additive profiles with quantised
// weights and evaluations (so that ties, zeros and ones occur), a
// reservation value that is often an outcome's utility, a discount and a
// deadline.
func fuzzNegotiation(data []byte) *sim.Negotiation {
	b := fuzzBytes(data)
	nIssues := 1 + b.next()%4
	issues := make([]sim.Issue, nIssues)
	for i := range issues {
		is := sim.Issue{ID: "i" + string(rune('0'+i)), Label: fuzzLabels[b.next()%len(fuzzLabels)], Kind: "other"}
		n := 1 + b.next()%6
		switch b.next() % 3 {
		case 0:
			for j := range n {
				is.Values = append(is.Values, sim.Value{ID: "o" + string(rune('0'+j)), Label: fuzzLabels[b.next()%len(fuzzLabels)]})
			}
		case 1:
			is.Numeric = true
			for j := range n {
				x := float64(j)
				is.Values = append(is.Values, sim.Value{ID: numtext.Decimal(x), Label: numtext.Decimal(x), Number: x})
			}
		default:
			is.Numeric = true
			start := float64(b.next()%8) / 4
			step := []float64{0.5, 0.25, 0.1, 1, 0.001}[b.next()%5]
			for j := range n {
				x := math.Round((start+float64(j)*step)*1e9) / 1e9
				is.Values = append(is.Values, sim.Value{ID: numtext.Decimal(x), Label: numtext.Decimal(x) + " km", Number: x})
			}
		}
		issues[i] = is
	}
	space, err := sim.NewSpace(issues)
	if err != nil {
		return nil
	}
	n := &sim.Negotiation{Name: "fuzz", Space: space, Protocol: sim.Protocol{Deadline: 1 + b.next()%200}}
	for p := range 2 {
		prof := sim.Additive{Weights: make([]float64, nIssues), Values: make([][]float64, nIssues)}
		sum := 0.0
		for i := range prof.Weights {
			prof.Weights[i] = float64(b.next() % 5)
			sum += prof.Weights[i]
		}
		if sum == 0 {
			prof.Weights[0], sum = 1, 1
		}
		for i, is := range issues {
			prof.Weights[i] /= sum
			ev := make([]float64, len(is.Values))
			switch mode := b.next() % 4; {
			case mode == 0 && len(ev) > 1: // linear increasing
				for j := range ev {
					ev[j] = float64(j) / float64(len(ev)-1)
				}
			case mode == 1 && len(ev) > 1: // linear decreasing
				for j := range ev {
					ev[j] = float64(len(ev)-1-j) / float64(len(ev)-1)
				}
			default: // a table, its best value often 1
				for j := range ev {
					ev[j] = float64(b.next()%11) / 10
				}
				if mode != 3 {
					ev[b.next()%len(ev)] = 1
				}
			}
			prof.Values[i] = ev
		}
		u, err := sim.NewUtility(space, prof)
		if err != nil {
			return nil
		}
		party := sim.Party{ID: []string{"seller", "buyer_2"}[p], Label: "P", Utility: u, Discount: 1, Strategy: stubMaker{}, StrategyName: "boulware"}
		switch b.next() % 3 {
		case 1:
			party.Reservation = u.Of(sim.Outcome(b.next() % space.Size()))
		case 2:
			party.Reservation = float64(b.next()%11) / 10
		}
		party.BreakdownValue = party.Reservation
		if k := b.next() % 4; k > 0 {
			party.Discount = 1 - float64(k)/10
		}
		n.Parties[p] = party
	}
	return n
}

// FuzzExport exports random negotiations in both formats. A refusal must
// be an ErrorList of *Error wrapping ErrUnsupported and naming a field;
// otherwise the files must read back, with this package's readers, as the
// same outcomes and utilities (within 1e-12), reservation values and
// discounts.
func FuzzExport(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{3, 1, 4, 0, 2, 3, 2, 5, 1, 1, 2, 1, 0, 5, 7, 9, 1, 3})
	f.Add([]byte{1, 4, 5, 2, 0, 8, 2, 4, 1, 3, 3, 3, 3, 3, 2, 2, 1, 2})
	f.Add([]byte{2, 12, 2, 0, 6, 5, 0, 7, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})
	f.Fuzz(func(t *testing.T, data []byte) {
		n := fuzzNegotiation(data)
		if n == nil {
			return
		}
		for _, format := range []genius.Format{genius.GeniusXML, genius.GeniusWebJSON} {
			ex, err := genius.Export(n, genius.ExportOptions{Format: format})
			if err != nil {
				var list genius.ErrorList
				if !errors.As(err, &list) || len(list) == 0 {
					t.Fatalf("%s: error %v is not an ErrorList", format, err)
				}
				for _, e := range list {
					if !errors.Is(e, genius.ErrUnsupported) || e.Path == "" {
						t.Fatalf("%s: error %q does not name a field or wrap ErrUnsupported", format, e)
					}
				}
				continue
			}
			var d *genius.Domain
			if format == genius.GeniusXML {
				d, err = genius.ReadGenius(ex.Files[0], ex.Files[1], ex.Files[2], genius.Options{})
			} else {
				d, err = genius.ReadGeniusWeb(ex.Files[0], ex.Files[1], ex.Files[2], genius.Options{})
			}
			if err != nil {
				t.Fatalf("%s: the files do not read back: %v\n%s\n%s", format, err, ex.Files[0].Data, ex.Files[1].Data)
			}
			space, err := d.Space()
			if err != nil || space.Size() != n.Space.Size() {
				t.Fatalf("%s: space %v of %d outcomes, want %d", format, err, space.Size(), n.Space.Size())
			}
			us, err := d.Utilities(space, genius.Parley)
			if err != nil {
				t.Fatal(err)
			}
			for p := range 2 {
				for o := range sim.Outcome(space.Size()) {
					if got, want := us[p].Of(o), n.Parties[p].Utility.Of(o); math.Abs(got-want) > 1e-12 {
						t.Fatalf("%s: party %d outcome %d: utility %v, want %v", format, p, o, got, want)
					}
				}
				if got, want := d.Reservation(p, genius.Parley), n.Parties[p].Reservation; math.Abs(got-want) > 1e-12 {
					t.Fatalf("%s: party %d: reservation %v, want %v", format, p, got, want)
				}
				if format == genius.GeniusXML {
					got := genius.PerRoundDiscount(d.Profiles[p].Discount, n.Protocol.Deadline)
					if want := n.Parties[p].Discount; math.Abs(got-want) > 1e-12 {
						t.Fatalf("party %d: discount %v per round, want %v", p, got, want)
					}
				}
			}
		}
	})
}
