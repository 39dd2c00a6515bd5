package io.themisdb.billing;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.themisdb.testsupport.ArchitectureRules;

/** DESIGN.md's dependency rule for this module, checked on every build. */
@AnalyzeClasses(
    packages = "io.themisdb.billing",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule usesNoOtherModule =
      ArchitectureRules.usesNoOtherModule("io.themisdb.billing");

  @ArchTest
  static final ArchRule usesNoSpringWeb = ArchitectureRules.usesNoSpringWeb("io.themisdb.billing");

  @ArchTest
  static final ArchRule usesNoSpring = ArchitectureRules.usesNoSpring("io.themisdb.billing");

  @ArchTest
  static final ArchRule onlyRedisBackendTouchesLettuce =
      ArchitectureRules.onlyUsedIn("io.lettuce", "io.themisdb.billing.quota.redis");

  @ArchTest
  static final ArchRule onlyRateLimitingTouchesBucket4j =
      ArchitectureRules.onlyUsedIn("io.github.bucket4j", "io.themisdb.billing.quota");

  @ArchTest
  static final ArchRule onlyPaymentEventsTouchStripe =
      ArchitectureRules.onlyUsedIn("com.stripe", "io.themisdb.billing.payment");

  @ArchTest
  static final ArchRule onlyJdbcStoresTouchJavaSql =
      ArchitectureRules.onlyUsedIn(
          "java.sql", "io.themisdb.billing.metering.jdbc", "io.themisdb.billing.invoice.jdbc");
}
