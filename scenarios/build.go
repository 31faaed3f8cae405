package scenarios

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/parley-sim/parley/scenarios/internal/numtext"
	"github.com/parley-sim/parley/sim"
)

// negotiation builds the engine's Negotiation from a validated model.
func (m *model) negotiation() (*sim.Negotiation, error) {
	issues := make([]sim.Issue, len(m.Issues))
	for i, is := range m.Issues {
		si := sim.Issue{ID: is.ID, Label: is.Label, Kind: is.Kind, Unit: is.Unit, Numeric: is.Numeric}
		if is.Numeric {
			si.Values = make([]sim.Value, len(is.Points))
			for j, x := range is.Points {
				id := numtext.Decimal(x)
				label := id
				if is.Unit != "" {
					label += " " + is.Unit
				}
				si.Values[j] = sim.Value{ID: id, Label: label, Number: x}
			}
		} else {
			si.Values = make([]sim.Value, len(is.Options))
			for j, o := range is.Options {
				si.Values[j] = sim.Value{ID: o.ID, Label: o.Label}
			}
		}
		issues[i] = si
	}
	space, err := sim.NewSpace(issues)
	if err != nil {
		return nil, fmt.Errorf("outcome space: %w", err)
	}
	n := &sim.Negotiation{Name: m.Name, Space: space}
	var profiles [2]sim.Additive
	for k, p := range m.Parties {
		profiles[k] = m.profile(p)
		u, err := sim.NewUtility(space, profiles[k])
		if err != nil {
			return nil, fmt.Errorf("party %s: %w", p.ID, err)
		}
		n.Parties[k] = sim.Party{
			ID:           p.ID,
			Label:        p.Label,
			Utility:      u,
			Strategy:     p.Strategy.Maker,
			StrategyName: p.Strategy.Type,
		}
	}
	m.setParties(n)
	for k, p := range m.Parties {
		if !p.Perceives {
			continue
		}
		u, err := perceived(space, m.Seed, k, p.Noise, profiles[1-k], n.Parties[1-k].Utility)
		if err != nil {
			return nil, fmt.Errorf("party %s: perception: %w", p.ID, err)
		}
		n.Parties[k].Perceived = u
	}
	m.setProtocol(n)
	if m.Facilitator != nil {
		f, err := m.buildFacilitator(space)
		if err != nil {
			return nil, err
		}
		n.Facilitator = f
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	return n, nil
}

// setParties writes the parties' numbers of the model into n: those a
// run's draws may change without a utility table to rebuild.
func (m *model) setParties(n *sim.Negotiation) {
	for k, p := range m.Parties {
		sp := &n.Parties[k]
		sp.Reservation, sp.Discount, sp.Cost = p.Reservation, p.Discount, p.Cost
		sp.BreakdownValue = p.BreakdownValue
		if !p.breakdownGiven {
			sp.BreakdownValue = p.Reservation
		}
	}
}

// setProtocol writes the model's protocol into n.
func (m *model) setProtocol(n *sim.Negotiation) {
	pr := m.Protocol
	n.Protocol = sim.Protocol{
		Type:             pick(pr.Type, protocolTypes, []sim.ProtocolType{sim.Alternating, sim.MonotonicConcession, sim.SingleText}),
		Moves:            moves(pr.Moves),
		Deadline:         pr.Deadline,
		Breakdown:        pr.Breakdown,
		FirstMover:       sim.RandomFirst,
		DiscountPerOffer: pr.DiscountPer == perOffer,
		// GENIUS's discounted reservation value, when switched on.
		DiscountReservation: pr.DiscountReservation,
	}
	for k, p := range m.Parties {
		if p.ID == pr.First {
			n.Protocol.FirstMover = k
		}
	}
}

// profile returns the additive profile of p: its weights, and the
// evaluation of every value of every issue (zeros for issues without a
// value function).
func (m *model) profile(p *partySpec) sim.Additive {
	prof := sim.Additive{Weights: p.Weights, Values: make([][]float64, len(m.Issues))}
	for i, is := range m.Issues {
		prof.Values[i] = p.eval(is, i)
	}
	return prof
}

// Nodes of the canonical YAML.

func strNode(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.Contains(s, "\n") {
		n.Style = yaml.LiteralStyle
	}
	return n
}

func numNode(x float64) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: numtext.Decimal(x)}
}

