package classroom

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/parley-sim/parley/sim"
)

// loadStudents is the size of the class of the load benchmark.
const loadStudents = 200

// BenchmarkClassLoad plays a class of 200 simulated students over
// loopback HTTP, each against an agent at the same time, through the same
// routes as the seat's page: it polls its state, and answers every
// question by POST /api/seat/move (counter-offers with its best outcome
// until round 5, then accepts). It reports the latency of a move (the
// POST, which answers once the negotiation has moved on), of a turn (from
// the POST until the student sees its next question or the end, the
// agent's answer included) as 50th and 99th percentiles in milliseconds,
// and checks that no move is lost: every move the server took is in the
// engine's trace of its negotiation, once.
//
// "burst": students answer at once, as fast as the machine goes (the
// worst case); "paced": they think 0.2–1 s before each move, as a class
// does. Run it with
//
//	go test -run '^$' -bench ClassLoad -benchtime 1x ./cmd/parley/internal/classroom/
func BenchmarkClassLoad(b *testing.B) {
	for _, bc := range []struct {
		name     string
		min, max time.Duration
	}{{"burst", 0, 0}, {"paced", 200 * time.Millisecond, time.Second}} {
		b.Run(bc.name, func(b *testing.B) {
			var moves, turns []time.Duration
			for range b.N {
				m, t := playLoadClass(b, bc.min, bc.max)
				moves, turns = append(moves, m...), append(turns, t...)
			}
			slices.Sort(moves)
			slices.Sort(turns)
			b.ReportMetric(ms(quantile(moves, 0.5)), "move-p50-ms")
			b.ReportMetric(ms(quantile(moves, 0.99)), "move-p99-ms")
			b.ReportMetric(ms(quantile(turns, 0.99)), "turn-p99-ms")
			b.ReportMetric(float64(len(moves))/float64(b.N), "moves/class")
			b.Logf("%d students, %d moves: move p50 %v, p99 %v, max %v; turn p50 %v, p99 %v",
				loadStudents, len(moves), quantile(moves, 0.5), quantile(moves, 0.99), moves[len(moves)-1],
				quantile(turns, 0.5), quantile(turns, 0.99))
		})
	}
}

// playLoadClass plays one round of play of a fresh class of loadStudents
// students against agents, and returns the latencies of their moves and
// turns. It fails the benchmark if a move is refused or lost.
func playLoadClass(b *testing.B, minThink, maxThink time.Duration) (moves, turns []time.Duration) {
	b.StopTimer()
	// A student here moves faster than any person: lift the per-seat rate
	// limit, which the handler tests check on their own.
	c, srv := testClass(b, Config{Rate: 10000, MaxSeats: loadStudents, Absent: time.Hour})
	transport := &http.Transport{MaxIdleConnsPerHost: loadStudents + 10}
	defer transport.CloseIdleConnections()
	students := make([]*client, loadStudents)
	for i := range students {
		students[i] = join(b, c, srv, fmt.Sprint("s", i+1), 0)
		students[i].hc.Transport = transport
	}
	ins := instructor(b, c, srv)
	ins.hc.Transport = transport
	b.StartTimer()
	ins.start(Settings{Mode: ModeAgent, NoFacilitator: true})

	var (
		mu    sync.Mutex
		taken = map[int]int{} // moves the server took, by seat
		wg    sync.WaitGroup
	)
	for i, st := range students {
		rng := rand.New(rand.NewPCG(uint64(i), 1))
		wg.Go(func() {
			m, t, n := st.loadPlay(rng, minThink, maxThink)
			mu.Lock()
			defer mu.Unlock()
			moves, turns = append(moves, m...), append(turns, t...)
			taken[n.seat] = n.moves
		})
	}
	wg.Wait()
	b.StopTimer()
	if b.Failed() {
		return nil, nil
	}

	// No move lost: the engine's trace holds, for every seat, as many
	// moves as the server took (a counter-offer is a reject and an offer).
	c.mu.Lock()
	defer c.mu.Unlock()
	played := 0
	for _, p := range c.pairings {
		for side, st := range p.seats {
			if st == nil {
				continue
			}
			played++
			if p.res == nil {
				b.Errorf("seat %d: pairing %d has no result (%v)", st.num, p.num, p.state)
				continue
			}
			n := 0
			for _, e := range p.res.Trace {
				if e.Actor == side && (e.Kind == sim.EventOffer || e.Kind == sim.EventAccept || e.Kind == sim.EventWalk) {
					n++
				}
			}
			if n != taken[st.num] {
				b.Errorf("seat %d: the server took %d moves, the engine's trace holds %d", st.num, taken[st.num], n)
			}
		}
	}
	if played != loadStudents {
		b.Errorf("%d students played, want %d", played, loadStudents)
	}
	return moves, turns
}

// loadResult is what a simulated student counts: its seat and the moves
// the server took.
type loadResult struct{ seat, moves int }

// loadPlay plays the client's seat to the end of its negotiation as the
// load benchmark's students do, and returns the latencies of its moves
// and turns.
func (cl *client) loadPlay(rng *rand.Rand, minThink, maxThink time.Duration) (moves, turns []time.Duration, res loadResult) {
	v := cl.turn()
	res.seat = v.Seat
	for range 100 {
		p := v.Pairing
		if p.Result != nil || v.Status == "stopped" {
			return moves, turns, res
		}
		if maxThink > 0 {
			time.Sleep(minThink + time.Duration(rng.Int64N(int64(maxThink-minThink))))
		}
		pr := p.Prompt
		m := map[string]any{"prompt": pr.ID, "action": "offer", "offer": p.Best}
		if pr.Kind == "respond" {
			m["action"] = "counter"
			if p.Round >= 5 {
				m = map[string]any{"prompt": pr.ID, "action": "accept"}
			}
		}
		start := time.Now()
		code, b := cl.post("/api/seat/move", m)
		moves = append(moves, time.Since(start))
		if code != http.StatusOK {
			cl.fatalf("seat %d: move %v: %d %s", res.seat, m, code, b)
		}
		res.moves++
		// The turn ends when the student sees its next question or the
		// end of its negotiation: in the move's answer, or in its state
		// a little later (the page would hear of it by its event stream).
		v = new(seatView)
		if err := json.Unmarshal(b, v); err != nil {
			cl.fatalf("seat %d: move's answer: %v", res.seat, err)
		}
		for !turnOver(v, pr.ID) {
			time.Sleep(5 * time.Millisecond)
			v = cl.state()
		}
		turns = append(turns, time.Since(start))
	}
	cl.fatalf("seat %d: the negotiation did not end in 100 moves", res.seat)
	return nil, nil, res
}

// turnOver reports whether the seat's state v shows a question other
// than the one answered, or the end of its negotiation.
func turnOver(v *seatView, answered uint64) bool {
	q := v.Pairing
	return v.Status == "stopped" || q != nil && (q.Result != nil || q.Prompt != nil && q.Prompt.ID != answered)
}

// quantile returns the q-quantile of sorted durations (nearest rank).
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted)) + 0.5)
	return sorted[min(max(i-1, 0), len(sorted)-1)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
