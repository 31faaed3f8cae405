// Package parley is the root of the parley module, an agent-based
// negotiation simulator. It holds no code: the command is cmd/parley, and
// this package documents the layout of the module and holds the tests
// that concern every package at once: its import rule (arch_test.go) and
// that no file cites a file outside the repository
// (selfcontained_test.go).
//
// # Layout and the import rule
//
//	cmd/parley      the command line: flags, wiring, exit codes. It may import every package.
//	sim             the model and engine. It imports no parley package but sim/stats.
//	sim/stats       leaf statistics (Wilson, Student t, median intervals, SRC, Sobol). It imports no parley package.
//	agents          strategies, behind the small interfaces sim defines. It imports sim and sim/stats.
//	scenarios       scenario and sweep files (embedded library, reader, import/export), with scenarios/genius
//	                and scenarios/internal/...: they import agents, sim and sim/stats.
//	results         what a run leaves behind: recording, tables, manifests, merge, replot; its subpackages,
//	                one idea each: results/chart (charts), results/narrate (plain-language narration),
//	                results/report (HTML report), results/sweep (a sweep's points and their sensitivity),
//	                results/atomicfile (atomic writes), results/internal/fixture (test fixtures, imported by
//	                tests only).
//	                results and its subpackages import sim and sim/stats, never agents, scenarios or cmd.
//
// Within a tree a package may import its own subpackages and siblings (the
// Go toolchain forbids cycles). The rule binds the packages' own imports;
// tests may import more (a golden narration plays a built-in scenario).
package parley
