package io.themisdb.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries candidate sources of a test service in order and returns the first that works.
 *
 * <p>A candidate answers empty when it does not apply (no environment variable set, no Docker
 * engine) and throws when it applies but fails. If no candidate works the resolution fails with
 * every reason, so a missing service is never a silent skip. A server named explicitly in the
 * environment that fails ends the resolution at once: quietly testing against another server would
 * hide the user's mistake.
 */
final class ServiceResolution {

  private static final Logger log = LoggerFactory.getLogger(ServiceResolution.class);

  /** One way to get the service. */
  record Candidate<T>(ServiceSource source, Attempt<T> attempt) {}

  /** Answers empty when the source does not apply here, throws when it applies but fails. */
  @FunctionalInterface
  interface Attempt<T> {
    Optional<T> run() throws Exception;
  }

  private ServiceResolution() {}

  static <T> T firstAvailable(String service, List<Candidate<T>> candidates) {
    List<String> reasons = new ArrayList<>();
    for (Candidate<T> candidate : candidates) {
      try {
        Optional<T> found = candidate.attempt().run();
        if (found.isPresent()) {
          log.info("{} for tests: {} ({})", service, candidate.source(), found.get());
          return found.get();
        }
        reasons.add(candidate.source() + ": not applicable here");
      } catch (Exception | LinkageError e) {
        if (candidate.source() == ServiceSource.ENVIRONMENT) {
          throw new IllegalStateException(
              "The " + service + " named in the environment is not usable: " + e, e);
        }
        reasons.add(candidate.source() + ": " + e);
      }
    }
    throw new IllegalStateException(
        "No "
            + service
            + " available for tests; tried, in order:\n  "
            + String.join("\n  ", reasons));
  }
}
