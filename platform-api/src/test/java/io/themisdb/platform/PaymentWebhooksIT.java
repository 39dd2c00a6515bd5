package io.themisdb.platform;

import static io.themisdb.platform.TenantJourney.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.platform.billing.payment.PaymentStates;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Stripe webhooks in, signed here exactly as Stripe signs them ({@code t=..,v1=HMAC-SHA256(secret,
 * t + "." + body)}): valid events move the subscription and tenant exactly once; tampered, stale
 * and replayed ones change nothing. Also the test payment provider of the embedded default.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaymentWebhooksIT {

  private static final String SECRET = "whsec_it_3c9f0a7d51e24b68";

  @TempDir static Path dataDir;
  private RunningPlatform platform;
  private JdbcClient jdbc;
  private TenantApi api;
  private UUID tenant;

  @BeforeAll
  void start(CapturedOutput log) throws Exception {
    platform =
        RunningPlatform.embedded(
            dataDir,
            Map.of(
                "themis.billing.payment.stripe-webhook-secret",
                SECRET,
                // The grace period is ended by moving past_due_since back, not by waiting.
                "themis.billing.payment.grace-check-interval",
                "1h"));
    jdbc = platform.context().getBean(JdbcClient.class);
    api = RateLimitsIT.apiFor(platform, "payer@payments.example", "Payer", log);
    tenant = UUID.fromString(json(api.get("/v1/tenant")).get("id").asString());
  }

  @AfterAll
  void stop() {
    platform.close();
  }

  @Test
  void validEventsChangeStateOnceAndBadOnesNothing() throws Exception {
    String checkout =
        event(
            "evt_checkout_1",
            "checkout.session.completed",
            """
            {"id":"cs_1","object":"checkout.session","client_reference_id":"%s",\
            "customer":"cus_payer","subscription":"sub_payer","metadata":{"plan":"pro"}}"""
                .formatted(tenant));
    String header = sign(checkout, now());
    HttpResponse<String> first = deliver(checkout, header);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(json(first).get("result").asString()).isEqualTo("processed");
    assertThat(plan()).isEqualTo("pro");
    int changes = planChanges();

    // Replayed as delivered (within the tolerance): acknowledged, applied no second time.
    HttpResponse<String> replay = deliver(checkout, header);
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(json(replay).get("result").asString()).isEqualTo("duplicate");
    assertThat(planChanges()).isEqualTo(changes);

    // Tampered: the body says enterprise under pro's signature.
    String tampered =
        checkout.replace("\"pro\"", "\"enterprise\"").replace("evt_checkout_1", "evt_tampered");
    HttpResponse<String> refused = deliver(tampered, header);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused).get("type").asString())
        .isEqualTo("https://themisdb.io/problems/webhook-signature-invalid");
    assertThat(refused.body()).doesNotContain(SECRET);

    // Stale: correctly signed, but 301 s ago.
    String stale =
        event(
            "evt_stale",
            "customer.subscription.updated",
            subscription("cus_payer", "active", "enterprise"));
    assertThat(deliver(stale, sign(stale, now() - 301)).statusCode()).isEqualTo(400);
    // No signature at all, or one under another secret.
    assertThat(deliver(stale, null).statusCode()).isEqualTo(400);
    assertThat(deliver(stale, sign(stale, now(), "whsec_not_ours")).statusCode()).isEqualTo(400);

    assertThat(plan()).isEqualTo("pro");
    assertThat(planChanges()).isEqualTo(changes);
    assertThat(processed("evt_tampered")).isFalse();
    assertThat(processed("evt_stale")).isFalse();

    // An unknown type is acknowledged and ignored.
    String other = event("evt_other", "charge.refunded", "{\"id\":\"ch_1\",\"object\":\"charge\"}");
    HttpResponse<String> ignored = deliver(other, sign(other, now()));
    assertThat(ignored.statusCode()).isEqualTo(200);
    assertThat(json(ignored).get("result").asString()).isEqualTo("ignored");
  }

  @Test
  void concurrentDuplicatesApplyExactlyOnce() throws Exception {
    linkCustomer("cus_concurrent");
    String updated =
        event(
            "evt_concurrent",
            "customer.subscription.updated",
            subscription(
                "cus_concurrent", "active", plan().equals("developer") ? "pro" : "developer"));
    String header = sign(updated, now());
    int changes = planChanges();
    int threads = 8;
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int i = 0; i < threads; i++) {
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return deliver(updated, header);
                }));
      }
      go.countDown();
      int processed = 0;
      for (Future<HttpResponse<String>> a : answers) {
        HttpResponse<String> r = a.get();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        if (json(r).get("result").asString().equals("processed")) {
          processed++;
        }
      }
      assertThat(processed).isEqualTo(1);
    }
    assertThat(planChanges()).isEqualTo(changes + 1);
  }

  @Test
  void failedPaymentSuspendsAfterTheGracePeriodAndPaymentResumes() throws Exception {
    linkCustomer("cus_grace");
    String failed =
        event(
            "evt_failed",
            "invoice.payment_failed",
            "{\"id\":\"in_9\",\"object\":\"invoice\",\"customer\":\"cus_grace\"}");
    assertThat(deliver(failed, sign(failed, now())).statusCode()).isEqualTo(200);
    assertThat(status()).as("within the grace period").isEqualTo("ACTIVE");
    assertThat(json(api.get("/v1/subscription")).get("pastDueSince").isNull()).isFalse();

    PaymentStates states = platform.context().getBean(PaymentStates.class);
    assertThat(states.suspendOverdue()).as("grace period not over").isZero();
    jdbc.sql("UPDATE payment_accounts SET past_due_since = ? WHERE tenant_id = ?")
        .params(OffsetDateTime.now(ZoneOffset.UTC).minusDays(8), tenant)
        .update();
    assertThat(states.suspendOverdue()).isEqualTo(1);
    assertThat(status()).isEqualTo("SUSPENDED");
    HttpResponse<String> write = api.post("/v1/collections", "{\"name\":\"late\"}");
    assertThat(write.statusCode()).isEqualTo(403);

    String paid =
        event(
            "evt_paid",
            "invoice.paid",
            "{\"id\":\"in_9\",\"object\":\"invoice\",\"customer\":\"cus_grace\"}");
    assertThat(deliver(paid, sign(paid, now())).statusCode()).isEqualTo(200);
    assertThat(status()).isEqualTo("ACTIVE");
    assertThat(json(api.get("/v1/subscription")).get("pastDueSince").isNull()).isTrue();

    String cancelled =
        event(
            "evt_deleted",
            "customer.subscription.deleted",
            subscription("cus_grace", "canceled", null));
    assertThat(deliver(cancelled, sign(cancelled, now())).statusCode()).isEqualTo(200);
    assertThat(plan()).isEqualTo("free");
  }

  @Test
  void theTestProviderSwitchesPlansWithoutPayment(CapturedOutput log) throws Exception {
    TenantApi trial = RateLimitsIT.apiFor(platform, "trial@payments.example", "Trial", log);
    HttpResponse<String> bought =
        trial.post("/v1/subscription/test-checkout", "{\"plan\":\"developer\"}");
    assertThat(bought.statusCode()).as(bought.body()).isEqualTo(200);
    JsonNode answer = json(bought);
    assertThat(answer.get("testMode").asBoolean()).isTrue();
    assertThat(answer.get("notice").asString()).contains("no payment");
    JsonNode subscription = json(trial.get("/v1/subscription"));
    assertThat(subscription.get("plan").asString()).isEqualTo("developer");
    assertThat(subscription.get("provider").asString()).isEqualTo("test");
    assertThat(subscription.get("testProviderEnabled").asBoolean()).isTrue();

    assertThat(trial.post("/v1/subscription/test-checkout", "{\"plan\":\"gold\"}").statusCode())
        .isEqualTo(400);
    assertThat(trial.post("/v1/subscription/test-checkout", "{\"plan\":\"free\"}").statusCode())
        .isEqualTo(200);
    assertThat(json(trial.get("/v1/subscription")).get("plan").asString()).isEqualTo("free");
  }

  /** Makes {@code customerId} the tenant's, as a completed checkout does. */
  private void linkCustomer(String customerId) throws Exception {
    String checkout =
        event(
            "evt_link_" + customerId,
            "checkout.session.completed",
            """
            {"id":"cs_%s","object":"checkout.session","client_reference_id":"%s",\
            "customer":"%s","subscription":"sub_%s"}"""
                .formatted(customerId, tenant, customerId, customerId));
    assertThat(deliver(checkout, sign(checkout, now())).statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> deliver(String body, String signature) throws Exception {
    HttpRequest.Builder b =
        platform
            .request("/webhooks/stripe")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      b.header("Stripe-Signature", signature);
    }
    return platform.send(b);
  }

  private static String event(String id, String type, String object) {
    return """
        {"id":"%s","object":"event","api_version":"2025-03-31.basil","created":%d,\
        "type":"%s","livemode":false,"data":{"object":%s}}"""
        .formatted(id, now(), type, object);
  }

  private static String subscription(String customer, String status, String plan) {
    return """
        {"id":"sub_%s","object":"subscription","customer":"%s","status":"%s",\
        "metadata":{%s}}"""
        .formatted(customer, customer, status, plan == null ? "" : "\"plan\":\"" + plan + "\"");
  }

  private static String sign(String body, long t) throws Exception {
    return sign(body, t, SECRET);
  }

  /** Stripe's scheme: {@code t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}. */
  private static String sign(String body, long t, String secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] sig = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
    return "t=" + t + ",v1=" + HexFormat.of().formatHex(sig);
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }

  private String plan() {
    return jdbc.sql("SELECT plan_id FROM tenants WHERE id = ?")
        .param(tenant)
        .query(String.class)
        .single();
  }

  private String status() {
    return jdbc.sql("SELECT status FROM tenants WHERE id = ?")
        .param(tenant)
        .query(String.class)
        .single();
  }

  private int planChanges() {
    return jdbc.sql("SELECT count(*) FROM subscription_changes WHERE tenant_id = ?")
        .param(tenant)
        .query(Integer.class)
        .single();
  }

  private boolean processed(String eventId) {
    return jdbc.sql("SELECT count(*) FROM payment_events WHERE event_id = ?")
            .param(eventId)
            .query(Integer.class)
            .single()
        > 0;
  }
}
