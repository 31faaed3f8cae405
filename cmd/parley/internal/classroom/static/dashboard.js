// parley serve: the instructor's dashboard. It shows the class's state,
// pushed by server-sent events, draws the class's agreements in utility
// space, and posts the instructor's actions.
"use strict";
(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (id) => document.getElementById(id);
  const svgNS = "http://www.w3.org/2000/svg";
  let view = null;
  let listed = "";   // the scenario and strategy lists the selects hold
  let synced = "";   // the settings the form was last filled from
  let detail = 0;    // the pairing whose detail is open

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function svg(tag, attrs, text) {
    const e = document.createElementNS(svgNS, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function fmt(x) { return (Math.round(x * 1000) / 1000).toFixed(3); }
  function showError(msg) { const e = $("error"); e.textContent = msg || ""; e.hidden = !msg; }

  async function post(path, body) {
    const r = await fetch(path, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
      body: JSON.stringify(body || {}),
    });
    const data = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(data.error || r.statusText);
    return data;
  }

  function option(value, label) { const o = el("option", label); o.value = value; return o; }

  function scenarioOf(name) { return view.scenarios.find((s) => s.name === name) || view.scenarios[0]; }

  function fillSides() {
    const sc = scenarioOf($("scenario").value);
    const side = $("side");
    const keep = side.value;
    side.replaceChildren(option("", "both sides, balanced"));
    for (const p of sc.parties) side.appendChild(option(p.id, p.label));
    side.value = [...side.options].some((o) => o.value === keep) ? keep : "";
    $("fac-label").hidden = !sc.facilitator;
    $("uncertain-note").hidden = !sc.uncertain;
    $("uncertain-note").textContent = sc.uncertain ? "This scenario leaves " + sc.uncertain +
      " of its numbers uncertain; the class plays their nominal values, every pairing the same negotiation." : "";
    $("side-label").hidden = $("mode").value === "students";
  }

  function renderSettings(v) {
    const lists = JSON.stringify([v.scenarios.map((s) => s.name), v.strategies]);
    if (lists !== listed) {
      listed = lists;
      $("scenario").replaceChildren(...v.scenarios.map((s) => option(s.name, s.title + " (" + s.parties[0].label + " and " + s.parties[1].label + ")")));
      $("against").replaceChildren(option("", "the scenario's strategies"), ...v.strategies.map((s) => option(s, s)));
    }
    const settings = JSON.stringify(v.settings);
    if (settings !== synced) {
      synced = settings;
      $("scenario").value = v.settings.scenario;
      $("mode").value = v.settings.mode || "agent";
      fillSides();
      $("side").value = v.settings.side || "";
      $("against").value = v.settings.against || "";
      $("facilitator").checked = !v.settings.no_facilitator;
    }
    const live = v.phase === "playing" || v.phase === "paused";
    $("start").disabled = live;
    $("pause").disabled = v.phase !== "playing";
    $("resume").disabled = v.phase !== "paused";
    $("end").disabled = !live;
    $("reveal").disabled = v.phase !== "ended" || v.revealed;
    for (const id of ["scenario", "mode", "side", "against", "facilitator"]) $(id).disabled = live;
  }

  function render(v) {
    // A view answering a request may arrive after a newer one from the
    // event stream: drawing it would show a past state until the next
    // change (a ballot hidden behind "waiting"), so the older is dropped.
    if (view && v.version < view.version) return;
    view = v;
    document.body.dataset.phase = v.phase;
    const words = {lobby: "Lobby: students are joining.", playing: "Round of play " + v.play + " under way.",
      paused: "Round of play " + v.play + " paused.", ended: "Round of play " + v.play + " ended" + (v.revealed ? "; preferences revealed." : ".")};
    const present = v.seats.filter((s) => s.present).length;
    $("phase").textContent = words[v.phase] + " " + v.seats.length + (v.seats.length === 1 ? " seat" : " seats") + ", " + present + " present. Students join with the code " + v.code + ".";
    renderSettings(v);
    renderChart(v.chart);
    renderPairings(v);
    renderSeats(v);
    renderSaved(v);
  }

  // The utility space: A's utility across, B's up; the Pareto frontier,
  // the reservation values, the Nash point, what the agents reach (grey,
  // bigger where more runs end) and the class's agreements (orange; purple
  // for the facilitator's texts), numbered by pairing.
  function renderChart(ch) {
    const W = 460, H = 460, L = 52, T = 16, S = 380;
    const x = (u) => L + u * S, y = (u) => T + (1 - u) * S;
    const g = svg("svg", {viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "Utility space of " + ch.scenario, id: "space-chart"});
    for (const t of [0, 0.25, 0.5, 0.75, 1]) {
      g.appendChild(svg("line", {x1: x(t), y1: y(0), x2: x(t), y2: y(1), class: "grid"}));
      g.appendChild(svg("line", {x1: x(0), y1: y(t), x2: x(1), y2: y(t), class: "grid"}));
      g.appendChild(svg("text", {x: x(t), y: y(0) + 16, "text-anchor": "middle"}, String(t)));
      g.appendChild(svg("text", {x: x(0) - 6, y: y(t) + 4, "text-anchor": "end"}, String(t)));
    }
    g.appendChild(svg("line", {x1: x(0), y1: y(0), x2: x(1), y2: y(0), class: "axis"}));
    g.appendChild(svg("line", {x1: x(0), y1: y(0), x2: x(0), y2: y(1), class: "axis"}));
    g.appendChild(svg("text", {x: x(0.5), y: H - 22, "text-anchor": "middle"}, ch.parties[0] + "'s utility"));
    g.appendChild(svg("text", {x: 14, y: y(0.5), "text-anchor": "middle", transform: "rotate(-90 14 " + y(0.5) + ")"}, ch.parties[1] + "'s utility"));
    g.appendChild(svg("line", {x1: x(ch.reservation[0]), y1: y(0), x2: x(ch.reservation[0]), y2: y(1), class: "reservation"}));
    g.appendChild(svg("line", {x1: x(0), y1: y(ch.reservation[1]), x2: x(1), y2: y(ch.reservation[1]), class: "reservation"}));
    if (ch.frontier.length) {
      g.appendChild(svg("polyline", {points: ch.frontier.map((u) => x(u[0]) + "," + y(u[1])).join(" "), class: "frontier"}));
    }
    for (const a of ch.agents || []) {
      g.appendChild(svg("circle", {cx: x(a.u[0]), cy: y(a.u[1]), r: Math.min(10, 3 + Math.sqrt(a.count)), class: "agent-point"}));
    }
    for (const n of ch.nash) {
      const cx = x(n[0]), cy = y(n[1]);
      g.appendChild(svg("polygon", {points: [[cx, cy - 8], [cx + 8, cy], [cx, cy + 8], [cx - 8, cy]].map((p) => p.join(",")).join(" "), class: "nash"}));
    }
    for (const c of ch.class) {
      const cx = x(c.u[0]), cy = y(c.u[1]);
      const dot = svg("circle", {cx: cx, cy: cy, r: 8, class: "class-point" + (c.mediated ? " mediated" : ""), "data-pairing": c.pairing});
      dot.appendChild(svg("title", {}, "Pairing " + c.pairing + ": " + fmt(c.u[0]) + ", " + fmt(c.u[1])));
      g.appendChild(dot);
      g.appendChild(svg("text", {x: cx, y: cy + 3.5, "text-anchor": "middle", class: "label"}, String(c.pairing)));
    }
    $("chart").replaceChildren(g);
    const agents = (ch.agents || []).reduce((s, a) => s + a.count, 0);
    $("legend").textContent = ch.scenario + ": the Pareto frontier (blue line), the reservation values (dashed), the Nash point (green diamond), " +
      "where " + agents + " of 100 runs of the agents agreed (grey) and the class's " + ch.class.length + (ch.class.length === 1 ? " agreement" : " agreements") +
      " (orange, numbered by pairing; purple where the facilitator's text was agreed).";
  }

  function side(s) {
    if (s.agent) return s.label + ": agent (" + s.agent + ")";
    let t = s.label + ": seat " + s.seat + (s.name ? " (" + s.name + ")" : "");
    if (s.takeover) t += ", now an agent";
    if (s.turn) t += " ⏳";
    return t;
  }

  function renderPairings(v) {
    const body = $("pairings");
    body.replaceChildren();
    const rows = v.pairings.slice().reverse();
    for (const p of rows) {
      const tr = el("tr");
      tr.dataset.pairing = p.number;
      tr.dataset.state = p.state;
      const last = [0, 1].map((i) => p.last[i] ? fmt(p.last_u[i][0]) + ", " + fmt(p.last_u[i][1]) : "–").join(" | ");
      let fac = "";
      if (p.requested[0] || p.requested[1]) fac = "asked: " + [0, 1].filter((i) => p.requested[i]).map((i) => p.sides[i].label).join(", ");
      if (p.ballots) fac += (fac ? "; " : "") + p.ballots + (p.ballots === 1 ? " ballot" : " ballots");
      let result = "";
      if (p.result) result = p.result.end + " in round " + p.result.round + " (" + fmt(p.result.u[0]) + ", " + fmt(p.result.u[1]) + ")" + (p.result.mediated ? ", facilitator's text" : "");
      tr.append(el("td", String(p.number), "num"), el("td", side(p.sides[0])), el("td", side(p.sides[1])),
        el("td", p.state + (p.play !== v.play ? " (round of play " + p.play + ")" : "")), el("td", p.round + " / " + p.deadline, "num"),
        el("td", last), el("td", fac), el("td", result));
      tr.addEventListener("click", () => openDetail(p.number));
      body.appendChild(tr);
    }
    if (detail) openDetail(detail, true);
  }

  async function openDetail(n, quiet) {
    detail = n;
    try {
      const r = await fetch("/api/class/pairing?n=" + n, {credentials: "same-origin"});
      const d = await r.json();
      if (!r.ok) throw new Error(d.error || r.statusText);
      $("detail-title").textContent = "Pairing " + n;
      let text = d.narration;
      if (!text) {
        text = d.offers.map((o) => "round " + o.round + "  " + o.by + "  " + o.options.join("; ") + "  (" + fmt(o.u[0]) + ", " + fmt(o.u[1]) + ")").join("\n") || "No offer yet.";
      }
      $("detail-text").textContent = text;
      $("detail").hidden = false;
    } catch (e) { if (!quiet) showError(e.message); }
  }

  function renderSeats(v) {
    const ul = $("seats");
    ul.replaceChildren();
    for (const s of v.seats) {
      let t = "Seat " + s.number + (s.name ? " · " + s.name : "");
      if (s.pairing) t += " — pairing " + s.pairing + " (" + s.party + ")";
      if (!s.present) t += " — away";
      ul.appendChild(el("li", t, s.present ? "" : "absent"));
    }
    $("waiting").textContent = v.waiting ? "(" + v.waiting + " waiting for a partner)" : "";
  }

  function renderSaved(v) {
    const box = $("saved");
    box.replaceChildren();
    if (v.save_error) box.appendChild(el("span", "Writing the results failed: " + v.save_error, "error"));
    if (!v.saved || !v.saved.length) return;
    box.appendChild(document.createTextNode("Results written to "));
    v.saved.forEach((dir, i) => {
      if (i) box.appendChild(document.createTextNode(", "));
      box.appendChild(el("code", dir));
      const game = dir.split(/[\\/]/).pop();
      const a = el("a", "class.csv");
      a.href = "/api/class/class.csv?game=" + encodeURIComponent(game);
      a.setAttribute("download", game + "-class.csv");
      a.className = "csv-link";
      box.append(" (", a, ")");
    });
    box.appendChild(document.createTextNode(". parley report DIR turns a folder into one HTML page."));
  }

  async function act(action, body) {
    showError("");
    try { render(await post("/api/class/" + action, body)); } catch (e) { showError(e.message); }
  }
  $("start").addEventListener("click", () => act("start", {
    scenario: $("scenario").value, mode: $("mode").value, side: $("mode").value === "students" ? "" : $("side").value,
    against: $("against").value, no_facilitator: !$("facilitator").checked,
  }));
  for (const a of ["pause", "resume", "end", "reveal", "export"]) $(a).addEventListener("click", () => act(a));
  $("scenario").addEventListener("change", fillSides);
  $("mode").addEventListener("change", fillSides);

  function connect() {
    const es = new EventSource("/api/class/events");
    es.addEventListener("class", (e) => { showError(""); render(JSON.parse(e.data)); });
    es.onerror = () => showError("Connection lost: reconnecting…");
  }
  fetch("/api/class", {credentials: "same-origin"})
    .then((r) => r.json())
    .then((v) => { render(v); connect(); })
    .catch((e) => showError(e.message));
})();
