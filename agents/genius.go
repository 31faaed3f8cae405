package agents

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"sync/atomic"
	"unicode/utf16"

	"github.com/parley-sim/parley/sim"
)

// The GENIUS convention reproduces GENIUS 9.1.10's arithmetic where it
// decides what an agent does: utilities are the unrounded floating-point
// sums GENIUS compares, and exact ties are ordered by the hash GENIUS's
// sorted outcome space uses. This file holds what the GENIUS-convention
// agents share.

// geniusUtilities returns the party's utility of every outcome as GENIUS
// computes it: Σᵢ wᵢ·eᵢ summed in issue order from 0, each product rounded
// on its own (no fused multiply-add), capped at 1, not rounded to 1e-12.
// It needs the additive profile behind the party's utility
// (sim.Utility.Profile); without one it returns the table's values as
// they are.
func geniusUtilities(u *sim.Utility) []float64 {
	space, p, ok := u.Profile()
	if !ok || space.Size() != u.Len() {
		return u.Values()
	}
	out := make([]float64, u.Len())
	idx := make([]int, space.NumIssues())
	for o := range out {
		space.Decode(sim.Outcome(o), idx)
		x := 0.0
		for i, v := range idx {
			x += float64(p.Weights[i] * p.Values[i][v])
		}
		out[o] = min(x, 1)
	}
	return out
}

// geniusDiscount returns the GENIUS discount factor d of the party's
// profile, which GENIUS applies as d^t on its timeline t = r/(D+1): the
// session discount δ^(D+1) of the per-round factor δ (an imported GENIUS
// scenario's δ is d^(1/(D+1))), rounded to 15 significant digits, the
// precision GENIUS profiles write d with, so that the rounding of δ's
// power does not leave d a few units in the last place off. Without a
// discount it is 1.
func geniusDiscount(self *sim.Self) float64 {
	d := sessionDiscount(self)
	if d >= 1 {
		return 1
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(d, 'g', 15, 64), 64)
	if err != nil || r <= 0 {
		return d
	}
	return r
}

// javaStringHash is Java's String.hashCode: s₀·31^(n−1) + … + s_(n−1) over
// the UTF-16 code units of s, in 32-bit wrap-around arithmetic.
func javaStringHash(s string) int32 {
	var h int32
	var buf [2]uint16
	for _, r := range s {
		units := buf[:0]
		if r1, r2 := utf16.EncodeRune(r); r1 != '\uFFFD' || r2 != '\uFFFD' {
			units = append(units, uint16(r1), uint16(r2))
		} else {
			units = append(units, uint16(r))
		}
		for _, c := range units {
			h = 31*h + int32(c)
		}
	}
	return h
}

// javaDoubleHash is Java's Double.hashCode: the low 32 bits of the bit
// pattern XOR its upper half.
func javaDoubleHash(x float64) int32 {
	b := math.Float64bits(x)
	return int32(uint32(b ^ b>>32))
}

// valueLabel is the label GENIUS identifies a value by: its label, or its
// id when it has none.
func valueLabel(v sim.Value) string {
	if v.Label != "" {
		return v.Label
	}
	return v.ID
}

// geniusBidHashes returns, per outcome, the hash of GENIUS's BidDetails of
// that outcome with undiscounted utility u[o] and time −1 (its sorted
// outcome space's tie-break): 31·(31·(31 + H_bid) + H(u)) + H(−1.0), where
// H_bid is the sum of the value labels' string hashes, all in 32-bit
// wrap-around arithmetic.
func geniusBidHashes(s *sim.Space, u []float64) []int32 {
	lab := make([][]int32, s.NumIssues())
	for i, is := range s.Issues() {
		lab[i] = make([]int32, len(is.Values))
		for v, val := range is.Values {
			lab[i][v] = javaStringHash(valueLabel(val))
		}
	}
	minusOne := javaDoubleHash(-1)
	out := make([]int32, len(u))
	for o := range out {
		var hb int32
		for i := range lab {
			hb += lab[i][s.ValueIndex(sim.Outcome(o), i)]
		}
		out[o] = 31*(31*(31+hb)+javaDoubleHash(u[o])) + minusOne
	}
	return out
}

// geniusIndex returns GENIUS's enumeration index of outcome o (BidIterator:
// the first issue varies fastest), where parley's index varies the last
// issue fastest.
func geniusIndex(s *sim.Space, o sim.Outcome) int {
	k, stride := 0, 1
	for i, is := range s.Issues() {
		k += s.ValueIndex(o, i) * stride
		stride *= len(is.Values)
	}
	return k
}

