package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFile(t *testing.T) {
	errWrite := errors.New("disk on fire")
	tests := []struct {
		name    string
		old     *string // content before, nil for no file
		write   func(path string) func(io.Writer) error
		wantErr error
		want    *string // content after, nil for no file
	}{
		{
			name: "new file is absent until renamed",
			write: func(path string) func(io.Writer) error {
				return func(w io.Writer) error {
					if _, err := io.WriteString(w, "new\n"); err != nil {
						return err
					}
					if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
						return errors.New("final file visible before rename")
					}
					return nil
				}
			},
			want: ptr("new\n"),
		},
		{
			name: "readers see the old file while writing",
			old:  ptr("old\n"),
			write: func(path string) func(io.Writer) error {
				return func(w io.Writer) error {
					if _, err := io.WriteString(w, "half"); err != nil {
						return err
					}
					b, err := os.ReadFile(path)
					if err != nil || string(b) != "old\n" {
						return errors.New("old file disturbed while writing")
					}
					_, err = io.WriteString(w, " and whole\n")
					return err
				}
			},
			want: ptr("half and whole\n"),
		},
		{
			name: "error keeps the old file",
			old:  ptr("old\n"),
			write: func(string) func(io.Writer) error {
				return func(w io.Writer) error {
					if _, err := io.WriteString(w, "partial"); err != nil {
						return err
					}
					return errWrite
				}
			},
			wantErr: errWrite,
			want:    ptr("old\n"),
		},
		{
			name: "error leaves no file",
			write: func(string) func(io.Writer) error {
				return func(io.Writer) error { return errWrite }
			},
			wantErr: errWrite,
		},
	}
	for _, c := range tests {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.csv")
			if c.old != nil {
				if err := os.WriteFile(path, []byte(*c.old), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err := WriteFile(path, c.write(path))
			if c.wantErr == nil && err != nil || c.wantErr != nil && !errors.Is(err, c.wantErr) {
				t.Fatalf("err = %v, want %v", err, c.wantErr)
			}
			b, rerr := os.ReadFile(path)
			switch {
			case c.want == nil && !errors.Is(rerr, os.ErrNotExist):
				t.Errorf("file exists (%q, %v), want none", b, rerr)
			case c.want != nil && (rerr != nil || string(b) != *c.want):
				t.Errorf("file = %q, %v; want %q", b, rerr, *c.want)
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if e.Name() != "out.csv" {
					t.Errorf("stray file %s", e.Name())
				}
			}
			if c.want != nil {
				fi, err := os.Stat(path)
				if err != nil {
					t.Fatal(err)
				}
				if fi.Mode().Perm()&0o044 == 0 {
					t.Errorf("mode %v: others cannot read the file", fi.Mode())
				}
			}
		})
	}
}

func TestWriteFileNoFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "out.csv")
	if err := WriteFile(path, func(io.Writer) error { return nil }); err == nil {
		t.Error("writing into a missing folder succeeded")
	}
}

func ptr(s string) *string { return &s }

// TestCreateSteps checks the steps apart: the final name keeps its old
// content until Rename, and Abort after Sync leaves no temporary file.
func TestCreateSteps(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(path, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(f, "new\n"); err != nil {
		t.Fatal(err)
	}
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old\n" {
		t.Fatalf("after Sync the file holds %q, want the old content", b)
	}
	if err := f.Rename(); err != nil {
		t.Fatal(err)
	}
	f.Abort() // after Rename: nothing to do
	if b, _ := os.ReadFile(path); string(b) != "new\n" {
		t.Fatalf("after Rename the file holds %q, want %q", b, "new\n")
	}

	g, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(g, "discarded\n"); err != nil {
		t.Fatal(err)
	}
	if err := g.Sync(); err != nil {
		t.Fatal(err)
	}
	g.Abort()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "out.csv" {
		t.Errorf("folder holds %v, want out.csv alone", entries)
	}
	if b, _ := os.ReadFile(path); string(b) != "new\n" {
		t.Errorf("Abort changed the file to %q", b)
	}
	var nilFile *File
	nilFile.Abort() // safe on nil
}

func ExampleWriteFile() {
	dir, err := os.MkdirTemp("", "atomicfile")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "greeting.txt")
	err = WriteFile(path, func(w io.Writer) error {
		_, err := io.WriteString(w, "hello\n")
		return err
	})
	b, _ := os.ReadFile(path)
	fmt.Printf("%q %v\n", b, err)
	// Output: "hello\n" <nil>
}