func intNode(x int64) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.FormatInt(x, 10)}
}

func mapNode(flow bool, kv ...*yaml.Node) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: kv}
	if flow {
		n.Style = yaml.FlowStyle
	}
	return n
}

// pairs builds key/value content from alternating keys and values.
func pair(key string, val *yaml.Node) []*yaml.Node {
	return []*yaml.Node{strNode(key), val}
}

// resolved writes the model as canonical YAML: every field in schema order,
// every default filled in, numbers in their shortest exact form, uncertain
// fields as their distributions. It returns the uncertain fields in the
// order in which it writes them: the order of the assumptions.
func (m *model) resolved() ([]byte, []*uncertainField, error) {
	var top []*yaml.Node
	add := func(key string, val *yaml.Node) { top = append(top, pair(key, val)...) }
	add("name", strNode(m.Name))
	add("description", strNode(m.Description))
	add("runs", intNode(int64(m.Runs)))
	add("seed", &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.FormatUint(m.Seed, 10)})

	issues := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, is := range m.Issues {
		var c []*yaml.Node
		c = append(c, pair("id", strNode(is.ID))...)
		c = append(c, pair("label", strNode(is.Label))...)
		c = append(c, pair("kind", strNode(is.Kind))...)
		if is.Numeric {
			c = append(c, pair("min", numNode(is.Min))...)
			c = append(c, pair("max", numNode(is.Max))...)
			c = append(c, pair("step", numNode(is.Step))...)
			c = append(c, pair("unit", strNode(is.Unit))...)
		} else {
			opts := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
			for _, o := range is.Options {
				opts.Content = append(opts.Content, mapNode(true, append(pair("id", strNode(o.ID)), pair("label", strNode(o.Label))...)...))
			}
			c = append(c, pair("options", opts)...)
		}
		issues.Content = append(issues.Content, mapNode(false, c...))
	}
	add("issues", issues)

	parties := mapNode(false)
	for _, p := range m.Parties {
		var c []*yaml.Node
		path := fieldPath("parties", p.ID)
		c = append(c, pair("label", strNode(p.Label))...)
		c = append(c, pair("reservation", numNode(p.Reservation))...)
		if p.breakdownGiven || m.uncertain[fieldPath(path, "reservation")] == nil {
			// An uncertain reservation without a breakdown value of its
			// own is the breakdown value of every run: left out, it reads
			// back so.
			c = append(c, pair("breakdown_value", numNode(p.BreakdownValue))...)
		}
		c = append(c, pair("discount", numNode(p.Discount))...)
		c = append(c, pair("cost", numNode(p.Cost))...)
		w, vals := m.weightsValues(p)
		c = append(c, pair("weights", w)...)
		if p.Concentration > 0 {
			c = append(c, pair("weights_concentration", numNode(p.Concentration))...)
		}
		c = append(c, pair("values", vals)...)
		if p.Perceives {
			c = append(c, pair("perception", mapNode(true, pair("noise", numNode(p.Noise))...))...)
		}
		st := mapNode(true, pair("type", strNode(p.Strategy.Type))...)
		for _, pr := range p.Strategy.Info.Params {
			if p.Strategy.alts != nil && !slices.Contains(p.Strategy.given, pr.Name) {
				// Under a choice of type, a default is each type's own.
				continue
			}
			var v *yaml.Node
			switch x := p.Strategy.Params[pr.Name].(type) {
			case float64:
				v = numNode(x)
			case int:
				v = intNode(int64(x))
			case string:
				v = strNode(x)
			case bool:
				v = boolNode(x)
			default:
				return nil, nil, fmt.Errorf("party %s: parameter %s has a value of unsupported type %T", p.ID, pr.Name, x)
			}
			st.Content = append(st.Content, pair(pr.Name, v)...)
		}
		c = append(c, pair("strategy", st)...)
		if f := m.Facilitator; f != nil {
			// A key the party sets itself is written when it differs from
			// the facilitator's, or when either is uncertain.
			force := func(key string) bool {
				return p.inviteKeys[key] && (m.uncertain[fieldPath(fieldPath(path, "invite_when"), key)] != nil ||
					m.uncertain[fieldPath("facilitator.invite_when", key)] != nil)
			}
			if t := triggerNode(p.Triggers, &f.Triggers, force); len(t.Content) > 0 {
				c = append(c, pair("invite_when", t)...)
			}
		}
		parties.Content = append(parties.Content, pair(p.ID, mapNode(false, c...))...)
	}
	add("parties", parties)

	pr := m.Protocol
	proto := pair("type", strNode(pr.Type))
	if pr.Moves != "" {
		proto = append(proto, pair("moves", strNode(pr.Moves))...)
	}
	proto = append(proto, pair("deadline", intNode(int64(pr.Deadline)))...)
	proto = append(proto, pair("first", strNode(pr.First))...)
	proto = append(proto, pair("breakdown", numNode(pr.Breakdown))...)
	proto = append(proto, pair("discount_per", strNode(pr.DiscountPer))...)
	if pr.DiscountReservation || m.uncertain["protocol.discount_reservation"] != nil {
		// Written only when on (or drawn), so that scenarios without the
		// switch resolve (and fingerprint) as before it existed.
		proto = append(proto, pair("discount_reservation", boolNode(true))...)
	}
	add("protocol", mapNode(false, proto...))
	if m.Facilitator != nil {
		add("facilitator", m.facilitatorNode())
	}

	root := mapNode(false, top...)
	order, err := placeUncertain(root, m.uncertain)
	if err != nil {
		return nil, nil, err
	}
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root},
		HeadComment: "Resolved scenario: every default filled in, weights normalised."}
	out, err := encodeYAML(doc)
	return out, order, err
}

