package io.themisdb.platform.gpu;

import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The GPU scheduler's queues for the operator console (operator role, enforced by the console
 * security chain): the same JSON whether the scheduler runs in-process or standalone.
 */
@RestController
class OperatorGpuController {

  private final GpuConfiguration.GpuDeployment deployment;

  OperatorGpuController(GpuConfiguration.GpuDeployment deployment) {
    this.deployment = deployment;
  }

  @GetMapping("/console/api/operator/gpu/queues")
  Object queues() {
    try {
      return deployment.jobs().queues();
    } catch (GpuServiceUnavailableException e) {
      throw new ProblemException(
          ProblemType.GPU_SERVICE_UNAVAILABLE, "The GPU service did not answer: " + e.getMessage());
    }
  }
}
