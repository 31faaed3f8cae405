package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// reportMaxYAML bounds the resolved scenario a report reads.
const reportMaxYAML = 4 << 20

// reportMaxNodes bounds the number of YAML nodes a report walks (aliases
// are not followed, so this bounds the work too).
const reportMaxNodes = 200_000

// repNode is a generic YAML or JSON value that keeps the order of mapping
// keys: a scalar (Scalar), a mapping (Keys and Vals) or a sequence (Items).
type repNode struct {
	Scalar string
	IsMap  bool
	IsSeq  bool
	Keys   []string
	Vals   []*repNode
	Items  []*repNode
}

// get returns the value of key in a mapping, or nil.
func (n *repNode) get(key string) *repNode {
	if n == nil || !n.IsMap {
		return nil
	}
	if i := slices.Index(n.Keys, key); i >= 0 {
		return n.Vals[i]
	}
	return nil
}

// str returns the scalar value of key, or "".
func (n *repNode) str(key string) string {
	if v := n.get(key); v != nil && !v.IsMap && !v.IsSeq {
		return v.Scalar
	}
	return ""
}

// inline renders n on one line: scalars as they are, mappings as
// "k: v, k: v" and sequences as "a, b", nested ones in braces or
// brackets.
func (n *repNode) inline() string {
	var b strings.Builder
	n.writeInline(&b, false)
	return b.String()
}

func (n *repNode) writeInline(b *strings.Builder, nested bool) {
	switch {
	case n == nil:
	case n.IsMap:
		if nested {
			b.WriteString("{")
		}
		for i, k := range n.Keys {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(k)
			b.WriteString(": ")
			n.Vals[i].writeInline(b, true)
		}
		if nested {
			b.WriteString("}")
		}
	case n.IsSeq:
		if nested {
			b.WriteString("[")
		}
		for i, it := range n.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			it.writeInline(b, true)
		}
		if nested {
			b.WriteString("]")
		}
	default:
		b.WriteString(n.Scalar)
	}
}

// parseReportYAML parses YAML text into a repNode.
func parseReportYAML(text string) (*repNode, error) {
	if len(text) > reportMaxYAML {
		return nil, fmt.Errorf("resolved scenario of %d bytes: larger than %d", len(text), reportMaxYAML)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		return nil, fmt.Errorf("reading the resolved scenario: %w", err)
	}
	budget := reportMaxNodes
	return fromYAML(&doc, &budget, 0)
}

func fromYAML(y *yaml.Node, budget *int, depth int) (*repNode, error) {
	*budget--
	if *budget < 0 || depth > 100 {
		return nil, fmt.Errorf("reading the resolved scenario: too large or too deep")
	}
	switch y.Kind {
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			return &repNode{IsMap: true}, nil
		}
		return fromYAML(y.Content[0], budget, depth+1)
	case yaml.MappingNode:
		n := &repNode{IsMap: true}
		for i := 0; i+1 < len(y.Content); i += 2 {
			v, err := fromYAML(y.Content[i+1], budget, depth+1)
			if err != nil {
				return nil, err
			}
			n.Keys = append(n.Keys, y.Content[i].Value)
			n.Vals = append(n.Vals, v)
		}
		return n, nil
	case yaml.SequenceNode:
		n := &repNode{IsSeq: true}
		for _, c := range y.Content {
			v, err := fromYAML(c, budget, depth+1)
			if err != nil {
				return nil, err
			}
			n.Items = append(n.Items, v)
		}
		return n, nil
	case yaml.AliasNode:
		return &repNode{Scalar: "*" + y.Value}, nil
	default:
		return &repNode{Scalar: y.Value}, nil
	}
}

// parseReportJSON parses a JSON object into a repNode, keeping the order
// of its keys.
func parseReportJSON(b []byte) (*repNode, error) {
	d := json.NewDecoder(strings.NewReader(string(b)))
	d.UseNumber()
	budget := reportMaxNodes
	n, err := fromJSON(d, &budget, 0)
	if err != nil {
		return nil, err
	}
	if _, err := d.Token(); err == nil {
		return nil, fmt.Errorf("data after the JSON value")
	}
	return n, nil
}

func fromJSON(d *json.Decoder, budget *int, depth int) (*repNode, error) {
	*budget--
	if *budget < 0 || depth > 100 {
		return nil, fmt.Errorf("too large or too deep")
	}
	tok, err := d.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := &repNode{IsMap: true}
			for d.More() {
				k, err := d.Token()
				if err != nil {
					return nil, err
				}
				key, _ := k.(string)
				v, err := fromJSON(d, budget, depth+1)
				if err != nil {
					return nil, err
				}
				n.Keys = append(n.Keys, key)
				n.Vals = append(n.Vals, v)
			}
			_, err := d.Token() // '}'
			return n, err
		case '[':
			n := &repNode{IsSeq: true}
			for d.More() {
				v, err := fromJSON(d, budget, depth+1)
				if err != nil {
					return nil, err
				}
				n.Items = append(n.Items, v)
			}
			_, err := d.Token() // ']'
			return n, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	case string:
		return &repNode{Scalar: t}, nil
	case json.Number:
		return &repNode{Scalar: t.String()}, nil
	case bool:
		return &repNode{Scalar: strconv.FormatBool(t)}, nil
	case nil:
		return &repNode{Scalar: ""}, nil
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}

