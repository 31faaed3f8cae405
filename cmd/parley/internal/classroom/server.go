package classroom

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/parley-sim/parley/results"
	"github.com/parley-sim/parley/results/narrate"
	"github.com/parley-sim/parley/sim"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

var pages = template.Must(template.ParseFS(templateFS, "templates/*.html"))

// Cookie names.
const (
	seatCookie       = "parley_seat"
	instructorCookie = "parley_instructor"
	joinCookie       = "parley_join"
)

// Limits of requests.
const (
	maxBody      = 4 << 10 // bytes of a request body
	maxName      = 40      // runes of a student's name
	moveWait     = 5 * time.Second
	keepAlive    = 15 * time.Second
	streamWrite  = 30 * time.Second
	maxStreams   = 4 // event streams open per seat
	dashInterval = 200 * time.Millisecond
)

// Handler returns the class's HTTP handler. loopback restricts the Host
// header to loopback names, against DNS rebinding: pass true when the
// server listens on a loopback address.
func (c *Class) Handler(loopback bool) http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static))))
	mux.HandleFunc("GET /{$}", c.joinPage)
	mux.HandleFunc("POST /join", c.join)
	mux.HandleFunc("GET /seat", c.seatPage)
	mux.HandleFunc("GET /api/seat", c.seatOnly(c.seatState))
	mux.HandleFunc("GET /api/seat/events", c.seatOnly(c.seatEvents))
	mux.HandleFunc("GET /api/seat/value", c.seatOnly(c.limited(c.value)))
	mux.HandleFunc("POST /api/seat/move", c.seatOnly(c.posted(c.limited(c.move))))
	mux.HandleFunc("POST /api/seat/ask", c.seatOnly(c.posted(c.limited(c.ask))))
	mux.HandleFunc("GET /instructor", c.dashboardPage)
	mux.HandleFunc("GET /api/class", c.instructorOnly(c.classState))
	mux.HandleFunc("GET /api/class/events", c.instructorOnly(c.classEvents))
	mux.HandleFunc("GET /api/class/pairing", c.instructorOnly(c.pairingDetail))
	mux.HandleFunc("GET /api/class/class.csv", c.instructorOnly(c.classCSV))
	mux.HandleFunc("POST /api/class/{action}", c.instructorOnly(c.posted(c.control)))
	return c.headers(loopback, mux)
}

// headers sets the security headers of every response and refuses Host
// headers other than loopback names when loopback is set.
func (c *Class) headers(loopback bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		// Nothing from elsewhere, no inline script or style: the pages'
		// scripts and styles are files the server serves.
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		// same-origin, not no-referrer: under no-referrer a browser sends
		// "Origin: null" with a form, which sameOrigin must refuse.
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			h.Set("Cache-Control", "no-store")
		}
		if loopback && !loopbackHost(r.Host) {
			http.Error(w, "this class answers only at a loopback address (127.0.0.1, [::1], localhost)", http.StatusMisdirectedRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// cacheStatic lets browsers keep the static files for a while.
func cacheStatic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "private, max-age=60")
		next.ServeHTTP(w, r)
	})
}

// loopbackHost reports whether host (with or without a port) names the
// local machine.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// sameOrigin checks a state-changing request against cross-site forgery
// by what the browser says of its origin: Sec-Fetch-Site, where sent,
// must be same-origin, and Origin, where sent, must be this host.
func sameOrigin(r *http.Request) bool {
	if s := r.Header.Get("Sec-Fetch-Site"); s != "" && s != "same-origin" {
		return false
	}
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		return strings.TrimPrefix(strings.TrimPrefix(o, "http://"), "https://") == r.Host
	} else if o == "null" {
		return false
	}
	return true
}

// clientAddr returns the address of the client, without its port.
func clientAddr(r *http.Request) string {
	if h, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return h
	}
	return r.RemoteAddr
}

