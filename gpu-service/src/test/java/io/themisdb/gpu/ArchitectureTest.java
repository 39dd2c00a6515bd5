package io.themisdb.gpu;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.themisdb.testsupport.ArchitectureRules;

/** DESIGN.md's dependency rule for this module, checked on every build. */
@AnalyzeClasses(packages = "io.themisdb.gpu", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule usesNoOtherModule = ArchitectureRules.usesNoOtherModule("io.themisdb.gpu");

  @ArchTest
  static final ArchRule usesNoSpringWeb =
      ArchitectureRules.usesNoSpringWeb("io.themisdb.gpu", "io.themisdb.gpu.app");

  @ArchTest
  static final ArchRule onlyTheCudaAcceleratorUsesJcuda =
      ArchitectureRules.onlyUsedIn("jcuda", "io.themisdb.gpu.accelerator.cuda");
}
