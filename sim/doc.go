// Package sim is parley's model and engine: issues and the outcome space,
// additive preferences precomputed into utility tables, the strategy
// interface, the alternating-offers protocol, one negotiation session, and
// the batch runner that plays many seeded sessions in parallel.
//
// sim imports none of parley's other packages but the leaf statistics
// package sim/stats (the intervals of adaptive sweeps). Strategies live in
// package agents and plug in through the small interfaces defined here
// ([Strategy], [Maker]); scenario files are read and validated by package
// scenarios, which hands sim a [Negotiation] it can trust.
//
// # Randomness
//
// Randomness is passed in, never global. Run i of a batch plays with the
// seed [RunSeed](master, i), and within a run every consumer of randomness
// has a stream of its own ([NewRand] of the run's seed and its [Role]): the
// protocol, each party, the facilitator. The uncertain assumptions of a
// scenario (fields given as distributions) draw from [RoleAssumptions], one
// stream per assumption keyed by the field's path ([AssumptionRand],
// [AssumptionUniform]): adding, removing or changing one uncertain field
// never shifts another field's draws, nor the parties' or the protocol's.
package sim
