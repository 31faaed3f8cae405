package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for a command writing and a test
// reading at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serveLine matches what parley serve prints of its addresses.
var (
	dashLine = regexp.MustCompile(`http://(\S+)/instructor\?token=(\S+)`)
	joinLine = regexp.MustCompile(`Students join at http://(\S+)/ with the class code (\S+)`)
)

// startServe runs parley serve with args in the background until ctx ends
// and returns its base URL, token and class code once it listens, and a
// channel with its error.
func startServe(t *testing.T, ctx context.Context, args ...string) (base, token, code string, stdout, stderr *syncBuffer, done chan error) {
	t.Helper()
	stdout, stderr = &syncBuffer{}, &syncBuffer{}
	done = make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve"}, args...), env{stdout: stdout, stderr: stderr, version: "test"})
	}()
	deadline := time.Now().Add(60 * time.Second)
	for {
		out := stdout.String()
		if m, j := dashLine.FindStringSubmatch(out), joinLine.FindStringSubmatch(out); m != nil && j != nil {
			return "http://" + j[1], m[2], j[2], stdout, stderr, done
		}
		select {
		case err := <-done:
			t.Fatalf("parley serve ended before listening: %v\nstdout:\n%s\nstderr:\n%s", err, out, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("parley serve did not print its addresses:\n%s", out)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// browser is a cookie-keeping HTTP client with a CSRF token.
type browser struct {
	t    *testing.T
	base string
	hc   *http.Client
	csrf string
}

func newBrowser(t *testing.T, base string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: base, hc: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

func (b *browser) send(method, path, ctype string, body []byte) []byte {
	b.t.Helper()
	req, _ := http.NewRequest(method, b.base+path, bytes.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.Header.Set("X-CSRF-Token", b.csrf)
	resp, err := b.hc.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		b.t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, out)
	}
	return out
}

func (b *browser) postJSON(path string, v any) []byte {
	body, _ := json.Marshal(v)
	return b.send("POST", path, "application/json", body)
}

// between returns the text of s after the first prefix up to quote.
func between(s, prefix string) string {
	i := strings.Index(s, prefix)
	if i < 0 {
		return ""
	}
	s = s[i+len(prefix):]
	return s[:strings.IndexByte(s, '"')]
}

// TestServeInterrupt plays a negotiation in a class started by parley
// serve, leaves another unfinished, then cancels the command's context as
// Ctrl-C does: the class's results are written before it returns.
func TestServeInterrupt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "class")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, token, code, stdout, _, done := startServe(t, ctx, "used-car", "--addr", "127.0.0.1:0", "--out", dir, "--no-charts", "--seed", "3")

	ins := newBrowser(t, base)
	page := string(ins.send("GET", "/instructor?token="+url.QueryEscape(token), "", nil))
	ins.csrf = between(page, `<meta name="csrf-token" content="`)
	seats := make([]*browser, 2)
	for i := range seats {
		s := newBrowser(t, base)
		form := between(string(s.send("GET", "/", "", nil)), `name="csrf" value="`)
		page := s.send("POST", "/join", "application/x-www-form-urlencoded", []byte(url.Values{"csrf": {form}, "code": {code}, "name": {"S" + string(rune('1'+i))}}.Encode()))
		s.csrf = between(string(page), `<meta name="csrf-token" content="`)
		seats[i] = s
	}
	ins.postJSON("/api/class/start", map[string]any{"mode": "agent", "side": "seller"})
	// Seat 1 accepts the buyer's first offer; seat 2 never moves.
	for range 100 {
		var v struct {
			Pairing *struct {
				Best   []int `json:"best"`
				Prompt *struct {
					ID   uint64 `json:"id"`
					Kind string `json:"kind"`
				} `json:"prompt"`
				Result *struct{ End string } `json:"result"`
			} `json:"pairing"`
		}
		if err := json.Unmarshal(seats[0].send("GET", "/api/seat", "", nil), &v); err != nil {
			t.Fatal(err)
		}
		if v.Pairing != nil && v.Pairing.Result != nil {
			break
		}
		if v.Pairing == nil || v.Pairing.Prompt == nil {
			time.Sleep(20 * time.Millisecond)
			continue
		}
		m := map[string]any{"prompt": v.Pairing.Prompt.ID, "action": "accept"}
		if v.Pairing.Prompt.Kind == "propose" {
			m = map[string]any{"prompt": v.Pairing.Prompt.ID, "action": "offer", "offer": v.Pairing.Best}
		}
		seats[0].postJSON("/api/seat/move", m)
	}
	cancel() // Ctrl-C
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("parley serve: %v", err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("parley serve did not end after Ctrl-C")
	}
	folder := filepath.Join(dir, "used-car")
	if !strings.Contains(stdout.String(), "Class ended: results written to "+folder) {
		t.Errorf("stdout:\n%s", stdout.String())
	}
	f, err := os.Open(filepath.Join(folder, "class.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][1] != "S1" || rows[1][2] != "seller" {
		t.Fatalf("class.csv: %v %v", rows, err)
	}
	man, _ := os.ReadFile(filepath.Join(folder, "manifest.json"))
	for _, want := range []string{`"parley",`, `"serve",`, `"seed": "3"`, `) is not in runs.csv: stopped before its end`} {
		if !bytes.Contains(man, []byte(want)) {
			t.Errorf("manifest.json lacks %s:\n%s", want, man)
		}
	}
	// parley report of the class's folder.
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"report", folder, "-o", filepath.Join(t.TempDir(), "r.html")}, env{stdout: &out, stderr: &errb, version: "test"}); err != nil {
		t.Errorf("parley report of the class: %v\n%s", err, errb.String())
	}
}

// TestServeInput checks the command's mistakes and its warning for an
// address other machines can reach.
func TestServeInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		bad  bool // exit code 2
		says string
	}{
		{[]string{"--addr", "8080"}, true, "want HOST:PORT"},
		{[]string{"--absent", "0s"}, true, "positive duration"},
		{[]string{"no-such-scenario", "--addr", "127.0.0.1:0"}, true, "no-such-scenario"},
		{[]string{"single-text", "--addr", "127.0.0.1:0"}, true, "cannot be played by people"},
		{[]string{"used-car", "--set", "protocol.deadline=0", "--addr", "127.0.0.1:0"}, true, "deadline"},
	} {
		var out, errb bytes.Buffer
		err := run(context.Background(), append([]string{"serve"}, tc.args...), env{stdout: &out, stderr: &errb, version: "test"})
		if err == nil || isBadInput(err) != tc.bad || !strings.Contains(err.Error()+errb.String(), tc.says) {
			t.Errorf("serve %v: %v (bad input %v)\nstderr: %s", tc.args, err, isBadInput(err), errb.String())
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	_, _, _, stdout, stderr, done := startServe(t, ctx, "used-car", "--addr", "0.0.0.0:0", "--out", t.TempDir())
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr.String(), "warning: listening on 0.0.0.0:") || !strings.Contains(stderr.String(), "plain HTTP") {
		t.Errorf("no warning for 0.0.0.0:\n%s", stderr.String())
	}
	if !strings.Contains(stdout.String(), "Class ended: no negotiation finished, nothing written.") {
		t.Errorf("stdout:\n%s", stdout.String())
	}
}
