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

Run one class at a time: locust -f bench/locustfile.py --headless ... SeedUser
"""
import os

from locust import HttpUser, between, events, stats, task

# The benchmarks read the per-second history (--csv-full-history); Locust writes it to the file only
# every 10 s and loses what is unwritten when it exits: write it every second.
stats.CSV_STATS_FLUSH_INTERVAL_SEC = 1


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
