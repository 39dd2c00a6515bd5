package io.themisdb.platform.tenancy;

import java.time.Instant;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own tenant: what a token belongs to, and a cheap authenticated round trip. */
@RestController
class TenantController {

  @GetMapping("/v1/tenant")
  TenantView tenant(ApiCaller caller) {
    return TenantView.of(caller.tenant());
  }

  record TenantView(
      UUID id, String slug, String name, String status, String plan, Instant createdAt) {
    static TenantView of(Tenant t) {
      return new TenantView(
          t.id(), t.slug(), t.displayName(), t.status().name(), t.planId(), t.createdAt());
    }
  }
}
