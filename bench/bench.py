#!/usr/bin/env python3
"""Readers and tables for the bench/*.sh scripts (standard library only).

  bench.py fetch URL FILE                      GET a loopback URL into FILE (nginx's static copies)
  bench.py gatling DIR [--skip S] [--tail T]   summary JSON of a Gatling run (DIR/gatling/<run>/index.html)
  bench.py locust DIR [--skip S] [--tail T]    summary JSON of a Locust run (DIR/locust_*.csv)
  bench.py wrk DIR                             summary JSON of a wrk run (DIR/console.log, WRKJSON line)
  bench.py compose OUT.json k=@f.json k=#1 k=text k[]=@f.json   build a script's result JSON
  bench.py table KIND FILE.json                print the table of a finished script (fidelity, ...)

Steady-state requests/s: requests counted after the first S seconds (the ramp and its settling) and
before the last T seconds, divided by that window's length; Gatling's from the report's per-second
"requests" series (index.html, req_*.html), Locust's from the cumulative counts of
--csv-full-history.
"""
import csv
import glob
import html
import json
import os
import re
import statistics
import sys
import urllib.request

NAMES = {
    "/status": "status",
    "/api/id/tt0068646": "similar by id",
    "/api/title/The godfather/1972": "similar by title",
    "/api/title/The%20godfather/1972": "similar by title",
}
ORDER = ["status", "similar by id", "similar by title"]


def die(msg):
    print("bench.py: " + msg, file=sys.stderr)
    sys.exit(1)


def num(s):
    s = (s or "").strip()
    if s in ("", "-", "N/A"):
        return 0.0
    return float(s)


# ---------------------------------------------------------------- /usr/bin/time -v
def read_time(path):
    out = {}
    if not os.path.exists(path):
        return out
    txt = open(path, encoding="utf-8", errors="replace").read()
    m = lambda rx: re.search(rx, txt)
    u, s = m(r"User time \(seconds\): ([\d.]+)"), m(r"System time \(seconds\): ([\d.]+)")
    if u and s:
        out["cpu_s"] = round(float(u.group(1)) + float(s.group(1)), 2)
    r = m(r"Maximum resident set size \(kbytes\): (\d+)")
    if r:
        out["rss_mb"] = round(int(r.group(1)) / 1024, 1)
    w = m(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)")
    if w:
        secs = 0.0
        for part in w.group(1).split(":"):
            secs = secs * 60 + float(part)
        out["wall_s"] = round(secs, 1)
    return out


def steady_cost(d, lo, hi, rps):
    """CPU-ms per request and mean RSS of the injector over [lo, hi] (epoch s), from proc.csv."""
    path = os.path.join(d, "proc.csv")
    if not os.path.exists(path) or not rps:
        return {}
    rows = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            try:
                rows.append((int(r["epoch_ms"]) / 1000.0, int(r["jiffies"]), int(r["rss_kb"] or 0), float(r["hz"])))
            except (ValueError, TypeError):
                pass
    inside = [r for r in rows if lo <= r[0] <= hi]
    if len(inside) < 2:
        return {}
    a, b = inside[0], inside[-1]
    secs = b[0] - a[0]
    cpu = (b[1] - a[1]) / a[3]
    return {"steady_cpu_ms_per_request": round(cpu * 1000 / (rps * secs), 3),
            "steady_cpu_core_percent": round(100 * cpu / secs, 1),
            "steady_window_cpu_s": round(cpu, 2),
            "peak_sampled_rss_mb": round(max(r[2] for r in rows) / 1024, 1)}


# ---------------------------------------------------------------- Gatling
def series_after(text, container):
    i = text.find("renderTo: '%s'" % container)
    if i < 0:
        i = text.find("renderTo:'%s'" % container)
    if i < 0:
        return []
    m = re.compile(r"data: (\[\[.*?\]\])", re.S).search(text, i)
    if not m:
        return []
    return [(int(t), int(v or 0)) for t, v in re.findall(r"\[(\d+), (\d+|null)\]", m.group(1))]


