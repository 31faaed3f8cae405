package agents

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/parley-sim/parley/sim"
)

// threeIssues is a space of three issues with 4 values each.
func threeIssues(t testing.TB) *sim.Space {
	t.Helper()
	vals := []sim.Value{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}}
	s, err := sim.NewSpace([]sim.Issue{{ID: "x", Values: vals}, {ID: "y", Values: vals}, {ID: "z", Values: vals}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestFrequencyModelUpdate checks one update by hand. n = 3 issues, so
// g = 0.2/3. The first bid (0,0,0) is only remembered. The second (0,1,2)
// leaves issue x unchanged: total = 1 + g = 16/15, x's weight becomes
// (1/3 + g)/total = 0.375, the others (1/3)/total = 0.3125; the values
// offered count 2, every other 1.
func TestFrequencyModelUpdate(t *testing.T) {
	s := threeIssues(t)
	m := newFrequencyModel(s)
	m.update(s.Encode([]int{0, 0, 0}))
	m.update(s.Encode([]int{0, 1, 2}))
	for i, want := range []float64{0.375, 0.3125, 0.3125} {
		if math.Abs(m.w[i]-want) > 1e-15 {
			t.Errorf("weight %d = %v, want %v", i, m.w[i], want)
		}
	}
	for _, tc := range []struct {
		bid  []int
		want float64
	}{
		{[]int{0, 1, 2}, 1},                    // every value counted 2 of max 2
		{[]int{1, 0, 0}, 0.5},                  // every value 1 of 2
		{[]int{0, 0, 0}, 0.375 + 0.3125*0.5*2}, // x's value 2/2, the others 1/2
	} {
		if got := m.utility(s.Encode(tc.bid)); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("utility(%v) = %v, want %v", tc.bid, got, tc.want)
		}
	}
}

// TestFrequencyModelRanksWeights feeds the model a scripted opponent that
// never changes its most important issue (x), changes its second (y)
// every third bid and its least important (z) at every bid: the learnt
// weights must come out in that order.
func TestFrequencyModelRanksWeights(t *testing.T) {
	s := threeIssues(t)
	m := newFrequencyModel(s)
	for k := range 30 {
		m.update(s.Encode([]int{2, (k / 3) % 4, k % 4}))
	}
	if !(m.w[0] > m.w[1] && m.w[1] > m.w[2]) {
		t.Errorf("weights %v, want x > y > z", m.w)
	}
	if sum := m.w[0] + m.w[1] + m.w[2]; math.Abs(sum-1) > 1e-12 {
		t.Errorf("weights sum to %v", sum)
	}
	// The opponent's favourite value of x is rated above the others.
	if m.utility(s.Encode([]int{2, 0, 0})) <= m.utility(s.Encode([]int{1, 0, 0})) {
		t.Error("the value the opponent always offers is not rated higher")
	}
}

// TestBayesianModelFirstBid checks the first update by hand: one option
// issue of 3 values, whose hypotheses are uphill (0.0005, 0.5002, 1),
// downhill (1, 0.5002, 0.0005) and triangular (0, 1, 0.0010). The
// opponent's first bid is expected to be worth 1, so a bid of value 2
// makes uphill the most likely shape, and value 2 the best rated.
func TestBayesianModelFirstBid(t *testing.T) {
	vals := []sim.Value{{ID: "a"}, {ID: "b"}, {ID: "c"}}
	s, _ := sim.NewSpace([]sim.Issue{{ID: "x", Values: vals}})
	m := newBayesianModel(s)
	shapes := evaluationShapes(s.Issues()[0])
	want := [][]float64{{1.0 / 2001, 1001.0 / 2001, 1}, {1, 1001.0 / 2001, 1.0 / 2001}, {0, 1, 1.0 / 1001}}
	for h := range want {
		for v := range want[h] {
			if math.Abs(shapes[h][v]-want[h][v]) > 1e-15 {
				t.Fatalf("shape %d = %v, want %v", h, shapes[h], want[h])
			}
		}
	}
	m.update(2)
	if !(m.ep[0] > m.ep[1] && m.ep[0] > m.ep[2]) {
		t.Errorf("shape probabilities %v: want uphill most likely", m.ep)
	}
	if !(m.utility(2) > m.utility(1) && m.utility(1) > m.utility(0)) {
		t.Errorf("utilities %v %v %v: want value 2 > 1 > 0", m.utility(0), m.utility(1), m.utility(2))
	}
	if m.want != 1-bayesConcession {
		t.Errorf("expected utility of the next bid %v, want %v", m.want, 1-bayesConcession)
	}
	m.update(2) // a repeated bid teaches nothing
	if m.bids != 1 {
		t.Errorf("a repeated bid was learnt from")
	}
}

// TestBayesianModelLearns feeds the model the bids of a conceding opponent
// on the 3×10 benchmark (the opponent is B, whose utility the test knows):
// the learnt utility must correlate with B's true utility over the whole
// space, far better than chance.
func TestBayesianModelLearns(t *testing.T) {
	n := bench(t, 3, 10, idle(), idle(), 100, 0, [2]float64{0, 0})
	ub := n.Parties[1].Utility
	for _, kind := range []string{modelBayesian, modelFrequency} {
		m := newModel(kind, &sim.Self{Space: n.Space, Utility: ub})
		// B concedes linearly from its best: every 3rd outcome of its
		// ranking from the top, 60 bids.
		ranked := ub.Ranked()
		for k := range 60 {
			m.update(ranked[len(ranked)-1-3*k])
		}
		var sx, sy, sxx, syy, sxy float64
		size := float64(ub.Len())
		for o := range sim.Outcome(ub.Len()) {
			x, y := ub.Of(o), m.utility(o)
			sx, sy, sxx, syy, sxy = sx+x, sy+y, sxx+x*x, syy+y*y, sxy+x*y
		}
		r := (sxy - sx*sy/size) / math.Sqrt((sxx-sx*sx/size)*(syy-sy*sy/size))
		t.Logf("%s: correlation with the true utility %.3f", kind, r)
		if !(r > 0.5) {
			t.Errorf("%s: correlation %v with the opponent's true utility, want > 0.5", kind, r)
		}
	}
}

// TestModelsAllocateNothing checks that learning from a bid and rating an
// outcome allocate nothing once a model is built.
func TestModelsAllocateNothing(t *testing.T) {
	n := bench(t, 4, 10, idle(), idle(), 100, 0, [2]float64{0, 0})
	self := &sim.Self{Space: n.Space, Utility: n.Parties[0].Utility, Opponent: n.Parties[1].Utility}
	r := rand.New(rand.NewPCG(1, 1))
	for _, kind := range []string{modelFrequency, modelBayesian, modelPerceived} {
		m := newModel(kind, self)
		allocs := testing.AllocsPerRun(200, func() {
			o := sim.Outcome(r.IntN(n.Space.Size()))
			m.update(o)
			m.utility(o)
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per update and rating", kind, allocs)
		}
	}
	if newModel(modelPerceived, &sim.Self{Utility: self.Utility}) != nil {
		t.Error("perceived without a perception: want no model")
	}
	if newModel(modelNone, self) != nil {
		t.Error("none: want no model")
	}
}

// TestOpponentModelBidding checks that the time-dependent strategy with a
// model offers, within its band, the outcome the model rates best: with the
// perceived (true) utility of the opponent on the benchmark, its offers are
// never worse for the opponent than without a model, and sometimes better.
func TestOpponentModelBidding(t *testing.T) {
	n := bench(t, 3, 10, idle(), idle(), 100, 0, [2]float64{0, 0})
	ua, ub := n.Parties[0].Utility, n.Parties[1].Utility
	self := &sim.Self{Space: n.Space, Utility: ua, Opponent: ub, Deadline: 100}
	plain := maker(t, "linear", nil).NewStrategy(self)
	modelled := maker(t, "linear", Params{"opponent_model": "perceived", "band": 0.05}).NewStrategy(self)
	better := 0
	for r := range 100 {
		turn := &sim.Turn{Round: r, Time: float64(r+1) / 101, Offers: &sim.History{}}
		target := 1 - turn.Time
		p, m := plain.Propose(turn), modelled.Propose(turn)
		if ua.Of(m) < target || ua.Of(m) > target+0.05+1e-12 {
			t.Fatalf("t=%v: modelled offer worth %v to A, outside the band [%v, %v]", turn.Time, ua.Of(m), target, target+0.05)
		}
		for o := range sim.Outcome(ua.Len()) {
			if ua.Of(o) >= target && ua.Of(o) <= target+0.05 && ub.Of(o) > ub.Of(m) {
				t.Fatalf("t=%v: offer %d gives B %v, but %d in the band gives B %v", turn.Time, m, ub.Of(m), o, ub.Of(o))
			}
		}
		if ub.Of(m) < ub.Of(p) {
			t.Errorf("t=%v: with the model B gets %v, without %v", turn.Time, ub.Of(m), ub.Of(p))
		}
		if ub.Of(m) > ub.Of(p) {
			better++
		}
	}
	if better == 0 {
		t.Error("the model never gave the opponent a better offer")
	}
	t.Logf("better for B at %d of 100 turns", better)
}
