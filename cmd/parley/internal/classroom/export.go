package classroom

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/parley-sim/parley/results"
	"github.com/parley-sim/parley/results/narrate"
	"github.com/parley-sim/parley/sim"
)

// saveJob is one game's folder to write, with what the lock protected.
type saveJob struct {
	g        *game
	dir      string
	done     []*pairing
	seats    [][2]results.Seat
	warnings []string
}

// Save writes a folder for every negotiation the class played, under
// Config.Out, with results.Recorder: the tables of parley run (runs.csv
// with one row per finished pairing, rounds.csv with every event of every
// pairing, summary, frontier, solutions, convergence), class.csv (one row
// per student's seat), the charts, transcript.txt (every pairing
// narrated) and manifest.json. Pairings stopped before their end are left
// out, and a warning in the manifest lists them. A folder whose results
// have not changed since it was last written is left as it is. Save
// returns every folder that holds the class's results.
func (c *Class) Save() ([]string, error) {
	c.saveMu.Lock()
	defer c.saveMu.Unlock()
	c.mu.Lock()
	var jobs []saveJob
	var all []string
	for _, g := range c.order {
		if len(g.done) == 0 {
			continue
		}
		dir := filepath.Join(c.cfg.Out, g.folder)
		all = append(all, dir)
		if c.saved[g] == len(g.done) {
			continue
		}
		j := saveJob{g: g, dir: dir, done: slices.Clone(g.done)}
		for _, p := range j.done {
			var s [2]results.Seat
			for i, st := range p.seats {
				if st != nil {
					s[i] = results.Seat{Number: st.num, Name: st.name, Pairing: p.num}
				}
			}
			j.seats = append(j.seats, s)
		}
		for _, p := range c.pairings {
			if p.g == g && p.state == stopped {
				why := "stopped before its end"
				if p.err != nil {
					why = p.err.Error()
				}
				j.warnings = append(j.warnings, fmt.Sprintf("pairing %d (run %d) is not in %s: %s", p.num, p.run, results.RunsFile, why))
			}
		}
		jobs = append(jobs, j)
	}
	c.mu.Unlock()

	var errs []error
	for _, j := range jobs {
		if err := c.write(j); err != nil {
			errs = append(errs, err)
			continue
		}
		c.mu.Lock()
		c.saved[j.g] = len(j.done)
		c.mu.Unlock()
	}
	err := errors.Join(errs...)
	c.mu.Lock()
	c.lastSaved, c.saveErr = all, err
	c.changed()
	c.mu.Unlock()
	return all, err
}

// write writes one game's folder.
func (c *Class) write(j saveJob) error {
	g := j.g
	last := j.done[len(j.done)-1].run
	m := results.Manifest{
		Version:      c.cfg.Version,
		Command:      slices.Clone(c.cfg.Command),
		Scenario:     g.sc.Name,
		Source:       g.sc.Source,
		ScenarioYAML: string(g.sc.Resolved),
		Seed:         g.seed,
		Runs:         len(j.done),
		Workers:      len(j.done), // every pairing plays on its own
		Started:      c.start.UTC(),
		Warnings:     j.warnings,
	}
	for _, w := range g.sc.Warnings {
		m.Warnings = append(m.Warnings, w.Error())
	}
	opt := results.Options{Trace: last + 1, Class: true, NoCharts: c.cfg.NoCharts, DPI: c.cfg.DPI, Workers: 1, Now: func() time.Time { return c.now().UTC() }}
	// Every pairing narrated, written inside the folder before it is put
	// in place.
	opt.TranscriptText = func(w io.Writer) error {
		for k, p := range j.done {
			if k > 0 {
				fmt.Fprint(w, "\n\n")
			}
			fmt.Fprintf(w, "=== Pairing %d: %s ===\n", p.num, who(p, j.seats[k]))
			if err := narrate.Run(w, p.n, p.res, narrate.Options{}); err != nil {
				return err
			}
		}
		return nil
	}
	rec, err := results.NewRecorder(j.dir, g.n, m, opt)
	if err != nil {
		return fmt.Errorf("writing the class's results: %w", err)
	}
	observe := rec.Observer()
	for k, p := range j.done {
		observe(0, g.n, p.res, sim.NewHistory(offersOf(p.res.Trace)))
		if err := rec.AddSeats(p.res, j.seats[k]); err != nil {
			rec.Abort()
			return fmt.Errorf("writing the class's results into %s: %w", j.dir, err)
		}
	}
	if err := rec.Close(); err != nil {
		return fmt.Errorf("writing the class's results into %s: %w", j.dir, err)
	}
	return nil
}

// who says who played a pairing: "seat 3 (Ann) as Buyer, the seller's
// agent (boulware)".
func who(p *pairing, seats [2]results.Seat) string {
	lb := labels(p.g.n)
	var parts []string
	for i, s := range seats {
		if s.Number > 0 {
			name := ""
			if s.Name != "" {
				name = " (" + s.Name + ")"
			}
			parts = append(parts, fmt.Sprintf("seat %d%s as %s", s.Number, name, lb[i]))
		} else {
			parts = append(parts, fmt.Sprintf("an agent (%s) as %s", p.g.n.Parties[i].StrategyName, lb[i]))
		}
	}
	return strings.Join(parts, ", ")
}
