package scenarios

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-sim/parley/scenarios/internal/poserr"
	"gopkg.in/yaml.v3"
)

// shape describes where a --set path may lead: the fixed fields of a
// mapping, the elements of a list, or the values of a mapping with free
// keys (party ids, issue ids, option ids, strategy parameters).
type shape struct {
	// leaf marks a field that holds a value, not more fields.
	leaf bool
	// fields are the fields of a mapping with fixed keys; nil otherwise.
	fields map[string]*shape
	// elem is the shape of list elements or of the values of a mapping
	// with free keys; nil when anything goes.
	elem *shape
}

// fieldNames returns the names of the fields of s in schema order.
func (s *shape) fieldNames(order []string) []string {
	var out []string
	for _, k := range order {
		if _, ok := s.fields[k]; ok {
			out = append(out, k)
		}
	}
	return out
}

// schemaShape returns the shape of a scenario file, as the decoder reads it.
func schemaShape() (*shape, map[*shape][]string) {
	leaf := &shape{leaf: true}
	fixed := func(names []string, special map[string]*shape) *shape {
		s := &shape{fields: make(map[string]*shape, len(names))}
		for _, n := range names {
			if sp, ok := special[n]; ok {
				s.fields[n] = sp
			} else {
				s.fields[n] = leaf
			}
		}
		return s
	}
	// withUnsupported adds fields that parley does not support yet, so
	// that --set reaches the decoder, which says so; they are not offered
	// as suggestions.
	withUnsupported := func(s *shape, unsupported map[string]string) *shape {
		for k := range unsupported {
			s.fields[k] = leaf
		}
		return s
	}
	issue := fixed(issueFields, map[string]*shape{"options": {}})
	triggers := fixed(triggerFields, nil)
	perception := fixed(perceptionFields, nil)
	party := fixed(partyFields, map[string]*shape{
		"weights":     {elem: leaf},
		"values":      {},
		"perception":  perception,
		"strategy":    {elem: leaf},
		"invite_when": triggers,
	})
	protocol := fixed(protocolFields, nil)
	prefs := withUnsupported(fixed(preferenceFields, map[string]*shape{
		"weights": {elem: leaf},
		"values":  {},
	}), preferenceUnsupported)
	text := withUnsupported(fixed(textFields, nil), textUnsupported)
	guarantee := fixed(guaranteeFields, map[string]*shape{
		"when":             {elem: leaf},
		"evaluation_delta": {elem: &shape{elem: leaf}},
	})
	facilitator := withUnsupported(fixed(facilitatorFields, map[string]*shape{
		"invite_when": triggers,
		"preferences": prefs,
		"text":        text,
		"guarantees":  {elem: guarantee},
	}), facilitatorUnsupported)
	root := fixed(topFields, map[string]*shape{
		"issues":      {elem: issue},
		"parties":     {elem: party},
		"protocol":    protocol,
		"facilitator": facilitator,
	})
	order := map[*shape][]string{
		root: topFields, issue: issueFields, party: partyFields, protocol: protocolFields,
		triggers: triggerFields, perception: perceptionFields, prefs: preferenceFields,
		text: textFields, guarantee: guaranteeFields, facilitator: facilitatorFields,
	}
	return root, order
}

// applySets applies --set arguments, in order, to the tree under top.
func (r *reader) applySets(top *yaml.Node, sets []string) *yaml.Node {
	if len(sets) > MaxSets {
		r.errs = append(r.errs, &Error{File: setPrefix + sets[MaxSets],
			Msg: fmt.Sprintf("too many --set arguments: %d, limit %d", len(sets), MaxSets)})
		return top
	}
	root, order := schemaShape()
	r.setOrder = make(map[string]int, len(sets))
	for i, arg := range sets {
		if _, seen := r.setOrder[arg]; !seen {
			r.setOrder[arg] = i
		}
	}
	for _, arg := range sets {
		r.applySet(top, arg, root, order)
	}
	return top
}

