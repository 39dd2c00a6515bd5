package io.themisdb.billing.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.billing.plan.RequestLimit;
import io.themisdb.testsupport.StructuredFieldList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

  private final RequestLimit burst = new RequestLimit("burst", 10, 1);
  private final RequestLimit sustained = new RequestLimit("sustained", 1000, 3600);

  @Test
  void policyFieldIsAListOfNamedQuotaItems() {
    String value = RateLimitHeaders.policy(List.of(burst, sustained));

    assertThat(value).isEqualTo("\"burst\";q=10;w=1, \"sustained\";q=1000;w=3600");
    List<StructuredFieldList.Member> members = StructuredFieldList.parse(value);
    assertThat(members)
        .extracting(StructuredFieldList.Member::value)
        .containsExactly("burst", "sustained");
    assertThat(members.get(1).parameters()).isEqualTo(Map.of("q", 1000L, "w", 3600L));
  }

  @Test
  void rateLimitFieldListsThePolicyClosestToExhaustionFirst() {
    RequestLimit clientBurst = new RequestLimit("client-burst", 5, 1);
    var decision =
        new RateLimitDecision.Allowed(
            List.of(
                new PolicyStatus(burst, 6, 1), // 60 % left
                new PolicyStatus(sustained, 900, 360), // 90 % left
                new PolicyStatus(clientBurst, 1, 1))); // 20 % left

    List<StructuredFieldList.Member> members =
        StructuredFieldList.parse(RateLimitHeaders.rateLimit(decision));

    assertThat(members)
        .extracting(StructuredFieldList.Member::value)
        .containsExactly("client-burst", "burst", "sustained");
    assertThat(members.get(0).parameters()).isEqualTo(Map.of("r", 1L, "t", 1L));
  }

  @Test
  void rateLimitFieldCarriesRemainingAndResetPerPolicy() {
    var decision =
        new RateLimitDecision.Allowed(
            List.of(new PolicyStatus(burst, 9, 1), new PolicyStatus(sustained, 999, 4)));

    String value = RateLimitHeaders.rateLimit(decision);

    assertThat(value).isEqualTo("\"burst\";r=9;t=1, \"sustained\";r=999;t=4");
    assertThat(StructuredFieldList.parse(value).get(0).parameters())
        .isEqualTo(Map.of("r", 9L, "t", 1L));
    assertThat(RateLimitHeaders.retryAfter(decision)).isEmpty();
  }

  @Test
  void exhaustedDecisionGivesRetryAfterSeconds() {
    var decision =
        new RateLimitDecision.Exhausted(
            List.of(new PolicyStatus(burst, 0, 1), new PolicyStatus(sustained, 5, 4)),
            1,
            List.of("burst"));

    assertThat(RateLimitHeaders.retryAfter(decision)).contains("1");
  }

  @Test
  void quotesAndBackslashesAreEscapedInStrings() {
    assertThat(RateLimitHeaders.string("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(StructuredFieldList.parse(RateLimitHeaders.string("a\"b\\c")).get(0).value())
        .isEqualTo("a\"b\\c");
  }

  @Test
  void nonAsciiCannotBeSerialisedAsAString() {
    assertThatThrownBy(() -> RateLimitHeaders.string("café"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void testParserRejectsMalformedLists() {
    // Guards the guard: the parser used by the other tests is strict enough to catch mistakes.
    assertThatThrownBy(() -> StructuredFieldList.parse("\"a\";q=1,"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StructuredFieldList.parse("\"a\";Q=1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StructuredFieldList.parse("\"a\" \"b\""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StructuredFieldList.parse("\"a;q=1"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
