package scenarios

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"testing"
)

// flagshipRuns is how many runs of the flagship TestFlagshipDiversity
// plays per arm: enough for its margins, few enough to take a second or
// two.
const flagshipRuns = 300

// TestFlagshipDiversity guards what README.md and the flagship's header
// say of the 1,000 runs of south-caucasus, with margins wide enough for
// 300 runs: that they differ for documented reasons (many distinct
// agreements, none dominant, spread over rounds 6 to 20 with the
// leaderships' drawn patience for a stalemate) and that the README's
// what-ifs visibly move the result. The exact figures of the 1,000 runs
// are TestLibraryClaims's.
func TestFlagshipDiversity(t *testing.T) {
	sc, f := play(t, "south-caucasus", "runs="+strconv.Itoa(flagshipRuns))
	n := float64(f.runs)
	rate := float64(f.agreed) / n
	if rate < 0.8 || rate > 0.95 {
		t.Errorf("agreement rate %.3f, want in [0.8, 0.95] (the README: 0.883)", rate)
	}
	if f.mediated != f.agreed {
		t.Errorf("%d agreements, %d of them on the facilitator's text; the README says all", f.agreed, f.mediated)
	}
	top := slices.Max(slices.Collect(maps.Values(f.agreements)))
	if d := len(f.agreements); d < 25 || float64(top) > 0.3*float64(f.agreed) {
		t.Errorf("%d distinct agreements, the most common %d of %d; want at least 25, and at most 30%% (the README: 56, 19%% of 1,000 runs)",
			d, top, f.agreed)
	}
	q1, q3 := quantile(f.rounds, 0.25), quantile(f.rounds, 0.75)
	lo, hi := spread(f.rounds)
	if lo > 7 || hi < 18 || q3-q1 < 4 {
		t.Errorf("agreements in rounds %d to %d, quartiles %d and %d; want from round 7 or earlier to 18 or later, quartiles 4 or more apart (the README: 6 to 20, 8 and 14)",
			lo, hi, q1, q3)
	}
	operator, simplified := 0, 0
	for o, c := range f.agreements {
		switch sc.Negotiation.Space.Value(o, 0).ID {
		case "operator":
			operator += c
		case "simplified":
			simplified += c
		}
	}
	if float64(operator) < 0.5*float64(f.agreed) || float64(simplified) < 0.2*float64(f.agreed) {
		t.Errorf("the route to an operator in %d agreements, under Armenian control with simplified checks in %d, of %d; want at least half and a fifth (the README: 594 and 274 of 883)",
			operator, simplified, f.agreed)
	}

	// The what-ifs move the result.
	_, p := play(t, "south-caucasus", "runs="+strconv.Itoa(flagshipRuns), "parties.armenia.discount=0.95")
	if d := p.uAll[0] - f.uAll[0]; d > -0.08 {
		t.Errorf("a less patient Armenia changes its mean utility by %+.3f; the README says it falls by 0.14", d)
	}
	_, b := play(t, "south-caucasus", "runs="+strconv.Itoa(flagshipRuns), "facilitator.mode=never")
	if d := float64(b.agreed-f.agreed) / n; d > -0.15 {
		t.Errorf("without the facilitator the agreement rate changes by %+.3f; the README says it falls by 0.29", d)
	}
	if len(b.agreements) < b.agreed*8/10 {
		t.Errorf("without the facilitator %d distinct agreements of %d; the README says hardly two are the same", len(b.agreements), b.agreed)
	}
	_, z := play(t, "south-caucasus", "runs="+strconv.Itoa(flagshipRuns), "facilitator.mode=never", "parties.azerbaijan.discount=0.98")
	if da, dz := z.uAll[0]-b.uAll[0], z.uAll[1]-b.uAll[1]; da < 0.1 || dz > -0.1 {
		t.Errorf("without the facilitator, a less patient Azerbaijan changes the mean utilities by %+.3f (Armenia) and %+.3f (Azerbaijan); the README says +0.18 and -0.16",
			da, dz)
	}
}

// quantile returns the smallest key of a count at or below which a share
// p of the total lies.
func quantile(counts map[int]int, p float64) int {
	total := 0
	for _, c := range counts {
		total += c
	}
	seen := 0
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		if seen += counts[k]; float64(seen) >= p*float64(total) {
			return k
		}
	}
	return math.MinInt
}
