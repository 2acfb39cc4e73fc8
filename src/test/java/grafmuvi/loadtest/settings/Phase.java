package grafmuvi.loadtest.settings;

/**
 * A stretch of a run with a meaning of its own, in whole seconds since the first user arrived: a
 * ramp, the steady state after it, a warm-up, or a level of a stair profile. Steady states and
 * levels are judged: their users (looping) or rate (arrivals) say what the API must keep up with.
 *
 * @param name e.g. "steady", "level 3: 3000 users"
 * @param kind what it is
 * @param from first second (inclusive)
 * @param to last second (exclusive)
 * @param users looping users during it, or 0 for arrivals
 * @param limit requests/s the workload sends at most during it (users / mean pause, or the arrival
 *     rate); 0 when unbounded (no pause)
 * @param group the Gatling group its requests go into, so that a stair run's levels are rows of
 *     Gatling's report; null for none
 */
public record Phase(
    String name, Kind kind, long from, long to, int users, double limit, String group) {

  /** What a phase is. */
  public enum Kind {
    WARM_UP,
    RAMP,
    STEADY,
    LEVEL;

    public String label() {
      return name().toLowerCase().replace('_', '-');
    }
  }

  /** Whether the API is judged on this phase (a steady state or a level). */
  public boolean judged() {
    return kind == Kind.STEADY || kind == Kind.LEVEL;
  }

  public boolean contains(long second) {
    return second >= from && second < to;
  }
}
