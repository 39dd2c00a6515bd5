package io.themisdb.platform.tenancy;

import io.themisdb.platform.audit.AuditEvent.Outcome;
import io.themisdb.platform.audit.AuditLog;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import java.security.Principal;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' admin API over tenants (operator role only, enforced by the console security
 * chain): list, inspect, suspend, resume, delete. Each action is audited under the tenant.
 */
@RestController
@RequestMapping("/console/api/operator/tenants")
class OperatorTenantController {

  private final Tenants tenants;
  private final AuditLog audit;
  private final ApplicationEventPublisher events;

  OperatorTenantController(Tenants tenants, AuditLog audit, ApplicationEventPublisher events) {
    this.tenants = tenants;
    this.audit = audit;
    this.events = events;
  }

  @GetMapping
  List<Tenant> list(
      @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
    return tenants.list(Math.clamp(limit, 1, 1000), Math.max(offset, 0));
  }

  @GetMapping("/{id}")
  Tenant get(@PathVariable UUID id) {
    return tenants.find(id).orElseThrow(() -> notFound(id));
  }

  @PostMapping("/{id}/suspend")
  @Transactional
  Tenant suspend(@PathVariable UUID id, Principal operator) {
    return move(id, TenantStatus.ACTIVE, TenantStatus.SUSPENDED, "tenant.suspended", operator);
  }

  @PostMapping("/{id}/resume")
  @Transactional
  Tenant resume(@PathVariable UUID id, Principal operator) {
    return move(id, TenantStatus.SUSPENDED, TenantStatus.ACTIVE, "tenant.resumed", operator);
  }

  /**
   * Marks the tenant deleted: its sign-ins and tokens stop at once, and its engine data and backups
   * are destroyed once this commits.
   */
  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Transactional
  void delete(@PathVariable UUID id, Principal operator) {
    Tenant tenant = get(id);
    if (tenant.status() == TenantStatus.DELETED) {
      return;
    }
    move(id, tenant.status(), TenantStatus.DELETED, "tenant.deleted", operator);
    events.publishEvent(new TenantDeleted(id));
  }

  private Tenant move(
      UUID id, TenantStatus from, TenantStatus to, String action, Principal operator) {
    Tenant tenant = get(id);
    if (!tenants.transition(id, from, to)) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "The tenant is " + tenant.status() + "; it must be " + from + " for this action.");
    }
    audit.record(id, operator.getName(), action, tenant.slug(), Outcome.SUCCESS);
    if (to != TenantStatus.DELETED) {
      events.publishEvent(new TenantStatusChanged(id, from, to, "operator"));
    }
    return get(id);
  }

  private static ProblemException notFound(UUID id) {
    return new ProblemException(ProblemType.NOT_FOUND, "No tenant " + id + ".");
  }
}
