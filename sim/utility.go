package sim

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Additive is a linear additive preference profile: the utility of an
// outcome is the weighted sum of one evaluation per issue,
//
//	u(o) = Σᵢ Weights[i] · Values[i][value index of issue i in o].
//
// Weights are non-negative and sum to one; every evaluation lies in [0, 1],
// so utilities lie in [0, 1] too. The scenario reader normalises and checks
// them; sim trusts them.
type Additive struct {
	// Weights holds one weight per issue.
	Weights []float64
	// Values holds, per issue, one evaluation per value of that issue.
	Values [][]float64
}

// Utility is one party's utility of every outcome, computed once per
// scenario and shared read-only by every session and worker. It also keeps
// the outcomes ranked by utility, so that a strategy finds the outcome
// nearest a target utility by binary search.
type Utility struct {
	u     []float64
	order []Outcome // ascending by (utility, outcome index)
	ranks []int32   // ranks[o] is o's position in order

	// space and profile are what NewUtility evaluated; nil space for a
	// utility made by NewUtilityFromValues.
	space   *Space
	profile Additive
}

// NewUtility evaluates the additive profile p on every outcome of s.
func NewUtility(s *Space, p Additive) (*Utility, error) {
	if len(p.Weights) != s.NumIssues() || len(p.Values) != s.NumIssues() {
		return nil, fmt.Errorf("profile has %d weights and %d value tables for %d issues",
			len(p.Weights), len(p.Values), s.NumIssues())
	}
	for i, is := range s.Issues() {
		if len(p.Values[i]) != len(is.Values) {
			return nil, fmt.Errorf("issue %q: %d evaluations for %d values", is.ID, len(p.Values[i]), len(is.Values))
		}
	}
	u := make([]float64, s.Size())
	fillAdditive(s, p, u)
	for i, x := range u {
		u[i] = snap(x)
	}
	ut := NewUtilityFromValues(u)
	ut.space, ut.profile = s, p
	return ut, nil
}

// Profile returns the outcome space and the additive profile NewUtility
// evaluated, and true; it returns false for a utility made by
// NewUtilityFromValues. The table's values are the profile's sums rounded
// to a multiple of 1e-12; a strategy that reproduces another platform's
// floating-point arithmetic (GENIUS compares the unrounded sums, so its
// ties and near-ties depend on their last bits) recomputes the sums from
// the profile. Callers must not modify the profile.
func (u *Utility) Profile() (*Space, Additive, bool) {
	return u.space, u.profile, u.space != nil
}

// snap rounds a utility to the nearest multiple of 1e-12, so that outcomes
// whose utilities are equal in exact arithmetic but differ by summation
// noise (0.1+0.2 against 0.3) tie exactly: ties are then broken by the
// documented rule (lowest outcome index), not by rounding noise.
func snap(x float64) float64 {
	return math.Round(x*1e12) / 1e12
}

// fillAdditive adds the additive utility p of every outcome to u. It fills
// issue by issue: each issue's contribution repeats in blocks of its
// stride, so the inner loops are contiguous writes.
func fillAdditive(s *Space, p Additive, u []float64) {
	for i := range s.Issues() {
		w := p.Weights[i]
		stride := int(s.strides[i])
		radix := int(s.radix[i])
		vals := p.Values[i]
		block := stride * radix
		for base := 0; base < len(u); base += block {
			for v := 0; v < radix; v++ {
				c := w * vals[v]
				seg := u[base+v*stride : base+(v+1)*stride]
				for k := range seg {
					seg[k] += c
				}
			}
		}
	}
}

// NewUtilityFromValues wraps a precomputed utility of every outcome, indexed
// by Outcome. The slice is kept, not copied.
func NewUtilityFromValues(u []float64) *Utility {
	order := make([]Outcome, len(u))
	for i := range order {
		order[i] = Outcome(i)
	}
	sortByUtility(order, u)
	ranks := make([]int32, len(u))
	for r, o := range order {
		ranks[o] = int32(r)
	}
	return &Utility{u: u, order: order, ranks: ranks}
}

