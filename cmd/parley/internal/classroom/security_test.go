package classroom

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestJoinForm(t *testing.T) {
	c, srv := testClass(t, Config{MaxSeats: 5})
	tests := []struct {
		name string
		code string
		who  string
		seat string
		want int
		says string
	}{
		{"wrong code", "AAAAAA", "", "", http.StatusForbidden, "not the class code"},
		{"seat out of range", c.Code(), "", "6", http.StatusBadRequest, "from 1 to 5"},
		{"seat not a number", c.Code(), "", "two", http.StatusBadRequest, "whole number"},
		{"name too long", c.Code(), strings.Repeat("x", 41), "", http.StatusBadRequest, "at most 40"},
		{"control character", c.Code(), "a\x07b", "", http.StatusBadRequest, "letters, digits"},
		{"code in lower case with a dash", strings.ToLower(c.Code()[:3] + "-" + c.Code()[3:]), "Ann", "3", http.StatusOK, "Seat 3"},
		{"seat taken", c.Code(), "Bo", "3", http.StatusConflict, "Seat 3 is taken"},
		{"given the first free seat", c.Code(), "<b>Cy</b>", "", http.StatusOK, "Seat 1 · &lt;b&gt;Cy&lt;/b&gt;"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cl := newClient(t, srv)
			_, page := cl.get("/")
			form := url.Values{"csrf": {formCSRF(t, page)}, "code": {tc.code}, "name": {tc.who}, "seat": {tc.seat}}
			code, b, _ := cl.do("POST", "/join", strings.NewReader(form.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
			if code != tc.want || !bytes.Contains(b, []byte(tc.says)) {
				t.Errorf("status %d, want %d saying %q:\n%s", code, tc.want, tc.says, b)
			}
		})
	}
	t.Run("expired form", func(t *testing.T) {
		cl := newClient(t, srv)
		form := url.Values{"csrf": {"made-up"}, "code": {c.Code()}}
		code, b, _ := cl.do("POST", "/join", strings.NewReader(form.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
		if code != http.StatusForbidden || !bytes.Contains(b, []byte("expired")) {
			t.Errorf("status %d:\n%s", code, b)
		}
	})
	t.Run("cross-site post", func(t *testing.T) {
		cl := newClient(t, srv)
		_, page := cl.get("/")
		form := url.Values{"csrf": {formCSRF(t, page)}, "code": {c.Code()}}
		code, _, _ := cl.do("POST", "/join", strings.NewReader(form.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://evil.example"})
		if code != http.StatusForbidden {
			t.Errorf("status %d, want 403", code)
		}
	})
	t.Run("cookies", func(t *testing.T) {
		cl := newClient(t, srv)
		_, page := cl.get("/")
		form := url.Values{"csrf": {formCSRF(t, page)}, "code": {c.Code()}}
		cl.hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		code, _, h := cl.do("POST", "/join", strings.NewReader(form.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
		if code != http.StatusSeeOther || h.Get("Location") != "/seat" {
			t.Fatalf("status %d to %q", code, h.Get("Location"))
		}
		ck := h.Values("Set-Cookie")
		var seat string
		for _, s := range ck {
			if strings.HasPrefix(s, seatCookie+"=") {
				seat = s
			}
		}
		if !strings.Contains(seat, "HttpOnly") || !strings.Contains(seat, "SameSite=Strict") {
			t.Errorf("the seat's cookie %q is not HttpOnly and SameSite=Strict", seat)
		}
	})
	t.Run("class full", func(t *testing.T) {
		for range 2 { // seats 4 and 5; 1 to 3 are taken above
			join(t, c, srv, "", 0)
		}
		cl := newClient(t, srv)
		code, b := cl.tryJoin(c.Code(), "", 0)
		if code != http.StatusConflict || !bytes.Contains(b, []byte("full")) {
			t.Errorf("status %d:\n%s", code, b)
		}
	})
}

func TestJoinRateLimit(t *testing.T) {
	c, srv := testClass(t, Config{})
	cl := newClient(t, srv)
	limited := false
	for range 12 {
		code, _ := cl.tryJoin("WRONG1", "", 0)
		if code == http.StatusTooManyRequests {
			limited = true
			break
		}
	}
	if !limited {
		t.Error("12 wrong codes in a row from one address were not rate-limited")
	}
	_ = c
}

func TestInstructorLogin(t *testing.T) {
	c, srv := testClass(t, Config{})
	cl := newClient(t, srv)
	if code, _ := cl.get("/instructor"); code != http.StatusUnauthorized {
		t.Errorf("dashboard without the token: %d", code)
	}
	if code, _ := cl.get("/instructor?token=" + url.QueryEscape(c.Token()[:10]+"x")); code != http.StatusForbidden {
		t.Errorf("dashboard with a wrong token: %d", code)
	}
	if code, _ := cl.get("/api/class"); code != http.StatusUnauthorized {
		t.Errorf("class state without the cookie: %d", code)
	}
	cl.hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	code, _, h := cl.do("GET", "/instructor?token="+url.QueryEscape(c.Token()), nil, nil)
	if code != http.StatusSeeOther || h.Get("Location") != "/instructor" {
		t.Fatalf("login: %d to %q", code, h.Get("Location"))
	}
	if ck := h.Get("Set-Cookie"); !strings.Contains(ck, "HttpOnly") || !strings.Contains(ck, "SameSite=Strict") {
		t.Errorf("the instructor's cookie %q", ck)
	}
	cl.hc.CheckRedirect = nil
	code, page := cl.get("/instructor")
	if code != http.StatusOK || bytes.Contains(page, []byte(c.Token())) {
		t.Errorf("dashboard: %d, token in the page: %v", code, bytes.Contains(page, []byte(c.Token())))
	}
	// A seat is not the instructor.
	s := join(t, c, srv, "", 0)
	s.csrf = c.csrf
	if code, _ := s.post("/api/class/start", Settings{}); code != http.StatusUnauthorized {
		t.Errorf("a seat started the class: %d", code)
	}
	// The instructor's actions need the CSRF token and the same origin.
	ins := instructor(t, c, srv)
	ins.csrf = "wrong"
	if code, _ := ins.post("/api/class/start", Settings{}); code != http.StatusForbidden {
		t.Errorf("start without the CSRF token: %d", code)
	}
	ins.csrf = c.csrf
	code, _, _ = ins.do("POST", "/api/class/pause", strings.NewReader("{}"), map[string]string{"X-CSRF-Token": c.csrf, "Sec-Fetch-Site": "cross-site"})
	if code != http.StatusForbidden {
		t.Errorf("cross-site pause: %d", code)
	}
	code, _, _ = ins.do("POST", "/api/class/frobnicate", strings.NewReader("{}"), map[string]string{"X-CSRF-Token": c.csrf})
	if code != http.StatusNotFound {
		t.Errorf("unknown action: %d", code)
	}
}

func TestInstructorLoginRateLimit(t *testing.T) {
	c, srv := testClass(t, Config{})
	cl := newClient(t, srv)
	for range 10 {
		cl.get("/instructor?token=guess")
	}
	if code, _ := cl.get("/instructor?token=" + url.QueryEscape(c.Token())); code != http.StatusTooManyRequests {
		t.Errorf("after 10 guesses the right token got %d, want 429", code)
	}
}

func TestSecurityHeaders(t *testing.T) {
	c, srv := testClass(t, Config{})
	s := join(t, c, srv, "", 0)
	for _, path := range []string{"/", "/seat", "/api/seat", "/static/seat.js", "/static/app.css", "/nowhere"} {
		_, _, h := s.do("GET", path, nil, nil)
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe") || strings.Contains(csp, "http") {
			t.Errorf("%s: CSP %q allows inline code or other sites", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "same-origin" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", path, h)
		}
	}
	// The pages hold no inline script or style.
	for _, path := range []string{"/", "/seat"} {
		_, page := s.get(path)
		for _, bad := range []string{"<script>", "style=", "onclick", "<style", "javascript:"} {
			if bytes.Contains(page, []byte(bad)) {
				t.Errorf("%s holds %q", path, bad)
			}
		}
	}
	// DNS rebinding: another host name is refused on loopback.
	code, _, _ := s.do("GET", "/", nil, map[string]string{})
	if code != http.StatusOK {
		t.Fatalf("/: %d", code)
	}
	req, _ := http.NewRequest("GET", srv.URL+"/", nil)
	req.Host = "evil.example:80"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("Host evil.example on loopback: %d, want 421", resp.StatusCode)
	}
}

func TestLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1:8080": true, "localhost:8080": true, "[::1]:8080": true, "LOCALHOST": true, "127.0.0.2": true,
		"evil.example": false, "10.0.0.2:8080": false, "localhost.evil.example": false, "": false,
	} {
		if got := loopbackHost(host); got != want {
			t.Errorf("loopbackHost(%q) = %v", host, got)
		}
	}
}

func TestCodeAndTokens(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		code, err := classCode()
		if err != nil {
			t.Fatal(err)
		}
		if len(code) != codeLength || strings.Trim(code, codeAlphabet) != "" {
			t.Fatalf("code %q", code)
		}
		seen[code] = true
	}
	if len(seen) < 195 {
		t.Errorf("200 codes, only %d different", len(seen))
	}
	a, _ := randomToken()
	b, _ := randomToken()
	if len(a) != 43 || a == b {
		t.Errorf("tokens %q and %q", a, b)
	}
	if normalCode(" ab-cd ef") != "ABCDEF" {
		t.Errorf("normalCode: %q", normalCode(" ab-cd ef"))
	}
}

func TestLimits(t *testing.T) {
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	l := newLimits(2, 4, func() time.Time { return now })
	for i := range 4 {
		if ok, _ := l.allow("a", 1); !ok {
			t.Fatalf("request %d of a burst of 4 refused", i)
		}
	}
	ok, wait := l.allow("a", 1)
	if ok || wait != 500*time.Millisecond {
		t.Errorf("fifth request: %v, wait %v; want refused for 500ms", ok, wait)
	}
	if ok, _ := l.allow("b", 1); !ok {
		t.Error("another key shares the bucket")
	}
	now = now.Add(time.Second)
	for i := range 2 {
		if ok, _ := l.allow("a", 1); !ok {
			t.Errorf("a second later, request %d refused", i)
		}
	}
	if ok, _ := l.allow("a", 1); ok {
		t.Error("the bucket refilled faster than its rate")
	}
	now = now.Add(time.Hour)
	l.prune(now)
	if len(l.b) != 0 {
		t.Errorf("%d full buckets kept", len(l.b))
	}
}
