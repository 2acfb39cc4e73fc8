package grafmuvi.loadtest;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import grafmuvi.config.InvalidSettingsException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SettingsTest {

  /** Settings as the simulation would see them with these -D values (always strings). */
  static Settings withProperties(String... keyValues) {
    Map<String, String> props = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put(keyValues[i], keyValues[i + 1]);
    }
    return Settings.from(
        ConfigFactory.parseMap(props, "system properties")
            .withFallback(Settings.reference())
            .resolve());
  }

  @Test
  void defaultsAreTheSeedWorkload() {
    Settings s = withProperties();
    assertEquals("load", s.profile());
    assertEquals(Settings.EMBEDDED, s.baseUrl());
    assertEquals(
        new Settings.Looping(
            1000,
            Duration.ofSeconds(100),
            Duration.ofMinutes(5),
            Duration.ofSeconds(5),
            Duration.ofSeconds(9)),
        s.workload());
    assertEquals(new Settings.Mix(1, 1, 1, 0), s.mix());
    assertEquals("seed", s.data());
    assertEquals(new Settings.Movie("tt0068646", "The godfather", 1972), s.movie());
    assertEquals(1.0, s.thresholds().failedPercent());
  }

  @Test
  void aProfileSetsTheShapeAndTopLevelKeysOverrideIt() {
    Settings.Looping smoke =
        (Settings.Looping) withProperties("grafmuvi.profile", "smoke").workload();
    assertEquals(30, smoke.users());
    assertEquals(Duration.ofSeconds(15), smoke.duration());
    Settings.Looping overridden =
        (Settings.Looping)
            withProperties(
                    "grafmuvi.profile",
                    "smoke",
                    "grafmuvi.users",
                    "7",
                    "grafmuvi.duration",
                    "30m",
                    "grafmuvi.pause.max",
                    "2s")
                .workload();
    assertEquals(7, overridden.users());
    assertEquals(Duration.ofMinutes(30), overridden.duration());
    assertEquals(Duration.ofSeconds(2), overridden.pauseMax());
    assertEquals(Duration.ofMillis(500), overridden.pauseMin());
  }

  @Test
  void arrivalRateProfilesHaveTheirOwnShape() {
    Settings.Steps capacity =
        (Settings.Steps)
            withProperties("grafmuvi.profile", "capacity", "grafmuvi.profiles.capacity.levels", "3")
                .workload();
    assertEquals(3, capacity.levels());
    assertEquals(capacity.startRate() + 2 * capacity.step(), capacity.rateOfLevel(2));
    assertInstanceOf(Settings.Spike.class, withProperties("grafmuvi.profile", "spike").workload());
  }

  @Test
  void loopbackTargetsAreAllowedByDefaultAndOthersOnlyWhenListed() {
    for (String url :
        new String[] {
          "http://localhost:8082", "http://127.0.0.1:9", "http://127.1.2.3", "http://[::1]:8080"
        }) {
      assertEquals(url, withProperties("grafmuvi.base-url", url).baseUrl());
    }
    assertEquals(
        "http://127.1.2.3", withProperties("grafmuvi.base-url", "http://127.1.2.3/").baseUrl());
    Settings listed =
        withProperties(
            "grafmuvi.base-url",
            "https://api.example.org",
            "grafmuvi.allowed-hosts",
            "loopback, api.example.org");
    assertEquals(java.util.List.of("loopback", "api.example.org"), listed.allowedHosts());
  }

  @Test
  void theTokenIsNeverPrinted() {
    Settings s = withProperties("grafmuvi.secrets.token", "s3cr3t-t0ken");
    assertEquals("s3cr3t-t0ken", s.secrets().token());
    assertFalse(s.toString().contains("s3cr3t-t0ken"), s.toString());
    assertFalse(s.describe().toString().contains("s3cr3t-t0ken"));
    InvalidSettingsException e =
        assertThrows(
            InvalidSettingsException.class,
            () -> withProperties("grafmuvi.secrets.tokn", "s3cr3t-t0ken"));
    assertFalse(e.getMessage().contains("s3cr3t-t0ken"), e.getMessage());
  }

  @Test
  void aNamedTargetStandsForItsUrl() {
    assertEquals("http://localhost:8082", withProperties("grafmuvi.base-url", "vm").baseUrl());
    assertEquals(
        "http://localhost:8083", withProperties("grafmuvi.base-url", "vm-standin").baseUrl());
  }

  @Test
  void anHttpUrlTargetsThatDeployment() {
    Settings s = withProperties("grafmuvi.base-url", "http://localhost:8082");
    assertFalse(s.embedded());
    assertEquals("http://localhost:8082", s.baseUrl());
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        bad("grafmuvi.users", "0", "must be a whole number of at least 1"),
        bad("grafmuvi.users", "-5", "must be a whole number of at least 1"),
        bad("grafmuvi.users", "many", "must be a whole number of at least 1"),
        bad("grafmuvi.users", "1.5", "must be a whole number of at least 1"),
        bad("grafmuvi.ramp", "-1s", "must be a duration of at least 0ms"),
        bad("grafmuvi.ramp", "100", "with a unit"),
        bad("grafmuvi.ramp", "10 parsecs", "with a unit"),
        bad("grafmuvi.duration", "0s", "must be a duration above 0"),
        bad("grafmuvi.duration", "-5m", "must be a duration"),
        bad("grafmuvi.ramp", "10m", "must not be longer than grafmuvi.profiles.load.duration (5m)"),
        bad(
            "grafmuvi.pause.max",
            "1s",
            "must not be shorter than grafmuvi.profiles.load.pause.min (5s)"),
        bad("grafmuvi.pause.min", "-1s", "must be a duration of at least 0ms"),
        bad("grafmuvi.base-url", "ftp://localhost:8082", "an absolute http(s) URL"),
        bad("grafmuvi.base-url", "localhost:8082", "an absolute http(s) URL"),
        bad("grafmuvi.base-url", "http://", "an absolute http(s) URL"),
        bad("grafmuvi.base-url", "http://local host/", "an absolute http(s) URL"),
        bad(
            "grafmuvi.base-url",
            "http://10.1.2.3:8080",
            "its host 10.1.2.3 is not in grafmuvi.allowed-hosts [loopback]; "
                + "to load-test it, allow it with -Dgrafmuvi.allowed-hosts=loopback,10.1.2.3"),
        bad("grafmuvi.base-url", "https://api.example.org", "is not in grafmuvi.allowed-hosts"),
        bad(
            "grafmuvi.base-url",
            "http://localhost.example.org:8082",
            "is not in grafmuvi.allowed-hosts"),
        bad("grafmuvi.allowed-hosts", "loopback,,x", "must be a list of names"),
        bad("grafmuvi.profile", "heavy", "must be one of [capacity, load, smoke, soak, spike]"),
        bad("grafmuvi.assertions.failed-percent", "150", "must be a percentage from 0 to 100"),
        bad("grafmuvi.assertions.failed-percent", "-1", "must be a percentage from 0 to 100"),
        bad("grafmuvi.assertions.failed-percent", "lots", "must be a percentage from 0 to 100"),
        bad("grafmuvi.assertions.p95", "0ms", "must be a duration above 0"),
        bad("grafmuvi.assertions.p95", "900ms", "must not be above grafmuvi.assertions.p99"),
        bad("grafmuvi.assertions.per-request.p99", "soon", "must be a duration"),
        bad("grafmuvi.request-timeout", "0s", "must be a duration above 0"),
        bad("grafmuvi.movie.year", "0", "must be a whole number of at least 1"),
        bad("grafmuvi.movie.title", " ", "must not be empty"),
        bad("grafmuvi.expect-recommendations", "maybe", "must be true or false"),
        bad("grafmuvi.user", "5", "unknown setting; did you mean grafmuvi.users?"),
        bad("grafmuvi.assertions.p59", "1s", "unknown setting"),
        bad("grafmuvi.mix.promote", "-1", "must be a whole number of at least 0"),
        bad("grafmuvi.injector.cpu-percent", "120", "must be a percentage from 0 to 100"),
        bad("grafmuvi.injector.sustained", "0s", "must be a duration above 0"),
        bad("grafmuvi.data", "", "must not be empty"),
        bad("grafmuvi.profiles.load.model", "closed", "must be one of [looping, spike, steps]"),
        bad(
            "grafmuvi.profiles.spike.peak-rate",
            "10",
            "must be above grafmuvi.profiles.spike.base-rate",
            "grafmuvi.profile",
            "spike"),
        bad(
            "grafmuvi.profiles.capacity.levels",
            "0",
            "must be a whole number of at least 1",
            "grafmuvi.profile",
            "capacity"));
  }

  @Test
  void looperKeysAreRefusedForAnArrivalRateProfile() {
    InvalidSettingsException e =
        assertThrows(
            InvalidSettingsException.class,
            () -> withProperties("grafmuvi.profile", "capacity", "grafmuvi.users", "100"));
    assertTrue(e.getMessage().contains("grafmuvi.users = \"100\""), e.getMessage());
    assertTrue(e.getMessage().contains("set grafmuvi.profiles.capacity.* instead"), e.getMessage());
  }

  @Test
  void aMixWithNothingToDoIsRefused() {
    InvalidSettingsException e =
        assertThrows(
            InvalidSettingsException.class,
            () ->
                withProperties(
                    "grafmuvi.mix.status",
                    "0",
                    "grafmuvi.mix.similar-by-id",
                    "0",
                    "grafmuvi.mix.similar-by-title",
                    "0"));
    assertTrue(e.getMessage().contains("at least one request chain"), e.getMessage());
  }

  /** A bad value of key, what its message must say, and other -D values it needs to be read. */
  private static Arguments bad(String key, String value, String allowed, String... others) {
    String[] props = new String[others.length + 2];
    props[0] = key;
    props[1] = value;
    System.arraycopy(others, 0, props, 2, others.length);
    return Arguments.of(key, value, allowed, props);
  }

  @ParameterizedTest(name = "{0} = {1} is refused")
  @MethodSource("badValues")
  void aBadValueIsRefusedNamingKeyValueAndWhatIsAllowed(
      String key, String value, String allowed, String[] props) {
    InvalidSettingsException e =
        assertThrows(InvalidSettingsException.class, () -> withProperties(props));
    assertEquals(1, e.problems().size(), e.getMessage());
    String problem = e.problems().get(0);
    assertTrue(problem.startsWith(key + " = "), problem);
    assertTrue(problem.contains(value.isBlank() ? "\"" + value + "\"" : value), problem);
    assertTrue(problem.contains(allowed), problem);
  }

  @Test
  void everyBadValueIsReportedAtOnce() {
    InvalidSettingsException e =
        assertThrows(
            InvalidSettingsException.class,
            () ->
                withProperties(
                    "grafmuvi.users", "0", "grafmuvi.duration", "0s", "grafmuvi.profile", "smoke"));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("grafmuvi.users = "));
    assertTrue(e.getMessage().contains("grafmuvi.duration = "));
  }

  @Test
  void datasetMoviesNeedTheDatasetGraphOnTheEmbeddedApi() {
    InvalidSettingsException e =
        assertThrows(
            InvalidSettingsException.class, () -> withProperties("grafmuvi.data", "dataset"));
    assertTrue(
        e.getMessage()
            .contains(
                "grafmuvi.data = \"dataset\" (from system properties): asks for the dataset's"
                    + " movies, but the embedded API serves grafmuvi.api.graph = seed; add"
                    + " -Dgrafmuvi.api.graph=dataset"),
        e.getMessage());
    assertEquals(
        "dataset",
        withProperties("grafmuvi.data", "dataset", "grafmuvi.api.graph", "dataset").api().graph());
    assertEquals(
        "dataset",
        withProperties("grafmuvi.data", "dataset", "grafmuvi.base-url", "http://localhost:8082")
            .data());
  }

  @Test
  void theUrlsUserInfoIsSentAsCredentialsAndNeverShown() {
    Settings s = withProperties("grafmuvi.base-url", "http://admin:s3cret@127.0.0.1:9");
    assertEquals("http://127.0.0.1:9", s.baseUrl());
    assertEquals("admin:s3cret", s.secrets().userInfo());
    assertFalse(s.describe().toString().contains("s3cret"), s.describe().toString());
    assertEquals("http://****@127.0.0.1:9", s.targetLabel());
    InvalidSettingsException refused =
        assertThrows(
            InvalidSettingsException.class,
            () -> withProperties("grafmuvi.base-url", "http://admin:s3cret@10.9.8.7:9"));
    assertFalse(refused.getMessage().contains("s3cret"), refused.getMessage());
    assertTrue(refused.getMessage().contains("http://****@10.9.8.7:9"), refused.getMessage());
  }

  @Test
  void everyProfileAndTheApisKeysAreCheckedWhateverTheProfileInUse() {
    InvalidSettingsException e =
        assertThrows(
            InvalidSettingsException.class,
            () ->
                withProperties(
                    "grafmuvi.profile",
                    "smoke",
                    "grafmuvi.profiles.soak.users",
                    "0",
                    "grafmuvi.api.max-depth",
                    "99"));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("grafmuvi.profiles.soak.users = \"0\""), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains(
                "grafmuvi.api.max-depth = \"99\" (from system properties): must be an integer from"
                    + " 1 to 10"),
        e.getMessage());
  }

  @Test
  void aBaselineIsReadAndCheckedBeforeAnyRequest(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    InvalidSettingsException absent =
        assertThrows(
            InvalidSettingsException.class,
            () -> withProperties("grafmuvi.baseline", tmp.resolve("none.json").toString()));
    assertTrue(
        absent
            .getMessage()
            .contains("must be the summary.json of an earlier run: no readable file at"),
        absent.getMessage());

    java.nio.file.Path old = tmp.resolve("old.json");
    java.nio.file.Files.writeString(
        old, "{\"schema\":\"grafmuvi-gatling-summary/1\",\"global\":{\"count\":3}}");
    InvalidSettingsException oldSchema =
        assertThrows(
            InvalidSettingsException.class,
            () -> withProperties("grafmuvi.baseline", old.toString()));
    assertTrue(oldSchema.getMessage().contains("record a new baseline"), oldSchema.getMessage());

    Settings smoke = withProperties("grafmuvi.profile", "smoke");
    grafmuvi.loadtest.results.Summary.Stats stats =
        new grafmuvi.loadtest.results.Summary.Stats(
            "All Requests", 10, 10, 0, 0, 2.0, 1, 2, 3, 4, 5, 6, 2, 1);
    java.nio.file.Path baseline = tmp.resolve("summary.json");
    grafmuvi.loadtest.results.SummaryWriter.writeAll(
        new grafmuvi.loadtest.results.Summary(
            grafmuvi.loadtest.results.Summary.SCHEMA,
            "GrafMuviSimulation",
            "run",
            "3.16.0",
            null,
            null,
            1L,
            "passed",
            java.util.Map.of(),
            smoke.workloadDescription(),
            stats,
            java.util.List.of(stats),
            java.util.List.of(),
            java.util.List.of(),
            new grafmuvi.loadtest.results.Summary.Timeline(1, java.util.List.of()),
            null,
            null,
            java.util.Map.of()),
        tmp);

    Settings held =
        withProperties("grafmuvi.profile", "smoke", "grafmuvi.baseline", baseline.toString());
    assertEquals(baseline, held.baseline().orElseThrow().file());
    assertEquals(
        7,
        held.baseline().orElseThrow().limits().size(),
        "p95, p99, KO % of a request and of the run, and requests/s");

    InvalidSettingsException other =
        assertThrows(
            InvalidSettingsException.class,
            () ->
                withProperties(
                    "grafmuvi.profile",
                    "smoke",
                    "grafmuvi.users",
                    "7",
                    "grafmuvi.baseline",
                    baseline.toString()));
    assertTrue(
        other.getMessage().contains("ran another workload (users: 30 in the baseline, 7 now)"),
        other.getMessage());
    assertTrue(
        withProperties(
                "grafmuvi.profile",
                "smoke",
                "grafmuvi.users",
                "7",
                "grafmuvi.baseline",
                baseline.toString(),
                "grafmuvi.tolerances.allow-other-workload",
                "true")
            .baseline()
            .isPresent());
  }
}
