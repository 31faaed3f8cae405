package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/parley-sim/parley/scenarios/internal/poserr"
	"gopkg.in/yaml.v3"
)

// reader holds the state of reading one scenario: where errors go, which
// nodes came from --set arguments, and the alias budget.
type reader struct {
	file     string
	errs     ErrorList
	warnings []error
	// origin maps every node made from a --set argument to that argument,
	// so that mistakes in it are reported against the argument.
	origin map[*yaml.Node]string
	// aliases counts alias expansions; aliasNodes counts nodes copied by
	// them. Both are capped (MaxAliases, MaxAliasNodes).
	aliases, aliasNodes int
	aliasFailed         bool
	// budget is what is left of the edit-distance work for suggestions.
	budget int
	// dropped counts errors beyond MaxErrors, which are not recorded.
	dropped int
	// setOrder maps each --set argument to its position, so that errors
	// are listed in argument order.
	setOrder map[string]int
	// uncertain holds the fields given as distributions, by path.
	uncertain map[string]*uncertainField
}

func newReader(file string) *reader {
	return &reader{file: file, origin: make(map[*yaml.Node]string), budget: suggestBudget}
}

// suggest is the package's suggest, within the reader's budget.
func (r *reader) suggest(word string, candidates []string) string {
	return poserr.Suggest(word, candidates, &r.budget)
}

// nearest is Nearest, within the reader's budget.
func (r *reader) nearest(word string, candidates []string) (string, bool) {
	return poserr.NearestWithin(word, candidates, &r.budget)
}

// errorList returns the recorded errors, sorted, with a last line saying
// how many more were found when there were more than MaxErrors.
func (r *reader) errorList() ErrorList {
	sortErrors(r.errs, r.setOrder)
	if r.dropped > 0 {
		r.errs = append(r.errs, &Error{File: r.file, Msg: fmt.Sprintf("%d more errors not shown", r.dropped)})
	}
	return r.errs
}

// at returns an Error located at node n (nil for no position).
func (r *reader) at(n *yaml.Node, path, format string, args ...any) *Error {
	e := &Error{File: r.file, Path: path, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		if arg, ok := r.origin[n]; ok {
			e.File = setPrefix + arg
		} else {
			e.Line, e.Col = n.Line, n.Column
		}
	}
	return e
}

// errorf records an error located at node n.
func (r *reader) errorf(n *yaml.Node, path, format string, args ...any) {
	if len(r.errs) >= MaxErrors {
		r.dropped++
		return
	}
	r.errs = append(r.errs, r.at(n, path, format, args...))
}

// warnf records a warning located at node n.
func (r *reader) warnf(n *yaml.Node, path, format string, args ...any) {
	r.warnings = append(r.warnings, r.at(n, path, format, args...))
}

// lineRE matches the position yaml.v3 puts in its syntax errors.
var lineRE = regexp.MustCompile(`^yaml: line (\d+): `)

