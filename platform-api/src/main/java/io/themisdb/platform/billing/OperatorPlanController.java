package io.themisdb.platform.billing;

import io.themisdb.billing.plan.Plans;
import io.themisdb.platform.audit.AuditEvent.Outcome;
import io.themisdb.platform.audit.AuditLog;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import java.security.Principal;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators move a tenant to another plan (operator role, enforced by the console security chain).
 * The change takes effect immediately; the next invoice prorates it.
 */
@RestController
@RequestMapping("/console/api/operator/tenants/{id}/plan")
class OperatorPlanController {

  private final Subscriptions subscriptions;
  private final Plans plans;
  private final AuditLog audit;

  OperatorPlanController(Subscriptions subscriptions, Plans plans, AuditLog audit) {
    this.subscriptions = subscriptions;
    this.plans = plans;
    this.audit = audit;
  }

  record PlanChoice(String plan) {}

  @PutMapping
  Map<String, String> change(
      @PathVariable UUID id, @RequestBody PlanChoice choice, Principal operator) {
    if (choice.plan() == null || plans.find(choice.plan()).isEmpty()) {
      throw new ProblemException(
          ProblemType.VALIDATION_FAILED, "Unknown plan: " + choice.plan() + ".");
    }
    if (!subscriptions.change(id, choice.plan())) {
      throw new ProblemException(ProblemType.NOT_FOUND, "No tenant " + id + ".");
    }
    audit.record(id, operator.getName(), "tenant.plan_changed", choice.plan(), Outcome.SUCCESS);
    return Map.of("plan", choice.plan());
  }
}
