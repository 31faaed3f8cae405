package classroom

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parley-sim/parley/results"
	"github.com/parley-sim/parley/results/report"
)

// firstTurn starts a round of play of one student against an agent and
// returns the student at its first decision.
func firstTurn(t *testing.T, cfg Config) (*Class, *client, *client, *seatView) {
	t.Helper()
	c, srv := testClass(t, cfg)
	ins := instructor(t, c, srv)
	s := join(t, c, srv, "Ann", 0)
	ins.start(Settings{Mode: ModeAgent, Side: "grocer"})
	return c, ins, s, s.turn()
}

func TestMoveChecks(t *testing.T) {
	_, _, s, v := firstTurn(t, Config{})
	pr := v.Pairing.Prompt
	if pr == nil || pr.Kind != "respond" {
		t.Fatalf("the grocer's first decision: %+v (the farmer opens)", v.Pairing)
	}
	tests := []struct {
		name string
		body any
		raw  string
		want int
		says string
	}{
		{"earlier question", map[string]any{"prompt": pr.ID - 1, "action": "accept"}, "", http.StatusConflict, "earlier question"},
		{"not a move here", map[string]any{"prompt": pr.ID, "action": "offer", "offer": []int{0, 0, 0}}, "", http.StatusUnprocessableEntity, "not a move here"},
		{"vote without a ballot", map[string]any{"prompt": pr.ID, "action": "yes"}, "", http.StatusUnprocessableEntity, "not a move here"},
		{"too few options", map[string]any{"prompt": pr.ID, "action": "counter", "offer": []int{0, 0}}, "", http.StatusUnprocessableEntity, "each of the 3 issues"},
		{"option out of range", map[string]any{"prompt": pr.ID, "action": "counter", "offer": []int{0, 3, 0}}, "", http.StatusUnprocessableEntity, "options 0 to 2, not 3"},
		{"negative option", map[string]any{"prompt": pr.ID, "action": "counter", "offer": []int{-1, 0, 0}}, "", http.StatusUnprocessableEntity, "not -1"},
		{"offer with an accept", map[string]any{"prompt": pr.ID, "action": "accept", "offer": []int{0, 0, 0}}, "", http.StatusUnprocessableEntity, "takes no offer"},
		{"unknown field", nil, `{"prompt": 1, "action": "accept", "secret": true}`, http.StatusBadRequest, "unknown field"},
		{"two values", nil, `{"prompt": 1, "action": "accept"} {}`, http.StatusBadRequest, "more than one"},
		{"body too large", nil, `{"action": "` + strings.Repeat("x", maxBody) + `"}`, http.StatusBadRequest, "too large"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var code int
			var b []byte
			if tc.raw != "" {
				code, b, _ = s.do("POST", "/api/seat/move", strings.NewReader(tc.raw), map[string]string{"X-CSRF-Token": s.csrf})
			} else {
				code, b = s.post("/api/seat/move", tc.body)
			}
			if code != tc.want || !bytes.Contains(b, []byte(tc.says)) {
				t.Errorf("status %d %s; want %d saying %q", code, b, tc.want, tc.says)
			}
		})
	}
	// Nothing was played: the same question waits.
	if w := s.state(); w.Pairing.Prompt == nil || w.Pairing.Prompt.ID != pr.ID {
		t.Fatalf("after refused moves the question changed: %+v", w.Pairing.Prompt)
	}
	// Without the CSRF token, or from another site, nothing is taken.
	tok := s.csrf
	s.csrf = "nope"
	if code, _ := s.post("/api/seat/move", map[string]any{"prompt": pr.ID, "action": "accept"}); code != http.StatusForbidden {
		t.Errorf("move without the CSRF token: %d", code)
	}
	s.csrf = tok
	code, _, _ := s.do("POST", "/api/seat/move", strings.NewReader(`{"prompt": 1, "action": "walk"}`), map[string]string{"X-CSRF-Token": tok, "Origin": "http://evil.example"})
	if code != http.StatusForbidden {
		t.Errorf("cross-origin move: %d", code)
	}
	// A move for a seat needs its cookie.
	anon := &client{t: t, base: s.base, hc: &http.Client{}, csrf: tok}
	if code, _ := anon.post("/api/seat/move", map[string]any{"prompt": pr.ID, "action": "accept"}); code != http.StatusUnauthorized {
		t.Errorf("move without the seat's cookie: %d", code)
	}
	// The answer is taken once.
	if code, b := s.post("/api/seat/move", map[string]any{"prompt": pr.ID, "action": "counter", "offer": v.Pairing.Best}); code != http.StatusOK {
		t.Fatalf("counter-offer: %d %s", code, b)
	}
	if code, _ := s.post("/api/seat/move", map[string]any{"prompt": pr.ID, "action": "counter", "offer": v.Pairing.Best}); code != http.StatusConflict {
		t.Errorf("the same answer twice: %d", code)
	}
}