// anchorRE matches yaml.v3's error for an alias to an undefined anchor.
var anchorRE = regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`)

// syntaxError turns an error of the YAML parser into an *Error. yaml.v3
// reports a line but no column; where it reports neither, the position is
// looked up in the source when that is possible.
func (r *reader) syntaxError(data []byte, err error) {
	msg := err.Error()
	e := &Error{File: r.file}
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	} else if m := anchorRE.FindStringSubmatch(msg); m != nil {
		if i := bytes.Index(data, []byte("*"+m[1])); i >= 0 {
			e.Line, e.Col = poserr.Pos(data, i)
		}
		msg = fmt.Sprintf("alias *%s refers to no anchor defined before it", poserr.Clip(m[1]))
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	e.Msg = "YAML syntax error: " + msg
	r.errs = append(r.errs, e)
}

// parseFile parses data, the whole of a file of another kind than a
// scenario ("sweep", "tournament": the kind, described by what for
// "expected ..." messages), into its top node. A file larger than
// MaxFileSize, or one that is not a single well-formed YAML document,
// gives nil, with the reader's errors saying so in the words of its kind.
func (r *reader) parseFile(data []byte, kind, what string) *yaml.Node {
	if len(data) > MaxFileSize {
		r.errs = append(r.errs, &Error{File: r.file, Msg: fmt.Sprintf("file is larger than the limit of %d bytes (1 MiB)", MaxFileSize)})
		return nil
	}
	top := r.parseDocument(data)
	if top != nil && !r.aliasFailed {
		return top
	}
	// parseDocument speaks of scenario files.
	for _, e := range r.errs {
		if strings.HasPrefix(e.Msg, "empty file:") {
			e.Msg = "empty file: expected " + what
		}
		e.Msg = strings.Replace(e.Msg, "a scenario file holds exactly one", "a "+kind+" file holds exactly one", 1)
	}
	return nil
}

// parseDocument parses data, which must hold exactly one YAML document, and
// returns its top node; it returns nil after recording an error.
func (r *reader) parseDocument(data []byte) (top *yaml.Node) {
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			c, size := utf8.DecodeRune(data[i:])
			if c == utf8.RuneError && size <= 1 {
				break
			}
			i += size
		}
		line, col := poserr.Pos(data, i)
		r.errs = append(r.errs, &Error{File: r.file, Line: line, Col: col,
			Msg: fmt.Sprintf("invalid UTF-8: byte 0x%02x cannot start or continue a character; save the file as UTF-8", data[i])})
		return nil
	}
	if i := strings.IndexFunc(string(data), notYAML); i >= 0 {
		// yaml.v3 reports these without a position.
		c, _ := utf8.DecodeRune(data[i:])
		line, col := poserr.Pos(data, i)
		r.errs = append(r.errs, &Error{File: r.file, Line: line, Col: col,
			Msg: fmt.Sprintf("YAML syntax error: control character %U is not allowed in a YAML file (only tab, line feed and carriage return are)", c)})
		return nil
	}
	defer func() {
		// yaml.v3 panics on a few malformed inputs instead of returning an
		// error; no input may crash the caller.
		if p := recover(); p != nil {
			r.errs = append(r.errs, &Error{File: r.file, Msg: fmt.Sprintf("YAML syntax error: the YAML parser failed: %v", p)})
			top = nil
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			r.errs = append(r.errs, &Error{File: r.file, Line: 1, Col: 1,
				Msg: "empty file: expected a mapping with the fields name, description, issues and parties"})
			return nil
		}
		r.syntaxError(data, err)
		return nil
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		r.errorf(&next, "", "a second YAML document; a scenario file holds exactly one (remove the \"---\" separator)")
		return nil
	case !errors.Is(err, io.EOF):
		r.syntaxError(data, err)
		return nil
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		r.errs = append(r.errs, &Error{File: r.file, Line: 1, Col: 1,
			Msg: "empty file: expected a mapping with the fields name, description, issues and parties"})
		return nil
	}
	return r.expand(doc.Content[0], nil)
}

// notYAML reports whether c may not appear in a YAML file: YAML's
// printable characters are tab, line feed, carriage return, U+0020 to
// U+007E, U+0085 (next line), U+00A0 to U+D7FF, U+E000 to U+FFFD and
// U+10000 up; a byte-order mark may start the file.
func notYAML(c rune) bool {
	switch {
	case c == '\t', c == '\n', c == '\r', c >= 0x20 && c <= 0x7e, c == 0x85, c >= 0xa0 && c <= 0xd7ff,
		c >= 0xe000 && c <= 0xfffd, c >= 0x10000:
		return false
	}
	return true
}

// expand returns n with every alias replaced by a copy of the node it
// refers to, so that later edits (--set) touch one place only. Subtrees
// without aliases are returned as they are. Expansion stops, with an error,
// beyond MaxAliases aliases or MaxAliasNodes copied nodes, which defuses
// "billion laughs" documents; an alias inside its own anchor is an error.
func (r *reader) expand(n *yaml.Node, active map[*yaml.Node]bool) *yaml.Node {
	if r.aliasFailed {
		return n
	}
	switch n.Kind {
	case yaml.AliasNode:
		r.aliases++
		switch {
		case r.aliases > MaxAliases:
			r.aliasFailed = true
			r.errorf(n, "", "more than %d aliases; write the repeated parts out", MaxAliases)
			return n
		case n.Alias == nil:
			r.errorf(n, "", "alias *%s refers to no anchor", poserr.Clip(n.Value))
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: n.Line, Column: n.Column}
		case active[n.Alias]:
			r.aliasFailed = true
			r.errorf(n, "", "alias *%s is inside its own anchor &%s", poserr.Clip(n.Value), poserr.Clip(n.Value))
			return n
		}
		if active == nil {
			active = make(map[*yaml.Node]bool)
		}
		active[n.Alias] = true
		target := r.expand(n.Alias, active)
		delete(active, n.Alias)
		c := r.clone(target)
		if c == nil {
			if !r.aliasFailed {
				r.aliasFailed = true
				r.errorf(n, "", "aliases expand to more than %d nodes; write the repeated parts out", MaxAliasNodes)
			}
			return n
		}
		// Report mistakes in the copy where the alias is used, since that
		// is where the value takes effect.
		c.Line, c.Column = n.Line, n.Column
		return c
	case yaml.MappingNode, yaml.SequenceNode, yaml.DocumentNode:
		var out []*yaml.Node
		for i, c := range n.Content {
			e := r.expand(c, active)
			if e != c && out == nil {
				out = make([]*yaml.Node, len(n.Content))
				copy(out, n.Content)
			}
			if out != nil {
				out[i] = e
			}
		}
		if out == nil {
			return n
		}
		m := *n
		m.Content = out
		return &m
	}
	return n
}

// clone returns a deep copy of n, which holds no aliases, counting the
// copied nodes against MaxAliasNodes; it returns nil past the limit.
func (r *reader) clone(n *yaml.Node) *yaml.Node {
	r.aliasNodes++
	if r.aliasNodes > MaxAliasNodes {
		return nil
	}
	m := *n
	if len(n.Content) > 0 {
		m.Content = make([]*yaml.Node, len(n.Content))
		for i, c := range n.Content {
			if m.Content[i] = r.clone(c); m.Content[i] == nil {
				return nil
			}
		}
	}
	return &m
}

// describe names what a node holds, for "found ..." in messages.
func describe(n *yaml.Node) string {
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case yaml.MappingNode:
		if form := distLike(n); form != "" {
			return "a " + form + " distribution"
		}
		return "a mapping"
	case yaml.SequenceNode:
		return "a sequence"
	case yaml.AliasNode:
		return "an alias"
	case yaml.DocumentNode:
		return "a document"
	}
	switch n.ShortTag() {
	case "!!null":
		return "null"
	case "!!bool", "!!int", "!!float":
		return poserr.Clip(n.Value)
	}
	return strconv.Quote(poserr.Clip(n.Value))
}

// join appends a key or index to a dotted path. A key longer than any id
// (MaxIDLength) is shortened, since paths are quoted in messages.
func join(path, key string) string {
	key = poserr.ClipN(key, MaxIDLength)
	if path == "" {
		return key
	}
	return path + "." + key
}
