#!/usr/bin/env bash
# Where Gatling's CPU goes at the seed workload: GrafMuviSimulation against a separate API process,
# with a JDK Flight Recording of the Gatling JVM (settings=profile), summarised by thread and by
# hottest frames (async-profiler is not available here).
#   bash bench/profile.sh            1000 users over 30 s, 5-9 s pauses, 150 s
#   bash bench/profile.sh --quick    20 users, 10 s
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
QUICK=0; [ "${1:-}" = "--quick" ] && QUICK=1
if [ $QUICK = 1 ]; then USERS=20; RAMP=2; DURATION=10; else USERS="${USERS:-1000}"; RAMP="${RAMP:-30}"; DURATION="${DURATION:-150}"; fi
need_pkgs python3:python3 /usr/bin/time:time taskset:util-linux
ensure_build
OUT="$(results_dir "profile$([ $QUICK = 1 ] && echo -quick)")"
machine_line | tee "$OUT/machine.txt" >&2
start_api "$OUT/api.log"
GATLING_JVM_OPTS="$GATLING_JVM_OPTS -XX:StartFlightRecording=filename=$OUT/gatling.jfr,settings=profile,dumponexit=true" \
  run_gatling "$OUT/gatling" -Dgrafmuvi.profile=load -Dgrafmuvi.base-url="$API_URL" -Dgrafmuvi.users="$USERS" \
  -Dgrafmuvi.ramp="${RAMP}s" -Dgrafmuvi.duration="${DURATION}s" -Dgrafmuvi.pause.min=5s -Dgrafmuvi.pause.max=9s || true
stop_pid "$API_PID"
JFR="$(dirname "$(readlink -f "$(command -v java)")")/jfr"
"$JFR" print --events jdk.ExecutionSample "$OUT/gatling.jfr" >"$OUT/samples.txt"
"$JFR" print --events jdk.ThreadCPULoad "$OUT/gatling.jfr" >"$OUT/threadcpu.txt"
"$JFR" print --events jdk.GarbageCollection "$OUT/gatling.jfr" >"$OUT/gc.txt"
"$JFR" print --events jdk.CompilerStatistics "$OUT/gatling.jfr" >"$OUT/jit.txt"
$PY - "$OUT" <<'PYEOF' | tee "$OUT/table.md"
import collections, re, sys, os
d = sys.argv[1]
top, pkg, threads = collections.Counter(), collections.Counter(), collections.Counter()
n = 0
txt = open(os.path.join(d, "samples.txt")).read()
for ev in txt.split("jdk.ExecutionSample")[1:]:
    m = re.search(r'sampledThread = "([^"]*)"', ev)
    f = re.search(r"stackTrace = \[\s*\n\s*(\S[^\n]*)", ev)
    if not f:
        continue
    n += 1
    frame = re.sub(r"\s+line:.*$", "", f.group(1).strip())
    top[frame] += 1
    name = re.sub(r"\(.*$", "", frame)
    pkg[".".join(name.split(".")[:3])] += 1
    threads[re.sub(r"\d+", "N", m.group(1) if m else "?")] += 1
load = collections.Counter()
stamps = set()
for ev in open(os.path.join(d, "threadcpu.txt")).read().split("jdk.ThreadCPULoad")[1:]:
    t = re.search(r'eventThread = "([^"]*)"', ev)
    st = re.search(r"startTime = (\S+)", ev)
    cpu = sum(float(x) for x in re.findall(r"(?:user|system) = ([\d.]+)%", ev))
    if t and st:
        stamps.add(st.group(1))
        load[re.sub(r"\d+", "N", t.group(1))] += cpu
gcs = [float(x) for x in re.findall(r"sumOfPauses = ([\d.]+) ms", open(os.path.join(d, "gc.txt")).read())]
jit = re.findall(r"totalTimeSpent = ([^\n]+)", open(os.path.join(d, "jit.txt")).read())
print("Gatling JVM profile: %d execution samples; GC: %d collections, %.0f ms of pauses in total; JIT compile time in total: %s"
      % (n, len(gcs), sum(gcs), jit[-1].strip() if jit else "n/a"))
print()
print("| Java thread (digits as N), jdk.ThreadCPULoad | mean CPU % (of the CPUs the JVM sees; summed over such threads per sample) |"); print("|---|---|")
for t, v in load.most_common(10):
    print("| %s | %.2f |" % (t, v / max(1, len(stamps))))
print()
print("| sampled thread (digits as N) | share of samples |"); print("|---|---|")
for t, c in threads.most_common(8): print("| %s | %.1f %% |" % (t, 100.0 * c / n))
print()
print("| package (top frame) | share |"); print("|---|---|")
for t, c in pkg.most_common(10): print("| %s | %.1f %% |" % (t, 100.0 * c / n))
print()
print("| hottest top frames | share |"); print("|---|---|")
for t, c in top.most_common(12): print("| `%s` | %.1f %% |" % (t[:110], 100.0 * c / n))
PYEOF
