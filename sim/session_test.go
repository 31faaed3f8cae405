package sim

import (
	"context"
	"math"
	"reflect"
	"testing"
)

func TestSessionScripted(t *testing.T) {
	// Pie with 11 shares: A's utility of outcome o is o/10.
	tests := []struct {
		name       string
		a, b       script
		first      int
		deadline   int
		discount   float64
		breakdown  float64
		wantEnd    EndReason
		wantRound  int
		wantAgreed Outcome
		wantTrace  []Event
	}{
		{
			name:  "B accepts A's second offer",
			a:     script{offers: []Outcome{10, 8}, answers: []Action{Reject}},
			b:     script{offers: []Outcome{2}, answers: []Action{Reject, Accept}},
			first: 0, deadline: 5, discount: 0.9,
			wantEnd: EndAgreement, wantRound: 1, wantAgreed: 8,
			wantTrace: []Event{
				{0, 0, EventOffer, 10},
				{0, 1, EventReject, 10},
				{0, 1, EventOffer, 2},
				{1, 0, EventReject, 2},
				{1, 0, EventOffer, 8},
				{1, 1, EventAccept, 8},
			},
		},
		{
			name:  "B opens and A walks away",
			a:     script{offers: []Outcome{10}, answers: []Action{Walk}},
			b:     script{offers: []Outcome{1}},
			first: 1, deadline: 5, discount: 1,
			wantEnd: EndWalkAway, wantRound: 0, wantAgreed: NoOutcome,
			wantTrace: []Event{
				{0, 1, EventOffer, 1},
				{0, 0, EventWalk, NoOutcome},
			},
		},
		{
			name:  "deadline: the last offer stays unanswered",
			a:     script{offers: []Outcome{10}},
			b:     script{offers: []Outcome{0}},
			first: 0, deadline: 2, discount: 1,
			wantEnd: EndDeadline, wantRound: 1, wantAgreed: NoOutcome,
			wantTrace: []Event{
				{0, 0, EventOffer, 10},
				{0, 1, EventReject, 10},
				{0, 1, EventOffer, 0},
				{1, 0, EventReject, 0},
				{1, 0, EventOffer, 10},
				{1, 1, EventReject, 10},
				{1, 1, EventOffer, 0},
			},
		},
		{
			name:  "NoOutcome as an offer walks away",
			a:     script{offers: []Outcome{NoOutcome}},
			b:     script{offers: []Outcome{0}},
			first: 0, deadline: 3, discount: 1,
			wantEnd: EndWalkAway, wantRound: 0, wantAgreed: NoOutcome,
			wantTrace: []Event{{0, 0, EventWalk, NoOutcome}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := pie(t, 11, tc.a, tc.b, tc.deadline)
			n.Protocol.FirstMover = tc.first
			n.Parties[0].Discount = tc.discount
			n.Parties[0].Reservation = 0.25
			if err := n.Validate(); err != nil {
				t.Fatal(err)
			}
			res := NewSession(n).Play(3, 99, true)
			if res.End != tc.wantEnd || res.Round != tc.wantRound || res.Agreement != tc.wantAgreed {
				t.Errorf("end %v round %d agreement %d; want %v %d %d", res.End, res.Round, res.Agreement, tc.wantEnd, tc.wantRound, tc.wantAgreed)
			}
			if !reflect.DeepEqual(res.Trace, tc.wantTrace) {
				t.Errorf("trace\n got %v\nwant %v", res.Trace, tc.wantTrace)
			}
			if tc.name == "B accepts A's second offer" && (math.Abs(res.Concession[0]-0.2) > 1e-12 || res.Concession[1] != 0) {
				t.Errorf("concessions %v, want [0.2 0]", res.Concession)
			}
			if res.Run != 3 || res.Seed != 99 || res.FirstMover != tc.first {
				t.Errorf("run %d seed %d first %d", res.Run, res.Seed, res.FirstMover)
			}
			var wantU, wantD float64
			if tc.wantAgreed == NoOutcome {
				wantU, wantD = 0.25, 0.25
			} else {
				wantU = float64(tc.wantAgreed) / 10
				wantD = wantU * math.Pow(tc.discount, float64(tc.wantRound))
			}
			if math.Abs(res.Utility[0]-wantU) > 1e-12 || math.Abs(res.Discounted[0]-wantD) > 1e-12 {
				t.Errorf("A's utility %v discounted %v; want %v %v", res.Utility[0], res.Discounted[0], wantU, wantD)
			}
		})
	}
}

