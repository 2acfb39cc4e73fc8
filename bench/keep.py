#!/usr/bin/env python3
"""Copy the small raw results of a bench run into docs/bench-data/<run>/ for the docs to cite:
meta.json, report.json, table.md, machine.txt, and per round and step run.json, Gatling's
summary.json, /usr/bin/time's output, the CPU samples, Locust's CSV totals, and the tail of each
console (*.log is git-ignored, so console.log and api.log are kept as console.txt and api.txt).
HTML reports, simulation.log, Locust's per-second history and flight recordings stay in
bench/results/ (git-ignored).
  python3 bench/keep.py bench/results/<run> [...]
"""
import os
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEEP = {"meta.json", "report.json", "table.md", "machine.txt", "run.json", "summary.json", "jfr.json", "time.txt",
        "exit-code", "proc.csv", "proc-final.json", "locust_summary.json", "locust_stats.csv", "locust_failures.csv"}
TAIL = 60


def keep(run):
    run = os.path.abspath(run)
    if not os.path.exists(os.path.join(run, "meta.json")):
        sys.exit("keep.py: %s holds no meta.json: not a finished bench run" % run)
    dest_root = os.path.join(ROOT, "docs", "bench-data", os.path.basename(run.rstrip("/")))
    for dirpath, dirs, files in os.walk(run):
        dirs[:] = [d for d in dirs if d not in ("www", "logs", "tmp", "js", "style")]
        rel = os.path.relpath(dirpath, run)
        for f in files:
            src = os.path.join(dirpath, f)
            dst = os.path.join(dest_root, rel, f)
            if f in KEEP:
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copyfile(src, dst)
            elif f in ("console.log", "api.log", "api-plain.log"):
                lines = open(src, encoding="utf-8", errors="replace").read().splitlines()
                head = [l for l in lines[:-TAIL] if l.startswith(("WARNING", "GrafMuvi ", "Injector", "[ERROR]", "ERROR"))]
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                with open(dst[:-4] + ".txt", "w", encoding="utf-8") as out:
                    out.write("\n".join(head + lines[-TAIL:]) + "\n")
    print(dest_root)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for arg in sys.argv[1:]:
        keep(arg)
