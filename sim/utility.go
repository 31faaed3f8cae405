package sim

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"
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
//
// A worker that plays each run with preferences of its own (a [Sampler])
// keeps one Utility per table and rebuilds it in place with [Utility.Rebuild].
// A rebuilt table may rank its outcomes only when first asked (by Ranked,
// AtLeast, Rank or Distinct): a run whose strategies need no more than
// Lowest, Best, Max and Min, and whose analysis needs no ranking, does not
// pay for one.
type Utility struct {
	u     []float64
	order []Outcome // ascending by (utility, outcome index), once ranked
	// first and last are the first and last outcomes of the ranking.
	first, last Outcome
	// Until ranked is true (a table Rebuild evaluated lazily), order holds
	// the outcomes in groups of equal leading bits of their picounits
	// (see groupShift), group g in order[group[g]:group[g+1]], by index
	// within a group; rank sorts the groups, under mu.
	ranked atomic.Bool
	mu     sync.Mutex
	group  []uint32
	// eager counts the next Rebuilds that rank at once because a lazy
	// table was asked for its ranking.
	eager int
	// byValue: order is by (utility, index) under <: there is no −0 (which
	// sortByUtility ranks below +0) and no NaN. Rank then finds an
	// outcome's position by binary search; ranks is nil.
	byValue bool
	ranks   []int32 // ranks[o] is o's position in order, unless byValue

	// space and profile are what NewUtility evaluated; nil space for a
	// utility made by NewUtilityFromValues.
	space   *Space
	profile Additive
}

// sortBuffers are the two key buffers of the radix sort of one build, and
// the group of each outcome and the groups' cursors of a lazy one.
type sortBuffers struct {
	keys, tmp []uint64
	groups    []uint16
	cursor    [1 << groupBits]uint32
}

// sortPool lends the sort's buffers to builds: the tables one worker
// rebuilds, run after run, share one pair (a pool keeps one per processor)
// instead of holding a pair each, which halves what a rebuild touches
// beyond the table itself. It holds nothing that outlives a build.
var sortPool = sync.Pool{New: func() any { return new(sortBuffers) }}

// NewUtility evaluates the additive profile p on every outcome of s.
func NewUtility(s *Space, p Additive) (*Utility, error) {
	if err := checkProfile(s, p); err != nil {
		return nil, err
	}
	u := new(Utility)
	u.build(s, p, false)
	return u, nil
}

// Rebuild evaluates the additive profile p on every outcome of s in place,
// reusing u's buffers: afterwards every method of u answers exactly as
// that of NewUtility(s, p) does, though u may rank its outcomes only when
// first asked (see Utility). The zero Utility is ready to be rebuilt.
// Nothing may read u while it is rebuilt: a worker rebuilds the tables of
// its own negotiation between two runs. Like NewUtility, Rebuild keeps p (see
// Profile): a caller that changes p's weights or evaluations later must
// rebuild again.
func (u *Utility) Rebuild(s *Space, p Additive) error {
	if err := checkProfile(s, p); err != nil {
		return err
	}
	lazy := u.eager == 0
	u.eager = max(u.eager-1, 0)
	u.build(s, p, lazy)
	return nil
}

// checkProfile reports a profile that does not fit the space.
func checkProfile(s *Space, p Additive) error {
	if len(p.Weights) != s.NumIssues() || len(p.Values) != s.NumIssues() {
		return fmt.Errorf("profile has %d weights and %d value tables for %d issues",
			len(p.Weights), len(p.Values), s.NumIssues())
	}
	for i, is := range s.Issues() {
		if len(p.Values[i]) != len(is.Values) {
			return fmt.Errorf("issue %q: %d evaluations for %d values", is.ID, len(p.Values[i]), len(is.Values))
		}
	}
	return nil
}

// resize returns buf with length n, reallocated only when it is too small.
func resize[T any](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	return buf[:n]
}

// Sort keys: a utility rounded to a multiple of 1e-12 in [0, 1] is an
// integer number of picounits below 2⁴⁰, and an outcome index is below
// 2²⁴ (MaxOutcomes), so one uint64 holds both, picounits in the high 40
// bits: sorting the keys sorts outcomes by (utility, index).
const (
	indexBits = 24
	indexMask = 1<<indexBits - 1
	picoBits  = 64 - indexBits
)

// maxPicoBits is the bit pattern of 2⁴⁰: a non-negative float64 below it
// has a smaller pattern, while −0, negative numbers, NaN and anything at or
// above 2⁴⁰ have a pattern at least as large.
var maxPicoBits = math.Float64bits(1 << picoBits)

