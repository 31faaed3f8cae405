package genius

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/parley-sim/parley/scenarios/internal/poserr"
)

// jkind is the kind of a JSON value.
type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

// String names the kind for messages.
func (k jkind) String() string {
	return [...]string{"null", "a boolean", "a number", "a string", "an array", "an object"}[k]
}

// jnode is one JSON value with the offset where it starts. Object members
// keep their file order.
type jnode struct {
	kind jkind
	off  int64
	str  string // string value, or a number as written
	b    bool
	keys []string
	koff []int64
	vals []*jnode // object member values, or array elements
}

// get returns the value of member key of an object, or nil. A repeated key
// yields its last value (as JSON decoders in Java and Python do).
func (n *jnode) get(key string) *jnode {
	if n == nil || n.kind != jObject {
		return nil
	}
	for i := len(n.keys) - 1; i >= 0; i-- {
		if n.keys[i] == key {
			return n.vals[i]
		}
	}
	return nil
}

// members returns the members of an object in file order, a repeated key
// only once (its last value, at its first position).
func (n *jnode) members() (keys []string, vals []*jnode, offs []int64) {
	seen := make(map[string]bool, len(n.keys))
	for i, k := range n.keys {
		if seen[k] {
			continue
		}
		seen[k] = true
		keys = append(keys, k)
		vals = append(vals, n.get(k))
		offs = append(offs, n.koff[i])
	}
	return keys, vals, offs
}

// describe names a JSON value's kind for messages.
func (n *jnode) describe() string {
	if n == nil {
		return "nothing"
	}
	switch n.kind {
	case jString:
		return fmt.Sprintf("the string %s", q(n.str))
	case jNumber:
		return "the number " + poserr.Clip(n.str)
	}
	return n.kind.String()
}

// jsonFile is a parsed JSON file.
type jsonFile struct {
	root *jnode
	pm   *posMap
}

// jparser builds a jnode tree from a json.Decoder's tokens.
type jparser struct {
	dec   *json.Decoder
	data  []byte // the decoded bytes (after a byte-order mark)
	base  int64  // offset of data in the file
	pm    *posMap
	dg    *diag
	count int
}

// parseJSON parses data into a tree, keeping member order and offsets.
// Numbers are kept as written (they are parsed later, exactly where that
// matters). The file must be UTF-8 (a byte-order mark is allowed); a key
// repeated in one object is a warning, its last value counting.
func parseJSON(name string, data []byte, dg *diag) *jsonFile {
	pm := newPosMap(name, data)
	if len(data) > MaxFileSize {
		dg.errAt(pm, -1, ErrTooLarge, fmt.Sprintf("file is larger than %d bytes", MaxFileSize))
		return nil
	}
	if !utf8.Valid(data) {
		dg.errAt(pm, int64(invalidUTF8(data)), nil, "invalid UTF-8; the file must be UTF-8")
		return nil
	}
	body, base := data, int64(0)
	if bytes.HasPrefix(body, []byte("\ufeff")) {
		body, base = body[3:], 3
	}
	p := &jparser{dec: json.NewDecoder(bytes.NewReader(body)), data: body, base: base, pm: pm, dg: dg}
	p.dec.UseNumber()
	root := p.value(0)
	if root == nil {
		return nil
	}
	switch _, off, err := p.next(); {
	case err == nil:
		dg.errAt(pm, off, nil, "extra data after the JSON value")
		return nil
	case err != io.EOF:
		p.fail(err, "")
		return nil
	}
	return &jsonFile{root: root, pm: pm}
}

// next returns the next token and the offset where it starts.
func (p *jparser) next() (json.Token, int64, error) {
	off := p.dec.InputOffset()
	for off < int64(len(p.data)) && strings.IndexByte(" \t\r\n,:", p.data[off]) >= 0 {
		off++
	}
	tok, err := p.dec.Token()
	return tok, off + p.base, err
}

// fail reports a decoding error, or msg when err is nil.
func (p *jparser) fail(err error, msg string) {
	off := p.dec.InputOffset() + p.base
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		off, msg = se.Offset+p.base, "JSON syntax error: "+se.Error()
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		msg = "unexpected end of file"
	case err != nil:
		msg = "JSON error: " + err.Error()
	}
	p.dg.errAt(p.pm, off, err, msg)
}

// value reads one value at nesting depth depth.
func (p *jparser) value(depth int) *jnode {
	tok, off, err := p.next()
	if err != nil {
		p.fail(err, "")
		return nil
	}
	return p.build(tok, off, depth)
}

func (p *jparser) build(tok json.Token, off int64, depth int) *jnode {
	p.count++
	if p.count > MaxElements {
		p.dg.errAt(p.pm, off, ErrTooLarge, fmt.Sprintf("more than %d JSON values", MaxElements))
		return nil
	}
	n := &jnode{off: off}
	switch t := tok.(type) {
	case nil:
		n.kind = jNull
	case bool:
		n.kind, n.b = jBool, t
	case json.Number:
		if msg := numberProblem(string(t), true); msg != "" {
			// Refused before any exact arithmetic on it.
			p.dg.errAt(p.pm, off, ErrTooLarge, msg+": "+poserr.Clip(string(t)))
			return nil
		}
		n.kind, n.str = jNumber, string(t)
	case string:
		n.kind, n.str = jString, t
	case json.Delim:
		if depth >= MaxDepth {
			p.dg.errAt(p.pm, off, ErrTooLarge, fmt.Sprintf("values nested more than %d deep", MaxDepth))
			return nil
		}
		if t == '[' {
			n.kind = jArray
			for p.dec.More() {
				v := p.value(depth + 1)
				if v == nil {
					return nil
				}
				n.vals = append(n.vals, v)
			}
		} else {
			n.kind = jObject
			first := make(map[string]int64)
			for p.dec.More() {
				ktok, koff, err := p.next()
				if err != nil {
					p.fail(err, "")
					return nil
				}
				key, _ := ktok.(string)
				if prev, dup := first[key]; dup {
					l, _ := p.pm.pos(prev)
					p.dg.warnAt(p.pm, koff, fmt.Sprintf("key %s repeated (first at line %d): the last value counts", q(key), l))
				} else {
					first[key] = koff
				}
				v := p.value(depth + 1)
				if v == nil {
					return nil
				}
				n.keys, n.koff, n.vals = append(n.keys, key), append(n.koff, koff), append(n.vals, v)
			}
		}
		if _, _, err := p.next(); err != nil { // the closing delimiter
			p.fail(err, "")
			return nil
		}
	}
	return n
}
