package io.themisdb.platform.keys;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.themisdb.encryption.KekRotation;
import io.themisdb.encryption.TenantKeys;
import io.themisdb.encryption.keyring.TenantKeysException;
import io.themisdb.platform.audit.AuditEvent.Outcome;
import io.themisdb.platform.audit.AuditLog;
import io.themisdb.platform.auth.ConsoleUser;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The key-encryption key (operators only): rotating it re-wraps every tenant's keyring under a new
 * KEK without touching any document; retiring the old KEK afterwards makes old copies of the
 * keyring store unreadable. Every call is audited with the operator as actor, failures included.
 */
@RestController
@RequestMapping("/console/api/operator/kek")
class OperatorKekController {

  private final TenantKeys keys;
  private final AuditLog audit;

  OperatorKekController(TenantKeys keys, AuditLog audit) {
    this.keys = keys;
    this.audit = audit;
  }

  /**
   * What a rotation or re-wrap did.
   *
   * @param kekId the primary KEK now
   * @param rewrapped tenant keyrings re-wrapped by this call
   * @param replacedKekIds the KEKs those keyrings were under; retire them once nothing needs them
   */
  record Rewrapped(String kekId, int rewrapped, List<String> replacedKekIds) {
    static Rewrapped of(KekRotation r) {
      return new Rewrapped(r.kekId(), r.rewrapped(), r.replacedKekIds().stream().sorted().toList());
    }
  }

  record Retired(String kekId) {}

  @PostMapping("/rotate")
  @Operation(
      summary = "Make a new KEK primary and re-wrap every tenant's keyring under it",
      responses = {
        @ApiResponse(responseCode = "200", description = "Rotated; counts of re-wrapped keyrings"),
        @ApiResponse(
            responseCode = "409",
            description = "conflict: the KMS rotates by itself; key-version-unavailable: a keyring")
      })
  Rewrapped rotate(@AuthenticationPrincipal ConsoleUser operator) {
    KekRotation done = audited(operator, "kek.rotated", null, keys::rotateKek);
    return Rewrapped.of(done);
  }

  /** Resumes a rotation that stopped part way (a tenant's keyring failed): idempotent. */
  @PostMapping("/rewrap")
  @Operation(summary = "Re-wrap the keyrings not yet under the primary KEK (resume a rotation)")
  Rewrapped rewrap(@AuthenticationPrincipal ConsoleUser operator) {
    return Rewrapped.of(audited(operator, "kek.rewrapped", null, keys::rewrapAll));
  }

  @PostMapping("/{kekId}/retire")
  @Operation(
      summary = "Delete a KEK that no keyring is wrapped under any more",
      responses = {
        @ApiResponse(responseCode = "200", description = "Retired"),
        @ApiResponse(
            responseCode = "409",
            description = "conflict: still wraps keyrings, is the primary, or is unknown")
      })
  Retired retire(@AuthenticationPrincipal ConsoleUser operator, @PathVariable String kekId) {
    audited(
        operator,
        "kek.retired",
        kekId,
        () -> {
          keys.retireKek(kekId);
          return kekId;
        });
    return new Retired(kekId);
  }

  private <T> T audited(ConsoleUser operator, String action, String target, Supplier<T> work) {
    try {
      T result = work.get();
      String done = result instanceof KekRotation r ? r.kekId() : target;
      audit.record(null, operator.email(), action, done, Outcome.SUCCESS);
      return result;
    } catch (TenantKeysException e) {
      audit.record(
          null, operator.email(), action, target, Outcome.FAILURE, e.getClass().getSimpleName());
      throw KeysController.problem(e);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      // The provider refuses: its KMS rotates by itself, or the KEK is the primary or unknown.
      audit.record(
          null, operator.email(), action, target, Outcome.FAILURE, e.getClass().getSimpleName());
      throw new ProblemException(
          ProblemType.CONFLICT, e.getMessage(), Map.of("reason", "KEK_PROVIDER_REFUSED"));
    }
  }
}
