#!/usr/bin/env python3
"""Ctrl-C as a terminal sends it, to a real `./mvnw gatling:test` in the current directory: SIGINT to
the whole foreground process group once the run has sent load for a few seconds. The build must
fail, nothing may be left running, and the run folder must hold Gatling's report and the summaries,
marked interrupted. (A non-interactive shell starts background jobs with SIGINT ignored, which the
JVM would inherit: hence Python, with SIGINT restored in a session of its own.)"""
import json, os, pathlib, signal, subprocess, sys, time

results = pathlib.Path("target/gatling")
(results / "last-run").unlink(missing_ok=True)
log = open("target/ctrl-c.log", "w")
mvn = subprocess.Popen(
    ["./mvnw", "-B", "gatling:test", "-Dgrafmuvi.profile=smoke", "-Dgrafmuvi.duration=120s"],
    start_new_session=True, stdout=log, stderr=subprocess.STDOUT,
    preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
deadline = time.time() + 300
while not (results / "last-run").exists():
    if mvn.poll() is not None or time.time() > deadline:
        sys.exit("FAIL: the run did not start (see target/ctrl-c.log)")
    time.sleep(0.2)
time.sleep(8)
sent = time.time()
os.killpg(mvn.pid, signal.SIGINT)
code = mvn.wait(timeout=300)
while True:
    try:
        os.killpg(mvn.pid, 0)
    except ProcessLookupError:
        break
    if time.time() - sent > 300:
        sys.exit("FAIL: processes of the interrupted run are still running")
    time.sleep(0.2)
gone = time.time() - sent
run = results / (results / "last-run").read_text().strip()
summary = json.loads((run / "summary.json").read_text())
assert code == 130, f"the interrupted build exited {code}, not 130 (SIGINT)"
assert (run / "index.html").is_file(), "no report"
assert summary["status"] == "interrupted", summary["status"]
cut = summary["cutShort"]
assert 0 < cut["afterSeconds"] < cut["plannedSeconds"] == 120, cut
assert "interrupted after" in open("target/ctrl-c.log").read().split("GrafMuvi verdict:")[-1]
assert (run / "summary.md").read_text().splitlines()[0].endswith(f"interrupted after {cut['afterSeconds']} s of 120 s (Ctrl-C or SIGTERM)")
print(f"Ctrl-C check: Maven exited {code}, everything stopped {gone:.1f} s after SIGINT; "
      f"{run.name} has the report and summaries of {summary['global']['count']} requests, "
      f"interrupted after {cut['afterSeconds']} s of 120 s")
