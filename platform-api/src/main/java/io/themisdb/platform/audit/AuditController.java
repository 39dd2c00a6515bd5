package io.themisdb.platform.audit;

import io.themisdb.platform.tenancy.ApiCaller;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's tenant's audit log, newest first. */
@RestController
@Validated
class AuditController {

  private final AuditLog audit;

  AuditController(AuditLog audit) {
    this.audit = audit;
  }

  @GetMapping("/v1/audit")
  @PreAuthorize("hasAuthority('SCOPE_audit:read')")
  List<AuditEvent> events(
      ApiCaller caller,
      @RequestParam(defaultValue = "100")
          @jakarta.validation.constraints.Min(1)
          @jakarta.validation.constraints.Max(1000)
          int limit) {
    return audit.forTenant(caller.tenant().id(), limit);
  }
}
