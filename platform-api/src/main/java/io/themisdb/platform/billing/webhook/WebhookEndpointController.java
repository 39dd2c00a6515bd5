package io.themisdb.platform.billing.webhook;

import io.themisdb.billing.webhook.WebhookSecret;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import io.themisdb.platform.tenancy.ApiCaller;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's tenant's webhook endpoints, their delivery log and manual redelivery. The signing
 * secret is shown once, in the answer that creates the endpoint. Another tenant's endpoints and
 * deliveries answer 404.
 */
@RestController
class WebhookEndpointController {

  private static final int MAX_DELIVERIES = 100;

  private final WebhookEndpoints endpoints;
  private final WebhookDeliveries deliveries;
  private final WebhookSettings settings;
  private final SecureRandom random = new SecureRandom();

  WebhookEndpointController(
      WebhookEndpoints endpoints, WebhookDeliveries deliveries, WebhookSettings settings) {
    this.endpoints = endpoints;
    this.deliveries = deliveries;
    this.settings = settings;
  }

  record NewEndpoint(String url, List<String> eventTypes) {}

  /** An endpoint as created: the only answer that carries its {@code whsec_} secret. */
  record CreatedEndpoint(
      UUID id,
      URI url,
      List<String> eventTypes,
      boolean enabled,
      Instant createdAt,
      String secret) {}

  @PostMapping("/v1/webhooks/endpoints")
  @PreAuthorize("hasAuthority('SCOPE_billing:manage')")
  @ResponseStatus(HttpStatus.CREATED)
  @Transactional
  CreatedEndpoint create(ApiCaller caller, @RequestBody NewEndpoint request) {
    UUID tenant = caller.tenant().id();
    URI url;
    try {
      url = WebhookUrls.parse(request.url(), settings.allowPrivateAddresses());
    } catch (IllegalArgumentException e) {
      throw new ProblemException(ProblemType.VALIDATION_FAILED, e.getMessage() + ".");
    }
    List<String> types = eventTypes(request.eventTypes());
    if (endpoints.count(tenant) >= settings.maxEndpoints()) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "A tenant has at most " + settings.maxEndpoints() + " webhook endpoints.");
    }
    WebhookSecret secret = WebhookSecret.generate(random);
    WebhookEndpoint e = endpoints.create(tenant, url, types, secret);
    return new CreatedEndpoint(
        e.id(), e.url(), e.eventTypes(), e.enabled(), e.createdAt(), secret.encoded());
  }

  @GetMapping("/v1/webhooks/endpoints")
  @PreAuthorize("hasAuthority('SCOPE_billing:read')")
  List<WebhookEndpoint> list(ApiCaller caller) {
    return endpoints.list(caller.tenant().id());
  }

  @GetMapping("/v1/webhooks/endpoints/{endpoint}")
  @PreAuthorize("hasAuthority('SCOPE_billing:read')")
  WebhookEndpoint get(ApiCaller caller, @PathVariable String endpoint) {
    return find(caller, endpoint);
  }

  @DeleteMapping("/v1/webhooks/endpoints/{endpoint}")
  @PreAuthorize("hasAuthority('SCOPE_billing:manage')")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Transactional
  void delete(ApiCaller caller, @PathVariable String endpoint) {
    if (!endpoints.delete(caller.tenant().id(), id(endpoint))) {
      throw notFound(endpoint);
    }
  }

  /** Enables a disabled endpoint again; deliveries given up stay so until redelivered. */
  @PostMapping("/v1/webhooks/endpoints/{endpoint}/enable")
  @PreAuthorize("hasAuthority('SCOPE_billing:manage')")
  @Transactional
  WebhookEndpoint enable(ApiCaller caller, @PathVariable String endpoint) {
    WebhookEndpoint e = find(caller, endpoint);
    endpoints.enable(e.id());
    return find(caller, endpoint);
  }

  @GetMapping("/v1/webhooks/endpoints/{endpoint}/deliveries")
  @PreAuthorize("hasAuthority('SCOPE_billing:read')")
  List<WebhookDelivery> deliveries(
      ApiCaller caller,
      @PathVariable String endpoint,
      @RequestParam(defaultValue = "50") int limit) {
    WebhookEndpoint e = find(caller, endpoint);
    return deliveries.ofEndpoint(e.id(), Math.clamp(limit, 1, MAX_DELIVERIES));
  }

  /** Sends a delivery again now, whatever its state, with a fresh retry schedule. */
  @PostMapping("/v1/webhooks/deliveries/{delivery}/redeliver")
  @PreAuthorize("hasAuthority('SCOPE_billing:manage')")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Transactional
  void redeliver(ApiCaller caller, @PathVariable String delivery) {
    UUID tenant = caller.tenant().id();
    UUID id = id(delivery);
    UUID endpoint = deliveries.endpointOf(tenant, id).orElseThrow(() -> notFound(delivery));
    if (!endpoints.find(tenant, endpoint).map(WebhookEndpoint::enabled).orElse(false)) {
      throw new ProblemException(
          ProblemType.CONFLICT, "The endpoint is disabled; enable it before redelivering.");
    }
    deliveries.redeliver(id);
  }

  private WebhookEndpoint find(ApiCaller caller, String endpoint) {
    return endpoints.find(caller.tenant().id(), id(endpoint)).orElseThrow(() -> notFound(endpoint));
  }

  private static List<String> eventTypes(List<String> requested) {
    if (requested == null || requested.isEmpty()) {
      throw new ProblemException(
          ProblemType.VALIDATION_FAILED,
          "eventTypes must list at least one of " + WebhookEventType.wireNames() + ".");
    }
    for (String t : requested) {
      if (WebhookEventType.of(t).isEmpty()) {
        throw new ProblemException(
            ProblemType.VALIDATION_FAILED,
            "Unknown event type " + t + "; one of " + WebhookEventType.wireNames() + ".");
      }
    }
    return List.copyOf(new LinkedHashSet<>(requested));
  }

  /** A malformed id cannot name anything of the caller's: 404 like any other unknown id. */
  private static UUID id(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw notFound(text);
    }
  }

  private static ProblemException notFound(String id) {
    return new ProblemException(
        ProblemType.NOT_FOUND, "No webhook endpoint or delivery " + id + ".");
  }
}
