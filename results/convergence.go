package results

import (
	"encoding/csv"
	"io"
	"math"
	"runtime"
	"strconv"
	"sync"

	"github.com/parley-sim/parley/results/chart"
	"github.com/parley-sim/parley/sim"
)

// Convergence resolution and memory bounds.
const (
	// ConvergenceResolution is the number of steps into which the
	// convergence quantiles divide the utility scale: utilities are
	// rounded to the nearest 1/ConvergenceResolution before counting.
	ConvergenceResolution = 1000
	// MaxConvergenceRounds bounds the rounds the convergence table keeps:
	// with a longer deadline it keeps every s-th round, s =
	// ⌈deadline/MaxConvergenceRounds⌉.
	MaxConvergenceRounds = 1000
)

// numConvSeries is the number of convergence series: viewer × offerer.
const numConvSeries = 2 * chart.NumOfferers

// convCell counts, for one round and one series, how many runs had each
// rounded utility.
type convCell [ConvergenceResolution + 1]uint32

// convState is one worker's counts.
type convState struct {
	rounds [][numConvSeries]*convCell // by sampled round
	runs   int                        // runs observed
}

// cell returns the counts of series s in sampled round k, allocating them.
func (w *convState) cell(k, s int) *convCell {
	for len(w.rounds) <= k {
		w.rounds = append(w.rounds, [numConvSeries]*convCell{})
	}
	c := w.rounds[k][s]
	if c == nil {
		c = new(convCell)
		w.rounds[k][s] = c
	}
	return c
}

// convergence gathers, from every run of a batch, each party's utility of
// the latest offer of each offerer at the end of every round, in bounded
// memory: one histogram per round, series and worker, merged by summing.
type convergence struct {
	n      *sim.Negotiation
	stride int // rounds kept: 0, stride, 2·stride, …
	util   [2][]float64
	states []convState // one per worker
	mu     sync.Mutex  // guards extra
	extra  convState   // for worker numbers beyond len(states)
}

func newConvergence(n *sim.Negotiation, workers int) *convergence {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	deadline := max(n.Protocol.Deadline, 1)
	return &convergence{
		n:      n,
		stride: (deadline + MaxConvergenceRounds - 1) / MaxConvergenceRounds,
		util:   [2][]float64{n.Parties[0].Utility.Values(), n.Parties[1].Utility.Values()},
		states: make([]convState, min(workers, 1024)),
	}
}

// observe records one run: it is the body of Recorder.Observer.
func (c *convergence) observe(worker int, n *sim.Negotiation, res *sim.Result, offers *sim.History) {
	if res == nil || offers == nil {
		return
	}
	util := c.util
	if n != nil { // the run's own utilities, when runs play negotiations of their own
		util = [2][]float64{n.Parties[0].Utility.Values(), n.Parties[1].Utility.Values()}
	}
	if worker >= 0 && worker < len(c.states) {
		c.record(&c.states[worker], util, res, offers)
		return
	}
	c.mu.Lock()
	c.record(&c.extra, util, res, offers)
	c.mu.Unlock()
}

// offererSlot maps an offer's author to its series: 0, 1, or the third
// offerer for offers of no party.
func offererSlot(by int32) int {
	if by == 0 || by == 1 {
		return int(by)
	}
	return chart.ThirdOfferer
}

// utilityBin rounds a utility to its histogram bin.
func utilityBin(u float64) int {
	switch {
	case !(u > 0): // also NaN
		return 0
	case u >= 1:
		return ConvergenceResolution
	}
	return int(math.Round(u * ConvergenceResolution))
}

func (c *convergence) record(w *convState, util [2][]float64, res *sim.Result, offers *sim.History) {
	w.runs++
	size := sim.Outcome(len(util[0]))
	hist := offers.All()
	end := res.Round
	if end < 0 {
		return
	}
	agreed := res.Agreed() && res.Agreement >= 0 && res.Agreement < size
	latest := [chart.NumOfferers]sim.Outcome{sim.NoOutcome, sim.NoOutcome, sim.NoOutcome}
	k := 0
	for r := 0; r <= end; r++ {
		for k < len(hist) && int(hist[k].Round) <= r {
			if o := hist[k].Outcome; o >= 0 && o < size {
				latest[offererSlot(hist[k].By)] = o
			}
			k++
		}
		if r%c.stride != 0 {
			continue
		}
		table := latest
		switch {
		case r == end && agreed && res.Mediation.Mediated:
			// The facilitator's text, which the parties accepted: its
			// own word, not an offer of either party.
			table[chart.ThirdOfferer] = res.Agreement
		case r == end && agreed:
			// The agreement is the latest word of everyone who spoke.
			for j := range table {
				if table[j] != sim.NoOutcome {
					table[j] = res.Agreement
				}
			}
		}
		for j, o := range table {
			if o == sim.NoOutcome {
				continue
			}
			for i := range 2 {
				w.cell(r/c.stride, i*chart.NumOfferers+j)[utilityBin(util[i][o])]++
			}
		}
	}
}

