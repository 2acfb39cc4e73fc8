package grafmuvi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules, read from the compiled classes: the API server knows nothing of Gatling or of
 * the load test; the load test's sub-packages never reach back into the simulation's package, and
 * form no cycle; test helpers stay in test-support packages, out of the code that runs a load.
 */
class ArchitectureTest {

  private static JavaClasses all;

  @BeforeAll
  static void importClasses() {
    all =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("grafmuvi");
  }

  private static void check(ArchRule rule) {
    rule.check(all);
  }

  @Test
  void theApiServerAndTheSettingsReaderKnowNothingOfGatlingOrTheLoadTest() {
    check(
        noClasses()
            .that()
            .resideInAnyPackage("grafmuvi.api..", "grafmuvi.config..")
            .and(isProductCode())
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.gatling..", "grafmuvi.loadtest..")
            .because("the API is a target: it talks to the load test only over HTTP"));
    check(
        noClasses()
            .that()
            .resideInAPackage("grafmuvi.config..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("grafmuvi.api..")
            .because("the settings reader serves both the API and the load test"));
  }

  @Test
  void theLoadTestsSubPackagesDoNotImportTheSimulationsPackage() {
    check(
        noClasses()
            .that()
            .resideInAPackage("grafmuvi.loadtest.*..")
            .and(isProductCode())
            .should()
            .dependOnClassesThat()
            .resideInAPackage("grafmuvi.loadtest")
            .because("the simulation assembles its parts; the parts do not reach back"));
  }

  @Test
  void theLoadTestsPackagesFormNoCycle() {
    // Tests and their helpers lean on what they test: their dependencies are not the design's.
    check(
        slices()
            .matching("grafmuvi.loadtest.(*)..")
            .should()
            .beFreeOfCycles()
            .ignoreDependency(isTestOrTestHelper(), DescribedPredicate.alwaysTrue()));
    check(
        slices()
            .matching("grafmuvi.(*)..")
            .should()
            .beFreeOfCycles()
            .ignoreDependency(isTestOrTestHelper(), DescribedPredicate.alwaysTrue()));
  }

  @Test
  void testHelpersStayInTestSupportPackagesAndOutOfTheLoad() {
    check(
        classes()
            .that()
            .resideInAPackage("..testing..")
            .should()
            .onlyHaveDependentClassesThat(isTestOrTestHelper())
            .because("nothing that runs a load or serves the API may lean on a test helper"));
    check(
        classes()
            .that(isInTestSources())
            .and(isProductCode())
            .and()
            .resideOutsideOfPackage("grafmuvi.loadtest..")
            .should(beTestFixtures())
            .because(
                "a test helper lives in a testing package; only fixtures that must build the"
                    + " API's package-private graphs live beside its tests"));
  }

  /** Not a test class, nor a test helper. */
  private static DescribedPredicate<JavaClass> isProductCode() {
    return DescribedPredicate.not(isTestOrTestHelper());
  }

  private static DescribedPredicate<JavaClass> isTestOrTestHelper() {
    return DescribedPredicate.describe(
        "a test or a test helper",
        c -> {
          JavaClass top = topLevel(c);
          return top.getSimpleName().endsWith("Test")
              || top.getSimpleName().endsWith("IT")
              || top.getPackageName().contains(".testing")
              || top.getName().equals(ArchitectureTest.class.getName());
        });
  }

  private static DescribedPredicate<JavaClass> isInTestSources() {
    return DescribedPredicate.describe(
        "compiled from the test sources",
        c ->
            c.getSource().map(s -> s.getUri().toString().contains("/test-classes/")).orElse(false));
  }

  private static com.tngtech.archunit.lang.ArchCondition<JavaClass> beTestFixtures() {
    return new com.tngtech.archunit.lang.ArchCondition<>(
        "be the API's graph fixtures (TestGraphs)") {
      @Override
      public void check(JavaClass c, com.tngtech.archunit.lang.ConditionEvents events) {
        boolean fixture = topLevel(c).getName().equals("grafmuvi.api.TestGraphs");
        if (!fixture) {
          events.add(
              com.tngtech.archunit.lang.SimpleConditionEvent.violated(
                  c, c.getName() + " is a test helper outside a testing package"));
        }
      }
    };
  }

  private static JavaClass topLevel(JavaClass c) {
    JavaClass top = c;
    while (top.getEnclosingClass().isPresent()) {
      top = top.getEnclosingClass().get();
    }
    return top;
  }
}
