package grafmuvi.loadtest.results;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The verdict's rule says which way a stretch of a run failed, and whose fault it was. */
class VerdictTest {

  private static final Verdict.Rule LINE = new Verdict.Rule(95, 1, null, null);
  private static final Verdict.Rule LEVEL = new Verdict.Rule(95, 1, 100, 250);

  private static Verdict.Figures figures(double rate, long requests, long failed) {
    return new Verdict.Figures(rate, 30.0, requests, failed, 5, 9, 0, null, false);
  }

  @Test
  void theTargetThatDiedForSixSecondsFailedRequestsItDidNotFallBehind() {
    Verdict v = Verdict.judge(figures(30.4, 759, 231), LINE);
    assertFalse(v.keptUp());
    assertEquals("failed", v.label());
    assertEquals(
        "failed 30.43 % of requests (limit 1 %) (30.4 of 30.0 requests/s, 101.3 %, 231 KO, 30.43 %)",
        v.words());
  }

  @Test
  void slowAnswersFallBehindAndBothAreSaidWhenBothHappen() {
    assertEquals(
        "fell behind (25.0 of 30.0 requests/s, 83.3 %, 0 KO)",
        Verdict.judge(figures(25, 500, 0), LINE).words());
    assertEquals("fell behind and failed", Verdict.judge(figures(25, 500, 50), LINE).label());
    assertEquals("kept up", Verdict.judge(figures(29.9, 600, 3), LINE).label());
  }

  @Test
  void aLevelIsAlsoJudgedOnItsPercentiles() {
    Verdict.Figures slow = new Verdict.Figures(30, 30.0, 600, 0, 180, 300, 0, null, false);
    Verdict v = Verdict.judge(slow, LEVEL);
    assertEquals("too slow", v.label());
    assertTrue(v.words().startsWith("was too slow (p95 180 ms > 100 ms, p99 300 ms > 250 ms)"));
    assertEquals(
        "kept up",
        Verdict.judge(slow, LINE).label(),
        "the run's line leaves latency to assertions");
  }

  @Test
  void theInjectorsOwnFailuresOrItsSaturatedCpuMakeItInjectorBound() {
    String cause =
        InjectorErrors.cause(
            "i.n.c.u.Errors$NativeIoException: newSocketStream(..) failed with error(-24): Too many open files");
    assertEquals("out of open files: Too many open files", cause);
    assertEquals(
        "out of local ports: Cannot assign requested address",
        InjectorErrors.cause("j.n.ConnectException: Cannot assign requested address"));
    assertNull(InjectorErrors.cause("status.find.is(200), found 500"));
    Verdict files =
        Verdict.judge(new Verdict.Figures(30, 30.0, 600, 180, null, null, 180, cause, false), LINE);
    assertTrue(files.injectorBound());
    assertTrue(
        files
            .words()
            .startsWith(
                "could not be judged: 180 of the 180 failures were the injector's own (out of open files"),
        files.words());
    Verdict cpu = Verdict.judge(new Verdict.Figures(20, 30.0, 400, 0, 5, 9, 0, null, true), LINE);
    assertEquals(Verdict.INJECTOR_BOUND, cpu.label());
    assertTrue(cpu.words().contains("own CPU was saturated"), cpu.words());
  }
}
