package scenarios

import (
	"math"
	"os"
	"slices"
	"strings"
	"testing"
)

// block is a fenced code block of the README.
type block struct {
	lang   string
	marker string // the HTML comment just before it, if any
	body   string
}

func readmeBlocks(t *testing.T) ([]block, string) {
	t.Helper()
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	var (
		out    []block
		cur    *block
		marker string
	)
	for _, line := range strings.SplitAfter(string(data), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case cur == nil && strings.HasPrefix(trimmed, "```"):
			cur = &block{lang: strings.TrimPrefix(trimmed, "```"), marker: marker}
			marker = ""
		case cur != nil && trimmed == "```":
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.body += line
		case strings.HasPrefix(trimmed, "<!--"):
			marker = trimmed
		case trimmed != "":
			marker = ""
		}
	}
	return out, string(data)
}

// shellWords splits a command line, honouring single quotes.
func shellWords(s string) []string {
	var (
		out    []string
		cur    strings.Builder
		quoted bool
		any    bool
	)
	for _, c := range s {
		switch {
		case c == '\'':
			quoted, any = !quoted, true
		case c == ' ' && !quoted:
			if any {
				out = append(out, cur.String())
			}
			cur.Reset()
			any = false
		default:
			cur.WriteRune(c)
			any = true
		}
	}
	if any {
		out = append(out, cur.String())
	}
	return out
}

// TestReadme runs the README's examples: the complete example parses, each
// `parley run` line's --set arguments apply to the built-in, and the error
// examples give exactly the errors shown.
func TestReadme(t *testing.T) {
	blocks, text := readmeBlocks(t)
	var yamls, sh, texts []block
	for _, b := range blocks {
		switch b.lang {
		case "yaml":
			yamls = append(yamls, b)
		case "sh":
			sh = append(sh, b)
		case "text":
			texts = append(texts, b)
		}
	}
	if len(yamls) == 0 || len(sh) == 0 {
		t.Fatal("README has no yaml or sh examples")
	}
	s, err := Parse("example.yaml", []byte(yamls[0].body), nil)
	if err != nil {
		t.Fatalf("complete example: %v", err)
	}
	if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0].Error(), "weights sum to 4, not 1") {
		t.Errorf("complete example warnings: %v", s.Warnings)
	}

	// The facilitator example completes the complete example, and its
	// guarantee changes utilities as the README computes.
	facilitator := 0
	for _, b := range yamls {
		if !strings.Contains(b.marker, "facilitator-example") {
			continue
		}
		facilitator++
		s, err := Parse("example.yaml", []byte(yamls[0].body+b.body), nil)
		if err != nil {
			t.Fatalf("facilitator example: %v", err)
		}
		f := s.Negotiation.Facilitator
		if f == nil || len(f.Guarantees) != 1 || math.Abs(f.Guarantees[0].Delta[0]-0.225) > 1e-12 || math.Abs(f.Guarantees[0].Delta[1]-0.1) > 1e-12 {
			t.Errorf("facilitator example: %+v, want a guarantee with Delta [0.225 0.1]", f)
		}
		if len(s.Warnings) != 1 {
			t.Errorf("facilitator example warnings: %v", s.Warnings)
		}
	}
	if facilitator != 1 {
		t.Errorf("found %d facilitator examples, want 1", facilitator)
	}

	runs := 0
	for _, line := range strings.Split(sh[0].body, "\n") {
		w := shellWords(line)
		if len(w) < 3 || w[0] != "parley" || w[1] != "run" {
			continue
		}
		var sets []string
		for i := 3; i < len(w); i++ {
			if w[i] == "--set" && i+1 < len(w) {
				sets = append(sets, w[i+1])
				i++
			}
		}
		if _, err := Load(w[2], sets); err != nil {
			t.Errorf("%s: %v", line, err)
		}
		runs++
	}
	if runs == 0 {
		t.Error("no parley run examples")
	}

	checked := 0
	for i, b := range yamls {
		if !strings.Contains(b.marker, "errors-example") {
			continue
		}
		j := slices.IndexFunc(blocks, func(x block) bool { return x.body == b.body })
		if j+1 >= len(blocks) || blocks[j+1].lang != "text" {
			t.Fatalf("errors example %d is not followed by a text block", i)
		}
		_, err := Parse("bad.yaml", []byte(b.body), nil)
		if want := strings.TrimSpace(blocks[j+1].body); err == nil || err.Error() != want {
			t.Errorf("errors example gives:\n%v\nREADME shows:\n%s", err, want)
		}
		checked++
	}
	if checked == 0 {
		t.Error("no errors example found")
	}
	for _, b := range texts {
		for _, line := range strings.Split(strings.TrimSpace(b.body), "\n") {
			if !strings.HasPrefix(line, setPrefix) {
				continue
			}
			arg := strings.TrimPrefix(line, setPrefix)
			arg = arg[:strings.Index(arg, ": ")]
			_, err := Load("used-car", []string{arg})
			if err == nil || err.Error() != line {
				t.Errorf("--set %s gives %v, README shows %s", arg, err, line)
			}
		}
	}
	for _, e := range Builtins() {
		if !strings.Contains(text, "| `"+e.Name+"` |") {
			t.Errorf("README does not list built-in %q", e.Name)
		}
	}
}
