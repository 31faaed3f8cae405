//go:build linux || darwin

package report

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/parley-sim/parley/results/chart"
	"github.com/parley-sim/parley/results/internal/fixture"
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
	msg := "no Chromium on PATH (looked for " + strings.Join(browserNames, ", ") + "): the report was not checked in a real browser; install Debian's chromium package (.ci/run does)"
	if os.Getenv("PARLEY_REQUIRE_BROWSER") != "" {
		t.Fatal(msg + ", and PARLEY_REQUIRE_BROWSER is set")
	}
	t.Skip(msg)
	return ""
}

// runBrowser runs headless Chromium on url with extra flags, in its own
// process group that is killed when it ends or after the timeout, and
// returns its stdout and stderr.
func runBrowser(t *testing.T, browser, url string, flags ...string) (stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	args := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
		"--hide-scrollbars", "--force-device-scale-factor=1",
		"--user-data-dir=" + t.TempDir(),
		// Log the page's console messages (errors included) to stderr.
		"--enable-logging=stderr", "--v=0",
	}
	args = append(args, flags...)
	args = append(args, url)
	cmd := exec.CommandContext(ctx, browser, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	if cmd.Process != nil {
		// Chromium's helper processes share the group: make sure none
		// outlives the test.
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	t.Logf("%s %s: %v", filepath.Base(browser), strings.Join(flags, " "), time.Since(start).Round(time.Millisecond))
	if ctx.Err() != nil {
		t.Fatalf("Chromium did not finish within 60 s\nstderr:\n%s", fixture.Clip(errb.Bytes()))
	}
	if err != nil {
		t.Fatalf("Chromium: %v\nstderr:\n%s", err, fixture.Clip(errb.Bytes()))
	}
	return out.String(), errb.String()
}

// consoleLine matches a console message in Chromium's log.
var consoleLine = regexp.MustCompile(`(?m)^.*:CONSOLE[^\]]*\].*$`)

// consoleMessages returns the page's console messages in a Chromium log:
// the report runs no script and loads nothing, so any message is an error
// (a script the policy refused, a resource it could not load, …).
func consoleMessages(log string) []string {
	return consoleLine.FindAllString(log, -1)
}

// probeScript measures every chart after layout and writes the result
// into the DOM, where --dump-dom shows it: for each figure's <svg>, its id,
// its box on the page (left, top, width, height in CSS pixels) and the
// size of what it draws (getBBox), then the height of the page.
const probeScript = `<script>
window.addEventListener('error', function (e) { console.error('probe: ' + e.message); });
window.addEventListener('load', function () {
  var out = [];
  document.querySelectorAll('figure svg').forEach(function (s) {
    var r = s.getBoundingClientRect(), b = s.getBBox();
    out.push([s.parentNode.id, r.left + window.scrollX, r.top + window.scrollY, r.width, r.height, b.width, b.height].map(function (v) {
      return typeof v === 'number' ? Math.round(v) : v;
    }).join(':'));
  });
  var p = document.createElement('pre');
  p.id = 'probe';
  p.textContent = 'PROBE ' + out.join(' ') + ' HEIGHT ' + document.documentElement.scrollHeight + ' END';
  document.body.appendChild(p);
});
</script>`

// Window of the browser test: 1280 CSS pixels wide, tall enough to hold
// the whole test report, drawn at half scale so that the screenshot stays
// small. (A screenshot scrolled to a fragment comes out blank in headless
// Chromium, so the test takes the whole page at once.)
const (
	browserWidth  = 1280
	browserHeight = 16000
	browserScale  = 0.5
)

// probedChart is what the probe measured of one chart.
type probedChart struct {
	id              string
	left, top, w, h int // CSS pixels on the page
	drawnW, drawnH  int // user units drawn (getBBox)
}

func TestReportInBrowser(t *testing.T) {
	browser := findBrowser(t)
	start := time.Now()
	dir := recordReportFolder(t)
	out := t.TempDir()
	report := filepath.Join(out, "report.html")
	if err := WriteFile(report, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	window := []string{
		fmt.Sprintf("--window-size=%d,%d", browserWidth, browserHeight),
		fmt.Sprintf("--force-device-scale-factor=%g", browserScale),
	}

	// 1. A copy with a probe script (the report's policy forbids scripts,
	// so the copy relaxes it, and nothing else): where is every chart, is
	// it laid out at a readable size and does it draw something?
	probe := strings.Replace(string(page), "default-src 'none';", "default-src 'none'; script-src 'unsafe-inline';", 1)
	probe = strings.Replace(probe, "</body>", probeScript+"</body>", 1)
	if !strings.Contains(probe, "script-src") || !strings.Contains(probe, "PROBE") {
		t.Fatal("could not add the probe to the report")
	}
	probed := filepath.Join(out, "probe.html")
	if err := os.WriteFile(probed, []byte(probe), 0o644); err != nil {
		t.Fatal(err)
	}
	dom, log := runBrowser(t, browser, "file://"+probed, append(window, "--dump-dom", "--virtual-time-budget=5000")...)
	if msgs := consoleMessages(log); len(msgs) > 0 {
		t.Errorf("console messages in the probed report:\n%s", strings.Join(msgs, "\n"))
	}
	m := regexp.MustCompile(`<pre id="probe">PROBE (.*?) HEIGHT (\d+) END</pre>`).FindStringSubmatch(dom)
	if m == nil {
		t.Fatalf("the probe did not run; DOM:\n%s", fixture.Clip([]byte(dom)))
	}
	height, _ := strconv.Atoi(m[2])
	if height > browserHeight {
		t.Fatalf("the test report is %d px high, more than the window's %d: raise browserHeight", height, browserHeight)
	}
	var charts []probedChart
	for _, rec := range strings.Fields(m[1]) {
		f := strings.Split(rec, ":")
		if len(f) != 7 {
			t.Fatalf("bad probe record %q", rec)
		}
		var v [6]int
		for i := range v {
			if v[i], err = strconv.Atoi(f[i+1]); err != nil {
				t.Fatalf("bad probe record %q", rec)
			}
		}
		charts = append(charts, probedChart{f[0], v[0], v[1], v[2], v[3], v[4], v[5]})
	}
	if len(charts) != len(chart.Names()) {
		t.Errorf("the browser found %d charts (%v), want %d", len(charts), charts, len(chart.Names()))
	}
	for _, c := range charts {
		if c.w < 900 || c.h < 300 {
			t.Errorf("%s is laid out %d×%d px: too small to read", c.id, c.w, c.h)
		}
		if c.drawnW < 100 || c.drawnH < 100 {
			t.Errorf("%s draws only %d×%d user units", c.id, c.drawnW, c.drawnH)
		}
	}
	// The description's markup is text in the browser too.
	if strings.Contains(dom, `<img src="x"`) || !strings.Contains(dom, `&lt;script&gt;alert("pwned")`) {
		t.Error("the scenario description's markup was not kept as text by the browser")
	}

	// 2. The report as it is: no console message (any refused load or
	// script would log one), a screenshot whose top is not blank, and ink
	// and colour where each chart is.
	shot := filepath.Join(out, "shot.png")
	_, log = runBrowser(t, browser, "file://"+report, append(window, "--screenshot="+shot)...)
	if msgs := consoleMessages(log); len(msgs) > 0 {
		t.Errorf("console messages while rendering the report:\n%s", strings.Join(msgs, "\n"))
	}
	img := readPNG(t, shot)
	if want := int(browserWidth * browserScale); img.Bounds().Dx() != want {
		t.Fatalf("screenshot %v wide, want %d", img.Bounds(), want)
	}
	px := func(css int) int { return int(float64(css) * browserScale) }
	top := image.Rect(0, 0, px(browserWidth), px(2000))
	if ink, _ := inkOf(img, top); ink < 0.03 {
		t.Errorf("the top of the page is blank: only %.2f%% of pixels are not white", 100*ink)
	}
	for _, c := range charts {
		r := image.Rect(px(c.left), px(c.top), px(c.left+c.w), px(c.top+c.h))
		ink, colour := inkOf(img, r)
		t.Logf("%s: %d×%d px at y=%d, %.1f%% ink, %.2f%% colour", c.id, c.w, c.h, c.top, 100*ink, 100*colour)
		if ink < 0.02 || colour < 0.002 {
			t.Errorf("%s does not render: %.2f%% of its pixels inked, %.3f%% coloured", c.id, 100*ink, 100*colour)
		}
	}
	if t.Failed() {
		keep := filepath.Join(os.TempDir(), "parley-report-browser-test.png")
		if b, err := os.ReadFile(shot); err == nil && os.WriteFile(keep, b, 0o644) == nil {
			t.Logf("screenshot kept as %s", keep)
		}
	}
	t.Logf("browser test took %v", time.Since(start).Round(time.Millisecond))
}

// readPNG decodes a screenshot.
func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	return img
}

// inkOf returns the share of pixels of img within r that are not white,
// and the share that are clearly coloured (not grey).
func inkOf(img image.Image, r image.Rectangle) (ink, colour float64) {
	r = r.Intersect(img.Bounds())
	if r.Empty() {
		return 0, 0
	}
	var inked, coloured int
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			cr, cg, cb = cr>>8, cg>>8, cb>>8
			if cr < 235 || cg < 235 || cb < 235 {
				inked++
			}
			if max(cr, cg, cb)-min(cr, cg, cb) > 60 {
				coloured++
			}
		}
	}
	n := float64(r.Dx() * r.Dy())
	return float64(inked) / n, float64(coloured) / n
}
