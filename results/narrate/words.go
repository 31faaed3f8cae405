package narrate

import (
	"fmt"
	"strconv"
)

// Plural returns a count with its noun, adding "s" to a regular noun for
// any count but 1: Plural(1, "run") is "1 run", Plural(3, "run") "3 runs",
// Plural(0, "issue") "0 issues". It is the one pluraliser of parley's
// texts, charts and command line.
func Plural(k int, noun string) string {
	if k == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(k) + " " + noun + "s"
}

// SeedText returns a seed as parley writes it everywhere, in the tables,
// the charts and the narration: 0x and 16 hex digits.
func SeedText(s uint64) string { return fmt.Sprintf("0x%016x", s) }