// sortByUtility sorts outcomes ascending by utility, ties by index, so the
// order is total and deterministic. order must hold the identity
// permutation. It is a stable least-significant-digit radix sort on the
// order-preserving bit pattern of each utility: four passes of 16 bits,
// about ten times faster than a comparison sort on a million outcomes.
func sortByUtility(order []Outcome, u []float64) {
	n := len(order)
	if n < 1<<12 {
		slices.SortStableFunc(order, func(a, b Outcome) int { return cmp.Compare(u[a], u[b]) })
		return
	}
	keys, ord := make([]uint64, n), order
	for i, o := range ord {
		keys[i] = sortableBits(u[o])
	}
	keys2, ord2 := make([]uint64, n), make([]Outcome, n)
	var count [1 << 16]int
	for shift := uint(0); shift < 64; shift += 16 {
		clear(count[:])
		for _, k := range keys {
			count[(k>>shift)&0xffff]++
		}
		if count[(keys[0]>>shift)&0xffff] == n {
			continue // every key shares this digit: the pass would not move anything
		}
		sum := 0
		for d, c := range count {
			count[d] = sum
			sum += c
		}
		for i, k := range keys {
			d := (k >> shift) & 0xffff
			keys2[count[d]] = k
			ord2[count[d]] = ord[i]
			count[d]++
		}
		keys, keys2 = keys2, keys
		ord, ord2 = ord2, ord
	}
	if &ord[0] != &order[0] {
		copy(order, ord)
	}
}

// sortableBits maps a float64 to a uint64 with the same order: flip the
// sign bit of non-negative numbers and every bit of negative ones.
func sortableBits(x float64) uint64 {
	b := math.Float64bits(x)
	if b>>63 == 1 {
		return ^b
	}
	return b | 1<<63
}

// Of returns the utility of outcome o.
func (u *Utility) Of(o Outcome) float64 { return u.u[o] }

// Len returns the number of outcomes.
func (u *Utility) Len() int { return len(u.u) }

// Values returns the utility of every outcome, indexed by Outcome; callers
// must not modify it.
func (u *Utility) Values() []float64 { return u.u }

// Max returns the highest utility of any outcome.
func (u *Utility) Max() float64 { return u.u[u.order[len(u.order)-1]] }

// Min returns the lowest utility of any outcome.
func (u *Utility) Min() float64 { return u.u[u.order[0]] }

// Best returns an outcome of highest utility: of those, the one with the
// highest index.
func (u *Utility) Best() Outcome { return u.order[len(u.order)-1] }

// Ranked returns the outcomes sorted by ascending utility, ties by ascending
// outcome index; callers must not modify it.
func (u *Utility) Ranked() []Outcome { return u.order }

// Rank returns the position of o in Ranked.
func (u *Utility) Rank(o Outcome) int { return int(u.ranks[o]) }

// AtLeast returns the position in Ranked of the first outcome whose utility
// is at least target, or Len() if there is none. Together with Ranked it
// finds the least good outcome that still meets a target: the usual
// concession step of a time-dependent strategy.
func (u *Utility) AtLeast(target float64) int {
	lo, hi := 0, len(u.order)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if u.u[u.order[m]] < target {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// Lowest returns the outcome with the lowest utility that is at least
// target, ties broken by the lowest outcome index, and whether one exists.
func (u *Utility) Lowest(target float64) (Outcome, bool) {
	r := u.AtLeast(target)
	if r == len(u.order) {
		return NoOutcome, false
	}
	return u.order[r], true
}

// Distinct returns the distinct utility levels in ascending order.
func (u *Utility) Distinct() []float64 {
	out := make([]float64, 0)
	for _, o := range u.order {
		v := u.u[o]
		if len(out) == 0 || v != out[len(out)-1] {
			out = append(out, v)
		}
	}
	return slices.Clip(out)
}
