package agents

import (
	"math"

	"github.com/parley-sim/parley/sim"
)

// maxBand bounds the number of outcomes a strategy scores with its opponent
// model when it picks, among the outcomes of a utility band, the one best
// for the opponent: the band's least good outcomes for the party come first.
// It keeps a turn's work bounded on outcome spaces of millions.
const maxBand = 512

// walker is the strategy of a party that has nothing to negotiate (no
// utility, or no outcome worth its reservation value): it walks away at
// its first turn.
type walker struct{}

func (walker) Propose(*sim.Turn) sim.Outcome             { return sim.NoOutcome }
func (walker) Respond(*sim.Turn, sim.Outcome) sim.Action { return sim.Walk }

var _ sim.Explainer = walker{}

// Explain says why the party walks away at once.
func (walker) Explain() string {
	return "walks away: no outcome is worth its reservation value"
}

// usable reports whether self describes a party that can negotiate: it has
// a utility over at least one outcome and some outcome is worth its
// reservation value.
func usable(self *sim.Self) bool {
	return self != nil && self.Utility != nil && self.Utility.Len() > 0 && self.Utility.Max() >= self.Reservation
}

// turnOf returns the round, the relative time clamped to [0, 1] and the
// offer history of a turn; a nil turn is round 0 at time 0 with no history.
func turnOf(t *sim.Turn) (round int, tm float64, h *sim.History) {
	if t == nil {
		return 0, 0, nil
	}
	return max(t.Round, 0), clampTime(t.Time), t.Offers
}

// inSpace reports whether o is an outcome of a space of n outcomes.
func inSpace(o sim.Outcome, n int) bool { return o >= 0 && int(o) < n }

// rangeOf returns the utility range a bidding strategy concedes over: hi
// is the best outcome's utility, lo the larger of the worst outcome's
// utility and the reservation value.
func rangeOf(self *sim.Self) (lo, hi float64) {
	u := self.Utility
	return max(u.Min(), self.Reservation), u.Max()
}

// sessionDiscount is the discount factor over the whole session, δ^(D+1)
// for a per-round factor δ and a deadline of D rounds, so that
// δ_s^t = δ^(r+1) at the relative time t = (r+1)/(D+1) of round r. The
// ANAC agents were written for GENIUS, which discounts by δ_s^t on a
// clock t ∈ [0, 1]; this is the same factor on parley's clock.
func sessionDiscount(self *sim.Self) float64 {
	d := self.Discount
	if !(d > 0 && d < 1) {
		return 1
	}
	return math.Pow(d, float64(self.Deadline+1))
}

// lowestAtLeast returns the outcome of lowest utility that is at least
// target, ties to the lowest index, or the best outcome if none is.
func lowestAtLeast(u *sim.Utility, target float64) sim.Outcome {
	if o, ok := u.Lowest(target); ok {
		return o
	}
	return u.Best()
}

// bestInBand returns, among the outcomes whose utility lies in [lo, hi],
// the one the opponent model m rates highest; ties, and the order in which
// at most maxBand outcomes are scored, go from the lowest utility for the
// party up, then by outcome index. With a nil model, or when no outcome
// lies in the band, it returns the outcome of lowest utility at least lo
// (the best outcome if there is none).
func bestInBand(u *sim.Utility, m opponentModel, lo, hi float64) sim.Outcome {
	ranked := u.Ranked()
	k := u.AtLeast(lo)
	if k == len(ranked) {
		return u.Best()
	}
	best := ranked[k]
	if m == nil {
		return best
	}
	bestV := math.Inf(-1)
	for j := k; j < len(ranked) && j-k < maxBand; j++ {
		o := ranked[j]
		if u.Of(o) > hi {
			break
		}
		if v := m.utility(o); v > bestV {
			best, bestV = o, v
		}
	}
	return best
}

// oppFeed reads, from an offer history, the offers made by the opponent,
// each exactly once, in order.
type oppFeed struct {
	opp  int32 // the opponent's index
	seen int   // offers of the history already read
}

// next returns the next unread offer of the opponent, if any. A history
// shorter than what was read before is a new one: reading starts over.
func (f *oppFeed) next(h *sim.History) (sim.Offer, bool) {
	if h == nil {
		return sim.Offer{}, false
	}
	n := h.Len()
	if f.seen > n {
		f.seen = 0
	}
	for f.seen < n {
		o := h.At(f.seen)
		f.seen++
		if o.By == f.opp {
			return o, true
		}
	}
	return sim.Offer{}, false
}

// bitset is a set of small non-negative integers (outcomes).
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

// add adds i and reports whether it was absent.
func (b bitset) add(i int) bool {
	w, m := i>>6, uint64(1)<<(uint(i)&63)
	if w >= len(b) || b[w]&m != 0 {
		return false
	}
	b[w] |= m
	return true
}

// maxKept bounds the distinct received offers an agent keeps sorted by its
// own utility (AgentK's re-offers, Atlas3's list of the opponent's bids):
// beyond it only the best are kept.
const maxKept = 1024

// keptOffers holds distinct outcomes received from the opponent, sorted by
// the party's utility, best first (ties to the lower index), at most
// maxKept of them: when full, a new outcome displaces the worst one if it
// is better. The storage is allocated once.
type keptOffers struct {
	u    *sim.Utility
	seen bitset
	list []sim.Outcome
}

func newKeptOffers(u *sim.Utility, capacity int) keptOffers {
	return keptOffers{u: u, seen: newBitset(u.Len()), list: make([]sim.Outcome, 0, max(1, min(capacity, maxKept)))}
}

// add inserts o if it was never added before.
func (k *keptOffers) add(o sim.Outcome) {
	if !k.seen.add(int(o)) {
		return
	}
	uo := k.u.Of(o)
	better := func(a sim.Outcome) bool { // whether o goes before a
		ua := k.u.Of(a)
		return uo > ua || (uo == ua && o < a)
	}
	if len(k.list) == cap(k.list) {
		if !better(k.list[len(k.list)-1]) {
			return
		}
		k.list = k.list[:len(k.list)-1]
	}
	i := len(k.list)
	for i > 0 && better(k.list[i-1]) {
		i--
	}
	k.list = append(k.list, 0)
	copy(k.list[i+1:], k.list[i:])
	k.list[i] = o
}

// above returns how many kept outcomes have utility strictly above x: they
// are the first ones of the list.
func (k *keptOffers) above(x float64) int {
	lo, hi := 0, len(k.list)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if k.u.Of(k.list[m]) > x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// draw returns a uniform draw in [0, 1) from the party's stream, or
// 0.5 when the party has none (a strategy built by hand in a test).
func draw(self *sim.Self) float64 {
	if self.Rand == nil {
		return 0.5
	}
	return self.Rand.Float64()
}

// drawN returns a uniform integer in [0, n), n ≥ 1, from the party's
// stream, or 0 when the party has none.
func drawN(self *sim.Self, n int) int {
	if self.Rand == nil || n <= 1 {
		return 0
	}
	return self.Rand.IntN(n)
}
