package genius

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/parley-sim/parley/scenarios/internal/poserr"
)

// xelem is one XML element: its name, attributes, child elements and the
// offset of its '<' in the file. Text content is not kept: no GENIUS
// construct parley reads lives in text.
type xelem struct {
	// name is the tag as written: "local", or "prefix:local". GENIUS knows
	// no namespaces and compares tags as written, so a prefixed tag never
	// matches a plain one.
	name  string
	attrs []xml.Attr
	kids  []*xelem
	off   int64
}

// attr returns the value of the attribute called name and whether it is
// present. A repeated attribute yields its last value, as GENIUS's parser
// keeps the last one.
func (e *xelem) attr(name string) (string, bool) {
	for i := len(e.attrs) - 1; i >= 0; i-- {
		if a := e.attrs[i]; a.Name.Space == "" && a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// all returns the direct children called name, in document order. Like
// GENIUS (SimpleElement.getChildByTagName), it never looks deeper.
func (e *xelem) all(name string) []*xelem {
	var out []*xelem
	for _, k := range e.kids {
		if k.name == name {
			out = append(out, k)
		}
	}
	return out
}

// first returns the first direct child called name, or nil.
func (e *xelem) first(name string) *xelem {
	for _, k := range e.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// xmlFile is a parsed XML file.
type xmlFile struct {
	root *xelem
	pm   *posMap
}

// tagName returns the tag as written.
func tagName(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

// knownEntity reports whether b, which starts just after an '&', begins
// with one of the references every XML parser decodes: the five predefined
// entities or a character reference, each ended by ';'.
func knownEntity(b []byte) bool {
	for _, name := range []string{"amp;", "lt;", "gt;", "apos;", "quot;"} {
		if bytes.HasPrefix(b, []byte(name)) {
			return true
		}
	}
	if len(b) < 3 || b[0] != '#' {
		return false
	}
	digits, i := "0123456789", 1
	if b[1] == 'x' {
		digits, i = "0123456789abcdefABCDEF", 2
	}
	start := i
	for i < len(b) && i-start < 16 && strings.IndexByte(digits, b[i]) >= 0 {
		i++
	}
	return i > start && i < len(b) && b[i] == ';'
}

// parseXML parses data into an element tree. It is as lenient as GENIUS's
// own parser where the meaning is clear and strict otherwise:
//
//   - The XML is parsed strictly (encoding/xml with Strict set): mismatched
//     or missing end tags, unquoted attribute values and illegal characters
//     are errors, as most of them are in GENIUS.
//   - An '&' that does not start one of XML's five predefined entities or a
//     character reference is kept verbatim, as GENIUS keeps it, with a
//     warning; so is a reference to any other entity ("&nbsp;"), which also
//     means that no entity is ever expanded. The predefined entities and
//     character references are decoded, as by any conforming parser
//     (GENIUS would keep "&amp;" as five characters).
//   - Comments, processing instructions and declarations are skipped
//     anywhere; reading stops when the root element closes, as in GENIUS.
//   - The file must be UTF-8 (a byte-order mark is allowed). A declared
//     encoding other than UTF-8 is accepted only for a file that is pure
//     ASCII.
//
// Errors and warnings go to dg; the tree is nil after an error.
func parseXML(name string, data []byte, dg *diag) *xmlFile {
	pm := newPosMap(name, data)
	if len(data) > MaxFileSize {
		dg.errAt(pm, -1, ErrTooLarge, fmt.Sprintf("file is larger than %d bytes", MaxFileSize))
		return nil
	}
	if !utf8.Valid(data) {
		dg.errAt(pm, int64(invalidUTF8(data)), nil, "invalid UTF-8; the file must be UTF-8")
		return nil
	}
	ascii := true
	for _, c := range data {
		if c >= 0x80 {
			ascii = false
			break
		}
	}

	// Escape the ampersands GENIUS reads verbatim. ins holds the offsets,
	// in buf, of the '&' of each inserted "&amp;".
	buf, ins := data, []int64(nil)
	if bytes.IndexByte(data, '&') >= 0 {
		var b bytes.Buffer
		b.Grow(len(data) + 64)
		const maxWarn = 10
		nwarn := 0
		for i := 0; i < len(data); i++ {
			c := data[i]
			if c != '&' || knownEntity(data[i+1:]) {
				b.WriteByte(c)
				continue
			}
			ins = append(ins, int64(b.Len()))
			b.WriteString("&amp;")
			if nwarn < maxWarn {
				dg.warnAt(pm, int64(i), "'&' that starts no XML entity or character reference read verbatim, as GENIUS does; write &amp; instead")
			}
			nwarn++
		}
		if nwarn > maxWarn {
			dg.warnAt(pm, -1, fmt.Sprintf("%d more verbatim '&' not shown", nwarn-maxWarn))
		}
		buf = b.Bytes()
	}
	orig := func(off int64) int64 {
		n := sort.Search(len(ins), func(i int) bool { return ins[i] >= off })
		return off - 4*int64(n)
	}

	dec := xml.NewDecoder(bytes.NewReader(buf))
	dec.Strict = true
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if ascii {
			return in, nil
		}
		return nil, fmt.Errorf("encoding %q declared: parley reads UTF-8 files only; convert the file to UTF-8", label)
	}
	var (
		root  *xelem
		stack []*xelem
		count int
	)
	for {
		off := dec.InputOffset()
		tok, err := dec.RawToken()
		if err == io.EOF {
			switch {
			case len(stack) > 0:
				top := stack[len(stack)-1]
				dg.errAt(pm, orig(dec.InputOffset()), nil, fmt.Sprintf("unexpected end of file: element <%s> (line %d) is not closed", top.name, lineOf(pm, orig(top.off))))
			case root == nil:
				dg.errAt(pm, -1, nil, "no XML element found")
			}
			return result(root, pm, len(stack) == 0)
		}
		if err != nil {
			msg := err.Error()
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				msg = "XML syntax error: " + poserr.ClipN(se.Msg, 200) // it may quote a name
			}
			dg.errAt(pm, orig(dec.InputOffset()), err, msg)
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			count++
			if count > MaxElements {
				dg.errAt(pm, orig(off), ErrTooLarge, fmt.Sprintf("more than %d elements", MaxElements))
				return nil
			}
			if len(stack) >= MaxDepth {
				dg.errAt(pm, orig(off), ErrTooLarge, fmt.Sprintf("elements nested more than %d deep", MaxDepth))
				return nil
			}
			e := &xelem{name: tagName(t.Name), attrs: t.Attr, off: orig(off)}
			if len(stack) == 0 {
				root = e
			} else {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, e)
			}
			stack = append(stack, e)
		case xml.EndElement:
			if len(stack) == 0 {
				dg.errAt(pm, orig(off), nil, fmt.Sprintf("end tag </%s> without a start tag", tagName(t.Name)))
				return nil
			}
			top := stack[len(stack)-1]
			if got := tagName(t.Name); got != top.name {
				dg.errAt(pm, orig(off), nil, fmt.Sprintf("end tag </%s> does not match <%s> (line %d)", got, top.name, lineOf(pm, top.off)))
				return nil
			}
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				return result(root, pm, true) // GENIUS stops reading here
			}
		}
	}
}

func result(root *xelem, pm *posMap, ok bool) *xmlFile {
	if root == nil || !ok {
		return nil
	}
	return &xmlFile{root: root, pm: pm}
}

func lineOf(pm *posMap, off int64) int {
	l, _ := pm.pos(off)
	return l
}

// invalidUTF8 returns the offset of the first byte that is not valid UTF-8.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}
