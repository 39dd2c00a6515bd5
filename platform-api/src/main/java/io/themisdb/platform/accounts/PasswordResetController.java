package io.themisdb.platform.accounts;

import io.themisdb.platform.accounts.EmailTokens.Purpose;
import io.themisdb.platform.audit.AuditEvent.Outcome;
import io.themisdb.platform.audit.AuditLog;
import io.themisdb.platform.mail.AccountMail;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Password reset by mailed link. Asking always answers 202, whether or not the email is known, so
 * the endpoint cannot be used to find accounts.
 */
@RestController
@RequestMapping("/v1/password-reset")
class PasswordResetController {

  static final Duration RESET_LIFETIME = Duration.ofHours(1);

  private final UserAccounts accounts;
  private final EmailTokens tokens;
  private final AccountMail mail;
  private final AuditLog audit;
  private final TransactionTemplate tx;

  PasswordResetController(
      UserAccounts accounts,
      EmailTokens tokens,
      AccountMail mail,
      AuditLog audit,
      TransactionTemplate tx) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.mail = mail;
    this.audit = audit;
    this.tx = tx;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.ACCEPTED)
  void request(@Valid @RequestBody ResetRequest request) {
    String token =
        tx.execute(
            status ->
                accounts
                    .findByEmail(request.email())
                    .filter(a -> a.status() == UserAccount.Status.ACTIVE)
                    .map(a -> tokens.issue(a.id(), Purpose.RESET_PASSWORD, RESET_LIFETIME))
                    .orElse(null));
    if (token != null) {
      mail.sendPasswordReset(request.email().strip(), token);
    }
  }

  @PostMapping("/confirm")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void confirm(@Valid @RequestBody NewPassword request) {
    tx.executeWithoutResult(
        status -> {
          UUID user = tokens.consume(request.token(), Purpose.RESET_PASSWORD);
          String email = accounts.emailOf(user);
          PasswordPolicy.check(request.password(), email);
          accounts.changePassword(user, request.password());
          audit.record(null, email, "account.password-reset", email, Outcome.SUCCESS);
        });
  }

  record ResetRequest(@NotBlank @Email @Size(max = 320) String email) {}

  record NewPassword(
      @NotBlank @Size(max = 100) String token, @NotBlank @Size(max = 1000) String password) {
    @Override
    public String toString() {
      return "NewPassword[<redacted>]";
    }
  }
}
