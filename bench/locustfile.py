"""The seed's locustfile (Locust 0.x: HttpLocust + TaskSet, see
/work/shared/seed/locust-performance-study.md in the project notes) ported to Locust 2, plus the
variant the capacity and noise benchmarks use.

SeedUser  — the seed as it was: three tasks of equal weight (100 each), a 5-9 s wait after each
            (SEED_WAIT_MIN/SEED_WAIT_MAX seconds, for short test runs only),
            no checks beyond Locust's own (a non-2xx answer or a connection error is a failure),
            and the seed's on_failure hook printing the failed request.
BenchUser — the same three requests with checks like GrafMuviSimulation's (200, JSON content type,
            a JSON object, at least one recommendation for the id and title answers) and a wait
            taken from BENCH_WAIT_MIN/BENCH_WAIT_MAX seconds (default 0: no think time).

With BENCH_SUMMARY=<file>, the final statistics and the requests started per second are written there
as JSON when Locust quits (bench/bench.py reads it).

Run one class at a time: locust -f bench/locustfile.py --headless ... SeedUser
"""
import collections
import json
import os
import time

from locust import HttpUser, between, events, task


class SeedUser(HttpUser):
    # The seed's 5-9 s; the benchmarks' --quick modes shorten it through SEED_WAIT_MIN/SEED_WAIT_MAX.
    wait_time = between(float(os.environ.get("SEED_WAIT_MIN", "5.0")), float(os.environ.get("SEED_WAIT_MAX", "9.0")))

    @task(100)
    def status(self):
        self.client.get("/status")

    @task(100)
    def get_similar_movies_by_id(self):
        self.client.get("/api/id/tt0068646")

    @task(100)
    def get_similar_movies_by_title(self):
        self.client.get("/api/title/The godfather/1972")


@events.request.add_listener
def on_failure(request_type, name, response_time, exception, response=None, **kwargs):
    # The seed's request_failure hook, on Locust 2's request event (fired for successes too).
    if exception is None:
        return
    req = getattr(response, "request", None)
    print(getattr(req, "url", name))
    print(getattr(req, "headers", ""))
    print(getattr(req, "body", ""))


# For the benchmarks (BENCH_SUMMARY=<file>), written as JSON when Locust quits (its users stopped):
# the final statistics per request name and in total (Locust's CSV is rewritten once a second, so its
# last version misses the run's final second), and the requests started per second since the test
# started, OK and failed, in the shape of Gatling's timeline.
_SUMMARY = os.environ.get("BENCH_SUMMARY")
_started = []
_buckets = collections.Counter()


@events.test_start.add_listener
def _bench_start(environment, **kwargs):
    if not _started:
        _started.append(time.time())


@events.request.add_listener
def _bench_count(exception=None, start_time=None, **kwargs):
    if _SUMMARY and _started and start_time is not None:
        _buckets[(int(start_time - _started[0]), exception is None)] += 1


def _entry(e):
    return {"count": e.num_requests, "ko": e.num_failures, "p50": e.get_response_time_percentile(0.5),
            "p75": e.get_response_time_percentile(0.75), "p90": e.get_response_time_percentile(0.9),
            "p95": e.get_response_time_percentile(0.95), "p99": e.get_response_time_percentile(0.99),
            "max": e.max_response_time, "mean": round(e.avg_response_time, 1), "mean_rps": e.total_rps}


@events.quitting.add_listener
def _bench_write(environment, **kwargs):
    if not (_SUMMARY and _started):
        return
    last = max((s for s, _ in _buckets), default=-1)
    points = [{"second": s, "ok": _buckets[(s, True)], "ko": _buckets[(s, False)]} for s in range(last + 1)]
    st = environment.stats
    requests = {e.name: _entry(e) for e in st.entries.values()}
    requests["all"] = _entry(st.total)
    with open(_SUMMARY, "w") as f:
        json.dump({"startEpoch": _started[0], "requests": requests,
                   "timeline": {"stepSeconds": 1, "points": points}}, f, indent=1)


def _json_object(response, need_recommendation):
    if response.status_code != 200:
        return "status %d" % response.status_code
    if not response.headers.get("Content-Type", "").lower().startswith("application/json"):
        return "not JSON"
    try:
        body = response.json()
    except ValueError:
        return "not JSON"
    if not isinstance(body, dict):
        return "not a JSON object"
    if need_recommendation and "1" not in body:
        return "no recommendation"
    return None


class BenchUser(HttpUser):
    wait_time = between(float(os.environ.get("BENCH_WAIT_MIN", "0")), float(os.environ.get("BENCH_WAIT_MAX", "0")))

    def _get(self, path, need_recommendation):
        with self.client.get(path, catch_response=True) as response:
            problem = _json_object(response, need_recommendation)
            if problem:
                response.failure(problem)
            else:
                response.success()

    @task(100)
    def status(self):
        self._get("/status", False)

    @task(100)
    def get_similar_movies_by_id(self):
        self._get("/api/id/tt0068646", True)

    @task(100)
    def get_similar_movies_by_title(self):
        self._get("/api/title/The godfather/1972", True)