def named_series(text, container):
    """{series name: [(epoch ms, value)]} of one chart of a Gatling report page."""
    i = text.find("renderTo: '%s'" % container)
    if i < 0:
        return {}
    j = text.find("renderTo", i + 10)
    chunk = text[i:j if j > 0 else len(text)]
    out = {}
    for name, data in re.findall(r"name: '([^']*)',\s*data: (\[\[.*?\]\])", chunk, re.S):
        out[name] = [(int(t), None if v == "null" else int(v)) for t, v in re.findall(r"\[(\d+), (\d+|null)\]", data)]
    return out


def per_second_percentiles(text, skip, tail):
    """Medians (and the worst) of Gatling's per-second p50 and p99 over the steady window."""
    s = named_series(text, "ResponseTimeContainerId")
    if "50%" not in s or "99%" not in s:
        return {}
    t0 = s["50%"][0][0] / 1000.0
    tend = s["50%"][-1][0] / 1000.0 + 1
    pick = lambda k: [v for t, v in s[k] if v is not None and t0 + skip <= t / 1000.0 <= tend - tail - 1]
    p50, p99 = pick("50%"), pick("99%")
    if not p50:
        return {}
    return {"seconds": len(p50), "p50_median": statistics.median(p50), "p99_median": statistics.median(p99),
            "p99_max": max(p99)}


def window_rate(series, skip, tail):
    """(requests/s, seconds) over the buckets from skip s after the first to tail s before the end."""
    if len(series) < 2:
        total = sum(v for _, v in series)
        return (float(total), 1.0) if series else (0.0, 0.0)
    width = statistics.median(b[0] - a[0] for a, b in zip(series, series[1:])) / 1000.0
    t0 = series[0][0] / 1000.0
    tend = series[-1][0] / 1000.0 + width
    lo, hi = t0 + skip, tend - tail
    picked = [(t, v) for t, v in series if t / 1000.0 >= lo and t / 1000.0 + width <= hi]
    if not picked:
        return 0.0, 0.0
    secs = len(picked) * width
    window_rate.last = (picked[0][0] / 1000.0, picked[-1][0] / 1000.0 + width)
    return sum(v for _, v in picked) / secs, secs


def gatling(d, skip, tail):
    idx = sorted(glob.glob(os.path.join(d, "gatling", "*", "index.html")))
    if not idx:
        die("no Gatling report under %s/gatling" % d)
    report = os.path.dirname(idx[-1])
    text = open(idx[-1], encoding="utf-8").read()
    rows = {}
    for m in re.finditer(r'<tr id="([^"]+)"[^>]*>(.*?)</tr>', text, re.S):
        body = m.group(2)
        nm = re.search(r'class="ellipsed-name">([^<]+)<', body)
        cols = dict((int(c), v) for c, v in re.findall(r'<td class="value [^"]*col-(\d+)">([^<]*)</td>', body))
        if not nm or not cols:
            continue
        name = "all" if m.group(1) == "ROOT" else html.unescape(nm.group(1)).strip()
        link = re.search(r'<a href="(req_[^"]+\.html)"', body)
        rows[name] = {
            "count": int(num(cols.get(2))), "ko": int(num(cols.get(4))),
            "p50": num(cols.get(8)), "p95": num(cols.get(10)), "p99": num(cols.get(11)),
            "max": num(cols.get(12)), "mean": num(cols.get(13)),
            "_page": link.group(1) if link else None,
        }
    if "all" not in rows:
        die("no statistics table in " + idx[-1])
    window_rate.last = None
    rate, secs = window_rate(series_after(text, "RequestsContainerId"), skip, tail)
    rows["all"]["steady_rps"], rows["all"]["steady_window_s"] = round(rate, 2), secs
    cost = steady_cost(d, window_rate.last[0], window_rate.last[1], rate) if window_rate.last else {}
    for name, r in rows.items():
        page = r.pop("_page")
        if name != "all" and page and os.path.exists(os.path.join(report, page)):
            ptext = open(os.path.join(report, page), encoding="utf-8").read()
            r["steady_rps"] = round(window_rate(series_after(ptext, "requestsContainerId"), skip, tail)[0], 2)
    console = os.path.join(d, "console.log")
    selfcheck = None
    if os.path.exists(console):
        for line in open(console, encoding="utf-8", errors="replace"):
            if line.startswith("Injector self-check"):
                selfcheck = line.strip()
    out = {"tool": "gatling", "report": report, "requests": rows, "self_check": selfcheck,
           "per_second_after_skip": per_second_percentiles(text, skip, tail)}
    out.update(read_time(os.path.join(d, "time.txt")))
    out.update(cost)
    return out