func TestSessionBreakdownRate(t *testing.T) {
	// Two parties that never agree: with per-round breakdown q and deadline
	// D, talks collapse in round r < D-1 with probability (1-q)^r q, so the
	// share reaching the deadline is (1-q)^(D-1).
	const q, D, runs = 0.2, 6, 20000
	n := pie(t, 3, script{offers: []Outcome{2}}, script{offers: []Outcome{0}}, D)
	n.Protocol.Breakdown = q
	deadline := 0
	b := Batch{Negotiation: n, Runs: runs, Seed: 1}
	err := b.Run(context.Background(), func(r *Result) error {
		switch r.End {
		case EndDeadline:
			deadline++
		case EndBreakdown:
		default:
			t.Fatalf("run %d ended by %v", r.Run, r.End)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := math.Pow(1-q, D-1)
	got := float64(deadline) / runs
	if se := math.Sqrt(want * (1 - want) / runs); math.Abs(got-want) > 4*se {
		t.Errorf("share reaching the deadline %.4f, want %.4f ± %.4f", got, want, 4*se)
	}
}

func TestSessionRandomFirstMover(t *testing.T) {
	n := pie(t, 11, linear{}, linear{}, 10)
	n.Protocol.FirstMover = RandomFirst
	count := [2]int{}
	s := NewSession(n)
	for i := range 2000 {
		count[s.Play(i, RunSeed(3, i), false).FirstMover]++
	}
	if count[0] < 900 || count[1] < 900 {
		t.Errorf("first movers %v are not balanced", count)
	}
}

// TestBatchDeterministicAcrossWorkers proves that results do not depend on
// the number of workers: every run's randomness comes from its own seed.
func TestBatchDeterministicAcrossWorkers(t *testing.T) {
	n := pie(t, 101, linear{jitter: 0.2}, linear{jitter: 0.3}, 40)
	n.Protocol.FirstMover = RandomFirst
	n.Protocol.Breakdown = 0.02
	collect := func(workers int) []Result {
		var out []Result
		b := Batch{Negotiation: n, Runs: 700, Seed: 42, Workers: workers, Trace: 3}
		if err := b.Run(context.Background(), func(r *Result) error {
			out = append(out, *r)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	want := collect(1)
	for i, r := range want {
		if r.Run != i {
			t.Fatalf("result %d has run %d: not in run order", i, r.Run)
		}
		if (r.Trace != nil) != (i < 3) {
			t.Fatalf("run %d traced = %v", i, r.Trace != nil)
		}
	}
	ends := map[EndReason]int{}
	for _, r := range want {
		ends[r.End]++
	}
	if len(ends) < 2 {
		t.Fatalf("test negotiation too tame: end reasons %v", ends)
	}
	for _, w := range []int{2, 3, 8, 64} {
		if got := collect(w); !reflect.DeepEqual(got, want) {
			t.Errorf("workers=%d gives different results than workers=1", w)
		}
	}
}

func TestBatchStopsOnEmitError(t *testing.T) {
	n := pie(t, 11, linear{}, linear{}, 10)
	b := Batch{Negotiation: n, Runs: 1000, Seed: 1, Workers: 4}
	calls := 0
	stop := context.Canceled
	err := b.Run(context.Background(), func(r *Result) error {
		calls++
		if calls == 10 {
			return stop
		}
		return nil
	})
	if err != stop || calls != 10 {
		t.Fatalf("err %v after %d calls; want %v after 10", err, calls, stop)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := b.Run(ctx, func(*Result) error { return nil }); err == nil {
		t.Fatal("cancelled context: no error")
	}
}

// TestSessionRoundAllocatesNothing checks that the per-round path does not
// allocate: a session of 1000 rounds allocates as much as one of 2 rounds.
func TestSessionRoundAllocatesNothing(t *testing.T) {
	never := script{offers: []Outcome{10}}
	allocs := func(deadline int) float64 {
		n := pie(t, 11, never, script{offers: []Outcome{0}}, deadline)
		s := NewSession(n)
		return testing.AllocsPerRun(20, func() { s.Play(0, 1, false) })
	}
	short, long := allocs(2), allocs(1000)
	if long != short {
		t.Errorf("a 1000-round session allocates %v times, a 2-round one %v: the round loop allocates", long, short)
	}
}

func TestBatchObserve(t *testing.T) {
	n := pie(t, 21, linear{jitter: 0.1}, linear{jitter: 0.1}, 20)
	for _, workers := range []int{1, 3} {
		b := Batch{Negotiation: n, Runs: 300, Seed: 2, Workers: workers}
		per := make([]int, b.NumWorkers())
		offers := make([]int, 300)
		b.Observe = func(w int, played *Negotiation, r *Result, h *History) {
			if played != n {
				t.Errorf("run %d: observed with another negotiation", r.Run)
			}
			per[w]++
			offers[r.Run] = h.Len()
			if h.Len() != r.Offers {
				t.Errorf("run %d: history has %d offers, result %d", r.Run, h.Len(), r.Offers)
			}
		}
		if err := b.Run(context.Background(), func(*Result) error { return nil }); err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, c := range per {
			total += c
		}
		if total != 300 {
			t.Errorf("workers=%d: observed %d runs, want 300", workers, total)
		}
	}
}

func TestDiscountPerOffer(t *testing.T) {
	a := script{offers: []Outcome{10, 8}, answers: []Action{Reject}}
	b := script{offers: []Outcome{2}, answers: []Action{Reject, Accept}}
	n := pie(t, 11, a, b, 5)
	n.Parties[0].Discount = 0.9
	n.Protocol.DiscountPerOffer = true
	// B accepts the third offer (k = 2) in round 1: 0.8 · 0.9².
	res := NewSession(n).Play(0, 1, false)
	if want := 0.8 * 0.81; math.Abs(res.Discounted[0]-want) > 1e-12 {
		t.Errorf("discounted %v, want %v", res.Discounted[0], want)
	}
}

// TestDiscountReservation checks GENIUS's discounted reservation value:
// with Protocol.DiscountReservation a session without agreement is worth
// the reservation (or breakdown) value discounted to the round it ended
// in, like a deal, and without it exactly the undiscounted value.
func TestDiscountReservation(t *testing.T) {
	never := script{offers: []Outcome{10}} // A asks for everything, rejects all
	tests := []struct {
		name      string
		b         script
		perOffer  bool
		breakdown float64
		seed      uint64
		end       EndReason
		round     int
		periods   float64 // the exponent of the discount, by hand
	}{
		// Deadline 5: no deal after the last round, 4, counted from 0.
		{name: "deadline", b: script{offers: []Outcome{0}}, end: EndDeadline, round: 4, periods: 4},
		// B rejects twice, then walks away in round 2 (its third answer).
		{name: "walkaway", b: script{offers: []Outcome{0}, answers: []Action{Reject, Reject, Walk}}, end: EndWalkAway, round: 2, periods: 2},
		// Per offer: A opens (k = 0), B counters, ...; B walks at its third
		// answer, after A's offer k = 4: periods = offers − 1 = 4.
		{name: "walkaway per offer", b: script{offers: []Outcome{0}, answers: []Action{Reject, Reject, Walk}}, perOffer: true, end: EndWalkAway, round: 2, periods: 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, on := range []bool{false, true} {
				n := pie(t, 11, never, tc.b, 5)
				n.Parties[0].Reservation, n.Parties[0].Discount = 0.3, 0.9
				n.Parties[1].Reservation, n.Parties[1].Discount = 0.2, 0.8
				n.Parties[0].BreakdownValue, n.Parties[1].BreakdownValue = 0.3, 0.2
				n.Parties[0].Cost = 0.01 // never charged on no agreement
				n.Protocol.DiscountPerOffer = tc.perOffer
				n.Protocol.DiscountReservation = on
				res := NewSession(n).Play(0, 1, false)
				if res.End != tc.end || res.Round != tc.round {
					t.Fatalf("discount_reservation %v: %v in round %d, want %v in round %d", on, res.End, res.Round, tc.end, tc.round)
				}
				want := [2]float64{0.3, 0.2}
				if on {
					want = [2]float64{0.3 * math.Pow(0.9, tc.periods), 0.2 * math.Pow(0.8, tc.periods)}
				}
				for i := range 2 {
					if res.Discounted[i] != want[i] || res.Utility[i] != [2]float64{0.3, 0.2}[i] {
						t.Errorf("discount_reservation %v: party %d utility %v discounted %v, want %v and %v", on, i, res.Utility[i], res.Discounted[i], [2]float64{0.3, 0.2}[i], want[i])
					}
				}
			}
		})
	}
	// A breakdown pays the breakdown value, discounted to its round.
	n := pie(t, 11, never, script{offers: []Outcome{0}}, 50)
	n.Parties[0].Reservation, n.Parties[0].BreakdownValue, n.Parties[0].Discount = 0.3, 0.25, 0.9
	n.Protocol.Breakdown = 0.5
	n.Protocol.DiscountReservation = true
	res := NewSession(n).Play(0, 1, false)
	if res.End != EndBreakdown {
		t.Fatalf("%v, want a breakdown", res.End)
	}
	if want := 0.25 * math.Pow(0.9, float64(res.Round)); res.Discounted[0] != want || res.Utility[0] != 0.25 {
		t.Errorf("breakdown in round %d: utility %v discounted %v, want 0.25 and %v", res.Round, res.Utility[0], res.Discounted[0], want)
	}
	// An agreement is discounted as always.
	n = pie(t, 11, script{offers: []Outcome{6}}, script{offers: []Outcome{0}, answers: []Action{Reject, Accept}}, 5)
	n.Parties[0].Discount = 0.9
	n.Protocol.DiscountReservation = true
	if res := NewSession(n).Play(0, 1, false); res.End != EndAgreement || math.Abs(res.Discounted[0]-0.6*0.9) > 1e-12 {
		t.Errorf("agreement: %v in round %d worth %v, want agreement in round 1 worth %v", res.End, res.Round, res.Discounted[0], 0.6*0.9)
	}
}