// repParty is a party as the report shows it.
type repParty struct {
	ID, Label string
	Facts     []repFact // reservation, discount, … in scenario order
	Strategy  string
}

// repIssue is an issue as the report shows it.
type repIssue struct {
	ID, Label, Kind string
	Options         []string // "label (id)" of each option; empty for a numeric range
	Range           string   // "0 to 4 km in steps of 0.5" for a numeric issue
	Weights         []string // each party's weight, in party order ("" if unknown)
}

// repFact is one labelled value.
type repFact struct {
	Name, Value string
}

// repScenario is what the report shows of the resolved scenario.
type repScenario struct {
	Name, Description string
	Parties           []repParty
	Issues            []repIssue
	Protocol          []repFact
	Facilitator       []repFact
	// Other lists the top-level settings the sections above do not show,
	// but for the default runs and seed, which the command line may have
	// overridden (the manifest records those used).
	Other []repFact
}

// scenarioOf extracts the report's view of a resolved scenario.
func scenarioOf(root *repNode) repScenario {
	var s repScenario
	s.Name = root.str("name")
	s.Description = root.str("description")
	if ps := root.get("parties"); ps != nil {
		for i, id := range ps.Keys {
			p := ps.Vals[i]
			rp := repParty{ID: id, Label: cmp.Or(p.str("label"), id)}
			for j, k := range p.Keys {
				switch k {
				case "label", "weights", "values":
				case "strategy":
					rp.Strategy = strategyText(p.Vals[j])
				default:
					rp.Facts = append(rp.Facts, repFact{k, p.Vals[j].inline()})
				}
			}
			s.Parties = append(s.Parties, rp)
		}
	}
	if is := root.get("issues"); is != nil {
		for _, it := range is.Items {
			ri := repIssue{ID: it.str("id"), Label: it.str("label"), Kind: it.str("kind")}
			if opts := it.get("options"); opts != nil {
				for _, o := range opts.Items {
					if !o.IsMap {
						ri.Options = append(ri.Options, o.Scalar)
						continue
					}
					id, label := o.str("id"), o.str("label")
					if label != "" && label != id {
						ri.Options = append(ri.Options, label+" ("+id+")")
					} else {
						ri.Options = append(ri.Options, id)
					}
				}
			}
			if lo, hi := it.str("min"), it.str("max"); lo != "" || hi != "" {
				ri.Range = lo + " to " + hi
				if u := it.str("unit"); u != "" {
					ri.Range += " " + u
				}
				if st := it.str("step"); st != "" {
					ri.Range += ", in steps of " + st
				}
			}
			if ps := root.get("parties"); ps != nil {
				for _, p := range ps.Vals {
					ri.Weights = append(ri.Weights, p.get("weights").str(ri.ID))
				}
			}
			s.Issues = append(s.Issues, ri)
		}
	}
	s.Protocol = factsOf(root.get("protocol"))
	s.Facilitator = factsOf(root.get("facilitator"))
	for i, k := range root.Keys {
		switch k {
		case "name", "description", "parties", "issues", "protocol", "facilitator":
		case "runs", "seed":
			// The scenario's defaults; the manifest says what was used.
		default:
			s.Other = append(s.Other, repFact{k, root.Vals[i].inline()})
		}
	}
	return s
}

// factsOf lists the keys of a mapping with their values on one line.
func factsOf(n *repNode) []repFact {
	if n == nil {
		return nil
	}
	if !n.IsMap {
		return []repFact{{"", n.inline()}}
	}
	out := make([]repFact, 0, len(n.Keys))
	for i, k := range n.Keys {
		out = append(out, repFact{k, n.Vals[i].inline()})
	}
	return out
}

// strategyText renders a strategy as "type (key: value, …)".
func strategyText(n *repNode) string {
	if n == nil {
		return ""
	}
	if !n.IsMap {
		return n.inline()
	}
	typ := n.str("type")
	rest := &repNode{IsMap: true}
	for i, k := range n.Keys {
		if k == "type" {
			continue
		}
		// The resolved scenario holds every parameter as played (a
		// preset's e is its effective exponent), so it is shown as written.
		rest.Keys = append(rest.Keys, k)
		rest.Vals = append(rest.Vals, n.Vals[i])
	}
	if len(rest.Keys) == 0 {
		return typ
	}
	if typ == "" {
		return rest.inline()
	}
	return typ + " (" + rest.inline() + ")"
}
