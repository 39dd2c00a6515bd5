package io.themisdb.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.testsupport.ServiceResolution.Candidate;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceResolutionTest {

  @Test
  void firstWorkingCandidateWinsAfterInapplicableAndFailingOnes() {
    String found =
        ServiceResolution.firstAvailable(
            "Thing",
            List.of(
                new Candidate<>(ServiceSource.LOCAL, Optional::empty),
                new Candidate<String>(
                    ServiceSource.TESTCONTAINERS,
                    () -> {
                      throw new IOException("no engine");
                    }),
                new Candidate<>(ServiceSource.EMBEDDED, () -> Optional.of("embedded")),
                new Candidate<>(ServiceSource.EMBEDDED, () -> Optional.of("never asked"))));

    assertThat(found).isEqualTo("embedded");
  }

  @Test
  void noWorkingCandidateFailsWithEveryReasonInsteadOfSkipping() {
    assertThatThrownBy(
            () ->
                ServiceResolution.firstAvailable(
                    "Thing",
                    List.of(
                        new Candidate<>(ServiceSource.LOCAL, Optional::empty),
                        new Candidate<String>(
                            ServiceSource.EMBEDDED,
                            () -> {
                              throw new IOException("initdb cannot be run as root");
                            }))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No Thing available")
        .hasMessageContaining("LOCAL: not applicable")
        .hasMessageContaining("EMBEDDED: java.io.IOException: initdb cannot be run as root");
  }

  @Test
  void failingExplicitServerStopsResolutionInsteadOfFallingBack() {
    assertThatThrownBy(
            () ->
                ServiceResolution.firstAvailable(
                    "Thing",
                    List.of(
                        new Candidate<String>(
                            ServiceSource.ENVIRONMENT,
                            () -> {
                              throw new IOException("connection refused");
                            }),
                        new Candidate<>(ServiceSource.LOCAL, () -> Optional.of("local")))))
        .hasMessageContaining("named in the environment is not usable")
        .hasMessageContaining("connection refused");
  }
}
