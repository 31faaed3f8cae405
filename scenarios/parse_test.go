package scenarios

import (
	"flag"
	"fmt"
	"strings"
	"testing"
)

// dumpWant prints each invalid case's report, for review when messages
// change on purpose.
var dumpWant = flag.Bool("dumpwant", false, "print the error report of every invalid case")

// base is a small valid scenario that the table cases edit.
const base = `name: test
description: A test scenario.
issues:
  - id: corridor
    options: [national, {id: simplified, label: Simplified checks}]
  - id: border
    kind: border
    min: 0
    max: 10
    step: 5
    unit: km
parties:
  a:
    weights: {corridor: 0.5, border: 0.5}
    values:
      corridor: {national: 1, simplified: 0.5}
      border: {linear: increasing}
    strategy: {type: boulware}
  b:
    reservation: 0.2
    discount: 0.9
    weights: {corridor: 0.25, border: 0.75}
    values:
      corridor: {national: 0, simplified: 1}
      border: {ideal: 5, loss: quadratic, tolerance: 1}
    strategy: {type: linear, acceptance: next}
protocol:
  deadline: 10
`

// edit returns base with each old string replaced by the new one that
// follows it; every old string must occur.
func edit(pairs ...string) string {
	s := base
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			panic("edit: " + pairs[i] + " not in base")
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return s
}

// invalidCase is a scenario with mistakes and the exact report expected.
type invalidCase struct {
	name string
	src  string
	sets []string
	want string
}

