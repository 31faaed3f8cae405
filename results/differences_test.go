package results

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// pair makes the results of one pair: agreed or not, each party's
// utility, the round.
func pair(agreed bool, u0, u1 float64, round int) *sim.Result {
	r := &sim.Result{End: sim.EndDeadline, Agreement: sim.NoOutcome, Round: round, Utility: [2]float64{u0, u1}, Discounted: [2]float64{u0, u1}}
	if agreed {
		r.End, r.Agreement = sim.EndAgreement, 0
	}
	return r
}

// TestDifferencesByHand checks differences.csv against a small table of
// pairs computed by hand.
//
// Five pairs (base, variant): both agree in 1 and 2, only the variant in
// 3, only the base in 4, neither in 5. So a = 2, b (variant only) = 1,
// c (base only) = 1, d = 1, n = 5: both rates are 3/5, the difference 0.
// Newcombe's method 10: the Wilson interval of 3/5 at z = 1.959964 is
// [0.230724, 0.882379] for both arms; A = ad − bc = 1 lies in [0, n/2],
// so φ = 0, and L = 0 − √((0.6 − 0.230724)² + (0.882379 − 0.6)²) =
// −√0.216103 = −0.464868, U = +0.464868.
//
// North's utility differences (variant − base) are 0.1, 0.3, 0.2, −0.3,
// 0: mean 0.06, s_d = 0.230217, standard error 0.102956, t(0.975; 4) =
// 2.776445, so the paired t interval is [−0.225853, 0.345853]. North does
// better in 3 runs, worse in 1, the same in 1.
func TestDifferencesByHand(t *testing.T) {
	p := NewPairs([2]string{"north", "south"}, false)
	for _, pr := range [][2]*sim.Result{
		{pair(true, 0.5, 0.5, 4), pair(true, 0.6, 0.4, 3)},
		{pair(true, 0.5, 0.5, 5), pair(true, 0.8, 0.3, 5)},
		{pair(false, 0.2, 0.1, 9), pair(true, 0.4, 0.7, 6)},
		{pair(true, 0.5, 0.5, 2), pair(false, 0.2, 0.1, 9)},
		{pair(false, 0.2, 0.1, 9), pair(false, 0.2, 0.1, 9)},
	} {
		p.Add(pr[0], pr[1])
	}
	rows := map[string]Difference{}
	for _, d := range p.Differences(0.95) {
		rows[d.Metric] = d
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 5e-6 }
	if d := rows["agreement"]; d.N != 5 || d.Base != 0.6 || d.Variant != 0.6 || d.Estimate != 0 || !near(d.Lo, -0.464868) || !near(d.Hi, 0.464868) || d.Method != MethodNewcombePaired {
		t.Errorf("agreement: %+v", d)
	}
	if d := rows["u_north"]; d.N != 5 || !near(d.Estimate, 0.06) || !near(d.Lo, -0.225853) || !near(d.Hi, 0.345853) || d.Method != MethodPairedT {
		t.Errorf("u_north: %+v", d)
	}
	// The round compares the two runs agreed in both arms: 4 → 3 and 5 → 5.
	if d := rows["round"]; d.N != 2 || d.Estimate != -0.5 || d.Base != 4.5 || d.Variant != 4 {
		t.Errorf("round: %+v", d)
	}
	for metric, share := range map[string]float64{"better_north": 0.6, "worse_north": 0.2, "same_north": 0.2} {
		if d := rows[metric]; d.Estimate != share || !(d.Lo < share && share < d.Hi) || d.Method != MethodWilson {
			t.Errorf("%s: %+v", metric, d)
		}
	}
}

// TestDifferencesIdentical: two arms that are the same scenario give
// differences of exactly 0 with intervals of no width, whatever the runs
// did.
func TestDifferencesIdentical(t *testing.T) {
	p := NewPairs([2]string{"north", "south"}, true)
	for i := range 40 {
		r := pair(i%3 != 0, 0.3+0.01*float64(i), 0.6-0.01*float64(i), i%7)
		p.Add(r, r)
	}
	var buf bytes.Buffer
	if err := WriteDifferences(&buf, "s", "v1", 7, p.Differences(0.95)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if lines[0] != "scenario,version,seed,metric,statistic,n,base,variant,estimate,lower,upper,level,method" {
		t.Errorf("header %q", lines[0])
	}
	if !strings.HasPrefix(lines[1], "s,v1,7,agreement,difference of rates,40,") || !strings.HasSuffix(lines[1], ",0,0,0,0.95,identical_arms") {
		t.Errorf("first row %q", lines[1])
	}
	for _, d := range p.Differences(0.95) {
		switch {
		case d.Statistic != "share of runs" && (d.Estimate != 0 || d.Lo != 0 || d.Hi != 0):
			t.Errorf("%s: %v [%v, %v], want exactly 0 [0, 0]", d.Metric, d.Estimate, d.Lo, d.Hi)
		case d.Statistic == "share of runs" && (d.Lo != d.Estimate || d.Hi != d.Estimate):
			t.Errorf("%s: %v [%v, %v], want an interval of no width", d.Metric, d.Estimate, d.Lo, d.Hi)
		case strings.HasPrefix(d.Metric, "same_") && d.Estimate != 1:
			t.Errorf("%s: %v, want 1", d.Metric, d.Estimate)
		}
	}
}

// TestDifferencesClaimedIdentical: arms declared identical whose runs
// differ are not given zero-width intervals; a warning says so.
func TestDifferencesClaimedIdentical(t *testing.T) {
	p := NewPairs([2]string{"north", "south"}, true)
	p.Add(pair(true, 0.5, 0.5, 4), pair(true, 0.5, 0.5, 4))
	b := pair(true, 0.5, 0.5, 4)
	b.Run = 1
	p.Add(b, pair(true, 0.6, 0.4, 4))
	if p.Identical() {
		t.Error("Identical() with a pair that differs")
	}
	if w := p.Warnings(); len(w) != 1 || !strings.Contains(w[0].Error(), "run 1 played differently") {
		t.Errorf("warnings %v", w)
	}
	for _, d := range p.Differences(0.95) {
		if d.Method == MethodIdentical {
			t.Errorf("%s: method %s", d.Metric, d.Method)
		}
	}
}

// TestDifferencesFewPairs: without pairs, or with one, the rows that need
// more are empty (NaN) rather than invented.
func TestDifferencesFewPairs(t *testing.T) {
	p := NewPairs([2]string{"north", "south"}, false)
	for _, d := range p.Differences(0.95) {
		if !math.IsNaN(d.Estimate) || d.Level != 0 {
			t.Errorf("no pairs: %s = %v (level %v)", d.Metric, d.Estimate, d.Level)
		}
	}
	p.Add(pair(true, 0.5, 0.5, 4), pair(true, 0.6, 0.4, 3))
	rows := map[string]Difference{}
	for _, d := range p.Differences(0.95) {
		rows[d.Metric] = d
	}
	if d := rows["u_north"]; math.Abs(d.Estimate-0.1) > 1e-15 || !math.IsNaN(d.Lo) || d.Level != 0 {
		t.Errorf("one pair: %+v", d)
	}
}
