/*
 * GrafMuvi live page: polls live.json (schema grafmuvi-live/1) once a second and draws what
 * Locust's web page shows: three charts (uPlot) beside the statistics, failures, levels and
 * settings tables. Plain JS, no build step, no network beyond the server that serves this page.
 *
 * For the CI check (scripts/live-page-check.sh), after every redraw each chart container gets
 *   data-points  = number of seconds (x values) drawn
 *   data-painted = number of sampled plot-area pixels drawn in a series colour (0 on an empty chart:
 *                  axes, grid and phase bands are not counted)
 * and <body data-ready="1"> is set once every chart shows 3+ seconds with painted series.
 *
 * ?data=NAME.json reads another JSON file of this folder instead of live.json (e.g. the fixture
 * sample-live.json), to look at the page without a run.
 */
(function () {
  "use strict";

  var POLL_MS = 1000;          // while the run goes on
  var OVER_POLL_MS = 5000;     // once it is finished or interrupted
  var FETCH_TIMEOUT_MS = 4000; // a hung request counts as a failed poll
  var SCHEMA = "grafmuvi-live/1";
  var KEYS = ["t", "requests", "failures", "p50", "p95", "p99", "users"];
  var SAMPLE_STEP = 2;         // pixel grid of the painted-pixel count

  var COLORS = {
    requests: "#16a34a", failures: "#dc2626",
    p50: "#2563eb", p95: "#f59e0b", p99: "#9333ea",
    users: "#0891b2"
  };
  var PHASE_FILL = {
    ramp: ["rgba(37, 99, 235, 0.08)"],
    steady: ["rgba(22, 163, 74, 0.07)"],
    "warm-up": ["rgba(100, 110, 120, 0.12)"],
    level: ["rgba(217, 119, 6, 0.07)", "rgba(217, 119, 6, 0.15)"]
  };
  var PHASE_TEXT = "#3b4048";

  var source = dataSource();
  var series = emptySeries();
  var lastT = null;       // the last whole second we hold
  var lastElapsed = -1;
  var meta = null;        // the last answer, series aside
  var charts = {};
  var logLatency = true;     // asinh scale: a few 10 s timeouts do not flatten 2 ms medians
  var lastOkAt = 0;
  var timer = null;
  var rendered = {};      // last HTML per table, to leave unchanged tables (and selections) alone

  // ---------- helpers ----------

  function dataSource() {
    var m = /[?&]data=([A-Za-z0-9_.-]+\.json)(?:&|$)/.exec(location.search);
    return m ? m[1] : "live.json";
  }

  function emptySeries() {
    var s = {};
    KEYS.forEach(function (k) { s[k] = []; });
    return s;
  }

  var ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" };
  function esc(v) {
    return String(v).replace(/[&<>"']/g, function (c) { return ESC[c]; });
  }

  function isNum(v) { return typeof v === "number" && isFinite(v); }

  var DASH = "\u2013";
  function fmtInt(v) {
    if (!isNum(v)) return v == null ? DASH : esc(v);
    return Math.round(v).toLocaleString("en-US");
  }
  function fmt1(v) {
    if (!isNum(v)) return v == null ? DASH : esc(v);
    return v.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  }
  function fmtMs(v) { // whole ms stay whole, fractions get one decimal
    if (!isNum(v)) return v == null ? DASH : esc(v);
    return Math.abs(v - Math.round(v)) < 1e-9 ? fmtInt(v) : fmt1(v);
  }
  function pad2(n) { return (n < 10 ? "0" : "") + n; }
  function clock(sec) { // mm:ss, or h:mm:ss from an hour on
    if (!isNum(sec) || sec < 0) return "--:--";
    var s = Math.floor(sec), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    return (h > 0 ? h + ":" : "") + pad2(m) + ":" + pad2(s % 60);
  }
  function $(id) { return document.getElementById(id); }
  function setHtml(id, html) {
    if (rendered[id] === html) return;
    rendered[id] = html;
    $(id).innerHTML = html;
  }
  function settingValue(v) {
    if (v == null) return "null";
    if (Array.isArray(v)) return v.map(settingValue).join(", ");
    if (typeof v === "object") return JSON.stringify(v);
    return String(v);
  }

  // ---------- charts ----------

  function phases() { return (meta && Array.isArray(meta.phases)) ? meta.phases : []; }

  function phaseFill(p, i) {
    var fills = PHASE_FILL[p.kind] || PHASE_FILL.level;
    return fills[i % fills.length];
  }

  function bandPx(u, p) {
    if (!p || !isNum(p.from)) return null;
    var xs = u.scales.x;
    if (xs.min == null || xs.max == null) return null;
    var to = isNum(p.to) ? p.to : xs.max;
    var from = Math.max(p.from, xs.min), until = Math.min(to, xs.max);
    if (until <= from) return null;
    return [u.valToPos(from, "x", true), u.valToPos(until, "x", true), p.from >= xs.min, to <= xs.max];
  }

  var STRIP = 16; // css px above the plot area for the phases' names

  // Behind the grid and the series: a shaded band per phase, a dashed line where one starts and
  // ends, and the phase's name in a strip above the plot area (so it never hides a series).
  function drawPhases(u) {
    var ph = phases(), ctx = u.ctx, b = u.bbox, r = uPlot.pxRatio;
    if (!ph.length) return;
    var stripTop = b.top - STRIP * r;
    ctx.save();
    ctx.beginPath();
    ctx.rect(b.left, stripTop, b.width, b.height + STRIP * r);
    ctx.clip();
    ctx.font = (11 * r) + "px system-ui, 'DejaVu Sans', sans-serif";
    ctx.textBaseline = "middle";
    ctx.textAlign = "left";
    ph.forEach(function (p, i) {
      var px = bandPx(u, p);
      if (!px) return;
      var fill = phaseFill(p, i);
      ctx.fillStyle = fill;
      ctx.fillRect(px[0], b.top, px[1] - px[0], b.height);
      ctx.fillRect(px[0], stripTop, px[1] - px[0], STRIP * r - 2 * r);
      ctx.fillRect(px[0], stripTop, px[1] - px[0], STRIP * r - 2 * r); // the strip a shade darker
      ctx.strokeStyle = "rgba(60, 64, 72, 0.45)";
      ctx.lineWidth = Math.max(1, r);
      ctx.setLineDash([4 * r, 4 * r]);
      ctx.beginPath();
      if (px[2]) { ctx.moveTo(Math.round(px[0]) + 0.5, stripTop); ctx.lineTo(Math.round(px[0]) + 0.5, b.top + b.height); }
      if (px[3]) { ctx.moveTo(Math.round(px[1]) + 0.5, stripTop); ctx.lineTo(Math.round(px[1]) + 0.5, b.top + b.height); }
      ctx.stroke();
      var label = fitLabel(ctx, String(p.name == null ? "" : p.name), px[1] - px[0] - 8 * r);
      if (label) {
        ctx.fillStyle = PHASE_TEXT;
        ctx.fillText(label, px[0] + 4 * r, stripTop + (STRIP - 2) * r / 2);
      }
    });
    ctx.restore();
  }

  // "level 3: 600 users/s" -> "level 3" -> "3" -> nothing, whichever fits first.
  function fitLabel(ctx, name, room) {
    if (room <= 0 || !name) return null;
    var tries = [name];
    var colon = name.indexOf(":");
    if (colon > 0) tries.push(name.slice(0, colon));
    var digits = /(\d+)/.exec(name);
    if (digits) tries.push(digits[1]);
    for (var i = 0; i < tries.length; i++) {
      if (ctx.measureText(tries[i]).width <= room) return tries[i];
    }
    return null;
  }

  function hexRgb(h) {
    return [parseInt(h.substr(1, 2), 16), parseInt(h.substr(3, 2), 16), parseInt(h.substr(5, 2), 16)];
  }

  // How many sampled pixels of the plot area carry one of this chart's series colours.
  function paintedPixels(u, keys) {
    var b = u.bbox, x = Math.max(0, Math.floor(b.left)), y = Math.max(0, Math.floor(b.top));
    var w = Math.min(Math.floor(b.width), u.ctx.canvas.width - x);
    var h = Math.min(Math.floor(b.height), u.ctx.canvas.height - y);
    if (w <= 0 || h <= 0) return 0;
    var px;
    try { px = u.ctx.getImageData(x, y, w, h).data; } catch (e) { return -1; }
    var rgbs = keys.map(function (k) { return hexRgb(COLORS[k]); });
    var n = 0;
    for (var row = 0; row < h; row += SAMPLE_STEP) {
      for (var col = 0; col < w; col += SAMPLE_STEP) {
        var i = (row * w + col) * 4;
        if (px[i + 3] < 96) continue;         // transparent, grid or a phase band
        for (var k = 0; k < rgbs.length; k++) {
          var dr = px[i] - rgbs[k][0], dg = px[i + 1] - rgbs[k][1], db = px[i + 2] - rgbs[k][2];
          if (dr * dr + dg * dg + db * db < 3600) { n++; break; }
        }
      }
    }
    return n;
  }

  function afterDraw(u) {
    var el = u.root.parentNode;
    var points = u.data && u.data[0] ? u.data[0].length : 0;
    el.setAttribute("data-points", String(points));
    el.setAttribute("data-painted", String(points ? paintedPixels(u, u._keys) : 0));
    checkReady();
  }

  function checkReady() {
    var ok = ["rps", "latency", "users"].every(function (id) {
      var el = $("chart-" + id);
      return +el.getAttribute("data-points") >= 3 && +el.getAttribute("data-painted") > 0;
    });
    if (ok) document.body.setAttribute("data-ready", "1");
  }

  function axisNum(v) {
    if (v == null) return "";
    if (Math.abs(v) >= 10000 && v % 1000 === 0) return (v / 1000).toLocaleString("en-US") + "k";
    return v.toLocaleString("en-US");
  }

  // Splits of the asinh ("log") scale: 0, 1, 10, 100 ... up to the top of the scale.
  function decadeSplits(u, axisIdx, min, max) {
    var out = [];
    for (var v = 1; v <= max; v *= 10) out.push(v);
    return out;
  }

  function chartHeight(width) {
    return Math.round(Math.max(200, Math.min(300, width * 0.42)));
  }

  function makeChart(id, keys, labels, yLabel, yDistr) {
    var el = $("chart-" + id);
    var width = Math.max(200, el.clientWidth);
    var y = { range: function (u, min, max) { return uPlot.rangeNum(0, Math.max(isNum(max) ? max : 0, 1), 0.1, true); } };
    if (yDistr === 4) y = { distr: 4, asinh: 1, range: function (u, min, max) { return [0, Math.max(isNum(max) ? max * 1.5 : 10, 10)]; } };
    var opts = {
      width: width,
      height: chartHeight(width),
      pxAlign: 0,
      padding: [STRIP + 4, 14, null, null],
      scales: {
        x: { time: false, range: function (u, min, max) { return [0, Math.max(isNum(max) ? max : 0, 10)]; } },
        y: y
      },
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      legend: { live: true },
      axes: [
        { label: "seconds since start", labelSize: 18, size: 34, grid: { stroke: "rgba(0,0,0,0.07)" },
          values: function (u, splits) { return splits.map(function (v) { return v == null ? "" : String(v); }); } },
        { label: yLabel, labelSize: 18, size: 56, grid: { stroke: "rgba(0,0,0,0.07)" },
          splits: yDistr === 4 ? decadeSplits : undefined,
          values: function (u, splits) { return splits.map(axisNum); } }
      ],
      series: [{ label: "second", value: function (u, v) { return v == null ? DASH : v + " s"; } }].concat(
        keys.map(function (k, i) {
          return {
            label: labels[i], stroke: COLORS[k], width: 2, spanGaps: false,
            points: { show: false },
            value: function (u, v) { return v == null ? DASH : v.toLocaleString("en-US"); }
          };
        })),
      hooks: { drawClear: [drawPhases], draw: [afterDraw] }
    };
    var u = new uPlot(opts, chartData(keys), el);
    u._keys = keys;
    u._lastWidth = width;
    return u;
  }

  function chartData(keys) {
    return [series.t].concat(keys.map(function (k) { return series[k]; }));
  }

  var CHARTS = {
    rps: { keys: ["requests", "failures"], labels: ["requests/s", "failures/s"], y: "per second" },
    latency: { keys: ["p50", "p95", "p99"], labels: ["p50", "p95", "p99"], y: "ms" },
    users: { keys: ["users"], labels: ["active users"], y: "users" }
  };

  function buildCharts() {
    Object.keys(CHARTS).forEach(function (id) {
      var c = CHARTS[id];
      if (charts[id]) { charts[id].destroy(); }
      charts[id] = makeChart(id, c.keys, c.labels, c.y, id === "latency" && logLatency ? 4 : 1);
    });
  }

  function updateCharts() {
    Object.keys(charts).forEach(function (id) {
      var u = charts[id];
      u.setData(chartData(CHARTS[id].keys));
      // Not hovering: the legend shows the newest second.
      if (u.cursor.left == null || u.cursor.left < 0) {
        var n = series.t.length;
        if (n) u.setLegend({ idx: n - 1 });
      }
    });
  }

  function watchSizes() {
    var resize = function () {
      Object.keys(charts).forEach(function (id) {
        var u = charts[id], w = Math.max(200, $("chart-" + id).clientWidth);
        if (Math.abs(w - u._lastWidth) > 1) {
          u._lastWidth = w;
          u.setSize({ width: w, height: chartHeight(w) });
        }
      });
    };
    if (window.ResizeObserver) {
      var ro = new ResizeObserver(resize);
      document.querySelectorAll(".chart-box").forEach(function (b) { ro.observe(b); });
    } else {
      window.addEventListener("resize", resize);
    }
  }

  function addLatencyToggle() {
    var cap = $("chart-latency").parentNode.querySelector("figcaption");
    var label = document.createElement("label");
    label.className = "hint toggle";
    label.innerHTML = ' <input type="checkbox" id="latency-log"' + (logLatency ? " checked" : "") + "> log scale";
    cap.appendChild(label);
    $("latency-log").addEventListener("change", function (e) {
      logLatency = e.target.checked;
      var u = charts.latency;
      u.destroy();
      charts.latency = makeChart("latency", CHARTS.latency.keys, CHARTS.latency.labels, CHARTS.latency.y, logLatency ? 4 : 1);
      updateCharts();
    });
  }

  // ---------- data ----------

  function merge(s) {
    if (!s || !Array.isArray(s.t)) return;
    for (var i = 0; i < s.t.length; i++) {
      var t = s.t[i];
      if (!isNum(t) || (lastT != null && t <= lastT)) continue; // already held (or a server ignoring since)
      KEYS.forEach(function (k) {
        var col = s[k], v = Array.isArray(col) ? col[i] : null;
        series[k].push(k === "t" ? t : (isNum(v) ? v : null));
      });
      lastT = t;
    }
  }

  function apply(j) {
    if (!j || typeof j !== "object") throw new Error("not a JSON object");
    // A new run behind the same address (time went backwards): start over.
    if (isNum(j.elapsedSeconds) && j.elapsedSeconds + 2 < lastElapsed) {
      series = emptySeries();
      lastT = null;
      lastElapsed = -1;
      meta = j;
      return "restart";
    }
    meta = j;
    if (isNum(j.elapsedSeconds)) lastElapsed = j.elapsedSeconds;
    merge(j.series);
    renderHeader();
    updateCharts();
    renderStats();
    renderLevels();
    renderFailures();
    renderSettings();
    return "ok";
  }

  function isOver(state) { return state === "finished" || state === "interrupted"; }

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(poll, ms);
  }

  function poll() {
    var url = source + (lastT != null && source === "live.json" ? "?since=" + encodeURIComponent(lastT) : "");
    var ctl = window.AbortController ? new AbortController() : null;
    var killer = ctl ? setTimeout(function () { ctl.abort(); }, FETCH_TIMEOUT_MS) : null;
    fetch(url, { cache: "no-store", signal: ctl ? ctl.signal : undefined })
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      })
      .then(function (j) {
        clearTimeout(killer);
        var how;
        try {
          how = apply(j);
        } catch (e) {
          showConn("page error: " + (e && e.message), true);
          if (window.console) console.error(e);
          schedule(POLL_MS);
          return;
        }
        lastOkAt = Date.now();
        if (how === "restart") { showConn("a new run started", false); schedule(0); return; }
        showConn(j.schema && j.schema !== SCHEMA ? "unexpected schema " + j.schema : "", false);
        schedule(isOver(j.state) ? OVER_POLL_MS : POLL_MS);
      })
      .catch(function (e) {
        clearTimeout(killer);
        var over = meta && isOver(meta.state);
        // After the run the JVM (and this server) may be gone: expected, so not shown in red.
        showConn("connection lost, retrying" + (over ? " (the run is over: its last numbers stay on screen)" : ""), !over);
        schedule(over ? OVER_POLL_MS : POLL_MS);
      });
  }

  function showConn(problem, bad) {
    var el = $("conn");
    if (problem) {
      el.textContent = problem;
      el.className = bad ? "conn lost" : "conn";
    } else {
      el.textContent = "updated " + new Date(lastOkAt).toLocaleTimeString("en-GB") +
        (meta && isOver(meta.state) ? " \u00b7 polling every 5 s" : " \u00b7 every second");
      el.className = "conn";
    }
  }

  // ---------- rendering ----------

  function renderHeader() {
    var j = meta;
    var sim = j.simulation == null ? "Gatling simulation" : String(j.simulation);
    $("simulation").textContent = sim;
    var state = typeof j.state === "string" ? j.state : "unknown";
    var st = $("state");
    st.textContent = state;
    st.className = "state state-" + (/^(running|stopping|finished|interrupted)$/.test(state) ? state : "unknown");
    $("elapsed").textContent = clock(j.elapsedSeconds);
    $("planned").textContent = isNum(j.plannedSeconds) ? clock(j.plannedSeconds) : "no planned end";
    var pct = isNum(j.plannedSeconds) && j.plannedSeconds > 0 && isNum(j.elapsedSeconds)
      ? Math.min(100, 100 * j.elapsedSeconds / j.plannedSeconds) : 0;
    if (state === "finished") pct = 100;
    $("progress-bar").style.width = pct.toFixed(1) + "%";
    var v = $("verdict");
    if (j.verdict == null || j.verdict === "") {
      v.textContent = "no verdict yet";
      v.className = "verdict none";
    } else {
      v.textContent = String(j.verdict);
      v.className = "verdict";
    }
    var now = null;
    phases().forEach(function (p) {
      if (isNum(p.from) && isNum(j.elapsedSeconds) && j.elapsedSeconds >= p.from &&
          (!isNum(p.to) || j.elapsedSeconds < p.to)) now = p;
    });
    $("phase-now").textContent = isOver(state) ? "" :
      now ? "phase: " + String(now.name) : (phases().length ? "between phases" : "");
    document.title = state + " " + clock(j.elapsedSeconds) + " \u00b7 " + sim + " live";
  }

  function renderStats() {
    var rows = Array.isArray(meta.stats) ? meta.stats : [];
    if (!rows.length) {
      setHtml("stats-body", '<tr class="empty"><td colspan="13">no requests yet</td></tr>');
      return;
    }
    var html = rows.map(function (r, i) {
      var total = i === rows.length - 1 && rows.length > 1 || r.name === "Aggregated";
      return '<tr class="stat-row' + (total ? " total" : "") + '">' +
        '<td class="name">' + esc(r.name == null ? "" : r.name) + "</td>" +
        "<td>" + fmtInt(r.requests) + "</td>" +
        '<td class="' + (isNum(r.failures) && r.failures > 0 ? "bad" : "") + '">' + fmtInt(r.failures) + "</td>" +
        "<td>" + fmtMs(r.median) + "</td>" +
        "<td>" + fmtMs(r.p90) + "</td>" +
        "<td>" + fmtMs(r.p95) + "</td>" +
        "<td>" + fmtMs(r.p99) + "</td>" +
        "<td>" + fmt1(r.mean) + "</td>" +
        "<td>" + fmtMs(r.min) + "</td>" +
        "<td>" + fmtMs(r.max) + "</td>" +
        "<td>" + fmtInt(r.avgBytes) + "</td>" +
        "<td>" + fmt1(r.rps) + "</td>" +
        '<td class="' + (isNum(r.fps) && r.fps > 0 ? "bad" : "") + '">' + fmt1(r.fps) + "</td>" +
        "</tr>";
    }).join("");
    setHtml("stats-body", html);
  }

  function outcomeClass(o) {
    o = String(o || "");
    if (o === "kept up") return "outcome-ok";
    if (o === "running") return "outcome-run";
    if (/^failed/.test(o)) return "outcome-bad";
    return "outcome-warn";
  }

  function renderLevels() {
    var rows = Array.isArray(meta.levels) ? meta.levels : [];
    $("levels-section").hidden = rows.length === 0;
    if (!rows.length) return;
    setHtml("levels-body", rows.map(function (l) {
      return "<tr>" +
        '<td class="name">' + esc(l.name == null ? "" : l.name) + "</td>" +
        "<td>" + fmtInt(l.users) + "</td>" +
        "<td>" + fmtMs(l.rate) + "</td>" +
        "<td>" + fmtMs(l.from) + DASH + fmtMs(l.to) + "</td>" +
        "<td>" + fmtInt(l.requests) + "</td>" +
        "<td>" + fmt1(l.rps) + "</td>" +
        "<td>" + fmt1(l.limit) + "</td>" +
        '<td class="' + (isNum(l.koPercent) && l.koPercent > 0 ? "bad" : "") + '">' + fmt1(l.koPercent) + "</td>" +
        "<td>" + fmtMs(l.p95) + "</td>" +
        "<td>" + fmtMs(l.p99) + "</td>" +
        '<td class="text ' + outcomeClass(l.outcome) + '">' + esc(l.outcome == null ? "" : l.outcome) + "</td>" +
        "</tr>";
    }).join(""));
  }

  function renderFailures() {
    var rows = Array.isArray(meta.failures) ? meta.failures : [];
    var total = rows.reduce(function (a, f) { return a + (isNum(f.count) ? f.count : 0); }, 0);
    $("failures-total").textContent = rows.length ? "(" + total.toLocaleString("en-US") + " in all, " +
      rows.length + (rows.length === 1 ? " kind)" : " kinds)") : "";
    if (!rows.length) {
      setHtml("failures-body", '<tr class="empty"><td colspan="5">no failures so far</td></tr>');
      return;
    }
    setHtml("failures-body", rows.map(function (f) {
      return '<tr class="failure-row">' +
        '<td class="name">' + esc(f.request == null ? "" : f.request) + "</td>" +
        '<td class="msg">' + esc(f.message == null ? "" : f.message) + "</td>" +
        '<td class="bad">' + fmtInt(f.count) + "</td>" +
        "<td>" + fmt1(f.firstSeen) + "</td>" +
        "<td>" + fmt1(f.lastSeen) + "</td>" +
        "</tr>";
    }).join(""));
  }

  function renderSettings() {
    var s = meta.settings && typeof meta.settings === "object" ? meta.settings : {};
    var keys = Object.keys(s);
    setHtml("settings-body", keys.length ? keys.map(function (k) {
      return "<tr><th>" + esc(k) + "</th><td>" + esc(settingValue(s[k])) + "</td></tr>";
    }).join("") : '<tr class="empty"><td>none reported</td></tr>');
  }

  // ---------- start ----------

  function start() {
    if (typeof uPlot === "undefined") {
      showConn("uPlot did not load (webjars/uplot/uPlot.iife.min.js)", true);
      return;
    }
    buildCharts();
    addLatencyToggle();
    watchSizes();
    poll();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