// TestViewVersions checks what the pages rely on to draw only the latest
// state when a move's answer and the event stream race: a later state of
// the class has a greater version than the view a move returns.
func TestViewVersions(t *testing.T) {
	_, _, s, v := firstTurn(t, Config{})
	code, b := s.post("/api/seat/move", map[string]any{"prompt": v.Pairing.Prompt.ID, "action": "counter", "offer": v.Pairing.Best})
	if code != http.StatusOK {
		t.Fatalf("counter-offer: %d %s", code, b)
	}
	var moved seatView
	if err := json.Unmarshal(b, &moved); err != nil {
		t.Fatal(err)
	}
	next := s.turn()
	if moved.Version <= v.Version {
		t.Errorf("the move's view has version %d, not after the question's %d", moved.Version, v.Version)
	}
	// The move's answer may already show the next question; if not, the
	// view that does must be newer.
	same := moved.Pairing.Prompt != nil && next.Pairing.Prompt != nil && moved.Pairing.Prompt.ID == next.Pairing.Prompt.ID
	if !same && next.Version <= moved.Version {
		t.Errorf("the next question's view has version %d, not after the move's %d: a page would drop it", next.Version, moved.Version)
	}
}

func TestSeatRateLimit(t *testing.T) {
	_, _, s, _ := firstTurn(t, Config{Rate: 2})
	limited := false
	for range 10 {
		code, _, h := s.do("GET", "/api/seat/value?offer=0,0,0", nil, nil)
		if code == http.StatusTooManyRequests {
			limited = h.Get("Retry-After") != ""
			break
		}
	}
	if !limited {
		t.Error("10 quick requests at 2 a second were not limited with a Retry-After")
	}
}

func TestValue(t *testing.T) {
	c, _, s, _ := firstTurn(t, Config{})
	code, b := s.get("/api/seat/value?offer=1,2,0")
	if code != http.StatusOK {
		t.Fatalf("value: %d %s", code, b)
	}
	var v valueView
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	c.mu.Lock()
	n := c.pairings[0].n
	c.mu.Unlock()
	u, sp := n.Parties[1].Utility, n.Space // the grocer
	o := sp.Encode([]int{1, 2, 0})
	if v.Utility != u.Of(o) {
		t.Errorf("utility %v, want the grocer's %v", v.Utility, u.Of(o))
	}
	for i := range 3 {
		for j := range v.Options[i] {
			if want := u.Of(sp.Neighbour(o, i, j)); v.Options[i][j] != want {
				t.Errorf("issue %d option %d: %v, want %v", i, j, v.Options[i][j], want)
			}
		}
	}
	for _, bad := range []string{"1,2", "1,2,x", "1,2,9", ""} {
		if code, _ := s.get("/api/seat/value?offer=" + bad); code < 400 {
			t.Errorf("value of %q: %d", bad, code)
		}
	}
}

