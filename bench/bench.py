#!/usr/bin/env python3
"""Readers, CPU sampler, aggregation and tables of the bench/*.sh scripts (standard library only).

  bench.py fetch URL FILE                       GET a loopback URL into FILE (nginx's static copies)
  bench.py sample PID DIR [--maven]             CPU samples of the measured process (see sample())
  bench.py gatling DIR [--skip S] [--tail T] [--allow-missing]   run.json of a Gatling run (DIR/gatling/<run>/summary.json, <run> read from DIR/gatling/last-run)
  bench.py locust DIR [--skip S] [--tail T]     run.json of a Locust run (DIR/locust_summary.json)
  bench.py wrk DIR                              run.json of a wrk run (DIR/console.log, WRKJSON line)
  bench.py jfr DIR                              JFR figures of a profiled Gatling run (DIR/*.txt)
  bench.py account RUN.json LOAD0 LOAD1 BUSY SERVER HZ   the machine's CPU accounting of one step
  bench.py cpu-sample OUT.csv [NAME=PID]...      once a second until SIGTERM: the machine's CPU ticks and each
                                                named process's (a target's Node, Neo4j), with timestamps
  bench.py users DIR                            a users-profile run's levels, each with the CPU of its window
                                                (DIR/target-cpu.csv, DIR/proc.csv), added to DIR/run.json
  bench.py compose OUT.json k=@f.json k=#1 k=[json] k=text   build a JSON file
  bench.py report KIND OUT                      the tables of a finished script (OUT/meta.json, OUT/r<N>/<step>/run.json)
  bench.py compare KIND OUT1 OUT2               are two runs' median ratios within each other's min-max?

The measuring method (bench/lib.sh run_rounds): the steps of a script (the tools under comparison)
run alternately, A B C A B C ..., first in a warm-up round r0 that is not counted, then in counted
rounds r1..rN. Every figure is reported as the median and the min-max over the counted rounds;
every ratio is computed round by round (A1/B1, A2/B2, ...) and reported the same way. A verdict is
given on the median only, and is "unclear" when the min-max straddles the target.

Steady-state requests/s: requests started after the first S seconds (ramp and settling) and before
the last T seconds, divided by that window's length; Gatling's from summary.json's timeline,
Locust's from the same kind of timeline that bench/locustfile.py writes (locust_summary.json, with
Locust's final statistics: its CSV is rewritten once a second, and its last version misses the run's
final second).
"""
import argparse
import collections
import csv
import datetime
import glob
import json
import os
import re
import signal
import statistics
import sys
import time
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


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def read_text(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def save_json(path, data):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1)