# ---------------------------------------------------------------- Locust
def locust(d, skip, tail):
    stats = os.path.join(d, "locust_stats.csv")
    if not os.path.exists(stats):
        die("no %s" % stats)
    rows = {}
    with open(stats, newline="") as f:
        for r in csv.DictReader(f):
            name = "all" if r["Name"] == "Aggregated" else NAMES.get(r["Name"], r["Name"])
            rows[name] = {
                "count": int(num(r["Request Count"])), "ko": int(num(r["Failure Count"])),
                "p50": num(r["50%"]), "p95": num(r["95%"]), "p99": num(r["99%"]),
                "max": num(r["Max Response Time"]), "mean": round(num(r["Average Response Time"]), 1),
                "_whole_rps": num(r["Requests/s"]),
            }
    hist = {}
    with open(os.path.join(d, "locust_stats_history.csv"), newline="") as f:
        for r in csv.DictReader(f):
            name = "all" if r["Name"] == "Aggregated" else NAMES.get(r["Name"], r["Name"])
            hist.setdefault(name, []).append((int(r["Timestamp"]), int(num(r["Total Request Count"]))))
    t0 = min(t for s in hist.values() for t, _ in s) if hist else 0
    tend = max(t for s in hist.values() for t, _ in s) if hist else 0
    cost = {}
    for name, s in hist.items():
        s.sort()
        w = [(t, c) for t, c in s if t0 + skip <= t <= tend - tail]
        if name in rows:
            if len(w) >= 2 and w[-1][0] > w[0][0]:
                rows[name]["steady_rps"] = round((w[-1][1] - w[0][1]) / (w[-1][0] - w[0][0]), 2)
                if name == "all":
                    rows[name]["steady_window_s"] = w[-1][0] - w[0][0]
                    cost = steady_cost(d, w[0][0], w[-1][0], rows[name]["steady_rps"])
            else:
                # no per-second rows in the window (a short run, or the CSV writer starved by busy users):
                # the whole run's rate from locust_stats.csv, marked as such
                rows[name]["steady_rps"] = rows[name]["_whole_rps"]
                rows[name]["steady_is_whole_run"] = True
    for r in rows.values():
        if "steady_rps" not in r:
            r["steady_rps"], r["steady_is_whole_run"] = r["_whole_rps"], True
        r.pop("_whole_rps", None)
    out = {"tool": "locust", "requests": rows}
    out.update(read_time(os.path.join(d, "time.txt")))
    out.update(cost)
    return out


