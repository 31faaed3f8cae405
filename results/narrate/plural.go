package narrate

import "strconv"

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
