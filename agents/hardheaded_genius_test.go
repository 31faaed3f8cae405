package agents

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// checkRB checks the red-black invariants of t (the root is black, no red
// node has a red child, every path has the same number of black nodes,
// parent links agree) and returns its keys in order.
func checkRB(tb testing.TB, t *rbTree) []float64 {
	tb.Helper()
	if t.root != rbNil && (!t.nodes[t.root].black || t.nodes[t.root].parent != rbNil) {
		tb.Fatal("root not black or has a parent")
	}
	var walk func(n int32) int
	walk = func(n int32) int {
		if n == rbNil {
			return 1
		}
		x := &t.nodes[n]
		for _, c := range []int32{x.left, x.right} {
			if c != rbNil && t.nodes[c].parent != n {
				tb.Fatalf("node %d: child %d has parent %d", n, c, t.nodes[c].parent)
			}
			if c != rbNil && !x.black && !t.nodes[c].black {
				tb.Fatalf("red node %d has a red child %d", n, c)
			}
		}
		l, r := walk(x.left), walk(x.right)
		if l != r {
			tb.Fatalf("node %d: black heights %d and %d", n, l, r)
		}
		if x.black {
			l++
		}
		return l
	}
	walk(t.root)
	var keys []float64
	for n := t.first(); n != rbNil; n = t.successor(n) {
		keys = append(keys, t.nodes[n].key)
	}
	if !slices.IsSorted(keys) {
		tb.Fatalf("keys out of order: %v", keys)
	}
	return keys
}

// TestRBTree checks the TreeMap-like tree against a sorted slice under
// random insertions and removals, and the node reuse of a removal: a node
// with two children takes its successor's entry.
func TestRBTree(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	tr := newRBTree(512)
	var want []float64
	for range 400 {
		k := float64(r.IntN(300))
		if r.IntN(3) == 0 && len(want) > 0 {
			k = want[r.IntN(len(want))]
			tr.remove(k)
			i, _ := slices.BinarySearch(want, k)
			want = slices.Delete(want, i, i+1)
		} else {
			tr.put(k, sim.Outcome(k))
			if i, found := slices.BinarySearch(want, k); !found {
				want = slices.Insert(want, i, k)
			}
		}
		if got := checkRB(t, &tr); !slices.Equal(got, want) {
			t.Fatalf("keys %v, want %v", got, want)
		}
	}
	// 1..7 inserted in order: 2 is the root's left child, with children
	// 1 and 3 (TreeMap's shape); removing 2 copies 3 into its node.
	tr.reset()
	for k := 1.0; k <= 7; k++ {
		tr.put(k, sim.Outcome(k))
	}
	n := tr.find(2)
	if tr.nodes[n].left == rbNil || tr.nodes[n].right == rbNil {
		t.Fatal("node of 2 should have two children")
	}
	tr.remove(2)
	if key, o := tr.entry(n); key != 3 || o != 3 {
		t.Errorf("after removing 2 its node holds %v, %v; want the successor 3", key, o)
	}
	checkRB(t, &tr)
}

// TestHHModelRenormalises checks GENIUS's weight update of HardHeaded's
// opponent model, where each issue's new weight is set through
// AdditiveUtilitySpace.setWeight, which renormalises all weights at once:
// three issues of which one is unchanged give 0.374937, 0.312560, 0.312503
// (the textbook update gives 0.375, 0.3125, 0.3125); two issues, one
// unchanged, 0.545353 and 0.454647.
func TestHHModelRenormalises(t *testing.T) {
	for _, tc := range []struct {
		values int
		want   []float64
	}{
		{3, []float64{0.374937, 0.312560, 0.312503}},
		{2, []float64{0.545353, 0.454647}},
	} {
		issues := make([]sim.Issue, tc.values)
		for i := range issues {
			issues[i] = sim.Issue{ID: string(rune('a' + i)), Values: []sim.Value{{ID: "x"}, {ID: "y"}}}
		}
		s, err := sim.NewSpace(issues)
		if err != nil {
			t.Fatal(err)
		}
		m := newHHModel(s)
		first := make([]int, tc.values)
		second := make([]int, tc.values)
		for i := 1; i < tc.values; i++ {
			second[i] = 1 // issue 0 unchanged, the others change
		}
		m.update(s.Encode(first))
		m.update(s.Encode(second))
		for i, w := range tc.want {
			if math.Abs(m.w[i]-w) > 5e-7 {
				t.Errorf("%d issues: weight %d = %.6f, want %v", tc.values, i, m.w[i], w)
			}
		}
	}
}