// Lazy ranking (see Utility): the outcomes of a table of lazyMin to
// lazyMax outcomes are grouped by the leading groupBits bits of their
// picounits, a few to a group, which is enough to find the lowest outcome
// at or above a target, and each group is sorted when the ranking is
// needed.
const (
	groupBits  = 14
	groupShift = 64 - groupBits // of a key
	lazyMin    = 1 << 9
	lazyMax    = 1 << 17
	// eagerRebuilds is how many Rebuilds rank at once after a lazy table
	// was asked for its ranking, before one tries lazily again.
	eagerRebuilds = 16
)

// build evaluates p on every outcome of s into u's buffers, rounds every
// utility to the nearest multiple of 1e-12 and ranks the outcomes, or,
// when lazy is true and the table's size suits it, groups them for a
// ranking made when first needed. The rounding makes outcomes whose
// utilities are equal in exact arithmetic but differ by summation noise
// (0.1+0.2 against 0.3) tie exactly: ties are then broken by the
// documented rule (lowest outcome index), not by rounding noise.
func (u *Utility) build(s *Space, p Additive, lazy bool) {
	n := s.Size()
	u.space, u.profile = s, p
	u.u = resize(u.u, n)
	u.order = resize(u.order, n)
	lazy = lazy && n >= lazyMin && n <= lazyMax
	sb := sortPool.Get().(*sortBuffers)
	defer sortPool.Put(sb)
	sb.keys = resize(sb.keys, n)
	keys := sb.keys
	var count radixCounts
	if lazy {
		sb.groups = resize(sb.groups, n)
		clear(sb.cursor[:])
	}
	// The sums over all issues but the last, then the last issue's
	// contributions added, rounded and keyed or grouped in the same pass
	// (as fillAdditive would add them, in place from the back).
	last := s.NumIssues() - 1
	m := expandSums(s, p, u.u, last)
	var top uint64
	if lazy {
		top = addLastGrouped(u.u, m, p.Weights[last], p.Values[last], sb.groups, &sb.cursor)
	} else {
		top = addLastKeyed(u.u, m, p.Weights[last], p.Values[last], keys, &count)
	}
	fits := top < maxPicoBits
	u.byValue = fits
	u.ranked.Store(true)
	switch {
	case fits && lazy:
		u.ranked.Store(false)
		u.groupOutcomes(sb)
		return
	case !fits: // utilities outside [0, 1]: sort the floats
		for i := range u.order {
			u.order[i] = Outcome(i)
		}
		sortByUtility(u.order, u.u)
		u.ranks = resize(u.ranks, n)
		for r, o := range u.order {
			u.ranks[o] = int32(r)
		}
	case n < 1<<9:
		slices.Sort(keys)
		for r, k := range keys {
			u.order[r] = Outcome(k & indexMask)
		}
	default:
		sb.tmp = resize(sb.tmp, n)
		radixRank(keys, sb.tmp, &count, u.order)
	}
	u.first, u.last = u.order[0], u.order[n-1]
}

// groupOutcomes writes the outcomes into u.order group by group, by index
// within a group, and the groups' bounds into u.group, from the group of
// each outcome and the size of each group in sb.
func (u *Utility) groupOutcomes(sb *sortBuffers) {
	u.group = resize(u.group, len(sb.cursor)+1)
	var sum uint32
	for g, c := range sb.cursor {
		u.group[g], sb.cursor[g] = sum, sum
		sum += c
	}
	u.group[len(sb.cursor)] = sum
	for o, g := range sb.groups {
		u.order[sb.cursor[g]] = Outcome(o)
		sb.cursor[g]++
	}
	// The first and last outcomes of the ranking: in the first group, the
	// first of the lowest utility; in the last, the last of the highest.
	lo, hi := 0, len(u.group)-2
	for u.group[lo+1] == 0 {
		lo++
	}
	for u.group[hi] == sum {
		hi--
	}
	u.first, u.last = u.order[u.group[lo]], u.order[u.group[hi]]
	for _, o := range u.order[u.group[lo]:u.group[lo+1]] {
		if u.u[o] < u.u[u.first] {
			u.first = o
		}
	}
	for _, o := range u.order[u.group[hi]:u.group[hi+1]] {
		if u.u[o] >= u.u[u.last] {
			u.last = o
		}
	}
}

