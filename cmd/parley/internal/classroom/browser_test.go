package classroom

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"
	"time"

	cdruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// browserNames are the Chromium commands the browser test looks for.
var browserNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// findBrowser returns the path of a Chromium on PATH. Without one it skips
// the test, unless PARLEY_REQUIRE_BROWSER is set (as in CI, which installs
// Debian's chromium), where it fails.
func findBrowser(t *testing.T) string {
	t.Helper()
	for _, name := range browserNames {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no Chromium on PATH (looked for " + strings.Join(browserNames, ", ") + "): the class was not checked in a real browser; install Debian's chromium package (.ci/run does)"
	if os.Getenv("PARLEY_REQUIRE_BROWSER") != "" {
		t.Fatal(msg + ", and PARLEY_REQUIRE_BROWSER is set")
	}
	t.Skip(msg)
	return ""
}

// tab is one browser context (its own cookies: one person) driven by the
// test, with the page errors it saw.
type tab struct {
	t    *testing.T
	name string
	ctx  context.Context
	mu   sync.Mutex
	errs []string
}

// newTab starts a headless Chromium of its own for one person, with its
// own profile (so its own cookies), and returns its tab. (Tabs of one
// Chromium in separate browser contexts would do as well, but pages in
// them stop answering the DevTools protocol after a redirect in Chromium
// 156, so every person gets a browser.)
func newTab(t *testing.T, browser, name string) *tab {
	t.Helper()
	tb := &tab{t: t, name: name}
	// The profile is not a t.TempDir: Chromium's helper processes may
	// still write to it for a moment after the browser ends.
	profile, err := os.MkdirTemp("", "parley-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(t.Context(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser), chromedp.NoSandbox, chromedp.Headless,
		chromedp.WindowSize(1100, 1300), chromedp.UserDataDir(profile),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("hide-scrollbars", true))...)
	t.Cleanup(func() {
		cancelAlloc() // ends the browser and waits for it
		for try := 0; ; try++ {
			err := os.RemoveAll(profile)
			if err == nil {
				return
			}
			if try == 50 {
				t.Errorf("removing %s's browser profile: %v", name, err)
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	ctx, cancel := chromedp.NewContext(alloc)
	chromedp.ListenTarget(ctx, func(ev any) {
		tb.mu.Lock()
		defer tb.mu.Unlock()
		switch e := ev.(type) {
		case *cdruntime.EventExceptionThrown:
			msg := e.ExceptionDetails.Text
			if ex := e.ExceptionDetails.Exception; ex != nil {
				msg += " " + ex.Description
			}
			tb.errs = append(tb.errs, "exception: "+msg)
		case *cdruntime.EventConsoleAPICalled:
			if e.Type == cdruntime.APITypeError {
				tb.errs = append(tb.errs, fmt.Sprintf("console error: %v", e.Args))
			}
		}
	})
	t.Cleanup(cancel)
	tb.ctx = ctx
	if err := chromedp.Run(ctx); err != nil { // start the browser
		t.Fatalf("%s: starting Chromium: %v", name, err)
	}
	return tb
}

// fatalf reports a failure and ends the calling goroutine, which may be
// one the test started to play a seat (deferred calls still run), where
// t.Fatalf may not be called.
func (tb *tab) fatalf(format string, a ...any) {
	tb.t.Helper()
	tb.t.Errorf(format, a...)
	tb.t.FailNow()
}

func (tb *tab) do(steps ...chromedp.Action) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Run(ctx, steps...); err != nil {
		tb.fatalf("%s: %v", tb.name, err)
	}
}

// js evaluates an expression in the page and decodes its value.
func js[T any](tb *tab, expr string) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 60*time.Second)
	defer cancel()
	var v T
	awaitPromise := func(p *cdruntime.EvaluateParams) *cdruntime.EvaluateParams { return p.WithAwaitPromise(true) }
	if err := chromedp.Run(ctx, chromedp.Evaluate(expr, &v, awaitPromise)); err != nil {
		tb.fatalf("%s: %s: %v", tb.name, expr, err)
	}
	return v
}

// wait waits until a JavaScript predicate holds in the page.
func (tb *tab) wait(what, predicate string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 60*time.Second)
	defer cancel()
	var err error
	for {
		err = chromedp.Run(ctx, chromedp.Poll(predicate, nil, chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(0)))
		// A page that navigates (a form sent, a redirect) ends the
		// polling: poll the page it goes to.
		if err == nil || ctx.Err() != nil || !navigated(err) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		dump, stop := context.WithTimeout(tb.ctx, 10*time.Second)
		defer stop()
		var page string
		_ = chromedp.Run(dump, chromedp.Evaluate(`location.href + "\n" + document.body.innerText`, &page))
		tb.fatalf("%s: waiting for %s (%s): %v\npage errors: %q\npage:\n%s\nthe server's goroutines:\n%s", tb.name, what, predicate, err, tb.pageErrors(), page, goroutines())
	}
}