// TestHHKeys checks HardHeaded's bid list on two issues of two values,
// utilities u(x, y) = 0.5x + 0.5y: the first pass keys (0,0) and (1,0) at
// u − 1e-8 and u − 2e-8; the second pass walks them in ascending key order,
// so (0,0), (0,1), (1,0), (1,1) get offsets −1e-8 … −4e-8 (accumulated in
// floating point), and (0,1) and (1,0), of equal utility 0.5, are told
// apart by them: (0,1), spawned earlier, has the higher key.
func TestHHKeys(t *testing.T) {
	s, err := sim.NewSpace([]sim.Issue{
		{ID: "x", Values: []sim.Value{{ID: "0"}, {ID: "1"}}},
		{ID: "y", Values: []sim.Value{{ID: "0"}, {ID: "1"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	u, err := sim.NewUtility(s, sim.Additive{Weights: []float64{0.5, 0.5}, Values: [][]float64{{0, 1}, {0, 1}}})
	if err != nil {
		t.Fatal(err)
	}
	k := newHHKeys(u, s)
	off := []float64{-1e-8}
	for range 3 {
		off = append(off, off[len(off)-1]-1e-8)
	}
	at := func(x, y int) sim.Outcome { return s.Encode([]int{x, y}) }
	want := []struct {
		o   sim.Outcome
		key float64
	}{
		{at(0, 0), 0 + off[0]}, {at(1, 0), 0.5 + off[2]}, {at(0, 1), 0.5 + off[1]}, {at(1, 1), 1 + off[3]},
	}
	slices.SortFunc(want, func(a, b struct {
		o   sim.Outcome
		key float64
	}) int {
		return cmp.Compare(a.key, b.key)
	})
	for i, w := range want {
		if k.o[i] != w.o || k.key[i] != w.key {
			t.Errorf("entry %d: %d with key %.17g, want %d with key %.17g", i, k.o[i], k.key[i], w.o, w.key)
		}
	}
	if k.lower(k.key[2]) != 1 || k.lower(k.key[0]) != -1 {
		t.Errorf("lower: %d, %d", k.lower(k.key[2]), k.lower(k.key[0]))
	}
}

// TestGeniusCachesFollowRebuild checks that the caches of GENIUS's sorted
// outcome space and of HardHeaded's bid list notice a utility rebuilt in
// place from another profile (sim.Utility.Rebuild), as a sampled
// negotiation's utility is between runs.
func TestGeniusCachesFollowRebuild(t *testing.T) {
	s, err := sim.NewSpace([]sim.Issue{
		{ID: "x", Values: []sim.Value{{ID: "0"}, {ID: "1"}, {ID: "2"}}},
		{ID: "y", Values: []sim.Value{{ID: "0"}, {ID: "1"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	p1 := sim.Additive{Weights: []float64{0.5, 0.5}, Values: [][]float64{{0, 0.5, 1}, {0, 1}}}
	p2 := sim.Additive{Weights: []float64{0.5, 0.5}, Values: [][]float64{{1, 0.5, 0}, {1, 0}}}
	u, err := sim.NewUtility(s, p1)
	if err != nil {
		t.Fatal(err)
	}
	var gc geniusCache
	var kc hhKeysCache
	g1, k1 := gc.get(u, s), kc.get(u, s)
	if gc.get(u, s) != g1 || kc.get(u, s) != k1 {
		t.Fatal("the same utility built the caches twice")
	}
	if err := u.Rebuild(s, p2); err != nil {
		t.Fatal(err)
	}
	g2, k2 := gc.get(u, s), kc.get(u, s)
	if g2 == g1 || k2 == k1 {
		t.Fatal("the caches did not notice the rebuilt utility")
	}
	if want := newGeniusSorted(u, s); !slices.Equal(g2.desc, want.desc) || !slices.Equal(g2.u, want.u) {
		t.Errorf("sorted space after the rebuild %v, want %v", g2.desc, want.desc)
	}
	if g2.desc[0] != s.Encode([]int{0, 0}) {
		t.Errorf("best outcome after the rebuild %d, want %d", g2.desc[0], s.Encode([]int{0, 0}))
	}
}
