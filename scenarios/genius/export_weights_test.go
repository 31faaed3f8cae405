package genius

import (
	"math/big"
	"slices"
	"strconv"
	"testing"
)

// TestWebWeights checks that GeniusWeb weights are written as decimals
// that sum to exactly 1 and read back as the same float64s, including
// weights whose shortest decimals do not sum to 1.
func TestWebWeights(t *testing.T) {
	sixth := []float64{1.0 / 21, 2.0 / 21, 3.0 / 21, 4.0 / 21, 5.0 / 21, 6.0 / 21}
	tests := []struct {
		name string
		w    []float64
		ok   bool
	}{
		{"already exact", []float64{0.6, 0.3, 0.1}, true},
		{"1/6, 1/3, 1/2 (shortest texts sum to 0.99999999999999996)", []float64{1.0 / 6, 1.0 / 3, 0.5}, true},
		{"thirds", []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}, true},
		{"sevenths", []float64{1.0 / 7, 2.0 / 7, 4.0 / 7}, true},
		{"twenty-firsts", sixth, true},
		{"a zero weight", []float64{0, 1.0 / 3, 2.0 / 3}, true},
		{"one issue", []float64{1}, true},
		{"1e-10 short of 1, as a scenario may keep", []float64{0.5, 0.4999999999}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			texts, ok := webWeights(tc.w)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v (%q)", ok, tc.ok, texts)
			}
			sum := new(big.Rat)
			for i, s := range texts {
				r, good := new(big.Rat).SetString(s)
				if !good {
					t.Fatalf("weight %d: %q is not a decimal", i, s)
				}
				sum.Add(sum, r)
				x, err := strconv.ParseFloat(s, 64)
				if err != nil || len(s) > MaxNumberLength {
					t.Fatalf("weight %d: %q: %v", i, s, err)
				}
				if ok && x != tc.w[i] {
					t.Errorf("weight %d: %q reads as %v, want %v", i, s, x, tc.w[i])
				}
			}
			if sum.Cmp(big.NewRat(1, 1)) != 0 {
				t.Errorf("texts %q sum to %s", texts, sum.FloatString(30))
			}
		})
	}
}

// TestPartialBid checks the search for a partial reservation bid: a sum of
// one weighted evaluation per chosen issue, at least one issue left out.
func TestPartialBid(t *testing.T) {
	w := []float64{0.5, 0.3, 0.2}
	ev := [][]float64{{0, 0.4, 1}, {0, 1}, {0.5, 1}}
	d := &Domain{}
	for _, tc := range []struct {
		r     float64
		found bool
	}{
		{0.3, true},   // the second issue alone
		{0.5, true},   // 0.3 + 0.2, or the first issue alone
		{0.1, true},   // the third issue at 0.5
		{0.35, false}, // no combination gives 0.35
		{0.95, false}, // only a complete bid, 0.5 + 0.3 + 0.2·0.5, is worth 0.95
	} {
		got := partialBid(w, ev, tc.r, func(bid []int) bool {
			u := d.utility(w, ev, bid, false)
			return u > tc.r-1e-12 && u < tc.r+1e-12
		})
		if (got != nil) != tc.found {
			t.Errorf("r = %v: bid %v, want found = %v", tc.r, got, tc.found)
			continue
		}
		if got != nil && (d.utility(w, ev, got, false) != tc.r || !slices.Contains(got, -1)) {
			t.Errorf("r = %v: bid %v is worth %v, or leaves nothing out", tc.r, got, d.utility(w, ev, got, false))
		}
	}
}
