package sim

import (
	"math"
	"slices"
	"testing"
)

// sampleAssumptions draws every path in order, as a scenario's sampler
// would, and returns each path's uniform and its stream's next three
// numbers.
func sampleAssumptions(seed uint64, paths []string) map[string][4]uint64 {
	out := map[string][4]uint64{}
	for _, p := range paths {
		r := AssumptionRand(seed, p)
		out[p] = [4]uint64{math.Float64bits(AssumptionUniform(seed, p)), r.Uint64(), r.Uint64(), r.Uint64()}
	}
	return out
}

// TestAssumptionStreamsIndependentOfOtherPaths checks that an assumption's
// draws depend on the seed and its own path only: adding, removing or
// reordering other assumptions leaves them unchanged.
func TestAssumptionStreamsIndependentOfOtherPaths(t *testing.T) {
	const a, b, c = "parties.armenia.discount", "parties.azerbaijan.weights.corridor", "protocol.deadline"
	for run := range 50 {
		seed := RunSeed(42, run)
		all := sampleAssumptions(seed, []string{a, b, c})
		for _, paths := range [][]string{{a, c}, {c, a}, {c, b, a}, {a}, {c}} {
			got := sampleAssumptions(seed, paths)
			for _, p := range paths {
				if got[p] != all[p] {
					t.Fatalf("run %d: %s draws %v among %v, %v among all three", run, p, got[p], paths, all[p])
				}
			}
		}
		if all[a] == all[b] || all[a] == all[c] || all[b] == all[c] {
			t.Fatalf("run %d: two paths share a stream", run)
		}
	}
}

// TestAssumptionStreamsApartFromRoles checks that the assumptions share no
// stream with the parties, the protocol or the facilitator, and that the
// uniform is the documented function of the stream's first number.
func TestAssumptionStreamsApartFromRoles(t *testing.T) {
	seed := RunSeed(7, 3)
	first := map[uint64]string{}
	for _, role := range []Role{RoleProtocol, RolePartyA, RolePartyB, RoleFacilitator, RoleAssumptions} {
		first[NewRand(seed, role).Uint64()] = "role"
	}
	for _, p := range []string{"", "a", "b", "parties.armenia.reservation", "parties.armenia.reservatio"} {
		x := AssumptionRand(seed, p).Uint64()
		if _, dup := first[x]; dup {
			t.Fatalf("path %q starts like another stream", p)
		}
		first[x] = p
		want := (float64(x>>11) + 0.5) / (1 << 53)
		if u := AssumptionUniform(seed, p); u != want || !(u > 0 && u < 1) {
			t.Fatalf("AssumptionUniform(%q) = %v, want %v in (0, 1)", p, u, want)
		}
	}
}

// TestAssumptionUniformGolden pins a few draws: they decide every sampled
// value of every scenario, so a change here changes published results.
func TestAssumptionUniformGolden(t *testing.T) {
	for _, c := range []struct {
		seed uint64
		path string
		want float64
	}{
		{0, "parties.armenia.discount", 0.6761208759593427},
		{RunSeed(42, 0), "parties.armenia.discount", 0.6983742631156775},
		{RunSeed(42, 1), "parties.armenia.discount", 0.23317582142086674},
		{RunSeed(42, 0), "protocol.deadline", 0.6785240553580629},
	} {
		if got := AssumptionUniform(c.seed, c.path); got != c.want {
			t.Errorf("AssumptionUniform(%d, %q) = %v, want %v", c.seed, c.path, got, c.want)
		}
	}
}

// TestAssumptionUniformDistribution checks, over the runs of one master
// seed, that one path's uniforms pass a Kolmogorov–Smirnov test against
// U(0, 1) at the 0.1% level and that two paths' uniforms are uncorrelated.
func TestAssumptionUniformDistribution(t *testing.T) {
	const n = 20000
	x, y := make([]float64, n), make([]float64, n)
	for i := range n {
		x[i] = AssumptionUniform(RunSeed(1, i), "parties.armenia.discount")
		y[i] = AssumptionUniform(RunSeed(1, i), "parties.armenia.reservation")
	}
	var sxy, sx, sy, sxx, syy float64
	for i := range n {
		sx, sy, sxy, sxx, syy = sx+x[i], sy+y[i], sxy+x[i]*y[i], sxx+x[i]*x[i], syy+y[i]*y[i]
	}
	r := (n*sxy - sx*sy) / math.Sqrt((n*sxx-sx*sx)*(n*syy-sy*sy))
	if math.Abs(r) > 4/math.Sqrt(n) {
		t.Errorf("correlation of two paths' uniforms %.4f", r)
	}
	slices.Sort(x)
	d := 0.0
	for i, v := range x {
		d = max(d, math.Abs(float64(i+1)/n-v), math.Abs(v-float64(i)/n))
	}
	if crit := 1.95 / math.Sqrt(n); d > crit {
		t.Errorf("Kolmogorov–Smirnov D = %.4f above %.4f", d, crit)
	}
}

func TestAssumptionUniformAllocatesNothing(t *testing.T) {
	if a := testing.AllocsPerRun(100, func() { AssumptionUniform(9, "parties.armenia.discount") }); a != 0 {
		t.Errorf("AssumptionUniform allocates %v times", a)
	}
}
