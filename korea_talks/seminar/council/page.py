"""The council's one page: join with a code, then draft, amend, vote or preside.

Self-contained (no other host is asked for anything). The join code is kept in the tab's
``sessionStorage`` and sent in the ``X-Join-Code`` header, never in an address. With
``?view=`` and the projector key (which the President's page links to) it is the projector
view: the shared state, no controls, no code, no brief. The page reads ``/api/state`` (or
``/api/projector``) every second and a half; forms that hold typing are built once, so a
poll never wipes what a student is writing. Every text from the server is set as text,
never as markup. Irreversible acts of the President (putting a draft to the vote, ending
the session) ask for a second click.
"""

from __future__ import annotations

COUNCIL_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Security Council session</title>
<style>
body { font-family: sans-serif; margin: 1rem; max-width: 60rem; color: #111; }
section { border: 1px solid #ccc; border-radius: 6px; padding: 0.6rem 0.9rem; margin: 0.8rem 0; }
button { margin: 0.2rem 0.3rem 0.2rem 0; padding: 0.3rem 0.7rem; }
label { display: block; margin: 0.2rem 0; }
textarea, input[type=text] { width: 100%; box-sizing: border-box; }
select { max-width: 100%; }
li, p, h4 { overflow-wrap: anywhere; }
.outcome { font-weight: bold; }
.vetoed { color: #b00020; }
.adopted { color: #1b5e20; }
#message { color: #b00020; min-height: 1.2em; }
.hidden { display: none; }
</style></head>
<body>
<h1 id="title">Security Council session</h1>
<form id="join">
  <label>Join code <input id="code" type="text" autocomplete="off"></label>
  <button type="submit">Join</button>
</form>
<div id="app" class="hidden">
<h2 id="who"></h2>
<p id="status"></p>
<p id="message" role="alert"></p>
<section id="president" class="hidden"><h3>The President (instructor)</h3>
  <button id="start">Open the meeting</button>
  <label>Draft to put to the vote <select id="vote-draft"></select></label>
  <button id="open-vote">Put to the vote</button>
  <button id="open-vote-confirm" class="hidden"></button>
  <button id="end">End the session</button>
  <button id="end-confirm" class="hidden">Yes, end the session (votes stop)</button>
  <button id="reopen" class="hidden">Reopen the session</button>
  <button id="debrief">Open the debrief</button>
  <a id="projector-link" target="_blank">Projector view (no controls, no codes)</a>
</section>
<section id="table-form" class="hidden"><h3 id="table-heading">Table a draft resolution</h3>
  <label>Draft title <input id="draft-title" type="text" maxlength="120"></label>
  <div id="clause-boxes"></div>
  <button id="table">Table draft</button>
</section>
<section><h3>Drafts</h3><div id="drafts"><p>No draft yet.</p></div></section>
<section id="statement-form" class="hidden"><h3>Circulate a statement</h3>
  <label>Statement <textarea id="statement-text" rows="3" maxlength="600"></textarea></label>
  <button id="statement">Circulate statement</button>
</section>
<section><h3>Statements</h3><ul id="statements"></ul></section>
<section><h3>What the model says of the adopted text</h3>
  <p id="verdict"></p><p id="state"></p><ol id="explanation"></ol></section>
<section id="brief-box" class="hidden"><h3>Your confidential brief</h3>
  <div id="brief"></div></section>
<section><h3>Timeline</h3><ol id="events"></ol></section>
</div>
<script>
"use strict";
const el = (id) => document.getElementById(id);
const projector = new URLSearchParams(location.search).get("view");
let code = projector ? "" : sessionStorage.getItem("council-code") || "";
let view = null, lastDrafts = "", built = false;
function make(tag, text, cls) { const n = document.createElement(tag);
  if (text !== undefined) { n.textContent = text; } if (cls) { n.className = cls; } return n; }
function key() { return "k" + Date.now().toString(36) + Math.random().toString(36).slice(2, 10); }
async function act(body, button) {
  if (button) { button.disabled = true; }
  try {
    const r = await fetch("/api/act", {method: "POST", headers: {"Content-Type": "application/json",
      "X-Join-Code": code}, body: JSON.stringify({...body, key: key()})});
    const data = await r.json();
    el("message").textContent = data.ok ? "" : data.error;
    await read();
    return data.ok;
  } catch (err) { el("message").textContent = "The server does not answer; try again.";
    return false; } finally { if (button) { button.disabled = false; } }
}
function buildForms() {
  const boxes = el("clause-boxes"); boxes.replaceChildren();
  for (const c of view.clauses) {
    const label = make("label"); const box = make("input"); box.type = "checkbox";
    box.value = c.id; label.appendChild(box);
    label.appendChild(document.createTextNode(" " + c.label + " (" + c.precedent + ")"));
    boxes.appendChild(label);
  }
  built = true;
}
function drawDraft(d) {
  const box = make("section"); box.dataset.id = d.id; box.id = "draft-" + d.id;
  box.appendChild(make("h4", d.id + ": " + d.title + " (tabled by " + d.sponsor + ")"));
  box.appendChild(make("p", "Status: " + d.status + (d.resolution ? " (resolution "
    + d.resolution + " of this session)" : "")));
  const list = make("ol");
  const member = view.you.votes === true;
  const amends = member || d.sponsor === view.you.team;
  if (d.proposal) {
    const asked = d.requested_by ? "a vote was asked for by " + d.requested_by
      : "no member has asked for a vote";
    box.appendChild(make("p", "A proposal of an invited state (rule 38); " + asked));
  }
  for (const c of d.clauses) {
    const li = make("li", c.label + " ");
    if (amends && d.status === "drafting" && d.clauses.length > 1) {
      const b = make("button", "Remove"); b.setAttribute("aria-label", "Remove " + c.label
        + " from " + d.id);
      b.onclick = () => act({kind: "amend", draft: d.id, op: "remove", clause: c.id}, b);
      li.appendChild(b);
    }
    list.appendChild(li);
  }
  box.appendChild(list);
  if (member && d.proposal && !d.requested_by && d.status === "drafting") {
    const ask = make("button", "Ask for a vote on " + d.id + " (rule 38)");
    ask.onclick = () => act({kind: "request-vote", draft: d.id}, ask);
    box.appendChild(ask);
  }
  if (amends && d.status === "drafting") {
    const present = new Set(d.clauses.map((c) => c.id));
    const pick = make("select"); pick.setAttribute("aria-label", "Clause to add to " + d.id);
    for (const c of view.clauses) { if (!present.has(c.id)) {
      const o = make("option", c.label); o.value = c.id; pick.appendChild(o); } }
    const add = make("button", "Add clause to " + d.id);
    add.onclick = () => act({kind: "amend", draft: d.id, op: "add", clause: pick.value}, add);
    if (pick.options.length) { box.appendChild(pick); box.appendChild(add); }
  }
  for (const a of d.amendments) { box.appendChild(make("p", "Amended by " + a)); }
  if (d.if_adopted) { box.appendChild(make("p", "If adopted, the model says: " + d.if_adopted)); }
  if (d.status === "voting") {
    const waiting = d.waiting_for.join(", ") || "nobody";
    box.appendChild(make("p", "Under vote; waiting for: " + waiting));
    if (member && d.waiting_for.includes(view.you.team)) {
      for (const [vote, name] of [["yes", "Vote yes"], ["no", "Vote no"], ["abstain", "Abstain"]]) {
        const b = make("button", name + " on " + d.id);
        b.onclick = () => act({kind: "vote", draft: d.id, vote: vote}, b);
        box.appendChild(b);
      }
    }
  }
  if (d.outcome) {
    const cls = d.status === "adopted" ? "outcome adopted" : (d.vetoed_by.length ? "outcome vetoed"
      : "outcome");
    const p = make("p", d.id + " " + d.outcome, cls); p.id = "outcome-" + d.id; box.appendChild(p);
    const votes = Object.entries(d.votes).map(([m, v]) => m + ": " + v).join("; ");
    box.appendChild(make("p", "Votes: " + votes));
  }
  return box;
}
function draw() {
  el("title").textContent = view.title;
  const you = view.you;
  el("who").textContent = you.team === "instructor" ? "The President (instructor)"
    : you.team === "projector" ? "Projector view"
    : you.name + " (" + you.team + "): " + (you.votes ? "permanent member, votes"
    : "invited under rule 37, speaks without vote");
  el("status").textContent = "Session " + view.status + (view.voting ? "; " + view.voting
    + " is under vote" : "");
  el("president").classList.toggle("hidden", you.team !== "instructor");
  el("reopen").classList.toggle("hidden", view.status !== "ended");
  el("table-form").classList.toggle("hidden", you.name === undefined || view.status !== "open");
  el("table-heading").textContent = you.votes ? "Table a draft resolution"
    : "Put forward a proposal (rule 38: it goes to a vote only if a member asks)";
  el("statement-form").classList.toggle("hidden", you.name === undefined
    || view.status !== "open");
  if (view.projector_key) {
    el("projector-link").href = "/projector?view=" + encodeURIComponent(view.projector_key); }
  if (!built) { buildForms(); }
  const drafts = JSON.stringify([view.drafts, view.status]);
  if (drafts !== lastDrafts) {
    lastDrafts = drafts;
    const box = el("drafts"); box.replaceChildren();
    for (const d of view.drafts) { box.appendChild(drawDraft(d)); }
    if (!view.drafts.length) { box.appendChild(make("p", "No draft yet.")); }
    const pick = el("vote-draft"); const was = pick.value; pick.replaceChildren();
    for (const d of view.drafts) { if (d.status === "drafting") {
      const o = make("option", d.id + ": " + d.title); o.value = d.id; pick.appendChild(o); } }
    if ([...pick.options].some((o) => o.value === was)) { pick.value = was; }
  }
  const st = el("statements"); st.replaceChildren();
  for (const s of view.statements) { st.appendChild(make("li", s.team + ": " + s.text)); }
  const m = view.model;
  el("verdict").textContent = "Under the " + m.lens + " lens: " + m.verdict_text;
  el("state").textContent = Object.entries(m.state).map(([k, v]) => k + " " + v).join(", ");
  const ex = el("explanation"); ex.replaceChildren();
  for (const line of m.explanation) { ex.appendChild(make("li", line)); }
  const ev = el("events"); ev.replaceChildren();
  for (const e of view.events) { ev.appendChild(make("li", "#" + e.seq + " " + e.text)); }
  if (you.brief) {
    el("brief-box").classList.remove("hidden");
    const b = el("brief"); b.replaceChildren();
    b.appendChild(make("p", you.brief.situation));
    for (const [title, items] of [["Interests", you.brief.interests],
                                   ["Red lines", you.brief.red_lines]]) {
      b.appendChild(make("h4", title)); const ul = make("ul");
      for (const i of items) { ul.appendChild(make("li", i)); } b.appendChild(ul);
    }
    b.appendChild(make("p", "If nothing passes: " + you.brief.fallback));
    b.appendChild(make("p", "Sources: " + you.brief.sources.join(", ")));
  }
}
async function read() {
  if (!code && !projector) { return; }
  try {
    const r = projector
      ? await fetch("/api/projector?view=" + encodeURIComponent(projector), {cache: "no-store"})
      : await fetch("/api/state", {headers: {"X-Join-Code": code}, cache: "no-store"});
    const data = await r.json();
    if (!r.ok) { el("message").textContent = data.error;
      if (r.status === 403 && !projector) { leave(); }
      return; }
    view = data; el("join").classList.add("hidden"); el("app").classList.remove("hidden"); draw();
  } catch (err) { el("status").textContent = "The server does not answer; waiting for it."; }
}
function leave() { code = ""; sessionStorage.removeItem("council-code");
  el("join").classList.remove("hidden"); el("app").classList.add("hidden"); }
el("join").onsubmit = async (event) => { event.preventDefault();
  code = el("code").value.trim(); el("code").value = "";
  sessionStorage.setItem("council-code", code); await read(); };
el("start").onclick = () => act({kind: "start"}, el("start"));
el("open-vote").onclick = () => { const d = el("vote-draft").value; if (!d) {
    el("message").textContent = "No draft to put to the vote."; return; }
  const c = el("open-vote-confirm"); c.textContent = "Confirm: put " + d + " to the vote";
  c.dataset.draft = d; c.classList.remove("hidden"); };
el("open-vote-confirm").onclick = async () => { const c = el("open-vote-confirm");
  c.classList.add("hidden"); await act({kind: "open-vote", draft: c.dataset.draft}, c); };
el("end").onclick = () => el("end-confirm").classList.remove("hidden");
el("reopen").onclick = () => act({kind: "reopen"}, el("reopen"));
el("end-confirm").onclick = async () => { el("end-confirm").classList.add("hidden");
  await act({kind: "end"}, el("end-confirm")); };
el("debrief").onclick = async () => {
  const r = await fetch("/debrief", {headers: {"X-Join-Code": code}});
  const blob = new Blob([await r.text()], {type: "text/html"});
  window.open(URL.createObjectURL(blob), "_blank"); };
el("table").onclick = async () => {
  const clauses = [...el("clause-boxes").querySelectorAll("input:checked")].map((b) => b.value);
  if (await act({kind: "table", title: el("draft-title").value, clauses: clauses}, el("table"))) {
    el("draft-title").value = "";
    for (const b of el("clause-boxes").querySelectorAll("input")) { b.checked = false; } } };
el("statement").onclick = async () => {
  if (await act({kind: "statement", text: el("statement-text").value}, el("statement"))) {
    el("statement-text").value = ""; } };
read(); setInterval(read, 1500);
</script>
</body></html>
"""
"""The page; it takes no parameter (its data comes from ``/api/state``)."""
