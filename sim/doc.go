// Package sim is parley's model and engine: issues and the outcome space,
// additive preferences precomputed into utility tables, the strategy
// interface, the alternating-offers protocol, one negotiation session, and
// the batch runner that plays many seeded sessions in parallel.
//
// sim imports none of parley's other packages. Strategies live in package
// agents and plug in through the small interfaces defined here ([Strategy],
// [Maker]); scenario files are read and validated by package scenarios, which
// hands sim a [Negotiation] it can trust.
package sim
