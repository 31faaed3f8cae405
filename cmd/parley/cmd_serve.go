package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/parley-sim/parley/cmd/parley/internal/classroom"
	"github.com/parley-sim/parley/scenarios"
)

const serveUsage = `Usage: parley serve [SCENARIO ...] [flags]

Run a live class in the browser. Students join from a laptop or a phone
and bargain, issue by issue, against an agent or against each other; the
instructor's dashboard shows every negotiation live and the class's
agreements in utility space, beside the Pareto frontier, the Nash point
and what the agents reach on the same scenario. Every move goes through
the engine of parley run, with its seeds: pairing k of a scenario plays
run k of 'parley run SCENARIO'.

At start it prints the instructor's dashboard address, with a secret
token (keep it to yourself), and the students' join address with a short
class code. The instructor starts, pauses and ends rounds of play, chooses
the mode (students against an agent of any strategy, or in pairs), the
facilitator (on or off: students ask for it and vote on its texts
themselves) and the scenario, reveals the other side's preferences after
the end, and exports. The SCENARIOs (files or built-in names; default
used-car and south-caucasus) are those the dashboard offers.

The results are written under --out, one folder per scenario played (and
per choice of the agents' strategy or facilitator): the tables of
'parley run' (runs.csv: one row per finished pairing), class.csv (one row
per student's seat: seat, name, party and pairing, then the columns of
runs.csv), rounds.csv of every move, a transcript of every pairing, the
charts and a manifest; 'parley report DIR' makes a page of one. They are
written at the end of every round of play, on export, and when Ctrl-C
ends the class.

The server listens on 127.0.0.1 (this machine only) unless --addr says
otherwise; another address, such as a classroom network's, prints a
warning: the pages are plain HTTP.

Flags:
  --addr HOST:PORT  address to listen on (default 127.0.0.1:8080; port 0
                    picks a free one)
  --out DIR         folder of the class's results (default
                    out/class-YYYYMMDD-HHMMSS)
  --seed S          master seed of every scenario (default: each one's)
  --set PATH=VALUE  override a field of every scenario, e.g.
                    --set protocol.deadline=12 (repeatable)
  --absent D        how long a student may be away while it is their turn,
                    or wait for a partner, before an agent takes the place
                    (default 1m)
  --no-charts       write the results without charts (quicker)

Examples:
  parley serve used-car
  parley serve used-car south-caucasus --set protocol.deadline=12 --out out/class
  parley serve used-car --addr 0.0.0.0:8080
`

func cmdServe(ctx context.Context, args []string, e env) error {
	fs := newFlagSet("serve", serveUsage, e.stdout)
	var (
		addr     = fs.String("addr", "127.0.0.1:8080", "")
		out      = fs.String("out", "", "")
		seed     = fs.Uint64("seed", 0, "")
		absent   = fs.Duration("absent", time.Minute, "")
		noCharts = fs.Bool("no-charts", false, "")
		sets     listFlag
	)
	fs.Var(&sets, "set", "")
	pos, err := parseFlags(fs, args, serveUsage, e.stdout)
	if err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if len(pos) == 0 {
		pos = []string{"used-car", "south-caucasus"}
	}
	if *absent <= 0 {
		return usagef("serve: --absent %v: want a positive duration such as 30s or 2m", *absent)
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		return usagef("serve: --addr %s: want HOST:PORT, such as 127.0.0.1:8080", *addr)
	}
	dir := *out
	if dir == "" {
		dir = "out/class-" + time.Now().Format("20060102-150405")
	}
	dpi, err := e.dpi()
	if err != nil {
		return err
	}
	cfg := classroom.Config{
		Scenarios: pos, Sets: sets, Out: dir, Absent: *absent, NoCharts: *noCharts, DPI: dpi,
		Version: e.version, Command: append([]string{"parley", "serve"}, args...),
	}
	if given["seed"] {
		cfg.Seed = seed
	}
	c, err := classroom.New(ctx, cfg)
	if err != nil {
		var le *classroom.LoadError
		if errors.As(err, &le) {
			var sl scenarios.ErrorList
			var se *scenarios.Error
			if errors.As(err, &sl) || errors.As(err, &se) {
				return reportInput(e, err)
			}
			return &badInput{err: fmt.Errorf("serve: %w", err)}
		}
		return fmt.Errorf("serve: %w", err)
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", *addr)
	if err != nil {
		c.Close()
		return fmt.Errorf("serve: %w", err)
	}
	for _, note := range c.Notes() {
		fmt.Fprintln(e.stderr, "parley: note:", note)
	}
	announce(e, c, ln.Addr().(*net.TCPAddr), host, pos, dir)
	folders, err := c.Serve(ctx, ln)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if len(folders) == 0 {
		fmt.Fprintln(e.stdout, "Class ended: no negotiation finished, nothing written.")
		return nil
	}
	fmt.Fprintf(e.stdout, "Class ended: results written to %s (parley report DIR makes a page of one).\n", strings.Join(folders, ", "))
	return nil
}

// announce prints the addresses of the class, and a warning when it is
// reachable from other machines.
func announce(e env, c *classroom.Class, a *net.TCPAddr, host string, scen []string, dir string) {
	hosts := []string{net.JoinHostPort(a.IP.String(), fmt.Sprint(a.Port))}
	if a.IP.IsUnspecified() {
		hosts = localAddresses(a.Port)
	} else if host != "" && net.ParseIP(host) == nil {
		hosts = []string{net.JoinHostPort(host, fmt.Sprint(a.Port))} // a name, as given
	}
	if !a.IP.IsLoopback() {
		fmt.Fprintf(e.stderr, "parley: warning: listening on %s, reachable from other machines: anyone on the network can open the join page (the dashboard needs its token), and the pages are plain HTTP, not encrypted. Use a trusted classroom network.\n", net.JoinHostPort(host, fmt.Sprint(a.Port)))
	}
	fmt.Fprintf(e.stdout, "parley serve: a class of %s\n", strings.Join(scen, ", "))
	fmt.Fprintf(e.stdout, "Instructor's dashboard (keep this address to yourself):\n  http://%s/instructor?token=%s\n", hosts[0], c.Token())
	fmt.Fprintf(e.stdout, "Students join at http://%s/ with the class code %s\n", hosts[0], c.Code())
	for _, h := range hosts[1:] {
		fmt.Fprintf(e.stdout, "  (or at http://%s/)\n", h)
	}
	fmt.Fprintf(e.stdout, "Results go to %s at the end of every round of play; Ctrl-C ends the class and writes them.\n", dir)
}

// localAddresses returns host:port for every non-loopback IPv4 address of
// this machine (for a server listening on all of them), or localhost.
func localAddresses(port int) []string {
	var out []string
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			out = append(out, net.JoinHostPort(n.IP.String(), fmt.Sprint(port)))
		}
	}
	if len(out) == 0 {
		out = []string{net.JoinHostPort("localhost", fmt.Sprint(port))}
	}
	return out
}
