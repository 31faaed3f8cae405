//go:build !(linux || darwin)

package report

import (
	"os"
	"testing"
)

// TestReportInBrowser needs process groups to stop Chromium and its
// helpers; it runs on Linux and macOS only.
func TestReportInBrowser(t *testing.T) {
	msg := "the browser test of the report runs on Linux and macOS only"
	if os.Getenv("PARLEY_REQUIRE_BROWSER") != "" {
		t.Fatal(msg + ", and PARLEY_REQUIRE_BROWSER is set")
	}
	t.Skip(msg)
}