func TestAsk(t *testing.T) {
	_, _, s, v := firstTurn(t, Config{})
	if !v.Pairing.Facilitator || v.Pairing.Consent != "both" {
		t.Fatalf("no facilitator in the market: %+v", v.Pairing)
	}
	if code, b := s.post("/api/seat/ask", map[string]bool{"ask": true}); code != http.StatusOK || !bytes.Contains(b, []byte(`"ask_pending":true`)) {
		t.Fatalf("ask: %d %s", code, b)
	}
	// Made at the end of the round: the seat answers, then its request
	// stands.
	pr := v.Pairing.Prompt
	if code, b := s.post("/api/seat/move", map[string]any{"prompt": pr.ID, "action": "counter", "offer": v.Pairing.Best}); code != http.StatusOK {
		t.Fatalf("move: %d %s", code, b)
	}
	w := s.turn()
	if !w.Pairing.Asked || w.Pairing.AskPending {
		t.Errorf("after the round: asked %v, pending %v", w.Pairing.Asked, w.Pairing.AskPending)
	}
	if code, b := s.post("/api/seat/ask", map[string]bool{"ask": true}); code != http.StatusConflict || !bytes.Contains(b, []byte("stands")) {
		t.Errorf("asking twice: %d %s", code, b)
	}
}

func TestAskWithoutFacilitator(t *testing.T) {
	c, srv := testClass(t, Config{})
	ins := instructor(t, c, srv)
	s := join(t, c, srv, "", 0)
	ins.start(Settings{Mode: ModeAgent, NoFacilitator: true})
	v := s.turn()
	if v.Pairing.Facilitator {
		t.Fatal("the facilitator was switched off, yet the seat is offered one")
	}
	if code, _ := s.post("/api/seat/ask", map[string]bool{"ask": true}); code != http.StatusConflict {
		t.Errorf("ask without a facilitator: %d", code)
	}
	c.mu.Lock()
	folder := c.current.folder
	c.mu.Unlock()
	if folder != "market-no-facilitator" {
		t.Errorf("folder %q", folder)
	}
}

