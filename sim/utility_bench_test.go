package sim

import (
	"cmp"
	"fmt"
	"slices"
	"testing"
)

// benchIssues returns k numeric issues with values 0..9.
func benchIssues(k int) []Issue {
	out := make([]Issue, k)
	for i := range out {
		out[i] = Issue{ID: fmt.Sprintf("i%d", i), Numeric: true}
		for v := range 10 {
			out[i].Values = append(out[i].Values, Value{ID: fmt.Sprint(v), Number: float64(v)})
		}
	}
	return out
}

// BenchmarkNewUtility measures the one-off precomputation of one party's
// utility table and ranking over a million outcomes (6 issues × 10 values).
func BenchmarkNewUtility(b *testing.B) {
	s, err := NewSpace(benchIssues(6))
	if err != nil {
		b.Fatal(err)
	}
	p := Additive{}
	for i := range 6 {
		p.Weights = append(p.Weights, float64(i+1)/21)
		v := make([]float64, 10)
		for j := range v {
			v[j] = float64(j) / 9
		}
		p.Values = append(p.Values, v)
	}
	b.ReportAllocs()
	reportCPU(b)
	for b.Loop() {
		if _, err := NewUtility(s, p); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSortByUtilityLarge(t *testing.T) {
	// Radix path: many ties, negative and positive values.
	n := 50000
	u := make([]float64, n)
	for i := range u {
		u[i] = float64((i*7919)%1000)/999 - 0.25
	}
	got := make([]Outcome, n)
	want := make([]Outcome, n)
	for i := range got {
		got[i], want[i] = Outcome(i), Outcome(i)
	}
	sortByUtility(got, u)
	slices.SortStableFunc(want, func(a, b Outcome) int { return cmp.Compare(u[a], u[b]) })
	if !slices.Equal(got, want) {
		t.Fatal("radix sort differs from a stable comparison sort")
	}
}
