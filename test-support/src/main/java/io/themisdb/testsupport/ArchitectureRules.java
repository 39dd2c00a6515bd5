package io.themisdb.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.stream.Stream;

/**
 * The dependency rule of DESIGN.md as ArchUnit rules, shared by every module's architecture test:
 * only platform-api wires modules together, and the library modules stay free of Spring Web (the
 * engine of Spring altogether).
 */
public final class ArchitectureRules {

  /** Root packages of the modules that must not know each other. */
  public static final List<String> LIBRARY_MODULES =
      List.of(
          "io.themisdb.engine", "io.themisdb.encryption", "io.themisdb.billing", "io.themisdb.gpu");

  private static final String PLATFORM = "io.themisdb.platform";

  private ArchitectureRules() {}

  /** Classes of {@code module} use no other library module and not the platform. */
  public static ArchRule usesNoOtherModule(String module) {
    String[] others =
        Stream.concat(LIBRARY_MODULES.stream().filter(m -> !m.equals(module)), Stream.of(PLATFORM))
            .map(m -> m + "..")
            .toArray(String[]::new);
    return noClasses()
        .that()
        .resideInAPackage(module + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(others)
        .because("only platform-api wires modules together (DESIGN.md, dependency rule)")
        .allowEmptyShould(true);
  }

  /**
   * Classes of {@code module}, outside the {@code except} sub-packages, use neither Spring Web nor
   * the servlet API.
   */
  public static ArchRule usesNoSpringWeb(String module, String... except) {
    return noClasses()
        .that()
        .resideInAPackage(module + "..")
        .and()
        .resideOutsideOfPackages(subPackages(except))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework.web..", "org.springframework.http..", "jakarta.servlet..")
        .because("HTTP belongs to platform-api and the standalone GPU app (DESIGN.md)")
        .allowEmptyShould(true);
  }

  /** Classes of {@code module} use no Spring at all: the engine is a plain Java library. */
  public static ArchRule usesNoSpring(String module) {
    return noClasses()
        .that()
        .resideInAPackage(module + "..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.springframework..")
        .because("the module is a plain Java library, testable without a container (DESIGN.md)")
        .allowEmptyShould(true);
  }

  /** Only classes in {@code owners} touch {@code thirdPartyPackage} (e.g. org.rocksdb). */
  public static ArchRule onlyUsedIn(String thirdPartyPackage, String... owners) {
    return noClasses()
        .that()
        .resideOutsideOfPackages(subPackages(owners))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(thirdPartyPackage + "..")
        .because(thirdPartyPackage + " is fenced behind " + String.join(", ", owners))
        .allowEmptyShould(true);
  }

  private static String[] subPackages(String... packages) {
    return Stream.of(packages).map(p -> p + "..").toArray(String[]::new);
  }
}