// geniusSorted is a party's outcome space as GENIUS's SortedOutcomeSpace
// holds it: every outcome with its GENIUS utility, sorted by utility
// descending, exact ties by ascending BidDetails hash, equal hashes in
// GENIUS's enumeration order. It is immutable once built and shared by
// the sessions of one utility.
type geniusSorted struct {
	of   utilityKey // the utility it was built for
	u    []float64  // GENIUS utility per outcome (parley index)
	desc []sim.Outcome
	du   []float64 // du[i] = u[desc[i]]
}

// newGeniusSorted builds the sorted outcome space of u.
func newGeniusSorted(u *sim.Utility, s *sim.Space) *geniusSorted {
	g := &geniusSorted{of: keyOf(u, s), u: geniusUtilities(u)}
	n := len(g.u)
	g.desc = make([]sim.Outcome, n)
	for o := range g.desc {
		g.desc[o] = sim.Outcome(o)
	}
	if s != nil && s.Size() == n {
		hash := geniusBidHashes(s, g.u)
		gi := make([]int32, n)
		for o := range gi {
			gi[o] = int32(geniusIndex(s, sim.Outcome(o)))
		}
		slices.SortFunc(g.desc, func(a, b sim.Outcome) int {
			if c := cmp.Compare(g.u[b], g.u[a]); c != 0 {
				return c
			}
			if c := cmp.Compare(hash[a], hash[b]); c != 0 {
				return c
			}
			return cmp.Compare(gi[a], gi[b])
		})
	} else {
		slices.SortStableFunc(g.desc, func(a, b sim.Outcome) int { return cmp.Compare(g.u[b], g.u[a]) })
	}
	g.du = make([]float64, n)
	for i, o := range g.desc {
		g.du[i] = g.u[o]
	}
	return g
}

// utilityKey identifies what a utility was when a cache entry was built
// from it: the utility, the outcome space and, for a utility computed from
// an additive profile, a copy of the profile's numbers, since a utility
// may be rebuilt in place (sim.Utility.Rebuild) from another profile.
type utilityKey struct {
	u       *sim.Utility
	space   *sim.Space
	profile []float64 // weights, then every evaluation; nil without a profile
}

// keyOf returns the key of u over the space s.
func keyOf(u *sim.Utility, s *sim.Space) utilityKey {
	k := utilityKey{u: u, space: s}
	if _, p, ok := u.Profile(); ok {
		k.profile = append(k.profile, p.Weights...)
		for _, v := range p.Values {
			k.profile = append(k.profile, v...)
		}
	}
	return k
}

// matches reports whether u over s is still what k was built from.
func (k *utilityKey) matches(u *sim.Utility, s *sim.Space) bool {
	if k.u != u || k.space != s {
		return false
	}
	_, p, ok := u.Profile()
	if !ok {
		return k.profile == nil
	}
	i := 0
	for _, w := range p.Weights {
		if i >= len(k.profile) || k.profile[i] != w {
			return false
		}
		i++
	}
	for _, v := range p.Values {
		for _, x := range v {
			if i >= len(k.profile) || k.profile[i] != x {
				return false
			}
			i++
		}
	}
	return i == len(k.profile)
}

// geniusCache keeps the sorted outcome space of the last utility a maker
// saw, so that the sessions of one scenario build it once. It is safe for
// concurrent use; two workers may build the same space at once, and one of
// the two is kept.
type geniusCache struct{ last atomic.Pointer[geniusSorted] }

// get returns the sorted outcome space of u, building it if needed.
func (c *geniusCache) get(u *sim.Utility, s *sim.Space) *geniusSorted {
	if g := c.last.Load(); g != nil && g.of.matches(u, s) {
		return g
	}
	g := newGeniusSorted(u, s)
	c.last.Store(g)
	return g
}

// searchIndex is SortedOutcomeSpace's bisection for utility p over the
// descending list: it stops at an exact hit, otherwise at the last
// position whose utility is strictly above p (0 when p is above every
// utility, n−2 when it is below every one).
func (g *geniusSorted) searchIndex(p float64) int {
	middle, low, high, last := -1, 0, len(g.du)-1, 0
	for last != middle {
		last = middle
		middle = (low + high) / 2
		x := g.du[middle]
		if x == p {
			return middle
		}
		if x < p {
			high = middle
		}
		if x > p {
			low = middle
		}
	}
	return middle
}

// near is SortedOutcomeSpace.getIndexOfBidNearUtility: the position of the
// bid GENIUS's time-dependent agents offer for the target p. Of the bisection's
// position i and the one after it (lower utility), the one after wins
// only when strictly nearer to p than both i and the one before i; the
// one before i is never returned.
func (g *geniusSorted) near(p float64) int {
	i := g.searchIndex(p)
	d := math.Abs(g.du[i] - p)
	if i > 0 {
		if x := math.Abs(g.du[i-1] - p); x < d {
			d = x
		}
	}
	if i+1 < len(g.du) && math.Abs(g.du[i+1]-p) < d {
		return i + 1
	}
	return i
}