// convProbs are the quantiles of convergence.csv.
var convProbs = [3]float64{0.1, 0.5, 0.9}

// rows merges the workers' counts and returns the table, and the number
// of runs observed.
func (c *convergence) rows() ([]chart.ConvergenceRow, int) {
	states := append(c.states[:len(c.states):len(c.states)], c.extra)
	runs, rounds := 0, 0
	for _, w := range states {
		runs += w.runs
		rounds = max(rounds, len(w.rounds))
	}
	var out []chart.ConvergenceRow
	var sum convCell
	for k := range rounds {
		for s := range numConvSeries {
			clear(sum[:])
			n := 0
			for _, w := range states {
				if k >= len(w.rounds) || w.rounds[k][s] == nil {
					continue
				}
				for b, x := range w.rounds[k][s] {
					sum[b] += x
					n += int(x)
				}
			}
			if n == 0 {
				continue
			}
			row := chart.ConvergenceRow{Round: k * c.stride, Party: s / chart.NumOfferers, OfferBy: s % chart.NumOfferers, N: n}
			for q, p := range convProbs {
				row.Q[q] = histQuantile(&sum, n, p)
			}
			out = append(out, row)
		}
	}
	return out, runs
}

// histQuantile returns the p-quantile of n counted values, by linear
// interpolation between order statistics (R's type 7, numpy's default),
// rounded to 1e-9.
func histQuantile(h *convCell, n int, p float64) float64 {
	hpos := float64(n-1) * p
	lo := int(math.Floor(hpos))
	x0 := histOrderStat(h, lo)
	x := x0
	if f := hpos - float64(lo); f > 0 && lo+1 < n {
		x += f * (histOrderStat(h, lo+1) - x0)
	}
	return math.Round(x*1e9) / 1e9
}

// histOrderStat returns the k-th smallest value (from 0) of a histogram.
func histOrderStat(h *convCell, k int) float64 {
	seen := 0
	for b, x := range h {
		seen += int(x)
		if seen > k {
			return float64(b) / ConvergenceResolution
		}
	}
	return 1
}

// convergenceHeader returns the header of convergence.csv.
var convergenceHeader = []string{"round", "party", "offer_by", "n", "q10", "q50", "q90"}

// offererName returns the name of an offerer in convergence.csv.
func offererName(cols *columns, j int) string {
	if j == chart.ThirdOfferer {
		return protocolActor
	}
	return cols.party[j]
}

// writeConvergence writes convergence.csv.
func writeConvergence(w io.Writer, cols *columns, rows []chart.ConvergenceRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(convergenceHeader); err != nil {
		return err
	}
	for _, r := range rows {
		rec := []string{strconv.Itoa(r.Round), cols.party[r.Party], offererName(cols, r.OfferBy), strconv.Itoa(r.N),
			formatFloat(r.Q[0]), formatFloat(r.Q[1]), formatFloat(r.Q[2])}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// readConvergence reads convergence.csv.
func readConvergence(rd io.Reader, cols *columns, lim limits) ([]chart.ConvergenceRow, error) {
	t, err := newTable(ConvergenceFile, rd, convergenceHeader)
	if err != nil {
		return nil, err
	}
	var out []chart.ConvergenceRow
	for {
		ok, err := t.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return out, nil
		}
		var r chart.ConvergenceRow
		if r.Round, err = t.intIn("round", -1, 0, lim.deadline-1, "the rounds before the deadline"); err != nil {
			return nil, err
		}
		if r.Party, err = t.party("party", cols); err != nil {
			return nil, err
		}
		r.OfferBy = chart.ThirdOfferer
		if t.str("offer_by") != protocolActor {
			if r.OfferBy, err = t.party("offer_by", cols); err != nil {
				return nil, err
			}
		}
		if r.N, err = t.intIn("n", -1, 1, lim.runs, "the runs of the manifest"); err != nil {
			return nil, err
		}
		for q, c := range []string{"q10", "q50", "q90"} {
			if r.Q[q], err = t.float(c); err != nil {
				return nil, err
			}
		}
		if r.Round < 0 || r.Party < 0 || r.OfferBy < 0 || r.N < 1 {
			return nil, t.errorf("round, party, offer_by or n missing or out of range")
		}
		// One row per round, party and offerer (a party or the protocol).
		if len(out) == 6*lim.deadline {
			return nil, t.errorf("more rows than %d, three offerers for each party and round", 6*lim.deadline)
		}
		out = append(out, r)
	}
}