func TestPauseEndRevealExport(t *testing.T) {
	c, srv := testClass(t, Config{})
	theClass = c
	ins := instructor(t, c, srv)
	a := join(t, c, srv, "Ann", 0)
	b := join(t, c, srv, "Bo, the \"quick\"", 0)
	ins.start(Settings{Mode: ModeAgent})
	if code, _ := ins.post("/api/class/start", Settings{}); code != http.StatusConflict {
		t.Errorf("start during a round of play: %d", code)
	}
	// Pause: moves wait.
	if code, _ := ins.post("/api/class/pause", nil); code != http.StatusOK {
		t.Fatalf("pause: %d", code)
	}
	var va *seatView
	eventually(t, "Ann's first decision", func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		pl := a.seatOf().player
		return pl != nil && pl.prompt != nil
	})
	va = a.state()
	if va.Status != "paused" || va.Pairing.Prompt != nil {
		t.Errorf("paused seat: %s, prompt %+v", va.Status, va.Pairing.Prompt)
	}
	c.mu.Lock()
	id := a.seatOf().player.prompt.id
	c.mu.Unlock()
	if code, b := a.post("/api/seat/move", map[string]any{"prompt": id, "action": "walk"}); code != http.StatusConflict || !bytes.Contains(b, []byte("paused")) {
		t.Errorf("move while paused: %d %s", code, b)
	}
	if code, _ := ins.post("/api/class/pause", nil); code != http.StatusConflict {
		t.Errorf("pause twice: %d", code)
	}
	if code, _ := ins.post("/api/class/resume", nil); code != http.StatusOK {
		t.Fatalf("resume: %d", code)
	}
	// Ann plays to the end; Bo is still at it when the round ends.
	a.bot(0.5, -1)
	if code, _ := ins.post("/api/class/reveal", nil); code != http.StatusConflict {
		t.Errorf("reveal during play: %d", code)
	}
	if code, _ := ins.post("/api/class/end", nil); code != http.StatusOK {
		t.Fatalf("end: %d", code)
	}
	vb := b.state()
	if vb.Status != "stopped" {
		t.Errorf("Bo's unfinished negotiation: %s", vb.Status)
	}
	eventually(t, "the results written", func() bool { return len(ins.class().Saved) == 1 })
	dir := ins.class().Saved[0]
	// class.csv: Ann's row only.
	code, body := ins.get("/api/class/class.csv?game=market")
	if code != http.StatusOK {
		t.Fatalf("class.csv: %d %s", code, body)
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0][0] != "seat" || rows[0][3] != "pairing" || rows[1][1] != "Ann" {
		t.Fatalf("class.csv:\n%s", body)
	}
	disk, err := os.ReadFile(filepath.Join(dir, results.ClassFile))
	if err != nil || !bytes.Equal(disk, body) {
		t.Errorf("the download differs from %s: %v", filepath.Join(dir, results.ClassFile), err)
	}
	man, err := os.ReadFile(filepath.Join(dir, results.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	var m results.Manifest
	if err := json.Unmarshal(man, &m); err != nil {
		t.Fatal(err)
	}
	if m.Runs != 1 || !strings.Contains(strings.Join(m.Warnings, "\n"), "pairing 2 (run 1) is not in runs.csv: stopped before its end") {
		t.Errorf("manifest: %d runs, warnings %q", m.Runs, m.Warnings)
	}
	tr, err := os.ReadFile(filepath.Join(dir, results.TranscriptFile))
	if err != nil || !bytes.Contains(tr, []byte("=== Pairing 1: ")) {
		t.Errorf("transcript: %v\n%s", err, tr)
	}
	// parley report of the class's folder.
	var page bytes.Buffer
	if err := report.Write(&page, dir, report.Options{}); err != nil {
		t.Fatalf("report of the class's folder: %v", err)
	}
	// Reveal: the full summary, with the Nash point and the other side's
	// utilities in the history.
	if code, _ := ins.post("/api/class/reveal", nil); code != http.StatusOK {
		t.Fatalf("reveal: %d", code)
	}
	va = a.state()
	if r := va.Pairing.Result; r == nil || !r.Revealed || !strings.Contains(r.Summary, "Nash point") || r.Transcript == "" {
		t.Errorf("revealed result: %+v", va.Pairing.Result)
	}
	if len(va.Pairing.History) == 0 || va.Pairing.History[0].Theirs == nil {
		t.Errorf("revealed history without the other side's utilities: %+v", va.Pairing.History)
	}
	// Export again: nothing changed, nothing rewritten.
	st, _ := os.Stat(filepath.Join(dir, results.RunsFile))
	if code, _ := ins.post("/api/class/export", nil); code != http.StatusOK {
		t.Errorf("export: %d", code)
	}
	st2, _ := os.Stat(filepath.Join(dir, results.RunsFile))
	if !st.ModTime().Equal(st2.ModTime()) {
		t.Error("export rewrote an unchanged folder")
	}
	// A pairing's detail, for the instructor.
	code, body = ins.get("/api/class/pairing?n=1")
	var pv pairingView
	if code != http.StatusOK || json.Unmarshal(body, &pv) != nil || !strings.Contains(pv.Narration, "How it ended") || len(pv.Offers) == 0 {
		t.Errorf("pairing 1: %d %s", code, body)
	}
	if code, _ := ins.get("/api/class/pairing?n=9"); code != http.StatusNotFound {
		t.Errorf("pairing 9: %d", code)
	}
	// The next round of play pairs the seats again, with the next runs.
	ins.start(Settings{Mode: ModeStudents})
	c.mu.Lock()
	p := c.pairings[len(c.pairings)-1]
	c.mu.Unlock()
	if p.play != 2 || p.run != 2 || p.seats[0] == nil || p.seats[1] == nil {
		t.Errorf("second round of play: play %d, run %d, seats %v", p.play, p.run, p.seats)
	}
}

// seatOf returns the class's seat of a client, by the seat number in its
// page's cookie.
func (cl *client) seatOf() *seat {
	u, _ := http.NewRequest("GET", cl.base+"/", nil)
	for _, ck := range cl.hc.Jar.Cookies(u.URL) {
		if ck.Name == seatCookie {
			num, _, _ := strings.Cut(ck.Value, ".")
			k, _ := strconv.Atoi(num)
			return theClass.seats[k-1]
		}
	}
	return nil
}

func TestAbsentSeatTakenOver(t *testing.T) {
	c, _, s, v := firstTurn(t, Config{Absent: 300 * time.Millisecond})
	if v.Pairing.Prompt == nil {
		t.Fatal("no first decision")
	}
	// The student neither moves nor keeps a page open: an agent plays on.
	var w *seatView
	eventually(t, "an agent in the absent student's place", func() bool {
		w = s.state() // (each request counts as presence, so ask rarely)
		time.Sleep(400 * time.Millisecond)
		return w.Pairing.Result != nil
	})
	if !w.Pairing.Agent && w.Status != "finished" {
		t.Errorf("state %s, agent %v", w.Status, w.Pairing.Agent)
	}
	c.mu.Lock()
	p := c.pairings[0]
	took := p.players[1].agent != nil
	c.mu.Unlock()
	if !took {
		t.Error("the negotiation ended without the agent taking the absent seat")
	}
}

func TestWaitingPartner(t *testing.T) {
	c, srv := testClass(t, Config{Absent: 300 * time.Millisecond})
	ins := instructor(t, c, srv)
	a := join(t, c, srv, "Ann", 0)
	b := join(t, c, srv, "Bo", 0)
	lone := join(t, c, srv, "Cy", 0)
	ins.start(Settings{Mode: ModeStudents})
	// Before the first offer the history is an empty list, not null (the
	// seat's page walks it).
	if _, raw := a.get("/api/seat"); !bytes.Contains(raw, []byte(`"history":[]`)) {
		t.Errorf("the seat's state before any offer has no empty history: %s", raw)
	}
	c.mu.Lock()
	waiting := len(c.waiting)
	c.mu.Unlock()
	if waiting != 1 {
		t.Fatalf("%d waiting, want the odd one out", waiting)
	}
	// A late student pairs with the one waiting; with three, one waits
	// and an agent takes its partner's seat after the timeout.
	v := lone.state()
	if v.Status == "waiting" {
		eventually(t, "an agent as the partner", func() bool { return lone.state().Pairing != nil })
		v = lone.state()
	}
	if v.Pairing == nil {
		t.Fatalf("state %+v", v)
	}
	c.mu.Lock()
	agents := 0
	for _, p := range c.pairings {
		for i := range 2 {
			if p.seats[i] == nil {
				agents++
			}
		}
	}
	c.mu.Unlock()
	if agents != 1 || len(ins.class().Pairings) != 2 {
		t.Errorf("%d agents in %d pairings, want 1 in 2", agents, len(ins.class().Pairings))
	}
	_, _ = a, b
}

// readEvents reads server-sent events of kind from a stream until stop
// says enough; it returns their data. It may run in a goroutine of its
// own: it fails the test with cl.fatalf.
func readEvents(t *testing.T, cl *client, path, kind string, stop func(data []byte) bool) [][]byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", cl.base+path, nil)
	resp, err := cl.hc.Do(req)
	if err != nil {
		cl.fatalf("%v", err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		cl.fatalf("%s: content type %q", path, ct)
	}
	var out [][]byte
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	event := ""
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: ") && event == kind:
			d := []byte(strings.TrimPrefix(line, "data: "))
			out = append(out, d)
			if stop(d) {
				return out
			}
		}
	}
	if err := sc.Err(); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		t.Logf("%s: %v", path, err)
	}
	cl.fatalf("%s: the stream ended after %d events", path, len(out))
	return nil
}

