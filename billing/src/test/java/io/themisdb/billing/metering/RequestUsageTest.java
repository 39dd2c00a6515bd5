package io.themisdb.billing.metering;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RequestUsageTest {

  // RFC 8941 Dictionary whose members are all Integers: key "=" integer, joined by ", ".
  private static final String MEMBER = "[a-z*][a-z0-9_.*-]*=-?[0-9]{1,15}";
  private static final Pattern DICTIONARY = Pattern.compile(MEMBER + "(, " + MEMBER + ")*");

  @Test
  void headerIsAStructuredDictionaryOfUnits() {
    RequestUsage usage =
        RequestUsage.read(UnitRules.STANDARD, 9_000)
            .plus(RequestUsage.write(UnitRules.STANDARD, 10));

    assertThat(usage.headerValue()).isEqualTo("ru=3, wu=1").matches(DICTIONARY);
  }

  @Test
  void gpuTimeAppearsOnlyWhenUsed() {
    assertThat(new RequestUsage(1, 0, 250).headerValue())
        .isEqualTo("ru=1, wu=0, gpu-ms=250")
        .matches(DICTIONARY);
  }

  @Test
  void meterCountsARequestsUsage() {
    RecordingSink sink = new RecordingSink();
    UsageMeter meter =
        UsageMeter.manual(
            sink,
            java.time.Clock.fixed(Instant.parse("2026-03-01T10:15:00Z"), java.time.ZoneOffset.UTC));

    meter.record("acme", new RequestUsage(3, 1, 0));
    meter.flush();

    assertThat(sink.rows())
        .containsExactly(
            new HourlyUsage(
                "acme", Instant.parse("2026-03-01T10:00:00Z"), 3, 1, 0, HourlyUsage.NO_SAMPLE));
  }
}
