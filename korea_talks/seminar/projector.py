"""The projector view: one self-contained page for the wall, with nothing secret on it.

It shows the round and a large clock that ticks every second, the instructor's
broadcasts and the scenario injects, the shared sequence and the offers still on the
table; it has no controls, no join code, no scores, no notes and no team's messages.
It reads ``/api/projector`` (with the projector key of its own address) every two seconds
and counts the clock down between reads. Every text is set as text, never as markup.
"""

from __future__ import annotations

PROJECTOR_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Seminar: projector</title>
<style>
body { font-family: sans-serif; margin: 2rem; background: #fff; color: #111; }
#clock { font-size: 12vw; font-weight: bold; line-height: 1; margin: 0.2em 0; }
#clock.low { color: #b00020; }
#round { font-size: 2.5vw; }
h2 { font-size: 2vw; margin-top: 1.2em; }
li, td, th { font-size: 1.6vw; }
table { border-collapse: collapse; }
td, th { border-bottom: 1px solid #ccc; padding: 0.2em 0.8em; text-align: left; }
#stale { color: #b00020; font-size: 1.4vw; }
</style></head>
<body>
<h1 id="title">Seminar</h1>
<div id="round"></div>
<div id="clock" aria-live="off">-:--</div>
<div id="stale"></div>
<p id="verdict"></p>
<h2>News and announcements</h2><ul id="news"></ul>
<h2>Shared sequence</h2><ol id="sequence"></ol>
<h2>Offers on the table</h2>
<table><thead><tr><th>offer</th><th>from</th><th>to</th><th>what</th><th>waiting for</th>
</tr></thead><tbody id="offers"></tbody></table>
<script>
"use strict";
let left = null, status = "", readAt = Date.now();
const el = (id) => document.getElementById(id);
function cell(row, text) { const td = document.createElement("td"); td.textContent = text;
  row.appendChild(td); }
function drawClock() {
  const clock = el("clock");
  if (left === null) { clock.textContent = status === "ended" ? "ended" : "-:--"; return; }
  const running = status === "open";
  const s = Math.max(0, Math.floor(left - (running ? (Date.now() - readAt) / 1000 : 0)));
  clock.textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0")
    + (status === "paused" ? " (paused)" : "");
  clock.className = s <= 60 ? "low" : "";
}
async function read() {
  try {
    const r = await fetch("/api/projector" + location.search, {cache: "no-store"});
    if (!r.ok) { throw new Error(String(r.status)); }
    const v = await r.json();
    left = v.seconds_left; status = v.status; readAt = Date.now();
    el("stale").textContent = "";
    el("title").textContent = v.title;
    el("round").textContent = "Round " + v.round + " of " + v.rounds + " (" + v.status + ")";
    el("verdict").textContent = "Model verdict: " + v.verdict_text;
    const seq = el("sequence"); seq.replaceChildren();
    seq.start = v.sequence.length ? v.sequence[0].step : 1;  // the latest moves only
    for (const e of v.sequence) { const li = document.createElement("li");
      li.textContent = e.text; seq.appendChild(li); }
    if (!v.sequence.length) { const li = document.createElement("li");
      li.textContent = "(no move yet)"; seq.appendChild(li); }
    const news = el("news"); news.replaceChildren();
    for (const m of v.news.slice(-6).reverse()) { const li = document.createElement("li");
      li.textContent = "Round " + m.round + ": " + (m.title ? m.title + ". " : "") + m.text;
      news.appendChild(li); }
    const offers = el("offers"); offers.replaceChildren();
    for (const o of v.offers) { const tr = document.createElement("tr");
      cell(tr, o.id); cell(tr, o.from); cell(tr, o.to.join(", ")); cell(tr, o.text);
      cell(tr, o.waiting_for.join(", ")); offers.appendChild(tr); }
  } catch (err) {
    status = "paused";
    el("stale").textContent = "The server does not answer; the clock waits for it.";
  }
  drawClock();
}
read(); setInterval(read, 2000); setInterval(drawClock, 1000);
</script>
</body></html>
"""
"""The page; it has no parameter (its data comes from ``/api/projector``)."""