var invalidCases = []invalidCase{
	{name: "syntax error", src: edit("  a:\n", "  a:\n   - x: [\n"),
		want: "x.yaml:13: YAML syntax error: did not find expected ',' or ']'"},
	{name: "tab indentation", src: edit("    discount: 0.9\n", "\tdiscount: 0.9\n"),
		want: "x.yaml:20: YAML syntax error: found a tab character that violates indentation"},
	{name: "empty file", src: "",
		want: "x.yaml:1:1: empty file: expected a mapping with the fields name, description, issues and parties"},
	{name: "only comments", src: "# nothing here\n\n# at all\n",
		want: "x.yaml:1:1: empty file: expected a mapping with the fields name, description, issues and parties"},
	{name: "top level is a list", src: "- name: x\n",
		want: "x.yaml:1:1: expected a mapping with the fields name, description, issues and parties, found a sequence"},
	{name: "two documents", src: base + "---\nname: again\n",
		want: "x.yaml:29:1: a second YAML document; a scenario file holds exactly one (remove the \"---\" separator)"},
	{name: "invalid UTF-8", src: edit("A test scenario.", "A test \xff scenario."),
		want: "x.yaml:2:21: invalid UTF-8: byte 0xff cannot start or continue a character; save the file as UTF-8"},
	{name: "NUL byte", src: edit("A test scenario.", "A test\x00scenario."),
		want: "x.yaml:2:20: YAML syntax error: control character U+0000 is not allowed in a YAML file (only tab, line feed and carriage return are)"},
	{name: "escape character in a comment", src: edit("issues:\n", "issues: # \x1b[2J\n"),
		want: "x.yaml:3:11: YAML syntax error: control character U+001B is not allowed in a YAML file (only tab, line feed and carriage return are)"},
	{name: "DEL after a BOM", src: "\ufeff" + edit("  deadline: 10", "  deadline: 10\x7f"),
		want: "x.yaml:28:15: YAML syntax error: control character U+007F is not allowed in a YAML file (only tab, line feed and carriage return are)"},
	{name: "unknown field of 1,000 characters", src: edit("protocol:", strings.Repeat("k", 1000)+": 1\nprotocol:"),
		want: "x.yaml:27:1: " + strings.Repeat("k", 64) + "...: unknown field (expected one of name, description, runs, seed, issues, parties, protocol, facilitator)"},
	{name: "unknown strategy of 100,000 characters", src: edit("strategy: {type: boulware}", "strategy: {type: "+strings.Repeat("b", 100_000)+"}"),
		want: "x.yaml:18:22: parties.a.strategy.type: unknown strategy \"" + strings.Repeat("b", 40) + "...\" (expected one of boulware, conceder, hardliner, linear)"},
	{name: "numbers of 100,000 digits", src: edit("reservation: 0.2", "reservation: 0."+strings.Repeat("2", 100_000), "deadline: 10", "deadline: 1"+strings.Repeat("0", 100_000)),
		want: "x.yaml:20:18: parties.b.reservation: expected a number in [0, 1] of at most 100 characters, found one of 100002\nx.yaml:28:13: protocol.deadline: expected an integer in [1, 1000000] of at most 100 characters, found one of 100001"},
	{name: "alias to an anchor of 100,000 characters", src: edit("deadline: 10", "deadline: *"+strings.Repeat("a", 100_000)),
		want: "x.yaml:28:13: YAML syntax error: alias *" + strings.Repeat("a", 40) + "... refers to no anchor defined before it"},
	{name: "unknown top-level field", src: edit("protocol:", "protocl:"),
		want: "x.yaml:27:1: protocl: unknown field (did you mean \"protocol\"?)"},
	{name: "unknown party field", src: edit("    strategy: {type: boulware}", "    stratgy: {type: boulware}"),
		want: "x.yaml:18:5: parties.a.stratgy: unknown field (did you mean \"strategy\"?)"},
	{name: "unknown field, no near name", src: edit("  deadline: 10\n", "  deadline: 10\n  colour: red\n"),
		want: "x.yaml:29:3: protocol.colour: unknown field (expected one of type, moves, deadline, first, breakdown, discount_per, discount_reservation)"},
	{name: "list where a number is expected", src: edit("discount: 0.9", "discount: [0.9]"),
		want: "x.yaml:21:15: parties.b.discount: expected a number in (0, 1], found a sequence"},
	{name: "quoted number", src: edit("reservation: 0.2", `reservation: "0.2"`),
		want: "x.yaml:20:18: parties.b.reservation: expected a number in [0, 1], found \"0.2\""},
	{name: "mapping where a list is expected", src: edit("issues:\n", "issues: {}\nx:\n"),
		want: "x.yaml:3:9: issues: expected a list of issues, found a mapping\nx.yaml:4:1: x: unknown field (expected one of name, description, runs, seed, issues, parties, protocol, facilitator)"},
	{name: "missing required fields", src: "runs: 5\n",
		want: "x.yaml:1:1: name: missing required field: the scenario's name, lowercase letters, digits and hyphens\nx.yaml:1:1: description: missing required field: a text saying what the scenario models\nx.yaml:1:1: issues: missing required field: the list of issues\nx.yaml:1:1: parties: missing required field: a mapping of exactly two parties"},
	{name: "one party", src: edit("  b:\n    reservation: 0.2\n    discount: 0.9\n    weights: {corridor: 0.25, border: 0.75}\n    values:\n      corridor: {national: 0, simplified: 1}\n      border: {ideal: 5, loss: quadratic, tolerance: 1}\n    strategy: {type: linear, acceptance: next}\n", ""),
		want: "x.yaml:12:1: parties: expected exactly two parties, found 1"},
	{name: "a third party", src: edit("protocol:", "  c:\n    weights: {corridor: 1, border: 0}\n    values: {corridor: {national: 1, simplified: 0}}\n    strategy: {type: linear}\nprotocol:"),
		want: "x.yaml:27:3: parties.c: a third party; a scenario has exactly two parties (found 3)"},
	{name: "no parties", src: edit("parties:\n", "parties: {}\nold:\n"),
		want: "x.yaml:12:1: parties: expected exactly two parties, found 0\nx.yaml:13:1: old: unknown field (expected one of name, description, runs, seed, issues, parties, protocol, facilitator)"},
	{name: "duplicate issue id", src: edit("  - id: border\n", "  - id: corridor\n"),
		want: "x.yaml:6:9: issues.corridor.id: duplicate issue id \"corridor\" (first given at line 4, column 9)"},
	{name: "duplicate option id", src: edit("{id: simplified, label: Simplified checks}", "{id: national, label: Simplified checks}"),
		want: "x.yaml:5:30: issues.corridor.options.1: duplicate option id \"national\" (first given at line 5, column 15)"},
	{name: "duplicate YAML key", src: edit("    discount: 0.9\n", "    discount: 0.9\n    discount: 0.8\n"),
		want: "x.yaml:22:5: parties.b.discount: duplicate key (first given at line 21, column 5)"},
	{name: "value function names an unknown issue", src: edit("      border: {linear: increasing}", "      border: {linear: increasing}\n      bordr: {linear: increasing}"),
		want: "x.yaml:18:7: parties.a.values.bordr: unknown issue (did you mean \"border\"?)"},
	{name: "value function names an unknown option", src: edit("{national: 1, simplified: 0.5}", "{national: 1, simplified: 0.5, simplfied: 0.5}"),
		want: "x.yaml:16:48: parties.a.values.corridor.simplfied: unknown option of issue \"corridor\" (did you mean \"simplified\"?)"},
	{name: "option value missing", src: edit("{national: 1, simplified: 0.5}", "{national: 1}"),
		want: "x.yaml:16:17: parties.a.values.corridor: missing value for option \"simplified\"; give every option a value in [0, 1]"},
	{name: "values outside [0, 1]", src: edit("{national: 1, simplified: 0.5}", "{national: 1.5, simplified: -0.5}"),
		want: "x.yaml:16:28: parties.a.values.corridor.national: expected a number in [0, 1], found 1.5\nx.yaml:16:45: parties.a.values.corridor.simplified: expected a number in [0, 1], found -0.5"},
	{name: "negative weight", src: edit("{corridor: 0.25, border: 0.75}", "{corridor: -0.25, border: 0.75}"),
		want: "x.yaml:22:25: parties.b.weights.corridor: expected a number >= 0, found -0.25"},
	{name: "all weights zero", src: edit("{corridor: 0.25, border: 0.75}", "{corridor: 0, border: 0}"),
		want: "x.yaml:22:5: parties.b.weights: all weights are zero; at least one issue must matter"},
	{name: "weight under a misspelt issue id", src: edit("{corridor: 0.25, border: 0.75}", "{corridor: 0.25, bordre: 0.75}"),
		want: "x.yaml:22:31: parties.b.weights.bordre: unknown issue (did you mean \"border\"?)"},
	{name: "value function missing for weighted issue", src: edit("      border: {linear: increasing}\n", ""),
		want: "x.yaml:15:5: parties.a.values: missing value function for issue \"border\", which has a weight above zero"},
	{name: "discount above 1", src: edit("discount: 0.9", "discount: 1.5"),
		want: "x.yaml:21:15: parties.b.discount: expected a number in (0, 1], found 1.5"},
	{name: "discount zero", src: edit("discount: 0.9", "discount: 0"),
		want: "x.yaml:21:15: parties.b.discount: expected a number in (0, 1], found 0"},
	{name: "reservation outside [0, 1]", src: edit("reservation: 0.2", "reservation: 1.2"),
		want: "x.yaml:20:18: parties.b.reservation: expected a number in [0, 1], found 1.2"},
	{name: "deadline below 1", src: edit("deadline: 10", "deadline: 0"),
		want: "x.yaml:28:13: protocol.deadline: expected an integer in [1, 1000000], found 0"},
	{name: "deadline above limit", src: edit("deadline: 10", "deadline: 1000001"),
		want: "x.yaml:28:13: protocol.deadline: expected an integer in [1, 1000000], found 1000001"},
	{name: "deadline not an integer", src: edit("deadline: 10", "deadline: 2.5"),
		want: "x.yaml:28:13: protocol.deadline: expected an integer in [1, 1000000], found 2.5"},
	{name: "step zero", src: edit("step: 5", "step: 0"),
		want: "x.yaml:10:11: issues.border.step: expected a number > 0, found 0"},
	{name: "max below min", src: edit("max: 10", "max: -10"),
		want: "x.yaml:9:10: issues.border.max: expected a number >= min (0), found -10"},
	{name: "too many points", src: edit("step: 5", "step: 0.0000001"),
		want: "x.yaml:10:11: issues.border.step: range would have 1e+08 points, limit 10000; widen step or narrow the range"},
	{name: "points coincide", src: edit("min: 0\n    max: 10\n    step: 5", "min: 1e16\n    max: 1.00000000000001e16\n    step: 1"),
		want: "x.yaml:10:11: issues.border.step: step 1 is too small for numbers of this size: points 10000000000000000 and 10000000000000000 coincide"},
	{name: "options and a range", src: edit("    kind: border\n", "    kind: border\n    options: [a, b]\n"),
		want: "x.yaml:9:5: issues.border.min: an issue has either options or min, max and step, not both"},
	{name: "neither options nor a range", src: edit("    min: 0\n    max: 10\n    step: 5\n    unit: km\n", ""),
		want: "x.yaml:6:5: issues.border: expected options, or min, max and step, found neither"},
	{name: "unit on an option issue", src: edit("    options: [national,", "    unit: km\n    options: [national,"),
		want: "x.yaml:5:5: issues.corridor.unit: unit applies only to numeric issues (min, max and step)"},
	{name: "range without step", src: edit("    step: 5\n", ""),
		want: "x.yaml:6:5: issues.border.step: missing required field: a numeric issue needs min, max and step"},
	{name: "outcome space too large", src: edit("issues:\n", "issues:\n  - {id: a, min: 0, max: 9999, step: 1}\n  - {id: b, min: 0, max: 9999, step: 1}\n  - {id: c, min: 0, max: 11, step: 1}\n"),
		want: "x.yaml:3:1: issues: outcome space would have 7.2e+09 outcomes, limit 16777216; remove options, widen step, or drop issues\nx.yaml:17:5: parties.a.weights: missing weight for issue \"a\"; list every issue (0 to ignore one)\nx.yaml:17:5: parties.a.weights: missing weight for issue \"b\"; list every issue (0 to ignore one)\nx.yaml:17:5: parties.a.weights: missing weight for issue \"c\"; list every issue (0 to ignore one)\nx.yaml:25:5: parties.b.weights: missing weight for issue \"a\"; list every issue (0 to ignore one)\nx.yaml:25:5: parties.b.weights: missing weight for issue \"b\"; list every issue (0 to ignore one)\nx.yaml:25:5: parties.b.weights: missing weight for issue \"c\"; list every issue (0 to ignore one)"},
	{name: "no issues", src: edit("issues:\n", "issues: []\nold:\n"),
		want: "x.yaml:3:9: issues: expected at least one issue, found an empty list\nx.yaml:4:1: old: unknown field (expected one of name, description, runs, seed, issues, parties, protocol, facilitator)"},
	{name: "NaN and infinity", src: edit("reservation: 0.2", "reservation: .nan", "discount: 0.9", "discount: -.inf"),
		want: "x.yaml:20:18: parties.b.reservation: expected a number in [0, 1], found .nan; NaN and infinities are not allowed\nx.yaml:21:15: parties.b.discount: expected a number in (0, 1], found -.inf; NaN and infinities are not allowed"},
	{name: "unknown strategy", src: edit("{type: boulware}", "{type: bulware}"),
		want: "x.yaml:18:22: parties.a.strategy.type: unknown strategy \"bulware\" (did you mean \"boulware\"?)"},
	{name: "strategy without type", src: edit("{type: boulware}", "{e: 2}"),
		want: "x.yaml:18:15: parties.a.strategy.type: missing required field: the strategy's name, one of \"boulware\", \"conceder\", \"hardliner\" or \"linear\""},
	{name: "unknown strategy parameter", src: edit("{type: boulware}", "{type: boulware, ee: 2, acceptence: next}"),
		want: "x.yaml:18:32: parties.a.strategy.ee: unknown parameter of strategy \"boulware\" (expected one of e, convention, k, verbose, acceptance, accept_threshold)\nx.yaml:18:39: parties.a.strategy.acceptence: unknown parameter of strategy \"boulware\" (did you mean \"acceptance\"?)"},
	{name: "strategy parameter of wrong type", src: edit("{type: boulware}", "{type: boulware, e: high, verbose: 1, convention: [genius]}"),
		want: "x.yaml:18:35: parties.a.strategy.e: expected a number in [0, 100], found \"high\"\nx.yaml:18:50: parties.a.strategy.verbose: expected true or false, found 1\nx.yaml:18:65: parties.a.strategy.convention: expected \"genius\" or \"negmas\", found a sequence"},
	{name: "strategy parameter out of range", src: edit("{type: boulware}", "{type: boulware, e: 200, accept_threshold: -1, acceptance: never}"),
		want: "x.yaml:18:35: parties.a.strategy.e: expected a number in [0, 100], found 200\nx.yaml:18:58: parties.a.strategy.accept_threshold: expected a number in [0, 1], found -1\nx.yaml:18:74: parties.a.strategy.acceptance: expected one of \"auto\", \"next\" or \"const\", found \"never\""},
	{name: "strategy rejects its parameters", src: edit("{type: boulware}", "{type: boulware, convention: negmas, k: 0.5}"),
		want: "x.yaml:18:15: parties.a.strategy: strategy \"boulware\": k must be 0 with convention negmas"},
	{name: "ideal outside the range", src: edit("ideal: 5", "ideal: 11"),
		want: "x.yaml:25:23: parties.b.values.border.ideal: expected a number in [0, 10], found 11"},
	{name: "unknown linear direction", src: edit("{linear: increasing}", "{linear: up}"),
		want: "x.yaml:17:24: parties.a.values.border.linear: expected \"increasing\" or \"decreasing\", found \"up\""},
	{name: "two value forms", src: edit("{linear: increasing}", "{linear: increasing, ideal: 3}"),
		want: "x.yaml:17:36: parties.a.values.border.ideal: give only one of linear, ideal and table (found linear and ideal)"},
	{name: "loss without ideal", src: edit("{linear: increasing}", "{linear: increasing, loss: quadratic}"),
		want: "x.yaml:17:36: parties.a.values.border.loss: loss applies only to the ideal form, not to linear"},
	{name: "unknown value function field", src: edit("{ideal: 5, loss: quadratic, tolerance: 1}", "{ideal: 5, los: quadratic, tolerance: 1}"),
		want: "x.yaml:25:26: parties.b.values.border.los: unknown field (did you mean \"loss\"?)"},
	{name: "table point not in range", src: edit("{linear: increasing}", "{table: {0: 0, 7: 1, 5: 0.5, 5.0: 0.6, x: 1}}"),
		want: "x.yaml:17:30: parties.a.values.border.table.7: 7 is not a point of the range (points from 0 to 10 in steps of 5)\nx.yaml:17:44: parties.a.values.border.table.5.0: point 5 given twice (first at line 17, column 36)\nx.yaml:17:54: parties.a.values.border.table.x: expected a point of the range (points from 0 to 10 in steps of 5), found \"x\""},
	{name: "empty table", src: edit("{linear: increasing}", "{table: {}}"),
		want: "x.yaml:17:23: parties.a.values.border.table: expected at least one point, found an empty mapping"},
	{name: "bad names and ids", src: edit("name: test", "name: Test_1", "  - id: border", "  - id: Border", "[national,", "[National,", "  b:\n", "  random:\n"),
		want: "x.yaml:1:7: name: expected a name of lowercase letters, digits and hyphens, at most 64 long, found \"Test_1\"\nx.yaml:5:15: issues.corridor.options.0: expected an option id of lowercase letters, digits, underscores and hyphens, at most 64 long, or a mapping with id and label, found \"National\"\nx.yaml:6:9: issues.1.id: expected an issue id of lowercase letters, digits and underscores, at most 64 long, found \"Border\"\nx.yaml:19:3: parties.random: party id \"random\" is reserved for protocol.first; choose another"},
	{name: "runs and seed out of range", src: edit("name: test\n", "name: test\nruns: 0\nseed: -1\n"),
		want: "x.yaml:2:7: runs: expected an integer in [1, 100000000], found 0\nx.yaml:3:7: seed: expected an integer in [0, 18446744073709551615], found -1"},
	{name: "protocol errors", src: edit("  deadline: 10\n", "  type: simultaneous\n  deadline: 10\n  first: c\n  breakdown: 1\n"),
		want: "x.yaml:28:9: protocol.type: expected one of \"alternating\", \"monotonic\" or \"single_text\", found \"simultaneous\"\nx.yaml:30:10: protocol.first: expected one of \"a\", \"b\" or \"random\", found \"c\"\nx.yaml:31:14: protocol.breakdown: expected a number in [0, 1), found 1"},
	{name: "merge key", src: edit("  b:\n    reservation: 0.2\n", "  b:\n    <<: {label: B}\n    reservation: 0.2\n"),
		want: "x.yaml:20:5: parties.b: merge keys (<<) are not supported; write the fields out"},
	{name: "undefined alias", src: edit("discount: 0.9", "discount: *d"),
		want: "x.yaml:21:15: YAML syntax error: alias *d refers to no anchor defined before it"},
	{name: "alias inside its own anchor", src: edit("    discount: 0.9\n", "    discount: &d [*d]\n"),
		want: "x.yaml:21:19: alias *d is inside its own anchor &d"},
	{name: "multiple mistakes reported together", src: edit(
		"name: test", "name: test\nrun: 5",
		"    strategy: {type: boulware}", "    stratgy: {type: boulware}",
		"discount: 0.9", "discount: 1.5",
		"{national: 0, simplified: 1}", "{national: 0, simplified: 2}",
		"deadline: 10", "deadline: -1"),
		want: "x.yaml:2:1: run: unknown field (did you mean \"runs\"?)\nx.yaml:19:5: parties.a.stratgy: unknown field (did you mean \"strategy\"?)\nx.yaml:22:15: parties.b.discount: expected a number in (0, 1], found 1.5\nx.yaml:25:43: parties.b.values.corridor.simplified: expected a number in [0, 1], found 2\nx.yaml:29:13: protocol.deadline: expected an integer in [1, 1000000], found -1"},
	{name: "set unknown path", src: base, sets: []string{"protocl.deadline=5", "parties.a.stratgy.e=1", "issues.coridor.label=X", "issues.7.label=X", "runs.x=1"},
		want: "--set protocl.deadline=5: protocl: unknown field (did you mean \"protocol\"?)\n--set parties.a.stratgy.e=1: parties.a.stratgy: unknown field (did you mean \"strategy\"?)\n--set issues.coridor.label=X: issues.coridor: no element with id \"coridor\" (did you mean \"corridor\"?)\n--set issues.7.label=X: issues.7: index 7 out of range: the list has 2 elements\n--set runs.x=1: runs: field takes a value, not fields; cannot set \"x\" inside it"},
	{name: "set value out of range", src: base, sets: []string{"parties.a.discount=2"},
		want: "--set parties.a.discount=2: parties.a.discount: expected a number in (0, 1], found 2"},
	{name: "set value of wrong type", src: base, sets: []string{"parties.b.weights={corridor: 1, bordr: [1]}"},
		want: "--set parties.b.weights={corridor: 1, bordr: [1]}: parties.b.weights.bordr: unknown issue (did you mean \"border\"?)"},
	{name: "set without value", src: base, sets: []string{"protocol.deadline", "protocol..deadline=1", "runs=[1"},
		want: "--set protocol.deadline: expected path=value, such as protocol.deadline=50\n--set protocol..deadline=1: protocol: empty element in path \"protocol..deadline\"; separate field names with single dots\n--set runs=[1: runs: invalid value: line 1: did not find expected ',' or ']'"},
	{name: "set two documents", src: base, sets: []string{"protocol.deadline=5\n---\n6", "runs=3\n...\n---\n"},
		want: `"--set protocol.deadline=5\n---\n6": protocol.deadline: invalid value: a second YAML document after "---"; a value is one YAML document` + "\n" +
			`"--set runs=3\n...\n---\n": runs: invalid value: a second YAML document after "---"; a value is one YAML document`},
	{name: "set unknown issue in weights", src: base, sets: []string{"parties.a.weights.bordr=1"},
		want: "--set parties.a.weights.bordr=1: parties.a.weights.bordr: unknown issue (did you mean \"border\"?)"},
	{name: "set a third party", src: base, sets: []string{"parties.c.label=C"},
		want: "--set parties.c.label=C: parties.c: a third party; a scenario has exactly two parties (found 3)"},
	{name: "set inside a scalar", src: base, sets: []string{"issues.corridor.options.national.label=N"},
		want: "--set issues.corridor.options.national.label=N: issues.corridor.options.national: holds \"national\", not fields; cannot set \"label\" inside it (set the whole value instead, such as {id: x, label: y})"},
	{name: "label too long", src: edit("label: Simplified checks", "label: "+strings.Repeat("x", 201)),
		want: "x.yaml:5:49: issues.corridor.options.1.label: expected a label of at most 200 characters, found 201"},
	{name: "label of 200,000 characters", src: edit("label: Simplified checks", "label: "+strings.Repeat("é", 200_000)),
		want: "x.yaml:5:49: issues.corridor.options.1.label: expected a label of at most 200 characters, found 200000"},
	{name: "control character in a label", src: edit("label: Simplified checks", `label: "Simplified\achecks"`),
		want: "x.yaml:5:49: issues.corridor.options.1.label: expected a label on one line without control characters, found U+0007 at character 11"},
	{name: "line break in a party label", src: edit("  b:\n", "  b:\n    label: \"B\\nC\"\n"),
		want: "x.yaml:20:12: parties.b.label: expected a label on one line without control characters, found U+000A at character 2"},
	{name: "escape sequence in a unit", src: edit("unit: km", `unit: "\e[31mkm"`),
		want: "x.yaml:11:11: issues.border.unit: expected a unit on one line without control characters, found U+001B at character 1"},
	{name: "bidirectional override in a kind", src: edit("kind: border", "kind: \"bor\u202eder\""),
		want: "x.yaml:7:11: issues.border.kind: expected a kind on one line without control characters, found U+202E at character 4"},
	{name: "description too long", src: edit("description: A test scenario.", "description: "+strings.Repeat("d", 4001)),
		want: "x.yaml:2:14: description: expected a description of at most 4000 characters, found 4001"},
	{name: "control character in the description", src: edit("description: A test scenario.", `description: "A test\u0000scenario."`),
		want: "x.yaml:2:14: description: expected a description without control characters (line feeds and tabs are allowed), found U+0000 at character 7"},
	{name: "set a label too long", src: base, sets: []string{"parties.a.label=" + strings.Repeat("a", 300)},
		want: "--set parties.a.label=" + strings.Repeat("a", 300) + ": parties.a.label: expected a label of at most 200 characters, found 300"},
	{name: "error in file and in set", src: edit("discount: 0.9", "discount: 9"), sets: []string{"protocol.breakdown=1"},
		want: "x.yaml:21:15: parties.b.discount: expected a number in (0, 1], found 9\n--set protocol.breakdown=1: protocol.breakdown: expected a number in [0, 1), found 1"},
}

func TestInvalid(t *testing.T) {
	for _, tc := range invalidCases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := parse("x.yaml", []byte(tc.src), tc.sets, testCatalog())
			if err == nil {
				t.Fatalf("no error; resolved:\n%s", s.Resolved)
			}
			if *dumpWant {
				fmt.Printf("WANT\t%s\t%q\n", tc.name, err.Error())
			}
			if got := err.Error(); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}