// problem answers with a JSON error.
func problem(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

// fail answers with the status an error calls for.
func fail(w http.ResponseWriter, err error) {
	var st *errState
	var le *LoadError
	switch {
	case errors.As(err, &st):
		problem(w, http.StatusConflict, err.Error())
	case errors.As(err, &le):
		problem(w, http.StatusBadRequest, err.Error())
	default:
		problem(w, http.StatusInternalServerError, err.Error())
	}
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(v)
}

type ctxKey int

const seatKey ctxKey = 0

// seatOf returns the seat of a request's cookie, checked in constant
// time, or nil.
func (c *Class) seatOf(r *http.Request) *seat {
	ck, err := r.Cookie(seatCookie)
	if err != nil {
		return nil
	}
	num, token, ok := strings.Cut(ck.Value, ".")
	if !ok {
		return nil
	}
	k, err := strconv.Atoi(num)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if k < 1 || k > len(c.seats) || c.seats[k-1] == nil {
		return nil
	}
	st := c.seats[k-1]
	if !equal(st.token, token) {
		return nil
	}
	st.seen = c.now()
	return st
}

// seatOnly lets through requests with a seat's cookie.
func (c *Class) seatOnly(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		st := c.seatOf(r)
		if st == nil {
			problem(w, http.StatusUnauthorized, "no seat: join the class first")
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), seatKey, st)))
	}
}

func seatIn(r *http.Request) *seat { st, _ := r.Context().Value(seatKey).(*seat); return st }

// isInstructor reports whether the request carries the instructor's
// cookie.
func (c *Class) isInstructor(r *http.Request) bool {
	ck, err := r.Cookie(instructorCookie)
	return err == nil && equal(c.token, ck.Value)
}

// instructorOnly lets through requests with the instructor's cookie.
func (c *Class) instructorOnly(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !c.isInstructor(r) {
			problem(w, http.StatusUnauthorized, "the instructor's token is needed")
			return
		}
		next(w, r)
	}
}

// posted checks a state-changing request: its origin, its CSRF token (the
// seat's or the instructor's, in the X-CSRF-Token header) and the size of
// its body.
func (c *Class) posted(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !sameOrigin(r) {
			problem(w, http.StatusForbidden, "cross-site request refused")
			return
		}
		want := c.csrf
		if st := seatIn(r); st != nil {
			want = st.csrf
		}
		if !equal(want, r.Header.Get("X-CSRF-Token")) {
			problem(w, http.StatusForbidden, "missing or wrong CSRF token: reload the page")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		next(w, r)
	}
}

// limited applies the seat's rate limit.
func (c *Class) limited(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		st := seatIn(r)
		if ok, wait := c.seatLimits.allow("seat "+strconv.Itoa(st.num), 1); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
			problem(w, http.StatusTooManyRequests, "too many requests: slow down")
			return
		}
		next(w, r)
	}
}

// page renders a template.
func page(w http.ResponseWriter, name string, data any) {
	var b bytes.Buffer
	if err := pages.ExecuteTemplate(&b, name, data); err != nil {
		http.Error(w, "rendering the page: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(b.Bytes())
}

// joinData fills the join page.
type joinData struct {
	CSRF, Code, Name, Seat, Error string
}

// joinPage shows the join form, or sends a student who has a seat to it.
func (c *Class) joinPage(w http.ResponseWriter, r *http.Request) {
	if c.seatOf(r) != nil {
		http.Redirect(w, r, "/seat", http.StatusSeeOther)
		return
	}
	c.joinForm(w, r, joinData{Code: r.URL.Query().Get("code")}, http.StatusOK)
}

// joinForm renders the join form with a fresh double-submit token.
func (c *Class) joinForm(w http.ResponseWriter, r *http.Request, d joinData, status int) {
	tok, err := randomToken()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: joinCookie, Value: tok, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, MaxAge: 3600})
	d.CSRF = tok
	if status != http.StatusOK {
		var b bytes.Buffer
		if err := pages.ExecuteTemplate(&b, "join.html", d); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write(b.Bytes())
		return
	}
	page(w, "join.html", d)
}

