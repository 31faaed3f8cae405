// parley serve: a student's seat. The server keeps the state; this page
// shows it (fetched, then pushed by server-sent events) and posts moves.
// Everything shown is the seat's own: the server never sends the other
// side's utilities until the instructor reveals them.
"use strict";
(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (id) => document.getElementById(id);
  let view = null;      // the last state received
  let draft = null;     // the draft offer: an option index per issue
  let builtFor = "";    // the prompt and pairing the builder was built for
  let valueSeq = 0;     // orders the draft's value requests

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function fmt(x) { return (Math.round(x * 1000) / 1000).toFixed(3); }
  function showError(msg) { const e = $("error"); e.textContent = msg || ""; e.hidden = !msg; }

  async function post(path, body) {
    const r = await fetch(path, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
      body: JSON.stringify(body),
    });
    const data = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(data.error || r.statusText);
    return data;
  }

  // offerList shows an outcome as issue: option lines.
  function offerList(p, values) {
    const dl = el("dl", null, "offer");
    p.issues.forEach((is, i) => {
      dl.appendChild(el("dt", is.label));
      dl.appendChild(el("dd", is.options[values[i]]));
    });
    return dl;
  }
  function short(p, values) { return p.issues.map((is, i) => is.options[values[i]]).join("; "); }

  function render(v) {
    // A view answering a request may arrive after a newer one from the
    // event stream: drawing it would show a past state until the next
    // change (a ballot hidden behind "waiting"), so the older is dropped.
    if (view && v.version < view.version) return;
    view = v;
    document.body.dataset.status = v.status;
    // For scripts that drive the page (the browser test): the question
    // under way and the round.
    document.body.dataset.prompt = v.pairing && v.pairing.prompt ? String(v.pairing.prompt.id) : "";
    document.body.dataset.round = v.pairing ? String(v.pairing.round) : "";
    $("status").textContent = v.message;
    const p = v.pairing;
    for (const id of ["facts", "table", "builder", "ballot", "help", "result", "history", "answer"]) $(id).hidden = true;
    if (!p) { $("who").textContent = ""; return; }
    $("who").textContent = "Pairing " + p.number + " · " + p.scenario + ": you are " + p.you +
      ", negotiating with " + p.them + " (" + (p.opponent === "student" ? "another student" : "an agent") + ").";
    renderFacts(p, v);
    renderTable(p);
    renderPrompt(p);
    renderHelp(p, v);
    renderResult(p);
    renderHistory(p);
  }

  function renderFacts(p, v) {
    const box = $("facts");
    box.replaceChildren();
    const ul = el("ul", null, "facts");
    const last = p.deadline - 1;
    ul.appendChild(el("li", "Round " + p.round + " of rounds 0 to " + last + ": " + p.rounds_left + (p.rounds_left === 1 ? " round" : " rounds") + " left, this one included."));
    ul.appendChild(el("li", "Your reservation value (what you get with no deal): " + fmt(p.reservation) + "."));
    const period = p.per_offer ? "offer" : "round";
    if (p.discount < 1) ul.appendChild(el("li", "Each " + period + " of delay multiplies a deal's value to you by " + p.discount + "."));
    if (p.cost > 0) ul.appendChild(el("li", "Each " + period + " of delay also costs you " + fmt(p.cost) + "."));
    if (p.breakdown > 0) ul.appendChild(el("li", "After every round without a deal, the talks break down with probability " + p.breakdown + "."));
    if (p.protocol === "monotonic") ul.appendChild(el("li", "Both sides propose at once each round; a deal is made when one side likes the other's proposal at least as much as its own; if neither concedes, the talks end."));
    box.appendChild(ul);
    box.hidden = false;
  }

  function renderTable(p) {
    const box = $("offer");
    box.replaceChildren();
    if (p.offer) {
      box.appendChild(el("p", p.them + (p.protocol === "monotonic" ? " proposed:" : " offers:")));
      box.appendChild(offerList(p, p.offer.values));
      let worth = "Worth " + fmt(p.offer.utility) + " to you";
      if (Math.abs(p.offer.value - p.offer.utility) > 5e-4) worth += "; agreed now, after discounting, " + fmt(p.offer.value);
      const w = el("p", worth + ".", "value");
      if (p.offer.value < p.reservation) w.classList.add("below");
      box.appendChild(w);
    } else {
      box.appendChild(el("p", "No offer from " + p.them + " yet."));
    }
    if (p.own) box.appendChild(el("p", "Your latest offer is worth " + fmt(p.own.utility) + " to you.", "hint"));
    $("table").hidden = false;
  }

  function renderPrompt(p) {
    const pr = p.prompt;
    const key = pr ? p.number + ":" + pr.id : "";
    if (!pr) { builtFor = ""; return; }
    if (pr.kind === "vote") { renderBallot(p, pr); return; }
    $("answer").hidden = pr.kind !== "respond";
    $("builder-title").textContent = pr.kind === "respond" ? "Or make a counter-offer" : (p.protocol === "monotonic" ? "Your proposal" : "Your offer");
    $("send").textContent = pr.kind === "respond" ? "Send this counter-offer" : "Send this offer";
    $("walk2").hidden = pr.kind !== "propose";
    if (builtFor !== key) {
      builtFor = key;
      draft = (p.own ? p.own.values : p.best).slice();
      buildIssues(p);
      refreshValue();
    }
    $("builder").hidden = false;
    const hint = pr.last_round && pr.kind !== "vote" && p.protocol !== "monotonic";
    $("draft-value").dataset.lastRound = hint ? "1" : "";
  }

  function buildIssues(p) {
    const box = $("issues");
    box.replaceChildren();
    p.issues.forEach((is, i) => {
      const id = "issue-" + i;
      box.appendChild(el("label", is.label)).htmlFor = id;
      const s = el("select");
      s.id = id;
      is.options.forEach((label, j) => {
        const o = el("option", label);
        o.value = String(j);
        if (j === draft[i]) o.selected = true;
        s.appendChild(o);
      });
      s.addEventListener("change", () => { draft[i] = Number(s.value); refreshValue(); });
      box.appendChild(s);
    });
  }

  async function refreshValue() {
    const seq = ++valueSeq;
    const p = view.pairing;
    try {
      const r = await fetch("/api/seat/value?offer=" + draft.join(","), {credentials: "same-origin"});
      const v = await r.json();
      if (!r.ok) throw new Error(v.error || r.statusText);
      if (seq !== valueSeq) return;
      p.issues.forEach((is, i) => {
        const s = $("issue-" + i);
        if (!s) return;
        Array.from(s.options).forEach((o, j) => { o.textContent = is.options[j] + " — " + fmt(v.options[i][j]); });
      });
      let text = "Your offer is worth " + fmt(v.utility) + " to you.";
      if (v.utility < p.reservation) text += " That is less than your reservation value " + fmt(p.reservation) + ".";
      if ($("draft-value").dataset.lastRound === "1" && !p.first_mover) text += " This is the last round: if you make an offer now, it cannot be answered.";
      const dv = $("draft-value");
      dv.textContent = text;
      dv.classList.toggle("below", v.utility < p.reservation);
    } catch (e) { showError(e.message); }
  }

  function renderBallot(p, pr) {
    const b = pr.ballot;
    const box = $("ballot");
    box.replaceChildren();
    box.appendChild(el("h2", b.final ? "The facilitator's text: the final vote" : "The facilitator proposes a change"));
    if (b.final) {
      box.appendChild(el("p", "If both sides accept this text, it is the agreement. If you turn it down, the facilitator withdraws and the talks go on."));
    } else {
      box.appendChild(el("p", "The text changes only if both sides vote yes. The current text:"));
      box.appendChild(offerList(p, b.standing));
      box.appendChild(el("p", "worth " + fmt(b.standing_value) + " to you. The change:", "value"));
    }
    box.appendChild(offerList(p, b.text));
    let worth = "Worth " + fmt(b.value) + " to you";
    if (b.guarantee) worth += ", with the guarantee " + b.guarantee;
    if (b.final && b.floor) worth += " (your reservation value, or the best offer you have received, is worth " + fmt(b.floor) + ")";
    box.appendChild(el("p", worth + ".", "value"));
    const yes = el("button", b.final ? "Accept the text" : "Vote yes");
    yes.id = "vote-yes";
    yes.type = "button";
    const no = el("button", b.final ? "Turn it down" : "Vote no", "quiet");
    no.id = "vote-no";
    no.type = "button";
    yes.addEventListener("click", () => send({prompt: pr.id, action: "yes"}));
    no.addEventListener("click", () => send({prompt: pr.id, action: "no"}));
    const div = el("div", null, "buttons");
    div.append(yes, no);
    box.appendChild(div);
    box.hidden = false;
  }

  function renderHelp(p, v) {
    if (!p.facilitator || p.result || v.status === "stopped" || p.agent) return;
    let text = "A facilitator stands ready to help when asked";
    text += p.consent === "either" ? " (by one side, if the other does not object)." : " by both sides.";
    if (p.asked) text += " You have asked; your request stands until the facilitator is invited.";
    else if (p.ask_pending) text += " You will ask at the end of this round.";
    if (p.other_asked) text += " " + p.them + " has asked for help.";
    $("help-text").textContent = text;
    const b = $("ask");
    b.disabled = p.asked;
    b.textContent = p.ask_pending ? "Do not ask after all" : "Ask for the facilitator's help";
    $("help").hidden = false;
  }

  function renderResult(p) {
    if (!p.result) return;
    $("summary").textContent = p.result.summary;
    $("transcript").textContent = p.result.transcript || "";
    $("transcript-box").hidden = !p.result.transcript;
    $("result").hidden = false;
    $("table").hidden = true;
  }

  function renderHistory(p) {
    const body = $("history-rows");
    body.replaceChildren();
    const theirs = p.history.some((h) => h.theirs !== undefined);
    $("theirs-head").hidden = !theirs;
    for (const h of p.history.slice().reverse()) {
      const tr = el("tr", null, h.by === "you" ? "you" : "");
      tr.append(el("td", String(h.round), "num"), el("td", h.by === "you" ? "you" : p.them), el("td", short(p, h.values)), el("td", fmt(h.utility), "num"));
      if (theirs) tr.appendChild(el("td", h.theirs === undefined ? "" : fmt(h.theirs), "num"));
      body.appendChild(tr);
    }
    $("history").hidden = p.history.length === 0;
  }

  async function send(body) {
    showError("");
    try { render(await post("/api/seat/move", body)); } catch (e) { showError(e.message); }
  }

  // Walking away asks for a second click, so that a slip does not end the talks.
  function armed(button, action) {
    button.addEventListener("click", () => {
      if (!button.classList.contains("armed")) {
        button.classList.add("armed");
        button.dataset.text = button.textContent;
        button.textContent = "Really walk away? Click again";
        setTimeout(() => { button.classList.remove("armed"); button.textContent = button.dataset.text; }, 4000);
        return;
      }
      button.classList.remove("armed");
      button.textContent = button.dataset.text;
      action();
    });
  }

  function current() { return view && view.pairing && view.pairing.prompt; }
  $("accept").addEventListener("click", () => { const pr = current(); if (pr) send({prompt: pr.id, action: "accept"}); });
  $("send").addEventListener("click", () => {
    const pr = current();
    if (pr) send({prompt: pr.id, action: pr.kind === "respond" ? "counter" : "offer", offer: draft});
  });
  armed($("walk"), () => { const pr = current(); if (pr) send({prompt: pr.id, action: "walk"}); });
  armed($("walk2"), () => { const pr = current(); if (pr) send({prompt: pr.id, action: "walk"}); });
  $("ask").addEventListener("click", async () => {
    showError("");
    try { render(await post("/api/seat/ask", {ask: !view.pairing.ask_pending})); } catch (e) { showError(e.message); }
  });

  function connect() {
    const es = new EventSource("/api/seat/events");
    es.addEventListener("state", (e) => { showError(""); render(JSON.parse(e.data)); });
    es.onerror = () => { if (view) showError("Connection lost: reconnecting… (nothing is lost: the class keeps your place)"); };
  }
  fetch("/api/seat", {credentials: "same-origin"})
    .then((r) => { if (!r.ok) { location.href = "/"; throw new Error("no seat"); } return r.json(); })
    .then((v) => { render(v); connect(); })
    .catch((e) => showError(e.message));
})();
