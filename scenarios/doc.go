// Package scenarios reads, validates and resolves parley's scenario files:
// YAML documents that describe the issues of a bilateral negotiation, the
// two parties' preferences, reservation values, discount factors, costs,
// perceptions of each other and strategies, the protocol (alternating
// offers, monotonic concession or a mediated single text), and optionally a
// consent-based facilitator with its triggers, drafting rule and
// guarantees.
//
// [Load] and [Parse] turn a file, after --set overrides, into a [Scenario]
// whose [sim.Negotiation] the engine can trust. Every mistake is reported at
// once, each as a [*Error] located at "file:line:col" with the dotted path of
// the field, what was expected and what was found, and a "did you mean"
// suggestion for misspelt names:
//
//	south-caucasus.yaml:8:5: parties.armenia.stratgy: unknown field (did you mean "strategy"?)
//
// Limits on size ([MaxFileSize], [MaxIssues], [MaxOptions], [MaxOutcomes],
// [MaxAliases] and others) are checked before any large allocation, and
// limits on text ([MaxLabelLength], [MaxDescriptionLength],
// [MaxNumberLength]; no control characters in labels) as it is read.
// Messages quote at most the start of anything read from the input.
// Problems that do not stop a scenario, such as weights that do not sum to
// one, are returned as [Scenario.Warnings].
//
// The built-in scenarios ([Builtins], [BuiltinSource]) are embedded in the
// package. The file format, the value functions and the --set syntax are
// documented in the package's README.md.
package scenarios
