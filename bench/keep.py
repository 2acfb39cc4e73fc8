#!/usr/bin/env python3
"""Copy the small raw results of a bench run into docs/bench-data/<run>/ for the docs to cite:
the summary JSON, tables, /usr/bin/time output, Locust's CSV totals, wrk's output, and the tail of
each console (console.log and api.log are kept as console.txt and api.txt: *.log is git-ignored) (Gatling's final statistics, warnings and self-check line). Reports and
simulation.log stay in bench/results/ (git-ignored).
  python3 bench/keep.py bench/results/<run> [...]
"""
import os, shutil, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEEP = {"table.md", "machine.txt", "time.txt", "exit-code", "locust_stats.csv", "locust_failures.csv", "api.log"}
for run in sys.argv[1:]:
    run = os.path.abspath(run)
    dest_root = os.path.join(ROOT, "docs", "bench-data", os.path.basename(run.rstrip("/")))
    for dirpath, dirs, files in os.walk(run):
        dirs[:] = [d for d in dirs if d not in ("gatling", "www", "logs", "tmp")] + \
                  [d for d in dirs if d == "gatling" and not os.path.exists(os.path.join(dirpath, d, "index.html"))
                   and not any(os.path.exists(os.path.join(dirpath, d, x, "index.html")) for x in os.listdir(os.path.join(dirpath, d)))]
        rel = os.path.relpath(dirpath, run)
        for f in files:
            src = os.path.join(dirpath, f)
            dst = os.path.join(dest_root, rel, f)
            if f.endswith(".log"):  # *.log is git-ignored
                dst = dst[:-4] + ".txt"
            if f.endswith(".json") or f in KEEP:
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copyfile(src, dst)
            elif f == "console.log":
                lines = open(src, encoding="utf-8", errors="replace").read().splitlines()
                keep = [l for l in lines[:-150] if l.startswith(("WARNING", "GrafMuvi ", "Injector"))] + lines[-150:]
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                with open(dst, "w") as out:
                    out.write("\n".join(keep) + "\n")
    print(dest_root)