# ---------------------------------------------------------------- wrk (bench/rotate.lua prints WRKJSON)
def wrk(d):
    txt = open(os.path.join(d, "console.log"), encoding="utf-8", errors="replace").read()
    m = re.search(r"^WRKJSON (\{.*\})$", txt, re.M)
    if not m:
        die("no WRKJSON line in %s/console.log" % d)
    j = json.loads(m.group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", txt)
    j["non2xx"] = int(non2xx.group(1)) if non2xx else 0
    j["rps"] = round(j["requests"] / (j["duration_us"] / 1e6), 1)
    j["tool"] = "wrk"
    j.update(read_time(os.path.join(d, "time.txt")))
    return j


# ---------------------------------------------------------------- tables
def fmt(v, nd=1):
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return ("%." + str(nd) + "f") % v
    return str(v)


def verdict(ok):
    return "hit" if ok else "MISSED"


def table_fidelity(j):
    L, G = j["locust"]["requests"], j["gatling"]["requests"]
    limit = j["closed_loop_limit_rps"]
    print("Fidelity: %d users, %s users/s, %s s, pauses %s; API pid separate; %s" % (
        j["users"], j["spawn_rate"], j["duration_s"], j["pauses"], j.get("pinning", "")))
    print()
    print("| request | Locust count | Locust share | Gatling count | Gatling share | Locust steady/s | Gatling steady/s "
          "| Locust p50/p95/p99 ms | Gatling p50/p95/p99 ms | Locust KO | Gatling KO |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name in ORDER + ["all"]:
        l, g = L.get(name, {}), G.get(name, {})
        lt, gt = L["all"]["count"] or 1, G["all"]["count"] or 1
        print("| %s | %d | %.1f %% | %d | %.1f %% | %s | %s | %s/%s/%s | %s/%s/%s | %d | %d |" % (
            name, l.get("count", 0), 100.0 * l.get("count", 0) / lt, g.get("count", 0), 100.0 * g.get("count", 0) / gt,
            fmt(l.get("steady_rps")), fmt(g.get("steady_rps")),
            fmt(l.get("p50"), 0), fmt(l.get("p95"), 0), fmt(l.get("p99"), 0),
            fmt(g.get("p50"), 0), fmt(g.get("p95"), 0), fmt(g.get("p99"), 0), l.get("ko", 0), g.get("ko", 0)))
    print()
    shares = []
    for tool, R in (("Locust", L), ("Gatling", G)):
        for name in ORDER:
            shares.append(abs(100.0 * R.get(name, {}).get("count", 0) / (R["all"]["count"] or 1) - 100.0 / 3))
    ls, gs = L["all"].get("steady_rps", 0.0), G["all"].get("steady_rps", 0.0)
    d_each = abs(ls - gs) / max(ls, gs, 1e-9) * 100
    d_l, d_g = abs(ls - limit) / limit * 100, abs(gs - limit) / limit * 100
    print("- shares: largest gap to 33.3 %% = %.2f points (target <= 1): %s" % (max(shares), verdict(max(shares) <= 1)))
    print("- steady requests/s: Locust %.1f, Gatling %.1f, gap %.2f %% (target <= 2 %%): %s" % (ls, gs, d_each, verdict(d_each <= 2)))
    print("- vs the closed-loop limit %.1f/s: Locust %.2f %%, Gatling %.2f %% (target <= 2 %%): %s" % (
        limit, d_l, d_g, verdict(max(d_l, d_g) <= 2)))
    print()
    print("Injector cost (the injector process alone, /usr/bin/time -v):")
    print()
    print("| injector | requests | CPU-s (whole process) | CPU-s per 1000 requests (whole process) | steady state: CPU-s per 1000 requests | steady state: % of one core | peak RSS MB | wall s | machine load avg (start -> end) | other processes' CPU-s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    per, steady = {}, {}
    for tool in ("locust", "gatling"):
        r = j[tool]
        n = r["requests"]["all"]["count"] or 1
        per[tool] = r.get("cpu_s", 0) / n * 1000
        steady[tool] = r.get("steady_cpu_ms_per_request")
        print("| %s | %d | %s | %.2f | %s | %s | %s | %s | %s -> %s | %s |" % (
            tool, n, fmt(r.get("cpu_s"), 2), per[tool], fmt(steady[tool], 3), fmt(r.get("steady_cpu_core_percent")),
            fmt(r.get("rss_mb")), fmt(r.get("wall_s")),
            r.get("load_before", "?"), r.get("load_after", "?"), fmt(r.get("other_cpu_s"), 1)))
    ratio = per["gatling"] / per["locust"] if per["locust"] else float("nan")
    print()
    print("- whole process (start-up, JIT, run, report): Gatling CPU per request = %.2f x Locust's (target <= 0.20): %s" % (
        ratio, verdict(ratio <= 0.2)))
    if steady["gatling"] and steady["locust"]:
        sr = steady["gatling"] / steady["locust"]
        print("- steady state only: Gatling CPU per request = %.2f x Locust's (target <= 0.20): %s" % (sr, verdict(sr <= 0.2)))
    if j["gatling"].get("self_check"):
        print("- " + j["gatling"]["self_check"])


def table_capacity(j):
    w = j["wrk_api"]["rps"]
    print("Capacity: no think time, %d connections/users, %s s per tool; %s" % (j["connections"], j["seconds"], j.get("pinning", "")))
    print()
    print("| tool -> target | requests/s | vs wrk->API | KO / non-2xx | p50 ms | p99 ms | load tool CPU-s | load avg |")
    print("|---|---|---|---|---|---|---|---|")
    rows = [("wrk -> API", j["wrk_api"]["rps"], j["wrk_api"]["non2xx"] + j["wrk_api"].get("socket_errors", 0),
             j["wrk_api"].get("p50_ms"), j["wrk_api"].get("p99_ms"), j["wrk_api"])]
    g = j["gatling"]["requests"]["all"]
    rows.append(("Gatling -> API", g["steady_rps"], g["ko"], g["p50"], g["p99"], j["gatling"]))
    l = j["locust"]["requests"]["all"]
    rows.append(("Locust -> API", l["steady_rps"], l["ko"], l["p50"], l["p99"], j["locust"]))
    rows.append(("wrk -> nginx", j["wrk_nginx"]["rps"], j["wrk_nginx"]["non2xx"] + j["wrk_nginx"].get("socket_errors", 0),
                 j["wrk_nginx"].get("p50_ms"), j["wrk_nginx"].get("p99_ms"), j["wrk_nginx"]))
    for name, rps, ko, p50, p99, r in rows:
        print("| %s | %.0f | %.1f %% | %d | %s | %s | %s | %s |" % (
            name, rps, 100.0 * rps / w if w else 0, ko, fmt(p50, 1), fmt(p99, 1), fmt(r.get("cpu_s"), 1), r.get("load_before", "?")))
    gr, lr, nr = g["steady_rps"], l["steady_rps"], j["wrk_nginx"]["rps"]
    print()
    print("- Gatling = %.1f %% of wrk (target >= 50 %%): %s" % (100.0 * gr / w, verdict(gr >= 0.5 * w)))
    if lr:
        print("- Gatling = %.1f x Locust (target >= 10 x): %s" % (gr / lr, verdict(gr >= 10 * lr)))
    else:
        print("- Gatling vs Locust: no Locust rate measured")
    print("- API = %.1f %% of nginx under wrk (target >= 50 %%): %s" % (100.0 * w / nr, verdict(w >= 0.5 * nr)))


def table_scale(j):
    print("Scale: seed users (pauses %s), ramp %s s, duration %s s, steady window after %s s; %s" % (
        j["pauses"], j["ramp_s"], j["duration_s"], j["skip_s"], j.get("pinning", "")))
    print()
    print("| users | expected/s | steady/s | requests | KO | p50 ms | p99 ms | self-check | Gatling CPU-s | Gatling RSS MB | API CPU-s | load avg | verdict |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    best = 0
    for lv in j["levels"]:
        a = lv["gatling"]["requests"]["all"]
        sc = (lv["gatling"].get("self_check") or "n/a").replace("Injector self-check: ", "")
        ok = a["ko"] == 0 and sc.startswith("healthy") and a["count"] > 0
        if ok:
            best = max(best, lv["users"])
        print("| %d | %.0f | %.0f | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            lv["users"], lv["expected_rps"], a.get("steady_rps", 0), a["count"], a["ko"], fmt(a["p50"], 0), fmt(a["p99"], 0),
            sc, fmt(lv["gatling"].get("cpu_s"), 1), fmt(lv["gatling"].get("rss_mb")), fmt(lv.get("api_cpu_s"), 1),
            lv.get("load_before", "?"), "held" if ok else "NOT held"))
    print()
    print("- most users held with KO 0 and a healthy self-check: %d (target 100000): %s" % (best, verdict(best >= 100000)))


def table_noise(j):
    print("Noise: %d users (%s); %s" % (j["users"], j["pauses"], j.get("pinning", "")))
    print()
    print("| target (known latency) | injector | requests | requests/s | p50 ms | p99 ms | added at p50 ms | added at p99 ms "
          "| p50 over wrk's ms | p99 over wrk's ms | KO | load avg |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    verdicts = []
    for tname in ("nginx", "api"):
        t = j["targets"].get(tname)
        if not t:
            continue
        known = t["known_ms"]
        label = "nginx static (sub-ms)" if tname == "nginx" else "API +%d ms" % known
        w = t["wrk"]
        for tool in ("wrk", "gatling", "locust"):
            r = t[tool]
            if tool == "wrk":
                n, rps, p50, p99, ko = r["requests"], r["rps"], r["p50_ms"], r["p99_ms"], r["non2xx"] + r.get("socket_errors", 0)
            else:
                a = r["requests"]["all"]
                n, p50, p99, ko = a["count"], a["p50"], a["p99"], a["ko"]
                rps = n / r["wall_s"] if r.get("wall_s") else 0
                rps = a.get("steady_rps") or rps
            print("| %s | %s | %d | %.0f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %d | %s |" % (
                label, tool, n, rps, p50, p99, p50 - known, p99 - known, p50 - w["p50_ms"], p99 - w["p99_ms"], ko,
                r.get("load_before", "?")))
            if tool == "gatling":
                verdicts.append((label, p50 - known, p99 - known, p50 - w["p50_ms"], p99 - w["p99_ms"],
                                 r.get("per_second_after_skip") or {}, known))
    print()
    for label, a50, a99, w50, w99, ps, known in verdicts:
        print("- %s: Gatling adds %.1f ms at p50 (target <= 1): %s, %.1f ms at p99 (target <= 2): %s; over wrk's own view "
              "%.1f / %.1f ms" % (label, a50, verdict(a50 <= 1), a99, verdict(a99 <= 2), w50, w99))
        if ps:
            print("  after the JVM's warm-up (%d s skipped; medians of Gatling's per-second percentiles over %d s): "
                  "p50 %.0f ms (+%.0f), p99 %.0f ms (+%.0f), worst second's p99 %.0f ms" % (
                      j.get("skip_s", 0), ps["seconds"], ps["p50_median"], ps["p50_median"] - known,
                      ps["p99_median"], ps["p99_median"] - known, ps["p99_max"]))
    print("  (Gatling and Locust report whole milliseconds; wrk microseconds. Gatling/Locust requests/s: whole run.)")


def main(argv):
    if len(argv) < 2:
        die(__doc__)
    cmd = argv[1]
    opts = {"--skip": 0.0, "--tail": 0.0}
    args = []
    it = iter(argv[2:])
    for a in it:
        if a in opts:
            opts[a] = float(next(it))
        else:
            args.append(a)
    if cmd == "fetch":
        url, dest = args
        if not re.match(r"^http://(127\.0\.0\.1|localhost|\[::1\])[:/]", url):
            die("loopback URLs only: " + url)
        with urllib.request.urlopen(url, timeout=5) as r:
            data = r.read()
        with open(dest, "wb") as f:
            f.write(data)
    elif cmd == "gatling":
        print(json.dumps(gatling(args[0], opts["--skip"], opts["--tail"]), indent=1))
    elif cmd == "locust":
        print(json.dumps(locust(args[0], opts["--skip"], opts["--tail"]), indent=1))
    elif cmd == "wrk":
        print(json.dumps(wrk(args[0]), indent=1))
    elif cmd == "compose":
        # compose OUT.json key=@file.json key=#number key=text key[]=@file.json (appends); dotted keys nest
        out = args[0]
        j = json.load(open(out)) if os.path.exists(out) else {}
        for a in args[1:]:
            k, v = a.split("=", 1)
            if v.startswith("@"):
                v = json.load(open(v[1:]))
            elif v.startswith("#"):
                v = float(v[1:]) if "." in v else int(v[1:])
            append = k.endswith("[]")
            parts = k[:-2].split(".") if append else k.split(".")
            node = j
            for p in parts[:-1]:
                node = node.setdefault(p, {})
            if append:
                node.setdefault(parts[-1], []).append(v)
            else:
                node[parts[-1]] = v
        with open(out, "w") as f:
            json.dump(j, f, indent=1)
    elif cmd == "table":
        kind, path = args
        j = json.load(open(path))
        {"fidelity": table_fidelity, "capacity": table_capacity, "scale": table_scale, "noise": table_noise}[kind](j)
    else:
        die(__doc__)


if __name__ == "__main__":
    main(sys.argv)
