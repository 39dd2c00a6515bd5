package io.themisdb.gpu.app;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.themisdb.testsupport.ArchitectureRules;

/** The standalone app serves gpu-service alone: it wires no other module (DESIGN.md). */
@AnalyzeClasses(
    packages = "io.themisdb.gpu.app",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule usesNoOtherModule = ArchitectureRules.usesNoOtherModule("io.themisdb.gpu");
}
