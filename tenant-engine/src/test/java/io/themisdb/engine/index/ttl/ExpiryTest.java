package io.themisdb.engine.index.ttl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.engine.index.IndexKind;
import io.themisdb.engine.index.IndexSpec;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ExpiryTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static OptionalLong millis(String json) {
    JsonNode value = JSON.readTree(json);
    return Expiry.millis(value);
  }

  @Test
  void numbersAreEpochMilliseconds() {
    assertThat(millis("1700000000123")).hasValue(1_700_000_000_123L);
    assertThat(millis("-5")).hasValue(-5);
    assertThat(millis("12.9")).hasValue(12);
    assertThat(millis("99999999999999999999999")).isEmpty();
    assertThat(millis("1e300")).isEmpty();
  }

  @Test
  void isoDateTimesWithOrWithoutOffsetAreRead() {
    assertThat(millis("\"1970-01-01T00:00:01Z\"")).hasValue(1000);
    assertThat(millis("\"1970-01-01T01:00:01+01:00\"")).hasValue(1000);
    assertThat(millis("\"1970-01-01T01:00:01.5+01:00[Europe/Paris]\"")).hasValue(1500);
    assertThat(millis("\"1970-01-01T00:00:02\"")).hasValue(2000);
  }

  @Test
  void otherValuesAreNoTimestamp() {
    for (String json :
        List.of("null", "true", "\"\"", "\"soon\"", "\"1970-01-01\"", "[1]", "{\"a\":1}")) {
      assertThat(millis(json)).as(json).isEmpty();
    }
    assertThat(Expiry.millis(null)).isEmpty();
  }

  @Test
  void aTtlIndexHasOneAttributeAndIsNeverUnique() {
    assertThat(IndexSpec.ttl("t", "at").kind()).isEqualTo(IndexKind.TTL);
    assertThat(IndexSpec.ttl("t", "at").sparse()).isTrue();
    assertThatThrownBy(() -> new IndexSpec("t", List.of("a", "b"), false, true, IndexKind.TTL))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IndexSpec.ttl("t", "at").asUnique())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