// goroutines returns the stacks of the test's goroutines (the class's
// server runs in the test), to tell a stuck server from a stuck page.
func goroutines() string {
	var b bytes.Buffer
	_ = pprof.Lookup("goroutine").WriteTo(&b, 1)
	return b.String()
}

// navigated reports whether err is the DevTools protocol's error for a
// page that navigated away while a script ran in it.
func navigated(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "navigated or closed") || strings.Contains(msg, "Execution context was destroyed") || strings.Contains(msg, "Cannot find context")
}

// shot saves a screenshot of the whole page, outside the repository.
func (tb *tab) shot(dir, name string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 60*time.Second)
	defer cancel()
	var png []byte
	if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
		tb.fatalf("%s: screenshot: %v", tb.name, err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		tb.fatalf("%v", err)
	}
	tb.t.Logf("screenshot: %s", path)
}

func (tb *tab) pageErrors() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return append([]string(nil), tb.errs...)
}

// joinClass fills in and sends the join form.
func (tb *tab) joinClass(base, code, name string, shots string) {
	tb.t.Helper()
	tb.do(
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible("code", chromedp.ByID),
		chromedp.SendKeys("code", strings.ToLower(code), chromedp.ByID),
		chromedp.SendKeys("name", name, chromedp.ByID),
	)
	if shots != "" {
		tb.shot(shots, "1-join")
	}
	tb.do(chromedp.Click("join-button", chromedp.ByID))
	tb.wait("the seat's page", `location.pathname === "/seat" && !!document.body.dataset.status`)
}

// playUI plays the seat through its page, as a student would with the
// mouse: it asks for the facilitator from round askFrom on, answers with a
// counter-offer (its best outcome, after looking at another option of the
// first issue) until round acceptFrom and accepts from then on, and votes
// yes on every text. It takes the screenshots named in shots the first
// time their moment comes.
func (tb *tab) playUI(askFrom, acceptFrom int, shotDir string, shots map[string]bool) {
	tb.t.Helper()
	asked := false
	for range 300 {
		tb.wait("a decision or the end", `["your_turn", "finished", "stopped", "agent"].includes(document.body.dataset.status)`)
		status := js[string](tb, `document.body.dataset.status`)
		if status != "your_turn" {
			return
		}
		prompt := js[string](tb, `document.body.dataset.prompt`)
		round := js[int](tb, `Number(document.body.dataset.round)`)
		switch {
		case js[bool](tb, `!document.getElementById("ballot").hidden`):
			if shots["3-ballot"] {
				shots["3-ballot"] = false
				tb.shot(shotDir, "3-ballot")
			}
			tb.do(chromedp.Click("vote-yes", chromedp.ByID))
		default:
			if !asked && round >= askFrom && js[bool](tb, `!document.getElementById("help").hidden && !document.getElementById("ask").disabled`) {
				tb.do(chromedp.Click("ask", chromedp.ByID))
				tb.wait("the request noted", `document.getElementById("help-text").textContent.includes("at the end of this round")`)
				asked = true
			}
			if shots["2-seat"] {
				shots["2-seat"] = false
				tb.shot(shotDir, "2-seat")
			}
			respond := js[bool](tb, `!document.getElementById("answer").hidden`)
			if respond && round >= acceptFrom {
				tb.do(chromedp.Click("accept", chromedp.ByID))
			} else {
				// Look at another option of the first issue, as a student
				// weighing it would, then go back to the best one.
				js[bool](tb, `(() => { const s = document.getElementById("issue-0"); const keep = s.value;
					s.value = String((Number(keep) + 1) % s.options.length); s.dispatchEvent(new Event("change"));
					s.value = keep; s.dispatchEvent(new Event("change")); return true; })()`)
				tb.wait("the draft's value", `document.getElementById("draft-value").textContent.startsWith("Your offer is worth")`)
				tb.do(chromedp.Click("send", chromedp.ByID))
			}
		}
		tb.wait("the move taken", `document.body.dataset.prompt !== "`+prompt+`"`)
	}
	tb.fatalf("%s: the negotiation did not end in 300 moves", tb.name)
}

