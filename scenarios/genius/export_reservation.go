package genius

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/parley-sim/parley/scenarios/internal/numtext"
	"github.com/parley-sim/parley/sim"
)

// A GeniusWeb profile has no reservation value: it names a reservation
// bid, and the reservation value is that bid's utility, an issue the bid
// leaves out counting 0. This file finds such a bid for a party's
// reservation value.

// maxBidStates bounds the partial sums the search for a partial
// reservation bid keeps per issue.
const maxBidStates = 1 << 18

// reservationBid returns a bid worth party p's reservation value r (within
// 1e-12, as this package computes a bid's utility): the complete bid of
// lowest outcome index if there is one, else a partial bid. It reports a
// failure, with the nearest utilities of complete bids, and returns nil
// when no bid is worth r. pr holds the weights and evaluations the files
// state.
func (x *exporter) reservationBid(p int, pr *Profile) []int {
	pa := x.n.Parties[p]
	r := pa.Reservation
	w, ev := pr.Weights, pr.Evals
	worth := func(bid []int) bool {
		return math.Abs(x.d.utility(w, ev, bid, false)-r) <= 1e-12
	}
	space := x.n.Space
	idx := make([]int, space.NumIssues())
	u := pa.Utility.Values()
	below, above := math.Inf(-1), math.Inf(1)
	for o, v := range u {
		if math.Abs(v-r) <= 1e-9 && worth(space.Decode(sim.Outcome(o), idx)) {
			return slices.Clone(idx)
		}
		if v < r {
			below = max(below, v)
		} else {
			above = min(above, v)
		}
	}
	if bid := partialBid(w, ev, r, worth); bid != nil {
		var left []string
		for i, j := range bid {
			if j < 0 {
				left = append(left, space.Issues()[i].ID)
			}
		}
		x.warn("party %s: no outcome is worth its reservation value %s, so the reservation bid is partial: it leaves out %s, which GeniusWeb counts as 0 (importing the files warns of it)",
			pa.ID, numtext.Shortest(r), strings.Join(left, ", "))
		return bid
	}
	var near []string
	for _, v := range []float64{below, above} {
		if !math.IsInf(v, 0) {
			near = append(near, numtext.Shortest(v))
		}
	}
	x.fail("parties."+pa.ID+".reservation", fmt.Sprintf("no bid, complete or partial, is worth the reservation value %s (the nearest outcomes are worth %s): a GeniusWeb profile states its reservation value as the utility of a reservation bid; set the reservation to the utility of a bid, or export to GENIUS XML, which states reservation values as numbers",
		numtext.Shortest(r), strings.Join(near, " and ")))
	return nil
}

// partialBid searches for a bid leaving at least one issue out, worth r:
// a subset sum over the issues, each contributing nothing or the weighted
// evaluation of one of its values, on sums rounded to 1e-12. Candidates
// are confirmed with worth, which computes the utility as the readers do.
// It returns nil when there is none, or when the sums to keep exceed
// maxBidStates.
func partialBid(w []float64, ev [][]float64, r float64, worth func([]int) bool) []int {
	pico := func(v float64) int64 { return int64(math.Round(v * 1e12)) }
	target := pico(r)
	slack := int64(len(w)) + 1 // rounding of each term
	type back struct {
		prev int64 // the key before this issue
		j    int   // value index, -1 for left out
	}
	// A key is a partial sum in units of 1e-12, doubled, plus 1 once an
	// issue has been left out: a sum reached both ways keeps both.
	layers := make([]map[int64]back, len(w)+1)
	layers[0] = map[int64]back{0: {}}
	for i := range w {
		next := make(map[int64]back, 2*len(layers[i]))
		keys := make([]int64, 0, len(layers[i]))
		for k := range layers[i] {
			keys = append(keys, k)
		}
		slices.Sort(keys) // deterministic choice among equal sums
		add := func(k int64, b back) {
			if _, ok := next[k]; !ok {
				next[k] = b
			}
		}
		for _, k := range keys {
			s := k >> 1
			add(s<<1|1, back{prev: k, j: -1})
			for j, e := range ev[i] {
				if t := s + pico(w[i]*e); t <= target+slack {
					add(t<<1|k&1, back{prev: k, j: j})
				}
			}
		}
		if len(next) > maxBidStates {
			return nil
		}
		layers[i+1] = next
	}
	last := layers[len(w)]
	for s := target - slack; s <= target+slack; s++ {
		k := s<<1 | 1
		if _, ok := last[k]; !ok {
			continue
		}
		bid := make([]int, len(w))
		for i := len(w); i > 0; i-- {
			b := layers[i][k]
			bid[i-1], k = b.j, b.prev
		}
		if worth(bid) {
			return bid
		}
	}
	return nil
}
