// Package classroom is parley serve: a live class in the browser, the
// browser's equivalent of parley play's terminal. It lives under the
// command (cmd/parley/internal/classroom) because, like the terminal
// player, it is a user interface: it holds no model logic. Every move goes
// through package sim's engine with the scenario's negotiation and seeds
// exactly as parley run plays them: a pairing is run k of its negotiation
// and plays with the seed sim.RunSeed(master seed, k), which the tables
// record. A student's side is an agents.Human whose Player is the seat's
// page; it is also an agents.Requester and agents.Voter, so that students
// ask for the facilitator and vote on its texts themselves
// (sim.Requester, sim.Voter), where agents keep the scenario's triggers
// and vote by their utility.
//
// # A class
//
// [New] loads the scenarios; [Class.Handler] serves the pages and
// [Class.Serve] runs the server until its context ends, then stops every
// negotiation and writes the results ([Class.Close]). Students join with
// a short class code at /, choose a seat number or are given one, and
// bargain issue by issue on their seat's page (/seat): the offer on the
// table with its value to them, every option of every issue with the
// value of their draft with it, the rounds left, their reservation value,
// the history, the facilitator's texts to vote on. The instructor's
// dashboard (/instructor) shows every negotiation live and the class's
// agreements in utility space, with the Pareto frontier, the Nash point
// and what the agents reach on the same scenario (100 runs of parley run);
// it starts, pauses and ends rounds of play (students against an agent of
// a chosen strategy, or against each other, paired at random with the
// sides balanced; with or without the facilitator), switches scenario,
// reveals the other side's preferences after the end, and exports. A
// student who waits too long for a partner, or stays away too long while
// it is their turn, has an agent take the other side, or their own, for
// the rest of the negotiation (Config.Absent). State lives on the server:
// a reload or a dropped connection loses nothing.
//
// # Results
//
// [Class.Save] writes one folder per negotiation played under Config.Out,
// through package results: a run folder (runs.csv of the finished
// pairings, rounds.csv of every event, summary, charts, manifest) plus
// class.csv (one row per student's seat, results.ClassFile) and
// transcript.txt (every pairing narrated by package results/narrate).
// parley report turns such a folder into one HTML page. The class saves at
// the end of every round of play, on export, and when it closes.
//
// # Safety
//
//   - The server listens on loopback unless told otherwise (the command
//     warns); on loopback it answers only Host headers that name the local
//     machine, against DNS rebinding.
//   - The instructor's token is 32 random bytes from crypto/rand, compared
//     in constant time; the printed address carries it once, and the
//     dashboard keeps it in an HttpOnly, SameSite=Strict cookie. Each seat
//     has its own random token in such a cookie: a seat can act only for
//     itself.
//   - Every state-changing request is checked for its origin
//     (Sec-Fetch-Site, Origin) and carries a CSRF token (the seat's or the
//     instructor's, or a double-submit cookie on the join form).
//   - Request bodies are bounded (http.MaxBytesReader), seats and
//     addresses are rate-limited (token buckets), the server has read,
//     write and idle timeouts, and event streams are bounded per seat.
//   - Every move is checked: it must answer the seat's current question,
//     and an offer must name one option of each issue, an outcome of the
//     scenario.
//   - A seat never receives the other side's utilities, reservation value
//     or perception: its JSON and events carry its own utility of every
//     offer only, until the instructor reveals the preferences after the
//     end of the round of play.
//   - Pages load nothing from elsewhere and run no inline script: a
//     Content-Security-Policy allows only the server's own script and
//     style files, which are embedded in the binary; every text a student
//     typed is shown with textContent or escaped by html/template.
package classroom