// join gives a student a seat: the class code, an optional name and an
// optional seat number, checked; the seat's token goes into an HttpOnly,
// SameSite=Strict cookie.
func (c *Class) join(w http.ResponseWriter, r *http.Request) {
	// Wrong codes are rate-limited per address (a whole class may share
	// one), so that the code cannot be guessed.
	addr := "join " + clientAddr(r)
	if !c.addrLimits.left(addr, 1) {
		http.Error(w, "too many wrong codes from this address: wait a minute", http.StatusTooManyRequests)
		return
	}
	if !sameOrigin(r) {
		http.Error(w, "cross-site request refused", http.StatusForbidden)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	ck, err := r.Cookie(joinCookie)
	if err != nil || !equal(ck.Value, r.PostForm.Get("csrf")) {
		c.joinForm(w, r, joinData{Error: "The form had expired: please try again."}, http.StatusForbidden)
		return
	}
	d := joinData{Code: r.PostForm.Get("code"), Name: r.PostForm.Get("name"), Seat: strings.TrimSpace(r.PostForm.Get("seat"))}
	if !equal(c.code, normalCode(d.Code)) {
		c.addrLimits.allow(addr, 1)
		d.Error = "That is not the class code: look at the board."
		c.joinForm(w, r, d, http.StatusForbidden)
		return
	}
	name, err := cleanName(d.Name)
	if err != nil {
		d.Error = err.Error()
		c.joinForm(w, r, d, http.StatusBadRequest)
		return
	}
	want := 0
	if d.Seat != "" {
		if want, err = strconv.Atoi(d.Seat); err != nil || want < 1 || want > c.cfg.MaxSeats {
			d.Error = fmt.Sprintf("A seat number is a whole number from 1 to %d, or nothing to be given one.", c.cfg.MaxSeats)
			c.joinForm(w, r, d, http.StatusBadRequest)
			return
		}
	}
	st, err := c.takeSeat(want, name)
	if err != nil {
		d.Error = err.Error()
		c.joinForm(w, r, d, http.StatusConflict)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: seatCookie, Value: strconv.Itoa(st.num) + "." + st.token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	http.SetCookie(w, &http.Cookie{Name: joinCookie, Value: "", Path: "/", MaxAge: -1})
	http.Redirect(w, r, "/seat", http.StatusSeeOther)
}

// notice is a problem to show a student on the join page, in a sentence.
type notice struct{ msg string }

func (n *notice) Error() string { return n.msg }

// tell returns a notice.
func tell(format string, a ...any) error { return &notice{fmt.Sprintf(format, a...)} }

// cleanName checks a student's name: at most maxName letters, no control
// characters; spaces are trimmed.
func cleanName(s string) (string, error) {
	s = strings.TrimSpace(s)
	if n := len([]rune(s)); n > maxName {
		return "", tell("A name has at most %d letters.", maxName)
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return "", tell("A name holds letters, digits, spaces and punctuation only.")
		}
	}
	return s, nil
}

// takeSeat gives the student seat want (0: the first free one) and, if a
// round of play is under way, a negotiation.
func (c *Class) takeSeat(want int, name string) (*seat, error) {
	token, err := randomToken()
	if err != nil {
		return nil, err
	}
	csrf, err := randomToken()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, tell("The class is over.")
	}
	if want == 0 {
		want = slices.Index(c.seats, nil) + 1
		if want == 0 {
			want = len(c.seats) + 1
		}
		if want > c.cfg.MaxSeats {
			return nil, tell("The class is full.")
		}
	}
	for len(c.seats) < want {
		c.seats = append(c.seats, nil)
	}
	if c.seats[want-1] != nil {
		return nil, tell("Seat %d is taken: choose another, or leave the number empty.", want)
	}
	st := &seat{num: want, name: name, token: token, csrf: csrf, seen: c.now(), subs: map[chan struct{}]struct{}{}}
	c.seats[want-1] = st
	if c.phase == playing || c.phase == paused {
		c.place(st)
	}
	c.changed(st)
	return st, nil
}