// TestClassInBrowser runs a class in headless Chromium: an instructor and
// two students, each in a Chromium of their own (own cookies). A student plays
// against an agent, then the two play each other, asking for the
// facilitator and voting on its texts; the instructor's dashboard shows
// both negotiations, their agreements on the chart, reveals the
// preferences and exports class.csv.
func TestClassInBrowser(t *testing.T) {
	browser := findBrowser(t)
	// Screenshots of every page go to $PARLEY_SCREENSHOTS when it is set
	// (to look at them), else to a temporary folder.
	shots := os.Getenv("PARLEY_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	c, srv := testClass(t, Config{})
	start := time.Now()

	ins := newTab(t, browser, "instructor")
	ins.do(chromedp.Navigate(srv.URL + "/instructor?token=" + c.Token()))
	ins.wait("the dashboard", `location.pathname === "/instructor" && document.getElementById("scenario").options.length > 0`)

	ann := newTab(t, browser, "Ann")
	ann.joinClass(srv.URL, c.Code(), "Ann", shots)
	ann.wait("the lobby", `document.body.dataset.status === "lobby"`)

	// Round 1: Ann, the farmer, against the grocer's agent.
	ins.wait("Ann's seat on the dashboard", `document.getElementById("seats").textContent.includes("Ann")`)
	js[bool](ins, `(() => { const set = (id, v) => { const s = document.getElementById(id); s.value = v; s.dispatchEvent(new Event("change")); };
		set("mode", "agent"); set("side", "farmer"); return true; })()`)
	ins.do(chromedp.Click("start", chromedp.ByID))
	ins.wait("round 1 under way", `document.body.dataset.phase === "playing"`)
	ann.playUI(1, 4, shots, map[string]bool{"2-seat": true})
	ann.wait("the end of Ann's first negotiation", `!document.getElementById("result").hidden`)
	ann.shot(shots, "4-seat-finished")
	ins.do(chromedp.Click("end", chromedp.ByID))
	ins.wait("round 1 ended", `document.body.dataset.phase === "ended"`)

	// Round 2: Bo joins; Ann and Bo play each other.
	bo := newTab(t, browser, "Bo")
	bo.joinClass(srv.URL, c.Code(), "Bo", "")
	ins.wait("Bo's seat on the dashboard", `document.getElementById("seats").textContent.includes("Bo")`)
	js[bool](ins, `(() => { const s = document.getElementById("mode"); s.value = "students"; s.dispatchEvent(new Event("change")); return true; })()`)
	ins.do(chromedp.Click("start", chromedp.ByID))
	ins.wait("round 2 under way", `document.body.dataset.phase === "playing"`)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		bo.playUI(1, 1000, shots, map[string]bool{"3-ballot": true})
	}()
	ann.playUI(1, 1000, shots, nil)
	wg.Wait()
	for _, tb := range []*tab{ann, bo} {
		tb.wait("the end of the pair's negotiation", `!document.getElementById("result").hidden`)
	}
	c.mu.Lock()
	pair := c.pairings[len(c.pairings)-1]
	agreed := 0
	for _, p := range c.current.done {
		if p.res.Agreed() {
			agreed++
		}
	}
	c.mu.Unlock()
	if pair.seats[0] == nil || pair.seats[1] == nil {
		t.Fatalf("round 2 is not a pair of students: %v", pair.seats)
	}
	m := pair.res.Mediation
	if !m.Invited || m.Reason != "asked" || pair.res.End.String() != "agreement" || !m.Mediated {
		t.Errorf("the pair's negotiation: %v, mediation %+v; want the facilitator asked for by both and its text voted", pair.res.End, m)
	}
	if pair.ballots < 2 {
		t.Errorf("%d ballots put to the students, want at least the two final votes", pair.ballots)
	}
	checkReplay(t, pair)

	// The dashboard: both negotiations, the chart, the reveal, the export.
	ins.do(chromedp.Click("end", chromedp.ByID))
	ins.wait("round 2 ended", `document.body.dataset.phase === "ended"`)
	ins.wait("both negotiations listed", `document.querySelectorAll("#pairings tr[data-state=finished]").length === 2`)
	ins.wait("the chart's class points", fmt.Sprintf(`document.querySelectorAll("#space-chart circle.class-point").length === %d`, agreed))
	if agreed == 0 {
		t.Error("no agreement on the chart")
	}
	for what, sel := range map[string]string{"the Pareto frontier": "polyline.frontier", "the Nash point": "polygon.nash", "the agents' agreements": "circle.agent-point", "the axes": "line.axis"} {
		if !js[bool](ins, `document.querySelector("#space-chart `+sel+`") !== null`) {
			t.Errorf("the chart has no %s (%s)", what, sel)
		}
	}
	ins.do(chromedp.Click("reveal", chromedp.ByID))
	ann.wait("the revealed preferences", `!document.getElementById("transcript-box").hidden && !document.getElementById("theirs-head").hidden`)
	ann.shot(shots, "6-seat-revealed")
	if !js[bool](ann, `document.getElementById("summary").textContent.includes("Nash point")`) {
		t.Error("the revealed summary does not compare with the Nash point")
	}
	ins.do(chromedp.Click("export", chromedp.ByID))
	ins.wait("the export's link", `document.querySelector("a.csv-link") !== null`)
	// The dashboard redraws its table at every change, so the row is
	// clicked in the page, where finding it and clicking it are one step.
	js[bool](ins, `(() => { document.querySelector('#pairings tr[data-pairing="2"]').click(); return true; })()`)
	ins.wait("pairing 2's narration", `document.getElementById("detail-text").textContent.includes("How it ended")`)
	ins.shot(shots, "5-dashboard")
	text := js[string](ins, `fetch(document.querySelector("a.csv-link").href).then(r => r.text())`)
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatalf("the exported class.csv: %v\n%s", err, text)
	}
	if len(rows) != 4 || strings.Join(rows[0][:4], ",") != "seat,name,party,pairing" {
		t.Fatalf("class.csv: want a header and 3 seats' rows (Ann, then Ann and Bo):\n%s", text)
	}
	var names []string
	for _, r := range rows[1:] {
		names = append(names, r[1]+"/"+r[2]+"/"+r[3])
	}
	if got := strings.Join(names, " "); got != "Ann/farmer/1 "+strings.Join(pairNames(pair), " ") {
		t.Errorf("class.csv rows %q", got)
	}
	disk, _ := os.ReadFile(filepath.Join(c.cfg.Out, "market", "class.csv"))
	if !bytes.Equal(disk, []byte(text)) {
		t.Error("the exported class.csv differs from the one in the class's folder")
	}

	// The Content-Security-Policy holds in a real browser: an inline
	// script does not run.
	if !js[bool](ann, `(() => { const s = document.createElement("script"); s.textContent = "window.__inline = 1"; document.head.appendChild(s); return window.__inline === undefined; })()`) {
		t.Error("an inline script ran despite the Content-Security-Policy")
	}
	for _, tb := range []*tab{ins, ann, bo} {
		if errs := tb.pageErrors(); len(errs) > 0 {
			t.Errorf("%s's page reported errors: %q", tb.name, errs)
		}
	}
	t.Logf("the class in the browser took %v", time.Since(start).Round(time.Millisecond))
}

// pairNames returns the class.csv keys (name/party/pairing) of a pair's
// two seats, in party order.
func pairNames(p *pairing) []string {
	var out []string
	for i, st := range p.seats {
		out = append(out, fmt.Sprintf("%s/%s/%d", st.name, p.n.Parties[i].ID, p.num))
	}
	return out
}