// rank makes order the ranking, if it is not yet: it sorts every group of
// a lazily built table by (utility, index).
func (u *Utility) rank() {
	if u.ranked.Load() {
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.ranked.Load() {
		return
	}
	less := func(x, y Outcome) bool { return u.u[x] < u.u[y] || u.u[x] == u.u[y] && x < y }
	for g := range len(u.group) - 1 {
		grp := u.order[u.group[g]:u.group[g+1]]
		if len(grp) > 16 {
			slices.SortFunc(grp, func(x, y Outcome) int { return cmp.Or(cmp.Compare(u.u[x], u.u[y]), cmp.Compare(x, y)) })
			continue
		}
		for i := 1; i < len(grp); i++ {
			o, j := grp[i], i
			for ; j > 0 && less(o, grp[j-1]); j-- {
				grp[j] = grp[j-1]
			}
			grp[j] = o
		}
	}
	u.eager = eagerRebuilds
	u.ranked.Store(true)
}

// lowestInGroups is Lowest of a table not yet ranked, for a target in
// (0, 1] (every utility of such a table lies in [0, 2⁴⁰·1e-12)): the groups hold utilities in ascending ranges, so the answer is
// the lowest at or above target in the first group that holds one.
func (u *Utility) lowestInGroups(target float64) (Outcome, bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	// Every utility x ≥ target has picounits round(x·1e12) ≥ this.
	g := uint64(math.Floor(target*1e12)) << indexBits >> groupShift
	for ; int(g) < len(u.group)-1; g++ {
		best := NoOutcome
		for _, o := range u.order[u.group[g]:u.group[g+1]] {
			if x := u.u[o]; x >= target && (best == NoOutcome || x < u.u[best]) {
				best = o // the lowest index of its utility: groups hold outcomes by index
			}
		}
		if best != NoOutcome {
			return best, true
		}
	}
	return NoOutcome, false
}

// addLastGrouped adds the contributions of the last issue (weight w,
// one evaluation per value in vals) to the sums of the m prefixes at the
// front of u, in place from the back, rounds each outcome's utility to
// picounits, and writes its group (see groupBits) into groups and counts
// it in count. It returns the largest bit pattern of the picounits: below
// maxPicoBits when every utility fits a key.
func addLastGrouped(u []float64, m int, w float64, vals []float64, groups []uint16, count *[1 << groupBits]uint32) uint64 {
	r := len(vals)
	var top uint64
	for j := m - 1; j >= 0; j-- {
		x := u[j]
		dst, grp := u[j*r:j*r+r], groups[j*r:j*r+r]
		for v, e := range vals {
			pr := roundPico((x + float64(w*e)) * 1e12) // float64(): no fused multiply-add
			dst[v] = pr / 1e12
			top = max(top, math.Float64bits(pr))
			g := uint64(int64(pr)) >> (picoBits - groupBits) & (1<<groupBits - 1)
			grp[v] = uint16(g)
			count[g]++
		}
	}
	return top
}

// addLastKeyed is addLastGrouped that writes each outcome's sort key
// into keys and counts its digits in count instead of grouping it.
func addLastKeyed(u []float64, m int, w float64, vals []float64, keys []uint64, count *radixCounts) uint64 {
	r := len(vals)
	var top uint64
	for j := m - 1; j >= 0; j-- {
		x := u[j]
		dst, key := u[j*r:j*r+r], keys[j*r:j*r+r]
		for v, e := range vals {
			pr := roundPico((x + float64(w*e)) * 1e12) // float64(): no fused multiply-add
			dst[v] = pr / 1e12
			top = max(top, math.Float64bits(pr))
			pico := uint64(int64(pr))
			key[v] = pico<<indexBits | uint64(j*r+v)
			count[0][pico&digitMask]++
			count[1][(pico>>digitBits)&digitMask]++
			count[2][(pico>>(2*digitBits))&digitMask]++
			count[3][(pico>>(3*digitBits))&digitMask]++
		}
	}
	return top
}

// roundPico is math.Round of y, a utility in picounits: for 1 ≤ y < 2⁵²
// (every utility of at least 1e-12 in [0, 1]) it is Trunc(y + 0.5), which
// has no data-dependent branch: y + 0.5 is exact unless it crosses a power
// of two 2ᵏ, where both give 2ᵏ. Elsewhere it is round.
func roundPico(y float64) float64 {
	if y >= 1 && y < 1<<52 {
		return math.Trunc(y + 0.5)
	}
	return round(y)
}

// round is math.Round (half away from zero) through math.Trunc, which the
// compiler turns into one instruction where math.Round is a function call:
// the fractional part y − Trunc(y) is exact, and so is the correction.
func round(y float64) float64 {
	r := math.Trunc(y)
	if f := y - r; f >= 0.5 {
		r++
	} else if f <= -0.5 {
		r--
	}
	return r
}

// The radix sort of the keys: four digits of 10 bits cover the 40 bits of
// picounits.
const (
	digitBits = 10
	digitMask = 1<<digitBits - 1
	numDigits = picoBits / digitBits
)

// radixCounts holds, per digit, how many keys have each value of it.
type radixCounts [numDigits][1 << digitBits]uint32

// radixRank sorts keys made in index order by their picounits, stably, so
// by (utility, index), and writes the outcomes in that order into order.
// It is a least-significant-digit radix sort whose digit histograms the
// caller counted while making the keys; tmp is the other buffer, as long
// as keys; a digit every key shares is skipped, and the last pass writes
// order directly.
func radixRank(keys, tmp []uint64, count *radixCounts, order []Outcome) {
	n := uint32(len(keys))
	var passes [numDigits]int
	np := 0
	for d := range numDigits {
		shift := uint(indexBits + d*digitBits)
		if count[d][(keys[0]>>shift)&digitMask] != n {
			passes[np] = d
			np++
		}
	}
	for i, d := range passes[:np] {
		shift := uint(indexBits + d*digitBits)
		c := &count[d]
		var sum uint32
		for b, x := range c {
			c[b] = sum
			sum += x
		}
		if i == np-1 {
			for _, k := range keys {
				b := (k >> shift) & digitMask
				order[c[b]] = Outcome(k & indexMask)
				c[b]++
			}
			return
		}
		for _, k := range keys {
			b := (k >> shift) & digitMask
			tmp[c[b]] = k
			c[b]++
		}
		keys, tmp = tmp, keys
	}
	for r := range order { // every utility is the same
		order[r] = Outcome(r)
	}
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

// fillAdditive writes the additive utility p of every outcome into u,
// summing the issues' contributions in issue order, as u = ((0 + c₀) + c₁)
// + ….
func fillAdditive(s *Space, p Additive, u []float64) {
	expandSums(s, p, u, s.NumIssues())
}

// expandSums writes into u[:m] the sums of the contributions of the first
// k issues of every prefix of an outcome (m of them, indexed in the
// mixed-radix order of those issues) and returns m. It expands the sums of
// the first i issues into those of the first i+1 in place, from the back:
// about 1.5 writes per outcome instead of one per outcome and issue.
func expandSums(s *Space, p Additive, u []float64, k int) int {
	m := 1
	u[0] = 0
	for i := range k {
		w, vals, r := p.Weights[i], p.Values[i], int(s.radix[i])
		for j := m - 1; j >= 0; j-- {
			x := u[j]
			dst := u[j*r : j*r+r]
			for v, e := range vals {
				dst[v] = x + float64(w*e) // float64(): no fused multiply-add
			}
		}
		m *= r
	}
	return m
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
	t := &Utility{u: u, order: order, ranks: ranks}
	if len(order) > 0 {
		t.first, t.last = order[0], order[len(order)-1]
	}
	t.ranked.Store(true)
	return t
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
func (u *Utility) Max() float64 { return u.u[u.last] }

// Min returns the lowest utility of any outcome.
func (u *Utility) Min() float64 { return u.u[u.first] }

// Best returns an outcome of highest utility: of those, the one with the
// highest index.
func (u *Utility) Best() Outcome { return u.last }

// Ranked returns the outcomes sorted by ascending utility, ties by ascending
// outcome index; callers must not modify it.
func (u *Utility) Ranked() []Outcome {
	u.rank()
	return u.order
}

// Rank returns the position of o in Ranked.
func (u *Utility) Rank(o Outcome) int {
	u.rank()
	if !u.byValue {
		return int(u.ranks[o])
	}
	// Ranked is sorted by (utility, outcome): find o's pair.
	x := u.u[o]
	lo, hi := 0, len(u.order)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if p := u.order[m]; u.u[p] < x || u.u[p] == x && p < o {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// AtLeast returns the position in Ranked of the first outcome whose utility
// is at least target, or Len() if there is none. Together with Ranked it
// finds the least good outcome that still meets a target: the usual
// concession step of a time-dependent strategy.
func (u *Utility) AtLeast(target float64) int {
	u.rank()
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
	if !u.ranked.Load() {
		switch {
		case target <= 0: // every utility of a lazy table is at least 0
			return u.first, true
		case target > u.u[u.last]:
			return NoOutcome, false
		case target <= 1:
			return u.lowestInGroups(target)
		}
	}
	r := u.AtLeast(target)
	if r == len(u.order) {
		return NoOutcome, false
	}
	return u.order[r], true
}

// Distinct returns the distinct utility levels in ascending order.
func (u *Utility) Distinct() []float64 {
	u.rank()
	out := make([]float64, 0)
	for _, o := range u.order {
		v := u.u[o]
		if len(out) == 0 || v != out[len(out)-1] {
			out = append(out, v)
		}
	}
	return slices.Clip(out)
}