// seatData fills the seat's page.
type seatData struct {
	CSRF string
	Seat int
	Name string
}

func (c *Class) seatPage(w http.ResponseWriter, r *http.Request) {
	st := c.seatOf(r)
	if st == nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	page(w, "seat.html", seatData{CSRF: st.csrf, Seat: st.num, Name: st.name})
}

func (c *Class) seatState(w http.ResponseWriter, r *http.Request) {
	st := seatIn(r)
	c.mu.Lock()
	v := c.seatView(st)
	c.mu.Unlock()
	writeJSON(w, v)
}

// stream writes server-sent events: render's JSON as an event named
// event whenever it changes, after each signal on ch, until the client
// goes or the class closes.
func (c *Class) stream(w http.ResponseWriter, r *http.Request, event string, ch chan struct{}, every time.Duration, render func() ([]byte, error)) {
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	var last []byte
	ping := time.NewTicker(keepAlive)
	defer ping.Stop()
	send := func(b []byte) bool {
		_ = rc.SetWriteDeadline(time.Now().Add(streamWrite))
		if _, err := w.Write(b); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	for {
		b, err := render()
		if err != nil {
			return
		}
		if !bytes.Equal(b, last) {
			msg := make([]byte, 0, len(b)+32)
			msg = append(msg, "event: "+event+"\ndata: "...)
			msg = append(msg, b...)
			msg = append(msg, "\n\n"...)
			if !send(msg) {
				return
			}
			last = b
		}
		select {
		case <-r.Context().Done():
			return
		case <-c.ctx.Done():
			return
		case <-ping.C:
			if !send([]byte(": ping\n\n")) {
				return
			}
		case <-ch:
			if every > 0 {
				// Coalesce a burst of changes into one event.
				select {
				case <-time.After(every):
				case <-r.Context().Done():
					return
				}
			}
		}
	}
}

func (c *Class) seatEvents(w http.ResponseWriter, r *http.Request) {
	st := seatIn(r)
	ch := make(chan struct{}, 1)
	c.mu.Lock()
	if st.streams >= maxStreams {
		c.mu.Unlock()
		problem(w, http.StatusTooManyRequests, "too many pages open on this seat")
		return
	}
	st.streams++
	st.subs[ch] = struct{}{}
	c.changed() // the dashboard shows who is present
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		st.streams--
		st.seen = c.now()
		delete(st.subs, ch)
		c.changed()
		c.mu.Unlock()
	}()
	c.stream(w, r, "state", ch, 0, func() ([]byte, error) {
		c.mu.Lock()
		v := c.seatView(st)
		c.mu.Unlock()
		return json.Marshal(v)
	})
}

// moveRequest is a seat's move, as its page posts it.
type moveRequest struct {
	Prompt uint64 `json:"prompt"`
	// Action is accept, counter (with Offer), walk (respond); offer (with
	// Offer) or walk (propose); yes or no (vote).
	Action string `json:"action"`
	// Offer holds the index of the chosen option of every issue.
	Offer []int `json:"offer"`
}

// decodeJSON reads a bounded JSON body into v, refusing unknown fields.
func decodeJSON(r *http.Request, v any) error {
	d := json.NewDecoder(r.Body)
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return errors.New("more than one JSON value")
	}
	return nil
}

