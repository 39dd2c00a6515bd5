package io.themisdb.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.themisdb.billing.violation.Invoice;
import io.themisdb.engine.violation.EngineUsingBillingAndWeb;
import org.junit.jupiter.api.Test;

/** The shared rules must catch what DESIGN.md forbids, or the modules' tests prove nothing. */
class ArchitectureRulesTest {

  private final JavaClasses classes =
      new ClassFileImporter().importClasses(EngineUsingBillingAndWeb.class, Invoice.class);

  @Test
  void moduleUsingAnotherModuleIsCaught() {
    assertThat(
            ArchitectureRules.usesNoOtherModule("io.themisdb.engine")
                .evaluate(classes)
                .hasViolation())
        .isTrue();
    assertThat(
            ArchitectureRules.usesNoOtherModule("io.themisdb.billing")
                .evaluate(classes)
                .hasViolation())
        .isFalse();
  }

  @Test
  void springWebOutsideItsAllowedPackageIsCaught() {
    assertThat(
            ArchitectureRules.usesNoSpringWeb("io.themisdb.engine")
                .evaluate(classes)
                .hasViolation())
        .isTrue();
    assertThat(
            ArchitectureRules.usesNoSpringWeb("io.themisdb.engine", "io.themisdb.engine.violation")
                .evaluate(classes)
                .hasViolation())
        .isFalse();
    assertThat(
            ArchitectureRules.usesNoSpring("io.themisdb.engine").evaluate(classes).hasViolation())
        .isTrue();
  }

  @Test
  void thirdPartyOutsideItsFenceIsCaught() {
    assertThat(
            ArchitectureRules.onlyUsedIn("org.springframework.http", "io.themisdb.engine.storage")
                .evaluate(classes)
                .hasViolation())
        .isTrue();
    assertThat(
            ArchitectureRules.onlyUsedIn("org.springframework.http", "io.themisdb.engine.violation")
                .evaluate(classes)
                .hasViolation())
        .isFalse();
  }
}
