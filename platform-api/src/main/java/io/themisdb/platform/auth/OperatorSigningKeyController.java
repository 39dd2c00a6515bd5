package io.themisdb.platform.auth;

import io.themisdb.platform.audit.AuditEvent.Outcome;
import io.themisdb.platform.audit.AuditLog;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rotates the token signing key (operators only). Tokens signed by the old key stay valid until
 * they expire, because the JWKS keeps publishing it as the previous key.
 */
@RestController
class OperatorSigningKeyController {

  private final SigningKeys keys;
  private final AuditLog audit;

  OperatorSigningKeyController(SigningKeys keys, AuditLog audit) {
    this.keys = keys;
    this.audit = audit;
  }

  @PostMapping("/console/api/operator/signing-keys/rotate")
  Rotated rotate(@AuthenticationPrincipal ConsoleUser operator) {
    String kid = keys.rotate();
    audit.record(null, operator.email(), "signing-key.rotated", kid, Outcome.SUCCESS);
    return new Rotated(kid);
  }

  record Rotated(String currentKid) {}
}
