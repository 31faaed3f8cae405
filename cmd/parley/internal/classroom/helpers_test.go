package classroom

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parley-sim/parley/sim"
)

// market is the small scenario of the tests (testdata/market.yaml).
const market = "testdata/market.yaml"

// testClass starts a class on scenarios behind an httptest server; the
// class is closed and the server stopped at the end of the test.
func testClass(t testing.TB, cfg Config) (*Class, *httptest.Server) {
	t.Helper()
	if cfg.Scenarios == nil {
		cfg.Scenarios = []string{market}
	}
	if cfg.Out == "" {
		cfg.Out = t.TempDir()
	}
	cfg.NoCharts = true
	c, err := New(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(c.Handler(true))
	t.Cleanup(func() {
		c.mu.Lock()
		closed := c.closed
		c.mu.Unlock()
		if !closed {
			if _, err := c.Close(); err != nil {
				t.Errorf("closing the class: %v", err)
			}
		}
		srv.Close()
	})
	return c, srv
}

// fatalf reports a failure and ends the calling goroutine, which may be
// one a test started to play a seat (deferred calls still run), where
// t.Fatalf may not be called.
func (cl *client) fatalf(format string, a ...any) {
	cl.t.Helper()
	cl.t.Errorf(format, a...)
	cl.t.FailNow()
}

// client is a browser stand-in: a cookie jar and a CSRF token.
type client struct {
	t    testing.TB
	base string
	hc   *http.Client
	csrf string
}

func newClient(t testing.TB, srv *httptest.Server) *client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	hc := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	return &client{t: t, base: srv.URL, hc: hc}
}

// do sends a request and returns the status and body.
func (cl *client) do(method, path string, body io.Reader, header map[string]string) (int, []byte, http.Header) {
	cl.t.Helper()
	req, err := http.NewRequest(method, cl.base+path, body)
	if err != nil {
		cl.fatalf("%v", err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := cl.hc.Do(req)
	if err != nil {
		cl.fatalf("%v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header
}

func (cl *client) get(path string) (int, []byte) {
	cl.t.Helper()
	code, b, _ := cl.do("GET", path, nil, nil)
	return code, b
}

// post sends JSON with the client's CSRF token.
func (cl *client) post(path string, v any) (int, []byte) {
	cl.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		cl.fatalf("%v", err)
	}
	code, out, _ := cl.do("POST", path, bytes.NewReader(b), map[string]string{"Content-Type": "application/json", "X-CSRF-Token": cl.csrf})
	return code, out
}

// instructor logs in with the printed token.
func instructor(t testing.TB, c *Class, srv *httptest.Server) *client {
	t.Helper()
	cl := newClient(t, srv)
	code, _ := cl.get("/instructor?token=" + url.QueryEscape(c.Token()))
	if code != http.StatusOK {
		t.Fatalf("instructor login: %d", code)
	}
	cl.csrf = c.csrf
	return cl
}

// join takes a seat (0: any) with a name, as the join form does.
func join(t testing.TB, c *Class, srv *httptest.Server, name string, seatNum int) *client {
	t.Helper()
	cl := newClient(t, srv)
	code, b := cl.tryJoin(c.Code(), name, seatNum)
	if code != http.StatusOK {
		t.Fatalf("join: %d %s", code, b)
	}
	cl.csrf = metaCSRF(t, b)
	return cl
}

// tryJoin fetches the form and posts it; it follows the redirect to the
// seat's page.
func (cl *client) tryJoin(code, name string, seatNum int) (int, []byte) {
	cl.t.Helper()
	st, page := cl.get("/")
	if st != http.StatusOK {
		cl.fatalf("join page: %d", st)
	}
	form := url.Values{"csrf": {formCSRF(cl.t, page)}, "code": {code}, "name": {name}}
	if seatNum > 0 {
		form.Set("seat", itoa(seatNum))
	}
	s, b, _ := cl.do("POST", "/join", strings.NewReader(form.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
	return s, b
}

func itoa(i int) string { return strconv.Itoa(i) }

// formCSRF returns the join form's hidden token.
func formCSRF(t testing.TB, page []byte) string {
	t.Helper()
	const key = `name="csrf" value="`
	i := bytes.Index(page, []byte(key))
	if i < 0 {
		t.Fatalf("no CSRF field in the join form:\n%s", page)
	}
	rest := page[i+len(key):]
	return string(rest[:bytes.IndexByte(rest, '"')])
}

// metaCSRF returns the CSRF token of a page's meta tag.
func metaCSRF(t testing.TB, page []byte) string {
	t.Helper()
	const key = `<meta name="csrf-token" content="`
	i := bytes.Index(page, []byte(key))
	if i < 0 {
		t.Fatalf("no CSRF meta tag in the page:\n%s", page)
	}
	rest := page[i+len(key):]
	return string(rest[:bytes.IndexByte(rest, '"')])
}

// state returns the seat's state.
func (cl *client) state() *seatView {
	cl.t.Helper()
	code, b := cl.get("/api/seat")
	if code != http.StatusOK {
		cl.fatalf("seat state: %d %s", code, b)
	}
	var v seatView
	if err := json.Unmarshal(b, &v); err != nil {
		cl.fatalf("%v", err)
	}
	return &v
}

// class returns the dashboard's state.
func (cl *client) class() *dashView {
	cl.t.Helper()
	code, b := cl.get("/api/class")
	if code != http.StatusOK {
		cl.fatalf("class state: %d %s", code, b)
	}
	var v dashView
	if err := json.Unmarshal(b, &v); err != nil {
		cl.fatalf("%v", err)
	}
	return &v
}

// eventually waits up to 20 s for cond.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			// FailNow ends the calling goroutine, which may be one that
			// plays a seat, and marks the test failed.
			t.Errorf("timed out waiting for %s", what)
			t.FailNow()
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// turn waits until the seat is asked for a decision (or its negotiation
// ends) and returns its state.
func (cl *client) turn() *seatView {
	cl.t.Helper()
	var v *seatView
	eventually(cl.t, "the seat's turn", func() bool {
		v = cl.state()
		return v.Pairing != nil && (v.Pairing.Prompt != nil || v.Pairing.Result != nil || v.Status == "stopped")
	})
	return v
}

// theClass is the class of the test that uses client.seatOf.
var theClass *Class

func readAllClose(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

type nopCloser struct{ io.Reader }

func (nopCloser) Close() error { return nil }

// sim_ converts an index to an outcome.
func sim_(o int) sim.Outcome { return sim.Outcome(o) }
