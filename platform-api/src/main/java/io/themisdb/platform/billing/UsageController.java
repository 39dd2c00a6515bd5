package io.themisdb.platform.billing;

import io.themisdb.billing.metering.DailyUsage;
import io.themisdb.billing.metering.HourlyUsage;
import io.themisdb.billing.metering.UsageHistory;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import io.themisdb.platform.tenancy.ApiCaller;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's tenant's metered usage, by UTC hour or day, as flushed to the control plane (usage
 * of the last flush interval is not in it yet). Without {@code from}/{@code to}: the last 24 hours.
 */
@RestController
class UsageController {

  private static final Duration MAX_RANGE = Duration.ofDays(366);

  private final UsageHistory history;

  UsageController(UsageHistory history) {
    this.history = history;
  }

  /** One row of the usage API; {@code storedBytes} is null where no sample was taken. */
  record UsageRow(
      Instant start, long readUnits, long writeUnits, long gpuMillis, Long storedBytes) {}

  @GetMapping("/v1/usage")
  @PreAuthorize("hasAuthority('SCOPE_billing:read')")
  List<UsageRow> usage(
      ApiCaller caller,
      @RequestParam(required = false) Instant from,
      @RequestParam(required = false) Instant to,
      @RequestParam(defaultValue = "hour") String granularity) {
    to = to == null ? Instant.now() : to;
    from = from == null ? to.minus(Duration.ofDays(1)) : from;
    if (!to.isAfter(from) || Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
      throw new ProblemException(
          ProblemType.VALIDATION_FAILED, "'to' must be after 'from' and at most 366 days later.");
    }
    List<HourlyUsage> hours =
        history.hours(caller.tenant().id().toString(), from.truncatedTo(ChronoUnit.HOURS), to);
    return switch (granularity) {
      case "hour" ->
          hours.stream()
              .map(
                  h ->
                      new UsageRow(
                          h.hour(),
                          h.readUnits(),
                          h.writeUnits(),
                          h.gpuMillis(),
                          h.hasStorageSample() ? h.storedBytes() : null))
              .toList();
      case "day" ->
          DailyUsage.of(hours).stream()
              .map(
                  d ->
                      new UsageRow(
                          d.day().atStartOfDay(ZoneOffset.UTC).toInstant(),
                          d.readUnits(),
                          d.writeUnits(),
                          d.gpuMillis(),
                          d.storedBytes() == HourlyUsage.NO_SAMPLE ? null : d.storedBytes()))
              .toList();
      default ->
          throw new ProblemException(
              ProblemType.VALIDATION_FAILED, "granularity must be 'hour' or 'day'.");
    };
  }
}