func TestEvents(t *testing.T) {
	c, srv := testClass(t, Config{})
	ins := instructor(t, c, srv)
	s := join(t, c, srv, "Ann", 0)
	got := make(chan [][]byte, 1)
	go func() {
		var evs [][]byte
		defer func() { got <- evs }()
		evs = readEvents(t, s, "/api/seat/events", "state", func(d []byte) bool { return bytes.Contains(d, []byte(`"status":"your_turn"`)) })
	}()
	eventually(t, "the seat's stream", func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.seats[0].streams == 1
	})
	ins.start(Settings{Mode: ModeAgent})
	evs := <-got
	if len(evs) < 2 || !bytes.Contains(evs[0], []byte(`"status":"lobby"`)) {
		t.Errorf("seat events: %s", bytes.Join(evs, []byte("\n")))
	}
	dash := readEvents(t, ins, "/api/class/events", "class", func(d []byte) bool { return bytes.Contains(d, []byte(`"phase":"playing"`)) })
	if len(dash) == 0 {
		t.Error("no dashboard event")
	}
	// A seat may not open streams without end.
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	for range maxStreams {
		go func() {
			req, _ := http.NewRequestWithContext(ctx, "GET", s.base+"/api/seat/events", nil)
			if resp, err := s.hc.Do(req); err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
	eventually(t, "the streams open", func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.seats[0].streams == maxStreams
	})
	if code, _ := s.get("/api/seat/events"); code != http.StatusTooManyRequests {
		t.Errorf("stream %d of a seat: %d", maxStreams+1, code)
	}
}