// weightsValues writes p's weights and value functions in canonical form:
// the weights normalised, or as given when some are distributions (they
// are normalised in each run).
func (m *model) weightsValues(p *partySpec) (w, vals *yaml.Node) {
	w = mapNode(true)
	vals = mapNode(false)
	weights := p.Weights
	if p.drawWeights {
		weights = p.Raw
	}
	for i, is := range m.Issues {
		w.Content = append(w.Content, pair(is.ID, numNode(weights[i]))...)
		if v := p.Values[i]; v != nil {
			vals.Content = append(vals.Content, pair(is.ID, v.node(is))...)
		}
	}
	return w, vals
}

// node writes a value function in canonical form.
func (v *valueFn) node(is *issueSpec) *yaml.Node {
	switch {
	case !is.Numeric:
		n := mapNode(true)
		for i, o := range is.Options {
			n.Content = append(n.Content, pair(o.ID, numNode(v.Options[i]))...)
		}
		return n
	case v.Linear != "":
		return mapNode(true, pair("linear", strNode(v.Linear))...)
	case v.HasIdeal:
		return mapNode(true, append(append(pair("ideal", numNode(v.Ideal)),
			pair("loss", strNode(v.Loss))...),
			pair("tolerance", numNode(v.Tolerance))...)...)
	}
	t := mapNode(true)
	for _, p := range v.Table {
		t.Content = append(t.Content, numNode(is.Points[p.Index]), numNode(p.Value))
	}
	return mapNode(true, pair("table", t)...)
}

// encodeYAML writes a node as YAML indented by two spaces: the form of
// every canonical file parley writes.
func encodeYAML(n *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
