package sim

// Issue is one dimension of the negotiation: a corridor regime, a border
// segment, recognition. Its values are discrete; numeric ranges are
// discretised into values by the scenario reader.
type Issue struct {
	// ID is the short name used in files and tables ("corridor").
	ID string
	// Label is the human-readable name ("Transit corridor regime").
	Label string
	// Kind is a free tag such as "corridor", "border" or "legal".
	Kind string
	// Unit names the unit of a numeric issue ("km"); empty for options.
	Unit string
	// Numeric reports whether the values are points of a numeric range.
	Numeric bool
	// Values are the possible values, in the scenario's order.
	Values []Value
}

// Value is one possible value of an issue.
type Value struct {
	// ID is the option id, or for numeric issues the number formatted
	// without trailing zeros.
	ID string
	// Label is the human-readable name; it defaults to ID.
	Label string
	// Number is the numeric value of a numeric issue; zero for options.
	Number float64
}