// outcomeOf checks that idx names an outcome of the space, one option
// index per issue, and returns it.
func outcomeOf(sp *sim.Space, idx []int) (sim.Outcome, error) {
	if len(idx) != sp.NumIssues() {
		return sim.NoOutcome, fmt.Errorf("an offer names one option for each of the %d issues, not %d", sp.NumIssues(), len(idx))
	}
	for i, is := range sp.Issues() {
		if idx[i] < 0 || idx[i] >= len(is.Values) {
			return sim.NoOutcome, fmt.Errorf("issue %d has options 0 to %d, not %d", i, len(is.Values)-1, idx[i])
		}
	}
	return sp.Encode(idx), nil
}

// move takes a seat's answer to its prompt, checked as an outcome of the
// scenario and an action the prompt allows, and answers with the seat's
// state once the negotiation has moved on (to the next decision of a
// student, or its end).
func (c *Class) move(w http.ResponseWriter, r *http.Request) {
	st := seatIn(r)
	var req moveRequest
	if err := decodeJSON(r, &req); err != nil {
		problem(w, http.StatusBadRequest, "bad move: "+err.Error())
		return
	}
	c.mu.Lock()
	pl := st.player
	var pr *prompt
	if pl != nil {
		pr = pl.prompt
	}
	switch {
	case c.phase == paused:
		c.mu.Unlock()
		problem(w, http.StatusConflict, "the class is paused")
		return
	case c.phase != playing || pr == nil:
		c.mu.Unlock()
		problem(w, http.StatusConflict, "it is not your turn")
		return
	case pr.id != req.Prompt:
		c.mu.Unlock()
		problem(w, http.StatusConflict, "this move answers an earlier question: reload")
		return
	}
	m, err := checkMove(pl.p.n.Space, pr.kind, req)
	if err != nil {
		c.mu.Unlock()
		problem(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	pl.prompt = nil
	step := pl.p.step
	pr.reply <- m
	c.changed(pl.p.seats[0], pl.p.seats[1])
	c.mu.Unlock()

	t := time.NewTimer(moveWait)
	defer t.Stop()
	select {
	case <-step:
	case <-t.C:
	case <-r.Context().Done():
		return
	}
	c.mu.Lock()
	v := c.seatView(st)
	c.mu.Unlock()
	writeJSON(w, v)
}

// checkMove checks a move against the prompt it answers.
func checkMove(sp *sim.Space, kind promptKind, req moveRequest) (move, error) {
	m := move{offer: sim.NoOutcome}
	allowed := map[promptKind][]string{respond: {"accept", "counter", "walk"}, propose: {"offer", "walk"}, vote: {"yes", "no"}}[kind]
	if !slices.Contains(allowed, req.Action) {
		return m, fmt.Errorf("%q is not a move here: the choices are %s", req.Action, strings.Join(allowed, ", "))
	}
	if req.Action == "counter" || req.Action == "offer" {
		o, err := outcomeOf(sp, req.Offer)
		if err != nil {
			return m, err
		}
		m.offer = o
	} else if req.Offer != nil {
		return m, fmt.Errorf("%q takes no offer", req.Action)
	}
	switch req.Action {
	case "accept":
		m.action = sim.Accept
	case "counter":
		m.action = sim.Reject
	case "walk":
		m.action, m.offer = sim.Walk, sim.NoOutcome
	case "yes":
		m.yes = true
	}
	return m, nil
}

// ask records the seat's wish for the facilitator's help, made at the end
// of the round.
func (c *Class) ask(w http.ResponseWriter, r *http.Request) {
	st := seatIn(r)
	var req struct {
		Ask bool `json:"ask"`
	}
	if err := decodeJSON(r, &req); err != nil {
		problem(w, http.StatusBadRequest, "bad request: "+err.Error())
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	pl := st.player
	switch {
	case c.phase != playing || pl == nil || pl.p.state != running || pl.agent != nil:
		problem(w, http.StatusConflict, "no negotiation under way")
		return
	case pl.p.n.Facilitator == nil || pl.p.n.Facilitator.Mode == sim.Never || pl.p.n.Protocol.Type != sim.Alternating:
		problem(w, http.StatusConflict, "there is no facilitator in this negotiation")
		return
	case pl.asked:
		problem(w, http.StatusConflict, "you have asked already: your request stands until the facilitator is invited")
		return
	}
	pl.ask = req.Ask
	c.changed(st)
	writeJSON(w, c.seatView(st))
}

// valueView is what a draft offer is worth to the seat: its utility, and
// that of the draft with each option of each issue in turn.
type valueView struct {
	Utility float64     `json:"utility"`
	Options [][]float64 `json:"options"`
}

// value tells the seat what a draft is worth to it, option by option, so
// that its page shows the value of each choice as the draft grows.
func (c *Class) value(w http.ResponseWriter, r *http.Request) {
	st := seatIn(r)
	c.mu.Lock()
	p, party := st.pairing, st.party
	c.mu.Unlock()
	if p == nil {
		problem(w, http.StatusConflict, "no negotiation yet")
		return
	}
	sp := p.n.Space
	var idx []int
	for f := range strings.SplitSeq(r.URL.Query().Get("offer"), ",") {
		k, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			problem(w, http.StatusBadRequest, "offer: a comma-separated list of option indices")
			return
		}
		idx = append(idx, k)
	}
	o, err := outcomeOf(sp, idx)
	if err != nil {
		problem(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	u := p.n.Parties[party].Utility
	v := valueView{Utility: u.Of(o)}
	for i, is := range sp.Issues() {
		row := make([]float64, len(is.Values))
		for j := range row {
			row[j] = u.Of(sp.Neighbour(o, i, j))
		}
		v.Options = append(v.Options, row)
	}
	writeJSON(w, v)
}

// dashboardData fills the dashboard's page.
type dashboardData struct {
	CSRF string
	Code string
}

// dashboardPage logs the instructor in with the token of the printed
// address (then drops it from the address bar), and shows the dashboard.
func (c *Class) dashboardPage(w http.ResponseWriter, r *http.Request) {
	if tok := r.URL.Query().Get("token"); tok != "" {
		addr := "login " + clientAddr(r)
		if !c.addrLimits.left(addr, 1) {
			http.Error(w, "too many wrong tokens from this address: wait a minute", http.StatusTooManyRequests)
			return
		}
		if !equal(c.token, tok) {
			c.addrLimits.allow(addr, 1)
			http.Error(w, "wrong instructor token: use the address parley serve printed", http.StatusForbidden)
			return
		}
		http.SetCookie(w, &http.Cookie{Name: instructorCookie, Value: c.token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
		http.Redirect(w, r, "/instructor", http.StatusSeeOther)
		return
	}
	if !c.isInstructor(r) {
		http.Error(w, "the instructor's dashboard needs the address with the token that parley serve printed", http.StatusUnauthorized)
		return
	}
	page(w, "dashboard.html", dashboardData{CSRF: c.csrf, Code: c.code})
}

func (c *Class) classState(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	v := c.dashView()
	c.mu.Unlock()
	writeJSON(w, v)
}

func (c *Class) classEvents(w http.ResponseWriter, r *http.Request) {
	ch := make(chan struct{}, 1)
	c.mu.Lock()
	c.dashSubs[ch] = struct{}{}
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.dashSubs, ch)
		c.mu.Unlock()
	}()
	c.stream(w, r, "class", ch, dashInterval, func() ([]byte, error) {
		c.mu.Lock()
		v := c.dashView()
		c.mu.Unlock()
		return json.Marshal(v)
	})
}

// control carries out the instructor's actions: start (with settings),
// pause, resume, end, reveal, export.
func (c *Class) control(w http.ResponseWriter, r *http.Request) {
	var err error
	switch r.PathValue("action") {
	case "start":
		var s Settings
		if err := decodeJSON(r, &s); err != nil {
			problem(w, http.StatusBadRequest, "bad settings: "+err.Error())
			return
		}
		err = c.Start(r.Context(), s)
	case "pause":
		err = c.Pause()
	case "resume":
		err = c.Resume()
	case "end":
		err = c.End()
	case "reveal":
		err = c.Reveal()
	case "export":
		_, err = c.Save()
	default:
		problem(w, http.StatusNotFound, "no such action")
		return
	}
	if err != nil {
		fail(w, err)
		return
	}
	c.classState(w, r)
}

// pairingView is the instructor's view of one pairing: every offer with
// both sides' utilities and, once it ended, its narration.
type pairingView struct {
	Number    int         `json:"number"`
	Parties   [2]string   `json:"parties"`
	Offers    []dashOffer `json:"offers"`
	Narration string      `json:"narration,omitempty"`
	Pairing   dashPairing `json:"pairing"`
}

type dashOffer struct {
	Round   int        `json:"round"`
	By      string     `json:"by"`
	Options []string   `json:"options"`
	U       [2]float64 `json:"u"`
}

func (c *Class) pairingDetail(w http.ResponseWriter, r *http.Request) {
	k, err := strconv.Atoi(r.URL.Query().Get("n"))
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil || k < 1 || k > len(c.pairings) {
		problem(w, http.StatusNotFound, "no such pairing")
		return
	}
	p := c.pairings[k-1]
	n := p.n
	v := pairingView{Number: p.num, Parties: labels(n), Offers: []dashOffer{}, Pairing: c.dashPairing(p)}
	for _, o := range p.hist {
		v.Offers = append(v.Offers, dashOffer{Round: int(o.Round), By: v.Parties[o.By], Options: outcomeLabels(n.Space, o.Outcome),
			U: [2]float64{n.Parties[0].Utility.Of(o.Outcome), n.Parties[1].Utility.Of(o.Outcome)}})
	}
	if p.state == finished {
		var b strings.Builder
		if err := narrate.Run(&b, n, p.res, narrate.Options{}); err == nil {
			v.Narration = b.String()
		}
	}
	writeJSON(w, v)
}

// classCSV writes the class's folders if they are behind, then answers
// with class.csv of one game's folder.
func (c *Class) classCSV(w http.ResponseWriter, r *http.Request) {
	want := r.URL.Query().Get("game")
	c.mu.Lock()
	var g *game
	for _, x := range c.order {
		if x.folder == want || want == "" && x == c.current {
			g = x
		}
	}
	c.mu.Unlock()
	if g == nil {
		problem(w, http.StatusNotFound, "no results of that negotiation yet")
		return
	}
	if _, err := c.Save(); err != nil {
		fail(w, err)
		return
	}
	b, err := os.ReadFile(filepath.Join(c.cfg.Out, g.folder, results.ClassFile))
	if errors.Is(err, fs.ErrNotExist) {
		problem(w, http.StatusNotFound, "no finished negotiation of "+g.folder+" yet")
		return
	}
	if err != nil {
		fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+g.folder+`-class.csv"`)
	_, _ = io.Copy(w, bytes.NewReader(b))
}

// Serve answers the class's pages on ln until ctx ends, then closes the
// class (Class.Close): every negotiation under way is stopped and the
// results are written. It returns the folders written.
func (c *Class) Serve(ctx context.Context, ln net.Listener) ([]string, error) {
	loopback := false
	if a, ok := ln.Addr().(*net.TCPAddr); ok {
		loopback = a.IP.IsLoopback()
	}
	srv := &http.Server{
		Handler:           c.Handler(loopback),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      20 * time.Second, // event streams extend their own
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          nil,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-served:
	}
	folders, err := c.Close()
	down, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if srv.Shutdown(down) != nil {
		_ = srv.Close()
	}
	if serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
		return folders, errors.Join(fmt.Errorf("serving the class: %w", serveErr), err)
	}
	return folders, err
}