// setError records a mistake in a --set argument.
func (r *reader) setError(arg, path, format string, args ...any) {
	if len(r.errs) >= MaxErrors {
		r.dropped++
		return
	}
	r.errs = append(r.errs, &Error{File: setPrefix + arg, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// applySet applies one --set argument "path=value".
func (r *reader) applySet(top *yaml.Node, arg string, sh *shape, order map[*shape][]string) {
	eq := strings.IndexByte(arg, '=')
	if eq < 0 {
		r.setError(arg, "", "expected path=value, such as protocol.deadline=50")
		return
	}
	path, text := strings.TrimSpace(arg[:eq]), arg[eq+1:]
	segs := strings.Split(path, ".")
	for i, s := range segs {
		if s == "" {
			r.setError(arg, strings.Join(segs[:i], "."), "empty element in path %q; separate field names with single dots", path)
			return
		}
	}
	if len(text) > MaxFileSize {
		r.setError(arg, path, "value longer than %d bytes", MaxFileSize)
		return
	}
	val := r.setValue(arg, path, text)
	if val == nil {
		return
	}
	if top.Kind != yaml.MappingNode {
		r.setError(arg, "", "the scenario is %s, not a mapping; nothing to set", describe(top))
		return
	}
	cur := top
	for i, seg := range segs {
		last := i == len(segs)-1
		p := strings.Join(segs[:i+1], ".")
		if cur.Kind == yaml.ScalarNode && cur.ShortTag() == "!!null" {
			// An empty field ("protocol:" with nothing after it) takes
			// fields like an empty mapping.
			cur.Kind, cur.Tag, cur.Value, cur.Style = yaml.MappingNode, "!!map", "", 0
		}
		switch cur.Kind {
		case yaml.MappingNode:
			var next *shape
			if sh != nil && sh.fields != nil {
				s, ok := sh.fields[seg]
				if !ok {
					r.setError(arg, p, "unknown field%s", r.suggest(seg, sh.fieldNames(order[sh])))
					return
				}
				next = s
			} else if sh != nil {
				next = sh.elem
			}
			if !last && next != nil && next.leaf {
				r.setError(arg, p, "field takes a value, not fields; cannot set %q inside it", segs[i+1])
				return
			}
			j := findKey(cur, seg)
			switch {
			case j >= 0 && last:
				cur.Content[j+1] = val
				return
			case j >= 0:
				cur = cur.Content[j+1]
			case last:
				cur.Content = append(cur.Content, r.setKey(arg, seg), val)
				return
			default:
				m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
				r.origin[m] = arg
				cur.Content = append(cur.Content, r.setKey(arg, seg), m)
				cur = m
			}
			sh = next
		case yaml.SequenceNode:
			j, msg := findElement(cur, seg, &r.budget)
			if j < 0 {
				r.setError(arg, p, "%s", msg)
				return
			}
			if last {
				cur.Content[j] = val
				return
			}
			if sh != nil {
				sh = sh.elem
			}
			if sh != nil && sh.leaf {
				r.setError(arg, p, "field takes a value, not fields; cannot set %q inside it", segs[i+1])
				return
			}
			cur = cur.Content[j]
		default:
			r.setError(arg, strings.Join(segs[:i], "."), "holds %s, not fields; cannot set %q inside it (set the whole value instead, such as {id: x, label: y})", describe(cur), seg)
			return
		}
	}
}

// setValue parses the value of a --set argument as YAML and marks its
// nodes as coming from arg. It returns nil after reporting a mistake.
func (r *reader) setValue(arg, path, text string) (val *yaml.Node) {
	defer func() {
		if p := recover(); p != nil {
			r.setError(arg, path, "invalid value: the YAML parser failed: %v", p)
			val = nil
		}
	}()
	var doc, next yaml.Node
	dec := yaml.NewDecoder(strings.NewReader(text))
	err := dec.Decode(&doc)
	if err == nil {
		// A value is one document: "5\n---\n6" is no 5 with something
		// after it that could be dropped silently.
		if err = dec.Decode(&next); err == nil {
			r.setError(arg, path, "invalid value: a second YAML document after \"---\"; a value is one YAML document")
			return nil
		}
	}
	if err != nil && !errors.Is(err, io.EOF) {
		r.setError(arg, path, "invalid value: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		return nil
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		val = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}
	} else {
		nerr := len(r.errs)
		val = r.expand(doc.Content[0], nil)
		if len(r.errs) > nerr {
			// Re-attribute alias errors to the argument.
			for _, e := range r.errs[nerr:] {
				*e = Error{File: setPrefix + arg, Path: path, Msg: e.Msg}
			}
			return nil
		}
	}
	var mark func(n *yaml.Node)
	mark = func(n *yaml.Node) {
		r.origin[n] = arg
		for _, c := range n.Content {
			mark(c)
		}
	}
	mark(val)
	return val
}

// setKey makes the key node of a field added by --set.
func (r *reader) setKey(arg, seg string) *yaml.Node {
	k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: seg}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(seg), &doc); err == nil && len(doc.Content) == 1 {
		if c := doc.Content[0]; c.Kind == yaml.ScalarNode && c.Value == seg {
			k.Tag = c.Tag
		}
	}
	r.origin[k] = arg
	return k
}

// findKey returns the index in m.Content of the key equal to seg, or -1.
// Numeric keys match numerically, so table.5 finds the key 5.0.
func findKey(m *yaml.Node, seg string) int {
	for j := 0; j+1 < len(m.Content); j += 2 {
		if m.Content[j].Value == seg {
			return j
		}
	}
	x, err := strconv.ParseFloat(seg, 64)
	if err != nil {
		return -1
	}
	for j := 0; j+1 < len(m.Content); j += 2 {
		if v, ok, _ := scalarNumber(m.Content[j]); ok && v == x {
			return j
		}
	}
	return -1
}

// findElement returns the index of the list element named by seg: its
// index, or its id (the id field of a mapping, failing that its name
// field, or a plain option id). It returns -1 and a message when there is
// none.
func findElement(l *yaml.Node, seg string, budget *int) (int, string) {
	var ids []string
	for j, c := range l.Content {
		id := ""
		switch c.Kind {
		case yaml.ScalarNode:
			id = c.Value
		case yaml.MappingNode:
			k := findKey(c, "id")
			if k < 0 {
				k = findKey(c, "name")
			}
			if k >= 0 && c.Content[k+1].Kind == yaml.ScalarNode {
				id = c.Content[k+1].Value
			}
		}
		if id == seg {
			return j, ""
		}
		if id != "" {
			ids = append(ids, id)
		}
	}
	if j, err := strconv.Atoi(seg); err == nil {
		if j >= 0 && j < len(l.Content) {
			return j, ""
		}
		return -1, fmt.Sprintf("index %d out of range: the list has %d elements", j, len(l.Content))
	}
	slices.Sort(ids)
	return -1, fmt.Sprintf("no element with id %q%s", seg, poserr.Suggest(seg, slices.Compact(ids), budget))
}
