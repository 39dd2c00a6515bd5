package io.themisdb.platform.gpu;

import io.themisdb.billing.plan.Plans;
import io.themisdb.platform.billing.PlanChanged;
import io.themisdb.platform.tenancy.Tenant;
import io.themisdb.platform.tenancy.TenantStatus;
import io.themisdb.platform.tenancy.Tenants;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Gives each tenant its plan's weight ({@code PlanLimits.gpuWeight()}) in the GPU service's fair
 * scheduler: every tenant's at start-up (the scheduler keeps weights in memory only), and a
 * tenant's again once a plan change is committed. Tenant ids are the scheduler's tenant names, as
 * {@link GpuBatchAccelerator} submits them.
 */
@Component
class GpuPlanWeights {

  private static final Logger log = LoggerFactory.getLogger(GpuPlanWeights.class);
  private static final int PAGE = 500;

  private final GpuJobs jobs;
  private final Plans plans;
  private final Tenants tenants;

  GpuPlanWeights(GpuConfiguration.GpuDeployment deployment, Plans plans, Tenants tenants) {
    this.jobs = deployment.jobs();
    this.plans = plans;
    this.tenants = tenants;
  }

  @EventListener(ApplicationReadyEvent.class)
  void setAll() {
    int set = 0;
    for (int offset = 0; ; offset += PAGE) {
      List<Tenant> page = tenants.list(PAGE, offset);
      for (Tenant tenant : page) {
        if (tenant.status() != TenantStatus.DELETED && set(tenant.id(), tenant.planId())) {
          set++;
        }
      }
      if (page.size() < PAGE) {
        break;
      }
    }
    log.info("GPU scheduler weights set for {} tenants from their plans", set);
  }

  @TransactionalEventListener(fallbackExecution = true)
  void planChanged(PlanChanged change) {
    set(change.tenantId(), change.planCode());
  }

  /** False when the weight could not be set; the scheduler then keeps the tenant's old weight. */
  private boolean set(UUID tenant, String planCode) {
    int weight = plans.byCode(planCode).limits().gpuWeight();
    try {
      jobs.setWeight(tenant.toString(), weight);
      return true;
    } catch (GpuServiceUnavailableException e) {
      // A remote service that is down keeps the old weight; the next start-up or change fixes it.
      log.warn("GPU weight {} of tenant {} not set: {}", weight, tenant, e.getMessage());
      return false;
    }
  }
}
