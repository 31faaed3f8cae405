package sim

import (
	"errors"
	"fmt"
	"math"
)

// Outcome identifies one complete agreement, one value for every issue, by
// its index in the outcome space. The mixed-radix encoding puts the first
// issue in the most significant position, so outcomes enumerate in
// lexicographic order of their value indices.
type Outcome int32

// NoOutcome marks the absence of an outcome, such as the agreement of a
// session that ended without one.
const NoOutcome Outcome = -1

// MaxOutcomes is the largest outcome space parley enumerates.
const MaxOutcomes = 1 << 24

// ErrSpaceTooLarge reports an outcome space above [MaxOutcomes].
var ErrSpaceTooLarge = errors.New("outcome space too large")

// Space is the set of all outcomes: the Cartesian product of the issues'
// values. It is immutable once built and safe for concurrent use.
type Space struct {
	issues  []Issue
	radix   []int32
	strides []int32
	size    int
}

// NewSpace builds the outcome space of the given issues. Every issue must
// have at least one value, and the product of the value counts must not
// exceed [MaxOutcomes].
func NewSpace(issues []Issue) (*Space, error) {
	if len(issues) == 0 {
		return nil, errors.New("no issues")
	}
	size := 1
	for _, is := range issues {
		if len(is.Values) == 0 {
			return nil, fmt.Errorf("issue %q has no values", is.ID)
		}
		if size > MaxOutcomes/len(is.Values) {
			return nil, fmt.Errorf("%w: more than %d outcomes", ErrSpaceTooLarge, MaxOutcomes)
		}
		size *= len(is.Values)
	}
	s := &Space{
		issues:  issues,
		radix:   make([]int32, len(issues)),
		strides: make([]int32, len(issues)),
		size:    size,
	}
	stride := 1
	for i := len(issues) - 1; i >= 0; i-- {
		s.radix[i] = int32(len(issues[i].Values))
		s.strides[i] = int32(stride)
		stride *= len(issues[i].Values)
	}
	return s, nil
}

// SpaceSize returns the number of outcomes the issues would span, saturating
// at math.MaxInt64, without building the space. Use it to report how large a
// space would be before refusing it.
func SpaceSize(issues []Issue) float64 {
	size := 1.0
	for _, is := range issues {
		size *= float64(len(is.Values))
	}
	if size > math.MaxInt64 {
		return math.Inf(1)
	}
	return size
}

// Size returns the number of outcomes.
func (s *Space) Size() int { return s.size }

// Issues returns the issues; callers must not modify them.
func (s *Space) Issues() []Issue { return s.issues }

// NumIssues returns the number of issues.
func (s *Space) NumIssues() int { return len(s.issues) }

// ValueIndex returns the index of the value that outcome o gives issue i.
func (s *Space) ValueIndex(o Outcome, i int) int {
	return int((int32(o) / s.strides[i]) % s.radix[i])
}

// Value returns the value that outcome o gives issue i.
func (s *Space) Value(o Outcome, i int) Value {
	return s.issues[i].Values[s.ValueIndex(o, i)]
}

// Decode writes the value index of every issue of o into dst, which must
// have room for NumIssues entries, and returns dst.
func (s *Space) Decode(o Outcome, dst []int) []int {
	for i := range s.issues {
		dst[i] = s.ValueIndex(o, i)
	}
	return dst
}

// Encode returns the outcome with the given value index for every issue.
// It panics if an index is out of range, which is a bug in the caller.
func (s *Space) Encode(idx []int) Outcome {
	if len(idx) != len(s.issues) {
		panic(fmt.Sprintf("sim: Encode got %d indices for %d issues", len(idx), len(s.issues)))
	}
	var o int32
	for i, v := range idx {
		if v < 0 || int32(v) >= s.radix[i] {
			panic(fmt.Sprintf("sim: Encode: value index %d out of range for issue %q", v, s.issues[i].ID))
		}
		o += int32(v) * s.strides[i]
	}
	return Outcome(o)
}

// Neighbour returns the outcome that differs from o only in issue i, whose
// value index becomes v.
func (s *Space) Neighbour(o Outcome, i, v int) Outcome {
	cur := s.ValueIndex(o, i)
	return o + Outcome(int32(v-cur)*s.strides[i])
}