# ---------------------------------------------------------------- /proc sampler
def proc_stat(pid):
    """(state, utime+stime, cutime+cstime) in clock ticks, or None when the process is gone."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            rest = f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return rest[0], int(rest[11]) + int(rest[12]), int(rest[13]) + int(rest[14])


def proc_rss_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cmdline(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return f.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def children(pid):
    """Children of every thread of PID (a JVM forks from whichever thread asks)."""
    out = []
    for path in glob.glob("/proc/%d/task/*/children" % pid):
        try:
            with open(path) as f:
                out += [int(x) for x in f.read().split()]
        except OSError:
            pass
    return out


def wait_for(fn, alive, timeout):
    end = time.time() + timeout
    while time.time() < end and alive():
        v = fn()
        if v:
            return v
        time.sleep(0.02)
    return None


def sample(root, d, maven):
    """Samples, once a second, the CPU (utime+stime) and RSS of the measured process: the child of
    ROOT (ROOT = /usr/bin/time; the child = the Gatling JVM or Locust), or with --maven the child of
    that child (/usr/bin/time -> Maven's JVM -> the Gatling JVM the plugin forks). With --maven it
    also reads Maven's cutime+cstime until Maven ends: once Maven has reaped the Gatling JVM, that is
    the JVM's exact whole-process CPU (proc-final.json: jvm_cpu_s)."""
    hz = float(os.sysconf("SC_CLK_TCK"))
    alive_root = lambda: proc_stat(root) is not None
    child = wait_for(lambda: (children(root) or [None])[0], alive_root, 30)
    if child is None:
        return
    target, parent, base = child, None, 0
    if maven:
        parent = child
        gatling_child = lambda: next((c for c in children(parent) if "io.gatling.app.Gatling" in cmdline(c)), None)
        target = wait_for(gatling_child, lambda: proc_stat(parent) is not None, 600)
        if target is None:
            return
        base = (proc_stat(parent) or (0, 0, 0))[2]  # the mvnw script's own helpers, before it became Maven
    rows, last_children, last_target = [], None, None
    next_row = 0.0
    while True:
        st = proc_stat(target)
        if st is None:
            break
        last_target = st[1]  # a zombie's stat still holds its whole CPU
        now = time.time()
        if now >= next_row and st[0] != "Z":
            rows.append((int(now * 1000), st[1], proc_rss_kb(target)))
            next_row = now + 1.0
        if parent is not None:
            ps = proc_stat(parent)
            if ps:
                last_children = ps[2]
        time.sleep(0.02)
    if parent is not None:
        # Maven reaps the JVM, then prints its last lines and exits: read its children's CPU until then.
        while True:
            ps = proc_stat(parent)
            if ps is None or ps[0] == "Z":
                break
            last_children = ps[2]
            time.sleep(0.005)
    with open(os.path.join(d, "proc.csv"), "w") as f:
        f.write("epoch_ms,jiffies,rss_kb,hz\n")
        for r in rows:
            f.write("%d,%d,%d,%d\n" % (r[0], r[1], r[2], hz))
    final = {"sampled_pid": target, "last_sampled_cpu_s": round((last_target or 0) / hz, 2)}
    if parent is not None:
        # exact once Maven reaped the JVM; else (Maven ended between two reads) the JVM's last reading
        reaped = (last_children or 0) - base
        final["jvm_cpu_s"] = round(max(reaped, last_target or 0) / hz, 2)
        final["jvm_cpu_from"] = "Maven's cutime" if reaped >= (last_target or 0) else "the JVM's last reading (20 ms polls)"
    save_json(os.path.join(d, "proc-final.json"), final)


# ---------------------------------------------------------------- /usr/bin/time -v
def read_time(path):
    out = {}
    if not os.path.exists(path):
        return out
    txt = read_text(path)
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
    """CPU-ms per request and % of one core of the sampled process over [lo, hi] (epoch s)."""
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
    return {"steady_cpu_ms_per_request": round(cpu * 1000 / (rps * secs), 4),
            "steady_cpu_core_percent": round(100 * cpu / secs, 1),
            "peak_sampled_rss_mb": round(max(r[2] for r in rows) / 1024, 1)}


# ---------------------------------------------------------------- Gatling (summary.json)
def stats(s):
    return {"count": s["count"], "ko": s["ko"], "p50": s.get("p50"), "p75": s.get("p75"), "p90": None,
            "p95": s.get("p95"), "p99": s.get("p99"), "max": s.get("max"), "mean": s.get("mean"),
            "mean_rps": s.get("meanRps")}


def iso_epoch(s):
    return datetime.datetime.strptime(s.replace("Z", "+0000"), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()


def window(tl, skip, tail):
    """(requests/s, window seconds, first second, end second) of a timeline {stepSeconds, points[{second, ok, ko}]}:
    the buckets from SKIP s after the start to TAIL s before the last bucket's end."""
    step = tl.get("stepSeconds") or 1
    pts = tl.get("points") or []
    end = (pts[-1]["second"] + step) if pts else 0
    picked = [p for p in pts if p["second"] >= skip and p["second"] + step <= end - tail]
    secs = len(picked) * step
    if not secs:
        return 0.0, 0, None, None
    return sum(p["ok"] + p["ko"] for p in picked) / secs, secs, picked[0]["second"], picked[-1]["second"] + step


def no_summary(d):
    """What is known of a Gatling run that wrote no summary.json (e.g. its JVM ran out of open files)."""
    why = "no summary.json"
    console = os.path.join(d, "console.log")
    if os.path.exists(console):
        for line in read_text(console).splitlines():
            if line.startswith("Exception in thread") or "Too many open files" in line:
                why = "no summary.json: " + re.sub(r"\s+", " ", line.strip())[:160]
                if line.startswith("Exception in thread"):
                    break
    out = {"tool": "gatling", "no_summary": why, "requests": None}
    out.update(read_time(os.path.join(d, "time.txt")))
    return out


def last_run_summary(d):
    """DIR/gatling/<run>/summary.json of the run named in DIR/gatling/last-run (the run writes it), or
    (None, why not)."""
    record = os.path.join(d, "gatling", "last-run")
    if not os.path.exists(record):
        return None, ("no run recorded in %s: the run was refused or crashed before its report "
                      "(was the JVM given -Dgrafmuvi.results-folder=<the folder of -rf>?)" % record)
    path = os.path.join(d, "gatling", read_text(record).strip(), "summary.json")
    if not os.path.exists(path):
        return None, "%s, named in %s, does not exist" % (path, record)
    return path, None


def gatling(d, skip, tail, allow_missing=False):
    found, why = last_run_summary(d)
    if not found and allow_missing:
        return no_summary(d)
    if not found:
        die("%s (see %s/console.log)" % (why, d))
    j = load_json(found)
    if not str(j.get("schema", "")).startswith("grafmuvi-gatling-summary/"):
        die("%s: unknown schema %r" % (found, j.get("schema")))
    rows = {"all": stats(j["global"])}
    for r in j.get("requests", []):
        rows[r["name"]] = stats(r)
    rate, secs, lo, hi = window(j.get("timeline") or {}, skip, tail)
    rows["all"]["steady_rps"], rows["all"]["steady_window_s"] = round(rate, 2), secs
    out = {"tool": "gatling", "summary": os.path.relpath(found[-1], d), "status": j.get("status"),
           "requests": rows, "duration_s": j.get("durationSeconds")}
    if j.get("steadyState"):
        out["gatling_steady_state"] = j["steadyState"].get("verdict")
    inj = (j.get("sections") or {}).get("injector")
    if inj:
        out["self_check"] = "%s; peak CPU %s %% (machine %s %%), peak GC %s %%, peak heap %s of %s MB" % (
            "healthy" if inj.get("healthy") else "%s warning(s)" % inj.get("warnings"), inj.get("peakInjectorCpuPercent"),
            inj.get("peakMachineCpuPercent"), inj.get("peakGcPercent"), inj.get("peakHeapUsedMb"), inj.get("heapMaxMb"))
        out["self_check_healthy"] = bool(inj.get("healthy"))
    out["errors"] = [(e["message"], e["count"]) for e in (j.get("errors") or [])[:5]]
    timing = read_time(os.path.join(d, "time.txt"))
    if os.path.exists(os.path.join(d, "launched-by-maven")):
        # ./mvnw gatling:test: /usr/bin/time measured Maven and the JVM; the JVM alone from Maven's cutime
        out["launcher"] = "./mvnw gatling:test"
        out["cmd_cpu_s"], out["cmd_wall_s"], out["cmd_rss_mb"] = timing.get("cpu_s"), timing.get("wall_s"), timing.get("rss_mb")
        final = os.path.join(d, "proc-final.json")
        out["cpu_s"] = load_json(final).get("jvm_cpu_s") if os.path.exists(final) else None
    else:
        out["launcher"] = "java io.gatling.app.Gatling"
        out.update(timing)
    if j.get("start") and secs:
        t0 = iso_epoch(j["start"])
        out.update(steady_cost(d, t0 + lo, t0 + hi, rate))
    return out


# ---------------------------------------------------------------- Locust (bench/locustfile.py's summary)
def locust(d, skip, tail):
    path = os.path.join(d, "locust_summary.json")
    if not os.path.exists(path):
        die("no %s: Locust wrote no summary (BENCH_SUMMARY; see %s/console.log)" % (path, d))
    j = load_json(path)
    rows = {NAMES.get(k, k): v for k, v in j["requests"].items()}
    rate, secs, lo, hi = window(j["timeline"], skip, tail)
    rows["all"]["steady_rps"], rows["all"]["steady_window_s"] = round(rate, 2), secs
    out = {"tool": "locust", "requests": rows}
    out.update(read_time(os.path.join(d, "time.txt")))
    if secs:
        out.update(steady_cost(d, j["startEpoch"] + lo, j["startEpoch"] + hi, rate))
    return out


# ---------------------------------------------------------------- wrk (bench/rotate.lua prints WRKJSON)
def wrk(d):
    txt = read_text(os.path.join(d, "console.log"))
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


# ---------------------------------------------------------------- JFR (jfr print output)
def jfr(d):
    top, pkg, threads = collections.Counter(), collections.Counter(), collections.Counter()
    n = 0
    txt = read_text(os.path.join(d, "samples.txt"))
    for ev in txt.split("jdk.ExecutionSample")[1:]:
        m = re.search(r'sampledThread = "([^"]*)"', ev)
        f = re.search(r"stackTrace = \[\s*\n\s*(\S[^\n]*)", ev)
        if not f:
            continue
        n += 1
        frame = re.sub(r"\s+line:.*$", "", f.group(1).strip())
        top[frame] += 1
        pkg[".".join(re.sub(r"\(.*$", "", frame).split(".")[:3])] += 1
        threads[re.sub(r"\d+", "N", m.group(1) if m else "?")] += 1
    load, stamps = collections.Counter(), set()
    for ev in read_text(os.path.join(d, "threadcpu.txt")).split("jdk.ThreadCPULoad")[1:]:
        t = re.search(r'eventThread = "([^"]*)"', ev)
        st = re.search(r"startTime = (\S+)", ev)
        cpu = sum(float(x) for x in re.findall(r"(?:user|system) = ([\d.]+)%", ev))
        if t and st:
            stamps.add(st.group(1))
            load[re.sub(r"\d+", "N", t.group(1))] += cpu
    gcs = [float(x) for x in re.findall(r"sumOfPauses = ([\d.]+) ms", read_text(os.path.join(d, "gc.txt")))]
    jit_s = None
    for v, unit in re.findall(r"totalTimeSpent = ([\d.]+) (ms|s|min)", read_text(os.path.join(d, "jit.txt"))):
        jit_s = float(v) * {"ms": 0.001, "s": 1.0, "min": 60.0}[unit]
    return {"samples": n, "gc_count": len(gcs), "gc_pause_ms": round(sum(gcs), 1), "jit_s": jit_s,
            "thread_cpu_percent": {t: round(v / max(1, len(stamps)), 3) for t, v in load.items()},
            "thread_samples": dict(threads), "package_samples": dict(pkg), "frame_samples": dict(top)}


# ---------------------------------------------------------------- per-second CPU of named processes
def machine_ticks():
    """(busy, total) ticks of the whole machine (/proc/stat: busy = user nice system irq softirq steal)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    return v[0] + v[1] + v[2] + v[5] + v[6] + v[7], sum(v)


def tree_ticks(pid):
    """utime+stime of PID and of its children (as bench/lib.sh proc_jiffies), or None when PID is gone."""
    st = proc_stat(pid)
    if st is None:
        return None
    return st[1] + sum((proc_stat(c) or (0, 0, 0))[1] for c in children(pid))


def cpu_sample(out, named):
    """Once a second until SIGTERM: epoch_ms, the machine's busy and total ticks, each NAME=PID's ticks
    (empty once it is gone). Each row is flushed, so the file holds every second sampled so far."""
    procs = []
    for a in named:
        name, _, pid = a.partition("=")
        if not pid.isdigit() or not re.match(r"^[A-Za-z0-9_-]+$", name):
            die("cpu-sample: %r is not NAME=PID" % a)
        procs.append((name, int(pid)))
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    hz, cores = int(os.sysconf("SC_CLK_TCK")), os.cpu_count()
    with open(out, "w") as f:
        f.write("epoch_ms,machine_busy,machine_total,hz,cores%s\n" % "".join("," + n for n, _ in procs))
        next_at = time.time()
        while True:
            busy, total = machine_ticks()
            ticks = [tree_ticks(p) for _, p in procs]
            f.write("%d,%d,%d,%d,%d%s\n" % (int(time.time() * 1000), busy, total, hz, cores,
                                           "".join("," + ("" if t is None else str(t)) for t in ticks)))
            f.flush()
            if stopping:
                break  # (a last row at the stop)
            next_at += 1.0
            while not stopping and time.time() < next_at:
                time.sleep(min(0.05, max(0.0, next_at - time.time())))


def read_cpu_csv(path):
    """Rows of cpu-sample's CSV as dicts of numbers (None where a process was gone)."""
    rows = []
    if not os.path.exists(path):
        return rows
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            rows.append({k: (float(v) if v not in ("", None) else None) for k, v in r.items()})
    return rows


def at(rows, t, key):
    """KEY linearly interpolated at epoch second t (rows sorted by epoch_ms), or None outside them."""
    pts = [(r["epoch_ms"] / 1000.0, r[key]) for r in rows if r.get(key) is not None]
    for (t0, v0), (t1, v1) in zip(pts, pts[1:]):
        if t0 <= t <= t1:
            return v0 if t1 == t0 else v0 + (v1 - v0) * (t - t0) / (t1 - t0)
    return None


def clamp(rows, key, lo, hi):
    """[lo, hi] cut to the seconds sampled for KEY; None when that leaves under half of it. (A run's last
    level ends with the run: the last sample of a 1 s sampler can be up to a second before that.)"""
    ts = [r["epoch_ms"] / 1000.0 for r in rows if r.get(key) is not None]
    if not ts or hi <= lo:
        return None
    a, b = max(lo, ts[0]), min(hi, ts[-1])
    return (a, b) if b - a >= 0.5 * (hi - lo) else None


def percent_of_machine(rows, key, lo, hi, hz, cores):
    """Mean CPU of KEY's ticks over [lo, hi] (epoch s), in % of the whole machine (all cores = 100)."""
    w = clamp(rows, key, lo, hi)
    if w is None:
        return None
    a, b = at(rows, w[0], key), at(rows, w[1], key)
    return round(100.0 * (b - a) / hz / (w[1] - w[0]) / cores, 1)


def users_run(d):
    """A users-profile run's levels (summary.json levels[]) with, over each level's window: the CPU of each
    process sampled in DIR/target-cpu.csv and of the whole machine (% of the machine), and the Gatling JVM's
    (DIR/proc.csv, % of the machine); the run's answer, where it stopped and the users it kept up with."""
    path = os.path.join(d, "run.json")
    run = load_json(path)
    found, why = last_run_summary(d)
    if not found:
        run["levels"], run["answer"] = [], "no summary.json: " + why
        save_json(path, run)
        return run
    j = load_json(found)
    t0 = iso_epoch(j["start"])
    cpu = read_cpu_csv(os.path.join(d, "target-cpu.csv"))
    names = [k for k in (cpu[0].keys() if cpu else []) if k not in ("epoch_ms", "machine_busy", "machine_total", "hz", "cores")]
    hz, cores = (cpu[0]["hz"], cpu[0]["cores"]) if cpu else (float(os.sysconf("SC_CLK_TCK")), os.cpu_count())
    jvm = []
    if os.path.exists(os.path.join(d, "proc.csv")):
        with open(os.path.join(d, "proc.csv"), newline="") as f:
            jvm = [{"epoch_ms": float(r["epoch_ms"]), "jvm": float(r["jiffies"])} for r in csv.DictReader(f)]
    levels = []
    for lv in j.get("levels") or []:
        lo, hi = t0 + lv["fromSecond"], t0 + lv["toSecond"]
        row = dict(lv)
        row["sampledMachineCpuPercent"] = None
        w = clamp(cpu, "machine_busy", lo, hi) if cpu else None
        if w:
            a = (at(cpu, w[0], "machine_busy"), at(cpu, w[0], "machine_total"))
            b = (at(cpu, w[1], "machine_busy"), at(cpu, w[1], "machine_total"))
            if None not in a + b and b[1] > a[1]:
                row["sampledMachineCpuPercent"] = round(100.0 * (b[0] - a[0]) / (b[1] - a[1]), 1)
        row["targetCpuPercent"] = {n: percent_of_machine(cpu, n, lo, hi, hz, cores) for n in names}
        row["gatlingJvmCpuPercent"] = percent_of_machine(jvm, "jvm", lo, hi, hz, cores) if jvm else None
        levels.append(row)
    kept, stopped, found_limit = 0, None, False
    for lv in levels:
        if lv["outcome"] == "kept up":
            kept = lv["users"]
        else:
            stopped, found_limit = lv, True
            break
    run.update({"levels": levels, "answer": j.get("answer"), "status": j.get("status"),
                "kept_up_users": kept, "limit_found": found_limit,
                "stopped_at": None if stopped is None else {"name": stopped["name"], "users": stopped["users"], "outcome": stopped["outcome"]},
                "target_processes": names, "cores": cores})
    save_json(path, run)
    return run


# ---------------------------------------------------------------- machine accounting of one step
def account(path, l0, l1, busy, srv, hz):
    j = load_json(path)
    hz = float(hz)
    j["load_before"], j["load_after"] = l0, l1
    j["machine_cpu_s"] = round(int(busy) / hz, 1)
    j["server_cpu_s"] = round(int(srv) / hz, 1)
    tool_cpu = j.get("cmd_cpu_s") or j.get("cpu_s") or 0
    j["other_cpu_s"] = round(int(busy) / hz - int(srv) / hz - tool_cpu, 1)
    save_json(path, j)


# ---------------------------------------------------------------- rounds and spreads
class Rounds:
    """The counted rounds of a finished script: OUT/r1..rN/<step>/run.json (r0 is the warm-up)."""

    def __init__(self, out):
        self.out = out
        self.meta = load_json(os.path.join(out, "meta.json"))
        self.rounds = []
        r = 1
        while os.path.isdir(os.path.join(out, "r%d" % r)):
            steps = {}
            for p in sorted(glob.glob(os.path.join(out, "r%d" % r, "*", "run.json"))):
                steps[os.path.basename(os.path.dirname(p))] = load_json(p)
            self.rounds.append(steps)
            r += 1
        if not self.rounds:
            die("no counted round (r1/) under " + out)

    def values(self, fn):
        """fn(round's steps) for every counted round: None where a figure is missing."""
        vals = []
        for steps in self.rounds:
            try:
                v = fn(steps)
            except (KeyError, TypeError, ZeroDivisionError):
                v = None
            vals.append(v)
        return vals

    def loads(self):
        return [float(s["load_before"].split()[0]) for steps in self.rounds for s in steps.values() if s.get("load_before")]


def spread(vals):
    v = [x for x in vals if x is not None]
    if not v:
        return None
    return {"median": statistics.median(v), "min": min(v), "max": max(v), "n": len(v), "rounds": vals}


def fnum(v, nd=1):
    if v is None:
        return "n/a"
    if nd == 0:
        return "{:,.0f}".format(v)
    return ("{:,.%df}" % nd).format(v)


def fs(vals, nd=1, unit=""):
    """'median (min–max)' of a list of per-round values."""
    s = spread(vals)
    if s is None:
        return "n/a"
    if s["min"] == s["max"]:
        return "%s%s (all %d)" % (fnum(s["median"], nd), unit, s["n"])
    return "%s%s (%s–%s)" % (fnum(s["median"], nd), unit, fnum(s["min"], nd), fnum(s["max"], nd))


def fr(vals, nd=1, unit=""):
    """The per-round values, in round order."""
    return ", ".join(fnum(v, nd) + unit if v is not None else "n/a" for v in vals)


def verdict(vals, target, at_least):
    """hit/missed on the median; unclear when the rounds' min-max has values on both sides of the target."""
    s = spread(vals)
    if s is None:
        return "no data"
    ok = (lambda x: x >= target) if at_least else (lambda x: x <= target)
    base = "hit" if ok(s["median"]) else "missed"
    if ok(s["min"]) != ok(s["max"]):
        return "unclear (median %s)" % ("hits" if base == "hit" else "misses")
    return base


def header(ro, title):
    m = ro.meta
    loads = ro.loads()
    print("%s; %d counted round(s) after %d warm-up round, steps alternating %s; %s" % (
        title, len(ro.rounds), m.get("warmup_rounds", 1), " → ".join(m.get("steps", [])), m.get("pinning", "")))
    print("Run %s → %s; load average at the start %s (1, 5, 15 min); 1-min load average at each counted step: %s" % (
        m.get("started", "?"), m.get("ended", "?"), m.get("load_start", "?"), fs(loads, 2) if loads else "n/a"))
    print()


def ratio_row(label, vals, target, at_least, unit, nd, scale=1.0, target_text=None):
    v = [x * scale if x is not None else None for x in vals]
    tt = target_text or ("%s %s%s" % ("≥" if at_least else "≤", fnum(target * scale, nd).rstrip("0").rstrip(".") if nd else fnum(target * scale, 0), unit))
    print("| %s | %s | %s | %s | %s |" % (label, fr(v, nd, unit), fs(v, nd, unit), tt, verdict(v, target * scale, at_least)))
    return {"label": label, "rounds": v, "median": (spread(v) or {}).get("median"), "min": (spread(v) or {}).get("min"),
            "max": (spread(v) or {}).get("max"), "target": target * scale, "at_least": at_least,
            "verdict": verdict(v, target * scale, at_least)}


def ratio_head():
    print("| ratio / figure | per round (r1, r2, …) | median (min–max) | target | verdict |")
    print("|---|---|---|---|---|")


def step_rps(s):
    """A step's requests/s: wrk's whole run, Gatling's and Locust's steady window."""
    return s["rps"] if s["tool"] == "wrk" else s["requests"]["all"]["steady_rps"]


def step_ko(s):
    return s["non2xx"] + s.get("socket_errors", 0) if s["tool"] == "wrk" else s["requests"]["all"]["ko"]


def step_ms(s, p):
    """A step's p50 or p99 in ms."""
    return s["%s_ms" % p] if s["tool"] == "wrk" else s["requests"]["all"][p]


def steady_rps(st, tool):
    return st[tool]["requests"]["all"]["steady_rps"]


def rate_gap_percent(st):
    """How far apart Locust's and Gatling's steady rates are, in % of the larger."""
    a, b = steady_rps(st, "locust"), steady_rps(st, "gatling")
    return 100 * abs(a - b) / max(a, b)


def cpu_ms(step, key="cpu_s"):
    n = step["requests"]["all"]["count"] if "requests" in step else step["requests_n"]
    return step[key] * 1000.0 / n if step.get(key) is not None and n else None


# ---------------------------------------------------------------- capacity
def report_capacity(ro):
    m = ro.meta
    header(ro, "Capacity: no think time, %s connections/users; per round %s" % (m["connections"], m["seconds"]))
    tools = [("wrk-api", "wrk → API"), ("gatling-api", "Gatling → API"), ("locust-api", "Locust → API"), ("wrk-nginx", "wrk → nginx")]

    def cpu_per_req(s):
        if s["tool"] == "wrk":
            return s["cpu_s"] * 1000.0 / s["requests"] if s.get("cpu_s") is not None else None
        if s.get("steady_cpu_ms_per_request") is not None:
            return s["steady_cpu_ms_per_request"]
        return cpu_ms(s)

    print("| tool → target | requests/s | KO / non-2xx (all rounds) | p50 ms | p99 ms | load tool CPU-ms per request | server CPU-s per step | rounds |")
    print("|---|---|---|---|---|---|---|---|")
    agg = {}
    for key, label in tools:
        r = ro.values(lambda st: step_rps(st[key]))
        agg[key] = r
        kos = [x for x in ro.values(lambda st: step_ko(st[key])) if x is not None]
        print("| %s | %s | %d | %s | %s | %s | %s | %d |" % (
            label, fs(r, 0), sum(kos), fs(ro.values(lambda st: step_ms(st[key], "p50")), 1),
            fs(ro.values(lambda st: step_ms(st[key], "p99")), 1), fs(ro.values(lambda st: cpu_per_req(st[key])), 3),
            fs(ro.values(lambda st: st[key].get("server_cpu_s")), 1), len([x for x in r if x is not None])))
    print()
    print("Load tool CPU-ms per request: wrk's whole process; Gatling's JVM and Locust's process over their steady "
          "window (/proc samples). Gatling's and Locust's requests/s are their steady windows; wrk's its whole run.")
    print()
    ratio_head()
    res = [
        ratio_row("Gatling → API / wrk → API", ro.values(lambda st: step_rps(st["gatling-api"]) / step_rps(st["wrk-api"])), 0.5, True, " %", 1, 100),
        ratio_row("Gatling → API / Locust → API", ro.values(lambda st: step_rps(st["gatling-api"]) / step_rps(st["locust-api"])), 10, True, "×", 1),
        ratio_row("wrk → API / wrk → nginx", ro.values(lambda st: step_rps(st["wrk-api"]) / step_rps(st["wrk-nginx"])), 0.5, True, " %", 1, 100),
    ]
    return {"ratios": res, "figures": {k: spread(v) for k, v in agg.items()}}


# ---------------------------------------------------------------- fidelity
def report_fidelity(ro):
    m = ro.meta
    limit = m["closed_loop_limit_rps"]
    header(ro, "Fidelity: %d users arriving over %s s, pauses %s, %s s per run, steady window from %s s to %s s before the end" % (
        m["users"], m["ramp_s"], m["pauses"], m["duration_s"], m["skip_s"], m["tail_s"]))
    print("| request | Locust share % | Gatling share % | Locust p50 / p95 / p99 ms | Gatling p50 / p95 / p99 ms | Locust KO | Gatling KO |")
    print("|---|---|---|---|---|---|---|")
    share = lambda st, tool, name: 100.0 * st[tool]["requests"][name]["count"] / st[tool]["requests"]["all"]["count"]
    for name in ORDER + ["all"]:
        cells = []
        for tool in ("locust", "gatling"):
            cells.append(fs(ro.values(lambda st: share(st, tool, name)), 1))
        pcts = []
        for tool in ("locust", "gatling"):
            pcts.append(" / ".join(fnum((spread(ro.values(lambda st: st[tool]["requests"][name][p])) or {}).get("median"), 0)
                                   for p in ("p50", "p95", "p99")))
        kos = [sum(x for x in ro.values(lambda st: st[tool]["requests"][name]["ko"]) if x is not None) for tool in ("locust", "gatling")]
        print("| %s | %s | %s | %s | %s | %d | %d |" % (name, cells[0], cells[1], pcts[0], pcts[1], kos[0], kos[1]))
    print()
    print("Shares: median (min–max) over the rounds; percentiles: medians over the rounds (whole runs); KO: all rounds.")
    print()
    gap = lambda st, tool: max(abs(share(st, tool, n) - 100.0 / 3) for n in ORDER)
    ratio_head()
    res = [
        ratio_row("Locust: largest share gap to 33.3 % (points)", ro.values(lambda st: gap(st, "locust")), 1, False, "", 2),
        ratio_row("Gatling: largest share gap to 33.3 % (points)", ro.values(lambda st: gap(st, "gatling")), 1, False, "", 2),
        ratio_row("steady requests/s, Locust", ro.values(lambda st: steady_rps(st, "locust")), limit * 0.98, True, "", 1,
                  target_text="≥ %.1f (limit − 2 %%)" % (limit * 0.98)),
        ratio_row("steady requests/s, Gatling", ro.values(lambda st: steady_rps(st, "gatling")), limit * 0.98, True, "", 1,
                  target_text="≥ %.1f (limit − 2 %%)" % (limit * 0.98)),
        ratio_row("Locust vs Gatling steady rate, gap % of the larger", ro.values(rate_gap_percent), 2, False, " %", 2),
        ratio_row("Locust vs the closed-loop limit %.1f/s, gap %%" % limit,
                  ro.values(lambda st: 100 * abs(steady_rps(st, "locust") - limit) / limit), 2, False, " %", 2),
        ratio_row("Gatling vs the closed-loop limit %.1f/s, gap %%" % limit,
                  ro.values(lambda st: 100 * abs(steady_rps(st, "gatling") - limit) / limit), 2, False, " %", 2),
    ]
    print()
    print("Injector cost, CPU per request (/usr/bin/time -v for whole processes; /proc samples for the steady window):")
    print()
    print("| measured process | requests | CPU-s, whole process | CPU-ms per request, whole process | CPU-ms per request, steady window "
          "| % of one core, steady window | peak RSS MB | wall s | rounds |")
    print("|---|---|---|---|---|---|---|---|---|")
    rows = [
        ("Locust (`locust ...`: the one process is also the command)", "locust", "cpu_s", "rss_mb", "wall_s", True),
        ("Gatling JVM alone (forked by the plugin)", "gatling", "cpu_s", None, None, True),
        ("`./mvnw gatling:test` (Maven + Gatling JVM)", "gatling", "cmd_cpu_s", "cmd_rss_mb", "cmd_wall_s", False),
    ]
    for label, tool, key, rss, wall, steady in rows:
        print("| %s | %s | %s | %s | %s | %s | %s | %s | %d |" % (
            label, fs(ro.values(lambda st: st[tool]["requests"]["all"]["count"]), 0), fs(ro.values(lambda st: st[tool][key]), 1),
            fs(ro.values(lambda st: cpu_ms(st[tool], key)), 3),
            fs(ro.values(lambda st: st[tool]["steady_cpu_ms_per_request"]), 3) if steady else "—",
            fs(ro.values(lambda st: st[tool]["steady_cpu_core_percent"]), 1) if steady else "—",
            fs(ro.values(lambda st: st[tool].get("peak_sampled_rss_mb") if rss is None else st[tool][rss]), 0),
            fs(ro.values(lambda st: st[tool]["wall_s"] if wall is None else st[tool][wall]), 1) if (wall or tool == "locust") else "—",
            len([x for x in ro.values(lambda st: st[tool][key]) if x is not None])))
    print()
    ratio_head()
    res += [
        ratio_row("Gatling JVM / Locust, CPU per request, whole process",
                  ro.values(lambda st: cpu_ms(st["gatling"]) / cpu_ms(st["locust"])), 0.2, False, "×", 2),
        ratio_row("`./mvnw gatling:test` / Locust, CPU per request, whole command",
                  ro.values(lambda st: cpu_ms(st["gatling"], "cmd_cpu_s") / cpu_ms(st["locust"])), 0.2, False, "×", 2),
        ratio_row("Gatling JVM / Locust, CPU per request, steady window",
                  ro.values(lambda st: st["gatling"]["steady_cpu_ms_per_request"] / st["locust"]["steady_cpu_ms_per_request"]), 0.2, False, "×", 2),
    ]
    checks = ro.values(lambda st: st["gatling"].get("self_check_healthy"))
    print()
    print("- Gatling's injector self-check: healthy in %d of %d rounds; e.g. r1: %s" % (
        sum(1 for c in checks if c), len(checks), ro.rounds[0]["gatling"].get("self_check", "n/a")))
    return {"ratios": res}


# ---------------------------------------------------------------- noise
def report_noise(ro):
    m = ro.meta
    header(ro, "Noise: %s users for Gatling and Locust (%s), wrk %s connections without pauses; per round %s" % (
        m["users"], m["pauses"], m["wrk_connections"], m["seconds"]))
    print("| target (known latency) | injector | requests/s | p50 ms | p99 ms | p50 − known ms | p99 − known ms "
          "| p50 − wrk's ms | p99 − wrk's ms | KO (all rounds) | rounds |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")

    res = []
    for target, label in (("nginx", "nginx static (sub-ms)"), ("api", "API +%d ms" % m["delay_ms"])):
        known = 0 if target == "nginx" else m["delay_ms"]
        for tool in ("wrk", "gatling", "locust"):
            k = "%s-%s" % (tool, target)
            w = "wrk-%s" % target
            print("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %d |" % (
                label, tool, fs(ro.values(lambda st: step_rps(st[k])), 0), fs(ro.values(lambda st: step_ms(st[k], "p50")), 1),
                fs(ro.values(lambda st: step_ms(st[k], "p99")), 1), fs(ro.values(lambda st: step_ms(st[k], "p50") - known), 1),
                fs(ro.values(lambda st: step_ms(st[k], "p99") - known), 1),
                fs(ro.values(lambda st: step_ms(st[k], "p50") - step_ms(st[w], "p50")), 1) if tool != "wrk" else "—",
                fs(ro.values(lambda st: step_ms(st[k], "p99") - step_ms(st[w], "p99")), 1) if tool != "wrk" else "—",
                sum(x for x in ro.values(lambda st: step_ko(st[k])) if x is not None), len([x for x in ro.values(lambda st: step_rps(st[k])) if x is not None])))
    print()
    print("Gatling and Locust report whole milliseconds over their whole run (JVM warm-up included); wrk microseconds. "
          "Requests/s: Gatling's and Locust's steady windows, wrk's whole run.")
    print()
    ratio_head()
    for target, label in (("nginx", "nginx static"), ("api", "API +%d ms" % m["delay_ms"])):
        known = 0 if target == "nginx" else m["delay_ms"]
        k = "gatling-%s" % target
        res.append(ratio_row("%s: Gatling's p50 − known latency (ms)" % label, ro.values(lambda st: step_ms(st[k], "p50") - known), 1, False, " ms", 1))
        res.append(ratio_row("%s: Gatling's p99 − known latency (ms)" % label, ro.values(lambda st: step_ms(st[k], "p99") - known), 2, False, " ms", 1))
    return {"ratios": res}


# ---------------------------------------------------------------- profile
def report_profile(ro):
    m = ro.meta
    header(ro, "Profile: GrafMuviSimulation, %d users over %s s, pauses %s, %s s per run, with a JDK Flight Recording "
           "(settings=profile); default JIT vs -XX:TieredStopAtLevel=1 (C1 only)" % (m["users"], m["ramp_s"], m["pauses"], m["duration_s"]))
    a, b = "default", "c1only"
    print("| figure | default flags | `-XX:TieredStopAtLevel=1` | C1 only / default, per round | C1 only / default, median (min–max) |")
    print("|---|---|---|---|---|")
    figs = [
        ("requests", lambda s: s["requests"]["all"]["count"], 0),
        ("steady requests/s", lambda s: s["requests"]["all"]["steady_rps"], 1),
        ("p50 / p99 ms (medians)", None, 0),
        ("CPU-s, whole process", lambda s: s["cpu_s"], 1),
        ("CPU-ms per request, whole process", lambda s: cpu_ms(s), 3),
        ("CPU-ms per request, steady window", lambda s: s["steady_cpu_ms_per_request"], 3),
        ("JIT compile time s (jdk.CompilerStatistics)", lambda s: s["jfr"]["jit_s"], 2),
        ("GC collections / pauses ms", None, 0),
        ("peak RSS MB", lambda s: s["rss_mb"], 0),
    ]
    res = []
    for label, fn, nd in figs:
        if label.startswith("p50"):
            med = lambda k, p: fnum((spread(ro.values(lambda st: st[k]["requests"]["all"][p])) or {}).get("median"), 0)
            print("| %s | %s / %s | %s / %s | | |" % (label, med(a, "p50"), med(a, "p99"), med(b, "p50"), med(b, "p99")))
            continue
        if label.startswith("GC"):
            c = lambda k, x: fnum((spread(ro.values(lambda st: st[k]["jfr"][x])) or {}).get("median"), 0)
            print("| %s | %s / %s | %s / %s | | |" % (label, c(a, "gc_count"), c(a, "gc_pause_ms"), c(b, "gc_count"), c(b, "gc_pause_ms")))
            continue
        ratio = ro.values(lambda st: fn(st[b]) / fn(st[a]))
        res.append({"label": label, "rounds": ratio, "median": (spread(ratio) or {}).get("median")})
        print("| %s | %s | %s | %s | %s |" % (label, fs(ro.values(lambda st: fn(st[a])), nd), fs(ro.values(lambda st: fn(st[b])), nd),
                                            fr(ratio, 2, "×"), fs(ratio, 2, "×")))
    print()
    print("Where the default JVM's CPU goes (jdk.ThreadCPULoad, digits in thread names as N; % of the CPUs the JVM "
          "sees: one core, pinned; summed over such threads per sample; median (min–max) over the rounds):")
    print()
    print("| Java thread | mean CPU % |")
    print("|---|---|")
    names = {}
    for steps in ro.rounds:
        for t, v in steps[a]["jfr"]["thread_cpu_percent"].items():
            names[t] = names.get(t, 0) + v
    for t, _ in sorted(names.items(), key=lambda kv: -kv[1])[:8]:
        print("| %s | %s |" % (t, fs(ro.values(lambda st: st[a]["jfr"]["thread_cpu_percent"].get(t, 0.0)), 2)))
    for title, key, k in (("package (top frame)", "package_samples", 10), ("hottest top frames", "frame_samples", 10)):
        pooled, total = {}, 0
        for steps in ro.rounds:
            for x, c in steps[a]["jfr"][key].items():
                pooled[x] = pooled.get(x, 0) + c
                total += c
        print()
        print("| %s, execution samples pooled over the %d rounds (%d samples) | share |" % (title, len(ro.rounds), total))
        print("|---|---|")
        for x, c in sorted(pooled.items(), key=lambda kv: -kv[1])[:k]:
            print("| %s | %.1f %% |" % (("`%s`" % x[:110]) if key == "frame_samples" else x, 100.0 * c / max(1, total)))
    return {"ratios": res}


# ---------------------------------------------------------------- scale (single runs per level)
def report_scale(out):
    j = load_json(os.path.join(out, "meta.json"))
    print("Scale: seed users (pauses %s), ramp %s s, duration %s s, steady window after %s s; %s" % (
        j["pauses"], j["ramp_s"], j["duration_s"], j["skip_s"], j.get("pinning", "")))
    print("Run %s → %s; load average at the start %s. **One run per level** (a level takes ~%d s; the alternating "
          "rounds of the other scripts would make this script take hours): no spread; the load average of each "
          "level is in its row." % (j.get("started", "?"), j.get("ended", "?"), j.get("load_start", "?"), int(j["duration_s"]) + 15))
    print()
    print("| users | expected/s | steady/s | requests | KO | p50 ms | p99 ms | self-check | Gatling CPU-s | Gatling RSS MB "
          "| API CPU-s | load avg (1 min) | rounds | verdict |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    best = 0
    levels = []
    for p in sorted(glob.glob(os.path.join(out, "users-*", "run.json")), key=lambda p: int(p.split("users-")[1].split("/")[0])):
        g = load_json(p)
        users = int(p.split("users-")[1].split("/")[0])
        if g.get("no_summary"):
            print("| %s | %s | n/a | n/a | n/a | n/a | n/a | %s | %s | %s | %s | %s | 1 | NOT held |" % (
                fnum(users, 0), fnum(users / j["mean_pause_s"], 0), g["no_summary"].replace("|", "/"), fnum(g.get("cpu_s"), 1),
                fnum(g.get("rss_mb"), 0), fnum(g.get("server_cpu_s"), 1), (g.get("load_before") or "?").split()[0]))
            levels.append({"users": users, "held": False})
            continue
        a = g["requests"]["all"]
        ok = a["ko"] == 0 and g.get("self_check_healthy") and a["count"] > 0
        if ok:
            best = max(best, users)
        sc = g.get("self_check", "n/a")
        print("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | 1 | %s |" % (
            fnum(users, 0), fnum(users / j["mean_pause_s"], 0), fnum(a.get("steady_rps"), 0), fnum(a["count"], 0), fnum(a["ko"], 0),
            fnum(a["p50"], 0), fnum(a["p99"], 0), sc, fnum(g.get("cpu_s"), 1), fnum(g.get("rss_mb"), 0),
            fnum(g.get("server_cpu_s"), 1), (g.get("load_before") or "?").split()[0], "held" if ok else "NOT held"))
        levels.append({"users": users, "held": bool(ok)})
    print()
    print("- most users held with KO 0 and a healthy self-check: %s (target 100,000): %s" % (
        fnum(best, 0), "hit" if best >= 100000 else "missed"))
    return {"levels": levels, "best": best}


# ---------------------------------------------------------------- upstream (the seed's study against the real GrafMuvi)
def report_upstream(ro):
    m = ro.meta
    header(ro, "Upstream GrafMuvi (%s): the seed's workload, %d users arriving over %s s, pauses %s, %s s per run "
           "(the seed: 30 min), steady window from %s s" % (m.get("target", "?"), m["users"], m["ramp_s"], m["pauses"],
                                                             m["duration_s"], m["skip_s"]))
    print("The seed's own run (Locust 0.x, 1000 users hatched at 10/s, 5-9 s pauses, 30 min, upstream in a "
          "VirtualBox VM over Wi-Fi, Neo4j hosted; its table has no p95/p99):")
    print()
    print("| endpoint | requests | failures | median ms | p90 ms | avg ms | max ms | requests/s |")
    print("|---|---|---|---|---|---|---|---|")
    for row in SEED_TABLE:
        print("| %s |" % " | ".join(row))
    print()
    print("This run, %s:" % m.get("differences", ""))
    print()
    print("| endpoint | tool | requests | failures | median ms | p90 ms | p95 ms | p99 ms | max ms | requests/s (whole run) | rounds |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    label = {"status": "/status", "similar by id": "/api/id/tt0068646", "similar by title": "/api/title/The%20godfather/1972", "all": "aggregated"}
    for name in ["similar by id", "similar by title", "status", "all"]:
        for tool in ("locust", "gatling"):
            g = lambda p: ro.values(lambda st: st[tool]["requests"][name][p])
            print("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d |" % (
                label[name], "Locust (SeedUser)" if tool == "locust" else "Gatling", fs(g("count"), 0), fs(g("ko"), 0),
                fs(g("p50"), 0), fs(g("p90"), 0) if tool == "locust" else "—", fs(g("p95"), 0), fs(g("p99"), 0), fs(g("max"), 0),
                fs(g("mean_rps"), 1), len([x for x in g("count") if x is not None])))
    print()
    print("Medians (min–max) over the rounds, each figure of each run taken whole (ramp included), as the seed's table "
          "does. Gatling's summary has no p90 (its percentiles are 50/75/95/99).")
    print()
    limit = m["closed_loop_limit_rps"]
    ratio_head()
    fails = lambda st, tool: 100.0 * st[tool]["requests"]["all"]["ko"] / st[tool]["requests"]["all"]["count"]
    res = [
        ratio_row("steady requests/s, Locust (upstream kept up: within 2 %% of %.1f)" % limit,
                  ro.values(lambda st: steady_rps(st, "locust")), limit * 0.98, True, "", 1, target_text="≥ %.1f" % (limit * 0.98)),
        ratio_row("steady requests/s, Gatling (upstream kept up: within 2 %% of %.1f)" % limit,
                  ro.values(lambda st: steady_rps(st, "gatling")), limit * 0.98, True, "", 1, target_text="≥ %.1f" % (limit * 0.98)),
        ratio_row("Locust vs Gatling steady rate, gap % of the larger", ro.values(rate_gap_percent), 2, False, " %", 2),
        ratio_row("Locust failures %", ro.values(lambda st: fails(st, "locust")), 1, False, " %", 2),
        ratio_row("Gatling failures %", ro.values(lambda st: fails(st, "gatling")), 1, False, " %", 2),
    ]
    return {"ratios": res}


# ---------------------------------------------------------------- live (the recorder's and the page's cost)
def per_1000(step, key="cpu_s"):
    """CPU-seconds per 1000 requests of a Gatling step: its whole process (key), or its steady window."""
    if key == "steady":
        v = step.get("steady_cpu_ms_per_request")
        return v if v is not None else None  # CPU-ms per request = CPU-s per 1000 requests
    return cpu_ms(step, key)


def report_live(ro):
    m = ro.meta
    header(ro, "Live: GrafMuviSimulation at the seed's workload, %d users over %s s, pauses %s, %s s per run, steady window "
           "from %s s to %s s before the end; base = %s (before the recorder), recorder = HEAD with grafmuvi.live.enabled=false, "
           "page = HEAD with the page on and a poller (/live.json every second, /metrics every 5 s)" % (
               m["users"], m["ramp_s"], m["pauses"], m["duration_s"], m["skip_s"], m["tail_s"], m["base_commit"]))
    steps = [("base", "base (%s)" % m["base_commit"]), ("recorder", "recorder, no page"), ("page", "recorder + page, polled")]
    print("| figure | %s |" % " | ".join(label for _, label in steps))
    print("|---|---|---|---|")
    figs = [
        ("requests (whole run)", lambda s: s["requests"]["all"]["count"], 0),
        ("steady requests/s", lambda s: s["requests"]["all"]["steady_rps"], 1),
        ("KO", lambda s: s["requests"]["all"]["ko"], 0),
        ("Gatling JVM CPU-s, whole process", lambda s: s["cpu_s"], 1),
        ("**CPU-s per 1000 requests, whole process**", lambda s: per_1000(s), 3),
        ("**CPU-s per 1000 requests, steady window**", lambda s: per_1000(s, "steady"), 3),
        ("% of one core, steady window", lambda s: s["steady_cpu_core_percent"], 1),
        ("p50 ms (whole run)", lambda s: s["requests"]["all"]["p50"], 0),
        ("**p95 ms** (whole run)", lambda s: s["requests"]["all"]["p95"], 0),
        ("**p99 ms** (whole run)", lambda s: s["requests"]["all"]["p99"], 0),
        ("max ms", lambda s: s["requests"]["all"]["max"], 0),
        ("peak RSS MB", lambda s: s["rss_mb"], 0),
        ("wall s", lambda s: s["wall_s"], 1),
    ]
    for label, fn, nd in figs:
        print("| %s | %s |" % (label, " | ".join(fs(ro.values(lambda st: fn(st[k])), nd) for k, _ in steps)))
    poll = lambda st, kind, f: st["page"]["poller"][kind][f]
    print()
    print("The poller (page variant; per run, median (min–max)): /live.json answered %s times (%s failed before the end), "
          "mean %s ms, largest %s ms, %s bytes in all; /metrics %s times (%s failed), mean %s ms; the page's files %s; "
          "the poller's own CPU %s s (on the server's core)." % (
              fs(ro.values(lambda st: poll(st, "live.json", "ok")), 0), fs(ro.values(lambda st: poll(st, "live.json", "failed")), 0),
              fs(ro.values(lambda st: poll(st, "live.json", "mean_ms")), 1), fs(ro.values(lambda st: poll(st, "live.json", "max_ms")), 0),
              fs(ro.values(lambda st: poll(st, "live.json", "bytes")), 0), fs(ro.values(lambda st: poll(st, "metrics", "ok")), 0),
              fs(ro.values(lambda st: poll(st, "metrics", "failed")), 0), fs(ro.values(lambda st: poll(st, "metrics", "mean_ms")), 1),
              fs(ro.values(lambda st: poll(st, "page", "ok")), 0), fs(ro.values(lambda st: st["page"]["poller"]["poller_cpu_s"]), 2)))
    print()
    print("CPU: /usr/bin/time -v of the Gatling JVM (whole process, start-up and report included) and /proc samples of it over "
          "the steady window (CPU-ms per request = CPU-s per 1000 requests). Percentiles: summary.json, whole milliseconds over "
          "the whole run (Gatling's resolution: at a p99 of a few ms, one millisecond is 15-30 %, so a 5 % bound on p99 can only "
          "be met by equal whole milliseconds).")
    print()
    ratio_head()
    res = []
    for num, label in (("page", "page / base"), ("recorder", "recorder / base"), ("page", "page / recorder")):
        den = "base" if "base" in label else "recorder"
        for fig, fn in (("CPU per request, whole process", lambda s: per_1000(s)),
                        ("CPU per request, steady window", lambda s: per_1000(s, "steady")),
                        ("p99", lambda s: s["requests"]["all"]["p99"]),
                        ("p95", lambda s: s["requests"]["all"]["p95"])):
            vals = ro.values(lambda st: fn(st[num]) / fn(st[den]))
            res.append(ratio_row("%s, %s" % (label, fig), vals, 1.05, False, "×", 3))
    print()
    print("Within 5 %: a ratio ≤ 1.05× on the median, \"unclear\" when its min–max straddles 1.05×. Ratios below 1 mean "
          "the later version used less; they are the machine's noise unless they hold in every round.")
    return {"ratios": res}


# ---------------------------------------------------------------- users (how many seed users a target serves)
def report_users(ro):
    m = ro.meta
    header(ro, "Users: the users profile against %s, %s, levels of %s s ramp + %s s held, pauses %s; one users run per round "
           "(%s)" % (m["target"], m["levels_text"], m["ramp_s"], m["level_duration_s"], m["pauses"], m["launcher"]))
    runs = [st["users"] for st in ro.rounds]
    names = []
    for r in runs:
        for n in r.get("target_processes") or []:
            if n not in names:
                names.append(n)
    embedded = m.get("target_kind") == "embedded"
    by_level = collections.OrderedDict()
    for r in runs:
        for lv in r.get("levels") or []:
            by_level.setdefault(lv["users"], {"name": lv["name"], "limit": lv["limit"]})
    cols = ["level", "users", "limit req/s", "rounds reached", "requests/s", "% of limit", "p95 ms", "p99 ms", "KO %",
            "injector CPU % (mean)", "injector CPU % (peak)"]
    if embedded:
        cols += ["target CPU % (machine − injector)", "of which outside the Gatling JVM"]
    else:
        cols += ["target CPU %% (%s)" % " + ".join(names) if names else "target CPU %"]
        cols += ["%s %%" % n for n in names]
    cols += ["machine CPU %", "outcomes"]
    print("| %s |" % " | ".join(cols))
    print("|%s" % ("---|" * len(cols)))
    level_rows = []
    for users, info in by_level.items():
        per = []
        for r in runs:
            lv = next((x for x in r.get("levels") or [] if x["users"] == users), None)
            per.append(lv)
        got = [x for x in per if x is not None]
        def v(fn):
            out = []
            for x in per:
                try:
                    out.append(fn(x) if x is not None else None)
                except (KeyError, TypeError, ZeroDivisionError):
                    out.append(None)
            return out
        pct = lambda x: 100.0 * x["requestsPerSecond"] / x["limit"] if x["limit"] else None
        outcomes = collections.Counter(x["outcome"] for x in got)
        cells = [info["name"].split(":")[0], fnum(users, 0), fnum(info["limit"], 1), "%d of %d" % (len(got), len(runs)),
                 fs(v(lambda x: x["requestsPerSecond"]), 1), fs(v(pct), 1), fs(v(lambda x: x["p95"]), 0),
                 fs(v(lambda x: x["p99"]), 0), fs(v(lambda x: x["koPercent"]), 2),
                 fs(v(lambda x: x["meanInjectorCpuPercent"]), 1), fs(v(lambda x: x["peakInjectorCpuPercent"]), 1)]
        if embedded:
            cells.append(fs(v(lambda x: x["meanMachineCpuPercent"] - x["meanInjectorCpuPercent"]), 1))
            cells.append(fs(v(lambda x: x["sampledMachineCpuPercent"] - x["gatlingJvmCpuPercent"]), 1))
        else:
            cells.append(fs(v(lambda x: sum(x["targetCpuPercent"][n] for n in names)), 1))
            cells += [fs(v(lambda x, n=n: x["targetCpuPercent"][n]), 1) for n in names]
        cells.append(fs(v(lambda x: x["meanMachineCpuPercent"]), 1))
        cells.append(", ".join("%s ×%d" % (o, c) for o, c in outcomes.most_common()))
        print("| %s |" % " | ".join(cells))
        level_rows.append({"users": users, "rounds": len(got), "outcomes": dict(outcomes)})
    print()
    print("Per level: median (min–max) over the counted rounds that reached it (a run stops after its first level that did "
          "not keep up). Requests/s, p95, p99, KO %% and outcome: the level's steady window as summary.json judges it (after "
          "its ramp plus the longest pause). CPU in %% of the whole machine (%s cores = 100 %%), means over that window. "
          "Injector and machine CPU: the run's own monitor (summary.json). %s" % (
              fnum(runs[0].get("cores"), 0) if runs else "?",
              "Target CPU for the embedded API: the machine's CPU less the injector's (the API runs in the Gatling JVM; the "
              "injector's figure excludes the API's threads), so it also holds whatever else ran on the machine; the next "
              "column is that part (the machine, sampled by bench.py cpu-sample, less the whole Gatling JVM, /proc samples)."
              if embedded else
              "Target CPU: the target's processes sampled once a second from /proc (bench.py cpu-sample, utime+stime) over "
              "the same window; a single-threaded Node.js event loop at full speed is 50 % of a 2-core machine."))
    print()
    print("| round | 1-min load before the run (s waited for it) | levels run | stopped at | kept up with | answer | wall s |")
    print("|---|---|---|---|---|---|---|")
    kept = []
    for i, r in enumerate(runs, 1):
        st = r.get("stopped_at")
        kept.append(r.get("kept_up_users"))
        w = r.get("load_wait") or {}
        print("| r%d | %s (%s) | %d | %s | %s | %s | %s |" % (
            i, (w.get("load_after_wait") or r.get("load_before") or "?").split()[0], fnum(w.get("waited_s"), 0) if w else "no wait",
            len(r.get("levels") or []), "%s (%s)" % (st["name"], st["outcome"]) if st else "none: every level kept up",
            fnum(r.get("kept_up_users"), 0), (r.get("answer") or "n/a").replace("|", "/"), fnum(r.get("cmd_wall_s") or r.get("wall_s"), 0)))
    print()
    sp = spread(kept)
    not_found = sum(1 for r in runs if not r.get("limit_found"))
    print("- users kept up with: **%s** over %d counted rounds%s" % (
        fs(kept, 0), len(runs), "" if not not_found else "; in %d of them every level kept up: the limit is above the top "
        "level (%s users), not found" % (not_found, fnum(max(by_level) if by_level else None, 0))))
    first_miss = collections.Counter(r["stopped_at"]["outcome"] for r in runs if r.get("stopped_at"))
    if first_miss:
        print("- the first level that did not keep up was: %s" % ", ".join("%s ×%d" % (o, c) for o, c in first_miss.most_common()))
    return {"kept_up_users": sp, "levels": level_rows, "first_miss": dict(first_miss), "limit_not_found_rounds": not_found}


# The seed's measured run (/work/shared/grafmuvi-api.md, "The seed's measured run").
SEED_TABLE = [
    ("/api/id/tt0068646", "67,910", "495", "1600", "2500", "2042", "24,910", ""),
    ("/api/title/The%20godfather/1972", "68,146", "443", "1600", "2500", "2031", "24,897", ""),
    ("/status", "68,346", "14", "1000", "1000", "1020", "3,352", ""),
    ("aggregated", "204,402", "952 (0.47 %)", "1400", "2200", "1696", "24,910", "107.2"),
]

REPORTS = {"capacity": report_capacity, "fidelity": report_fidelity, "noise": report_noise, "profile": report_profile,
           "upstream": report_upstream, "live": report_live, "users": report_users}


def report(kind, out):
    if kind == "scale":
        res = report_scale(out)
    elif kind in REPORTS:
        res = REPORTS[kind](Rounds(out))
    else:
        die("unknown report kind %r (%s, scale)" % (kind, ", ".join(REPORTS)))
    save_json(os.path.join(out, "report.json"), res)


def compare(kind, a, b):
    """Two runs of one script: is each median ratio within the other run's min-max, and do verdicts agree?"""
    ra, rb = load_json(os.path.join(a, "report.json")), load_json(os.path.join(b, "report.json"))
    ok = True
    print("| ratio | run 1: median (min–max) | run 2: median (min–max) | medians within each other's min–max | verdicts |")
    print("|---|---|---|---|---|")
    for x, y in zip(ra["ratios"], rb["ratios"]):
        inside = x["median"] is not None and y["median"] is not None and \
            y["min"] <= x["median"] <= y["max"] and x["min"] <= y["median"] <= x["max"]
        flip = {x["verdict"].split()[0], y["verdict"].split()[0]} == {"hit", "missed"}
        ok = ok and inside and not flip
        print("| %s | %s (%s–%s) | %s (%s–%s) | %s | %s / %s%s |" % (
            x["label"], fnum(x["median"], 2), fnum(x["min"], 2), fnum(x["max"], 2), fnum(y["median"], 2), fnum(y["min"], 2),
            fnum(y["max"], 2), "yes" if inside else "NO", x["verdict"], y["verdict"], " (FLIP)" if flip else ""))
    print()
    print("two runs agree: %s" % ("yes" if ok else "NO"))
    return 0 if ok else 1


def compose(out, assignments):
    """OUT.json with key=@file.json (a JSON file), key=#number, key=[json] or key=text; dotted keys nest."""
    j = load_json(out) if os.path.exists(out) else {}
    for a in assignments:
        k, sep, v = a.partition("=")
        if not sep:
            die("compose: %r is not key=value" % a)
        if v.startswith("@"):
            v = load_json(v[1:])
        elif v.startswith("["):
            v = json.loads(v)
        elif v.startswith("#"):
            v = float(v[1:]) if "." in v else int(v[1:])
        parts = k.split(".")
        node = j
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        node[parts[-1]] = v
    save_json(out, j)


def fetch(url, dest):
    if not re.match(r"^http://(127\.0\.0\.1|localhost|\[::1\])[:/]", url):
        die("loopback URLs only: " + url)
    with urllib.request.urlopen(url, timeout=5) as r:
        data = r.read()
    with open(dest, "wb") as f:
        f.write(data)


def main(argv):
    parser = argparse.ArgumentParser(prog="bench.py", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True, metavar="COMMAND")
    c = sub.add_parser("fetch", help="GET a loopback URL into FILE")
    c.add_argument("url")
    c.add_argument("file")
    c = sub.add_parser("sample", help="CPU samples of the measured process")
    c.add_argument("pid", type=int)
    c.add_argument("dir")
    c.add_argument("--maven", action="store_true", help="the Gatling JVM that Maven forks")
    for name, what in (("gatling", "DIR/gatling/<run>/summary.json"), ("locust", "DIR/locust_summary.json")):
        c = sub.add_parser(name, help="run.json of a %s run (%s)" % (name, what))
        c.add_argument("dir")
        c.add_argument("--skip", type=float, default=0.0, help="seconds left out at the start of the steady window")
        c.add_argument("--tail", type=float, default=0.0, help="seconds left out at the end of the steady window")
        if name == "gatling":
            c.add_argument("--allow-missing", action="store_true", help="a run without summary.json is a row, not an error")
    for name, what in (("wrk", "run.json of a wrk run"), ("jfr", "JFR figures of a profiled Gatling run")):
        sub.add_parser(name, help=what).add_argument("dir")
    c = sub.add_parser("account", help="the machine's CPU accounting of one step")
    for arg in ("run_json", "load0", "load1", "busy", "server", "hz"):
        c.add_argument(arg)
    c = sub.add_parser("cpu-sample", help="per-second CPU ticks of the machine and of named processes, until SIGTERM")
    c.add_argument("out")
    c.add_argument("named", nargs="*", metavar="NAME=PID")
    sub.add_parser("users", help="a users-profile run's levels with their CPU, into DIR/run.json").add_argument("dir")
    c = sub.add_parser("compose", help="build a JSON file")
    c.add_argument("out")
    c.add_argument("assignments", nargs="*", metavar="key=value")
    c = sub.add_parser("report", help="the tables of a finished script")
    c.add_argument("kind", choices=sorted(list(REPORTS) + ["scale"]))
    c.add_argument("out")
    c = sub.add_parser("compare", help="are two runs' median ratios within each other's min-max?")
    c.add_argument("kind", choices=sorted(list(REPORTS) + ["scale"]))
    c.add_argument("out1")
    c.add_argument("out2")
    a = parser.parse_args(argv[1:])
    if a.cmd == "fetch":
        fetch(a.url, a.file)
    elif a.cmd == "sample":
        sample(a.pid, a.dir, a.maven)
    elif a.cmd == "gatling":
        print(json.dumps(gatling(a.dir, a.skip, a.tail, a.allow_missing), indent=1))
    elif a.cmd == "locust":
        print(json.dumps(locust(a.dir, a.skip, a.tail), indent=1))
    elif a.cmd == "wrk":
        print(json.dumps(wrk(a.dir), indent=1))
    elif a.cmd == "jfr":
        print(json.dumps(jfr(a.dir), indent=1))
    elif a.cmd == "account":
        account(a.run_json, a.load0, a.load1, a.busy, a.server, a.hz)
    elif a.cmd == "cpu-sample":
        cpu_sample(a.out, a.named)
    elif a.cmd == "users":
        users_run(a.dir)
    elif a.cmd == "compose":
        compose(a.out, a.assignments)
    elif a.cmd == "report":
        report(a.kind, a.out)
    elif a.cmd == "compare":
        sys.exit(compare(a.kind, a.out1, a.out2))


if __name__ == "__main__":
    main(sys.argv)