// TestSeatSeesNoOpponentUtilities plays the market as the farmer, against
// an agent and against another student, and checks every byte the
// farmer's seat receives (states, events, move answers, draft values):
// none holds a number that is one of the grocer's utilities (or its
// reservation value) and none of the farmer's own, until the reveal.
func TestSeatSeesNoOpponentUtilities(t *testing.T) {
	for _, mode := range []string{ModeAgent, ModeStudents} {
		t.Run(mode, func(t *testing.T) {
			c, srv := testClass(t, Config{})
			ins := instructor(t, c, srv)
			farmer := join(t, c, srv, "F", 0)
			var grocer *client
			if mode == ModeStudents {
				grocer = join(t, c, srv, "G", 0)
			}
			s := Settings{Mode: mode}
			if mode == ModeAgent {
				s.Side = "farmer"
			}
			ins.start(s)
			// In pairs, who plays the farmer is drawn.
			if mode == ModeStudents && farmer.turnParty() != "Farmer" {
				farmer, grocer = grocer, farmer
			}
			rec := &recorder{client: farmer}
			farmer.hc.Transport = rec
			events := make(chan [][]byte, 1)
			go func() {
				var evs [][]byte
				defer func() { events <- evs }()
				evs = readEvents(t, farmer, "/api/seat/events", "state", func(d []byte) bool { return bytes.Contains(d, []byte(`"result":`)) })
			}()
			if grocer != nil {
				go grocer.bot(0.5, 1)
			}
			farmer.get("/api/seat/value?offer=1,1,1")
			farmer.bot(0.5, 1)
			received := append(rec.bodies, <-events...)
			c.mu.Lock()
			n := c.pairings[0].n
			c.mu.Unlock()
			own, theirs := n.Parties[0], n.Parties[1]
			if own.ID != "farmer" {
				t.Fatal("party 0 is not the farmer")
			}
			forbidden := map[float64]bool{theirs.Reservation: true}
			for o := range n.Space.Size() {
				forbidden[theirs.Utility.Of(sim_(o))] = true
			}
			allowed := []float64{own.Reservation, own.Discount, theirs.Discount}
			for o := range n.Space.Size() {
				allowed = append(allowed, own.Utility.Of(sim_(o)))
			}
			for x := range forbidden {
				for _, a := range allowed {
					if math.Abs(x-a) < 1e-9 {
						delete(forbidden, x)
					}
				}
			}
			if len(forbidden) < 30 {
				t.Fatalf("only %d of the grocer's numbers differ from the farmer's: the scenario cannot tell them apart", len(forbidden))
			}
			checked := 0
			for _, body := range received {
				for _, x := range numbers(body) {
					checked++
					for f := range forbidden {
						if math.Abs(x-f) < 1e-9 {
							t.Errorf("the farmer's seat received %v, one of the grocer's utilities, in:\n%s", x, body)
						}
					}
				}
				for _, key := range []string{`"theirs"`, `"u_grocer"`, `"perceived"`} {
					if bytes.Contains(body, []byte(key)) {
						t.Errorf("the farmer's seat received %s before the reveal:\n%s", key, body)
					}
				}
			}
			if checked < 100 {
				t.Errorf("only %d numbers checked", checked)
			}
		})
	}
}

