package sim

import (
	"fmt"
	"testing"
)

// pie returns a one-issue negotiation over n shares of a unit pie: A values
// share v as v/(n-1), B as 1 - v/(n-1).
func pie(t testing.TB, n int, a, b Maker, deadline int) *Negotiation {
	t.Helper()
	vals := make([]Value, n)
	ua := make([]float64, n)
	ub := make([]float64, n)
	for i := range vals {
		x := float64(i) / float64(n-1)
		vals[i] = Value{ID: fmt.Sprint(i), Label: fmt.Sprint(i), Number: x}
		ua[i], ub[i] = x, 1-x
	}
	sp, err := NewSpace([]Issue{{ID: "share", Numeric: true, Values: vals}})
	if err != nil {
		t.Fatal(err)
	}
	UA, err := NewUtility(sp, Additive{Weights: []float64{1}, Values: [][]float64{ua}})
	if err != nil {
		t.Fatal(err)
	}
	UB, err := NewUtility(sp, Additive{Weights: []float64{1}, Values: [][]float64{ub}})
	if err != nil {
		t.Fatal(err)
	}
	return &Negotiation{
		Name:  "pie",
		Space: sp,
		Parties: [2]Party{
			{ID: "a", Utility: UA, Discount: 1, Strategy: a, StrategyName: "test"},
			{ID: "b", Utility: UB, Discount: 1, Strategy: b, StrategyName: "test"},
		},
		Protocol: Protocol{Deadline: deadline},
	}
}

// linear is a test strategy: it concedes linearly in time from its best
// outcome to its worst and accepts any offer at least as good as its
// current target. It draws one random number per turn to exercise the
// per-party streams.
type linear struct{ jitter float64 }

func (l linear) NewStrategy(s *Self) Strategy { return &linearStrategy{self: s, jitter: l.jitter} }

type linearStrategy struct {
	self   *Self
	jitter float64
}

func (l *linearStrategy) target(t *Turn) float64 {
	u := l.self.Utility
	x := u.Max() - (u.Max()-u.Min())*t.Time
	if l.jitter > 0 {
		x += l.jitter * (l.self.Rand.Float64() - 0.5)
	}
	return max(x, l.self.Reservation)
}

func (l *linearStrategy) Propose(t *Turn) Outcome {
	o, ok := l.self.Utility.Lowest(l.target(t))
	if !ok {
		return l.self.Utility.Best()
	}
	return o
}

func (l *linearStrategy) Respond(t *Turn, offer Outcome) Action {
	if l.self.Utility.Of(offer) >= l.target(t) {
		return Accept
	}
	return Reject
}

// script plays a fixed list of moves: at each turn it answers with the next
// action and proposes the next outcome.
type script struct {
	answers []Action
	offers  []Outcome
}

func (s script) NewStrategy(*Self) Strategy { return &scriptStrategy{s: s} }

type scriptStrategy struct {
	s      script
	ai, oi int
}

func (p *scriptStrategy) Propose(*Turn) Outcome {
	o := p.s.offers[p.oi%len(p.s.offers)]
	p.oi++
	return o
}

func (p *scriptStrategy) Respond(*Turn, Outcome) Action {
	if p.ai >= len(p.s.answers) {
		return Reject
	}
	a := p.s.answers[p.ai]
	p.ai++
	return a
}
