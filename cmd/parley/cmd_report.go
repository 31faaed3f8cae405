package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/parley-sim/parley/results"
	"github.com/parley-sim/parley/results/report"
)

const reportUsage = `Usage: parley report DIR [-o FILE] [flags]

Write one self-contained HTML page about the run, sweep, tournament or
comparison folder DIR, to email, project or print: the scenario and its issues, the
assumptions (protocol, deadline, discounts, reservation values,
strategies, facilitator, seed, version), the summary table with
confidence intervals, the bargaining solutions, every chart with a
caption on how to read it, the narrated transcript of the traced run
(transcript.txt); for a sweep, the sweep charts and the first rows of
points.csv and sensitivity.csv; for a tournament, the ranking, the
agents' table, the matchups, the tournament charts and the resolved
tournament file; for a comparison (parley compare), both arms, the
paired differences with their intervals, the comparison charts and what
varies between runs. The page loads nothing from the network and runs no
script. Missing optional files are left out, with a note at the end.

Flags:
  -o FILE      output file (default DIR/report.html; - writes to stdout);
               a device, FIFO, folder or symbolic link is refused
  --title T    title of the page (default: "<scenario>: results")
  --rows N     rows of points.csv and sensitivity.csv shown (default 20;
               -1 shows all)

Example:
  parley run used-car --runs 50 --out out/used-car
  parley report out/used-car -o used-car.html
`

func cmdReport(ctx context.Context, args []string, e env) error {
	flags := newFlagSet("report", reportUsage, e.stdout)
	var (
		out   = flags.String("o", "", "")
		title = flags.String("title", "", "")
		rows  = flags.Int("rows", 20, "")
	)
	flags.StringVar(out, "out", "", "")
	pos, err := parseFlags(flags, args, reportUsage, e.stdout)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("report: want exactly one DIR (run 'parley help report')")
	}
	if *rows == 0 || *rows < -1 {
		return usagef("report: --rows %d: want a positive number, or -1 for all", *rows)
	}
	dir := pos[0]
	opt := report.Options{Title: *title, Rows: *rows}
	path := cmp.Or(*out, filepath.Join(dir, results.ReportFile))
	if path != "-" {
		// Before the report is built: a device, FIFO or link is refused.
		if err := checkOutputFile(path); err != nil {
			return usagef("report: -o %s: %v", path, err)
		}
	}
	if path == "-" {
		var page []byte
		page, err = interruptible(ctx, "report", func() ([]byte, error) {
			var b bytes.Buffer
			err := report.Write(&b, dir, opt)
			return b.Bytes(), err
		})
		if err == nil {
			_, err = e.stdout.Write(page)
		}
	} else {
		// The file is written at the very end, atomically: stopped before,
		// the report leaves nothing.
		_, err = interruptible(ctx, "report", func() (struct{}, error) {
			return struct{}{}, report.WriteFile(path, dir, opt)
		})
	}
	if err != nil {
		if errors.Is(err, report.ErrNotOutput) || errors.Is(err, fs.ErrNotExist) {
			return &badInput{err: err}
		}
		return err
	}
	if path != "-" {
		fmt.Fprintf(e.stdout, "wrote %s\n", path)
	}
	return nil
}
