#!/usr/bin/env python3
"""What an open live page (and a Prometheus scraping it) asks of a running GrafMuviSimulation, for
bench/live.sh: waits for the run's "GrafMuvi live: http://127.0.0.1:PORT/" line in its console,
then loads the page once (index.html, its two scripts and two style sheets, as a browser does),
GETs /live.json every second (?since=<the last second it holds>, as live.js does) and /metrics
every 5 s (a Prometheus scrape interval of 5 s), until SIGTERM or until the page has not answered
for 5 s after answering once (the JVM ended). Standard library only; loopback URLs only.

  livepoll.py CONSOLE_LOG OUT.json

OUT.json: the page's URL, how many GETs of each kind answered or failed, the bytes received, the
mean and largest answer time, and this process's own CPU-seconds. Failures after the last answer
(the JVM had ended) are counted apart from the others.
"""
import json
import re
import resource
import signal
import sys
import time
import urllib.error
import urllib.request

URL_LINE = re.compile(r"GrafMuvi live: (http://(?:127\.0\.0\.1|localhost|\[::1\]):\d+/)")
stop = False


def on_term(_sig, _frame):
    global stop
    stop = True


def get(url):
    t0 = time.monotonic()
    with urllib.request.urlopen(url, timeout=2) as r:
        body = r.read()
    return body, (time.monotonic() - t0) * 1000.0


def main(console, out):
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    url = None
    give_up = time.monotonic() + 600
    while not stop and url is None and time.monotonic() < give_up:
        try:
            with open(console, encoding="utf-8", errors="replace") as f:
                m = URL_LINE.search(f.read())
            url = m.group(1) if m else None
        except OSError:
            pass
        if url is None:
            time.sleep(0.1)
    stats = {k: {"ok": 0, "failed": 0, "bytes": 0, "ms_total": 0.0, "ms_max": 0.0}
             for k in ("page", "live.json", "metrics")}

    trailing = {k: 0 for k in stats}  # failures since the last answer: the JVM's end, not the page's

    def fetch(kind, u):
        try:
            body, ms = get(u)
        except (urllib.error.URLError, OSError, ValueError):
            stats[kind]["failed"] += 1
            trailing[kind] += 1
            return None
        for k in trailing:
            trailing[k] = 0
        s = stats[kind]
        s["ok"] += 1
        s["bytes"] += len(body)
        s["ms_total"] += ms
        s["ms_max"] = max(s["ms_max"], ms)
        return body

    last_t, last_ok, answered, started = None, None, False, time.monotonic()
    if url:
        # the page's own files, until they answer (the line is printed just before the server starts)
        # (refusals before it listens are not counted)
        while not stop and time.monotonic() - started < 10:
            try:
                body, ms = get(url)
            except (urllib.error.URLError, OSError, ValueError):
                time.sleep(0.2)
                continue
            stats["page"].update(ok=1, bytes=len(body), ms_total=ms, ms_max=ms)
            for name in ("webjars/uplot/uPlot.min.css", "live.css", "webjars/uplot/uPlot.iife.min.js", "live.js"):
                fetch("page", url + name)
            break
        tick = 0
        next_at = time.monotonic()
        while not stop:
            body = fetch("live.json", url + "live.json" + ("" if last_t is None else "?since=%d" % last_t))
            if body is not None:
                answered, last_ok = True, time.monotonic()
                try:
                    t = json.loads(body).get("series", {}).get("t") or []
                    if t:
                        last_t = max(t)
                except ValueError:
                    pass
            if tick % 5 == 0 and fetch("metrics", url + "metrics") is not None:
                answered, last_ok = True, time.monotonic()
            if answered and time.monotonic() - last_ok > 5:
                break  # the JVM has ended
            tick += 1
            next_at += 1.0
            while not stop and time.monotonic() < next_at:
                time.sleep(min(0.05, max(0.0, next_at - time.monotonic())))
    ru = resource.getrusage(resource.RUSAGE_SELF)
    res = {"url": url, "seconds": round(time.monotonic() - started, 1), "last_second": last_t,
           "poller_cpu_s": round(ru.ru_utime + ru.ru_stime, 2)}
    for kind, s in stats.items():
        n = s["ok"]
        res[kind] = {"ok": n, "failed": s["failed"] - trailing[kind], "failed_after_the_end": trailing[kind], "bytes": s["bytes"],
                     "mean_ms": round(s["ms_total"] / n, 2) if n else None, "max_ms": round(s["ms_max"], 1)}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(res, f, indent=1)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