// turnParty waits for the seat's pairing and returns its party's label.
func (cl *client) turnParty() string {
	var v *seatView
	eventually(cl.t, "a pairing", func() bool { v = cl.state(); return v.Pairing != nil })
	return v.Pairing.You
}

// recorder keeps every response body a client receives.
type recorder struct {
	client *client
	bodies [][]byte
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil || resp.Header.Get("Content-Type") == "text/event-stream" {
		return resp, err
	}
	b, err := readAllClose(resp)
	if err != nil {
		return nil, err
	}
	r.bodies = append(r.bodies, b)
	resp.Body = nopCloser{bytes.NewReader(b)}
	return resp, nil
}

// numbers returns every number in a JSON document.
func numbers(doc []byte) []float64 {
	var v any
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber()
	if d.Decode(&v) != nil {
		return nil
	}
	var out []float64
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case json.Number:
			if f, err := x.Float64(); err == nil {
				out = append(out, f)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

func TestCloseWritesResults(t *testing.T) {
	dir := t.TempDir()
	c, srv := testClass(t, Config{Out: dir})
	ins := instructor(t, c, srv)
	a := join(t, c, srv, "Ann", 0)
	join(t, c, srv, "Bo", 0)
	ins.start(Settings{Mode: ModeAgent})
	a.bot(0.5, -1)
	folders, err := c.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(folders) != 1 || folders[0] != filepath.Join(dir, "market") {
		t.Fatalf("folders %v", folders)
	}
	for _, name := range []string{results.RunsFile, results.RoundsFile, results.ClassFile, results.ManifestFile, results.SummaryFile, results.TranscriptFile} {
		if _, err := os.Stat(filepath.Join(folders[0], name)); err != nil {
			t.Error(err)
		}
	}
	if _, err := c.Close(); err == nil {
		t.Error("closing twice: no error")
	}
	if code, _ := newClient(t, srv).tryJoin(c.Code(), "", 0); code != http.StatusConflict {
		t.Errorf("join after the end: %d", code)
	}
}

func TestServe(t *testing.T) {
	c, err := New(t.Context(), Config{Scenarios: []string{market}, Out: t.TempDir(), NoCharts: true})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { _, err := c.Serve(ctx, ln); done <- err }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Serve did not return after its context ended")
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct{ scenario, says string }{
		{"single-text", "cannot be played by people"},
		{"no-such-scenario", "no-such-scenario"},
	} {
		_, err := New(t.Context(), Config{Scenarios: []string{tc.scenario}})
		var le *LoadError
		if !errors.As(err, &le) || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: %v", tc.scenario, err)
		}
	}
	c, srv := testClass(t, Config{})
	ins := instructor(t, c, srv)
	for _, s := range []Settings{{Scenario: "nope"}, {Mode: "chaos"}, {Side: "baker"}, {Against: "nobody"}} {
		if code, _ := ins.post("/api/class/start", s); code != http.StatusConflict {
			t.Errorf("start with %+v: %d", s, code)
		}
	}
}
