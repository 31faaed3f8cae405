//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReportOnlyToRegularFiles checks that parley report refuses an -o
// target that exists but is not a regular file (a device, a FIFO, a
// symbolic link, a folder), with exit code 2, and leaves it as it was:
// 'parley report DIR -o /dev/full' replaced the device with a regular file
// when run as root. The device is made in the test's folder, like
// /dev/full (1, 7), when the test runs as root.
func TestReportOnlyToRegularFiles(t *testing.T) {
	t.Chdir(t.TempDir())
	if code, stderr := exitOf(t, "run", "used-car", "--runs", "2", "--no-charts", "--quiet", "--out", "out"); code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	if err := os.WriteFile("target.html", []byte("kept"), 0o644); err != nil {
		t.Fatal(err)
	}
	targets := map[string]string{"symbolic link": "link.html", "folder": "folder"}
	if err := os.Symlink("target.html", "link.html"); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir("folder", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo("fifo", 0o644); err == nil {
		targets["FIFO"] = "fifo"
	}
	if err := syscall.Mknod("full", syscall.S_IFCHR|0o666, 1<<8|7); err == nil {
		targets["device"] = "full"
	}
	for kind, path := range targets {
		before, err := os.Lstat(path)
		if err != nil {
			t.Fatal(err)
		}
		code, stderr := exitOf(t, "report", "out", "-o", path)
		if code != 2 || !strings.Contains(stderr, "writes only regular files") {
			t.Errorf("%s: exit %d, stderr:\n%s\nwant exit 2 saying only regular files are written", kind, code, stderr)
		}
		if after, err := os.Lstat(path); err != nil || after.Mode().Type() != before.Mode().Type() {
			t.Errorf("%s: %v became %v (%v)", kind, before.Mode().Type(), after.Mode().Type(), err)
		}
	}
	if b, _ := os.ReadFile("target.html"); string(b) != "kept" {
		t.Errorf("the link's target: %q", b)
	}
	if left, _ := filepath.Glob(".*.tmp-*"); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if code, stderr := exitOf(t, "report", "out", "-o", "report.html"); code != 0 {
		t.Errorf("a regular file: exit %d: %s", code, stderr)
	}
}
