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
// # Uncertain assumptions
//
// Any field that holds a quantity or a choice may be given as a
// distribution instead of a value: {uniform: [lo, hi]},
// {triangular: [lo, mode, hi]}, {normal: {mean: m, sd: s}} (truncated to
// the field's range), {beta: {mean: m, concentration: k}} or
// {choice: {value: probability, ...}}; a party's weights_concentration
// draws its weights from a Dirichlet distribution centred on the stated
// ones. [Scenario.Assumptions] lists them; [Scenario.Negotiation] is then
// the nominal negotiation (medians, most probable choices), and the runs
// play what [Scenario.NewSampler] (or [Sweep.NewSampler]) draws for each:
// every assumption by inversion of its own uniform stream of the run's
// seed ([sim.AssumptionUniform]), so that adding, removing or changing one
// assumption never shifts another's draws nor the parties', protocol's or
// facilitator's, and two arms that share a distribution draw the same
// values (common random numbers). [Comparable] checks that two scenarios
// are over the same issues and parties, for paired comparisons.
//
// The built-in scenarios ([Builtins], [BuiltinSource]) are embedded in the
// package. The file format, the value functions, the distributions and the
// --set syntax are documented in the package's README.md.
package scenarios
