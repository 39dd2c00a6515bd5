package io.themisdb.platform.signup;

import io.themisdb.platform.accounts.EmailTokens;
import io.themisdb.platform.accounts.EmailTokens.Purpose;
import io.themisdb.platform.accounts.PasswordPolicy;
import io.themisdb.platform.accounts.UserAccount;
import io.themisdb.platform.accounts.UserAccounts;
import io.themisdb.platform.audit.AuditEvent.Outcome;
import io.themisdb.platform.audit.AuditLog;
import io.themisdb.platform.mail.AccountMail;
import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import io.themisdb.platform.tenancy.Tenant;
import io.themisdb.platform.tenancy.TenantProvisioned;
import io.themisdb.platform.tenancy.Tenants;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signup: a pending account and a mailed link; following the link verifies the email and provisions
 * the tenant. Each step is one control-plane transaction, and mail goes out only after it commits,
 * so a failure leaves either everything or nothing.
 */
@Service
class Signup {

  static final Duration VERIFICATION_LIFETIME = Duration.ofHours(24);

  private final UserAccounts accounts;
  private final EmailTokens tokens;
  private final Tenants tenants;
  private final AccountMail mail;
  private final AuditLog audit;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final ApplicationEventPublisher events;

  Signup(
      UserAccounts accounts,
      EmailTokens tokens,
      Tenants tenants,
      AccountMail mail,
      AuditLog audit,
      JdbcClient jdbc,
      TransactionTemplate tx,
      ApplicationEventPublisher events) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.tenants = tenants;
    this.mail = mail;
    this.audit = audit;
    this.jdbc = jdbc;
    this.tx = tx;
    this.events = events;
  }

  void register(String email, String password, String organisationName) {
    PasswordPolicy.check(password, email);
    String token;
    try {
      token =
          tx.execute(
              status -> {
                UUID user = accounts.createPending(email, password);
                jdbc.sql(
                        "INSERT INTO pending_signups (user_id, organisation_name, created_at)"
                            + " VALUES (?, ?, ?)")
                    .params(user, organisationName.strip(), OffsetDateTime.now(ZoneOffset.UTC))
                    .update();
                audit.record(null, email, "signup.registered", email, Outcome.SUCCESS);
                return tokens.issue(user, Purpose.VERIFY_EMAIL, VERIFICATION_LIFETIME);
              });
    } catch (DuplicateKeyException e) {
      // Says only what the user must know; neither the account's state nor its tenant.
      throw new ProblemException(
          ProblemType.EMAIL_TAKEN,
          "An account with this email already exists. Sign in or reset the password.");
    }
    mail.sendVerification(email.strip(), token);
  }

  /** Sends a fresh link if the email belongs to a pending account; silent otherwise. */
  void resend(String email) {
    String token =
        tx.execute(
            status ->
                accounts
                    .findByEmail(email)
                    .filter(a -> a.status() == UserAccount.Status.PENDING)
                    .map(a -> tokens.issue(a.id(), Purpose.VERIFY_EMAIL, VERIFICATION_LIFETIME))
                    .orElse(null));
    if (token != null) {
      mail.sendVerification(email.strip(), token);
    }
  }

  /** Verifies the email behind the token and provisions its tenant, all or nothing. */
  Tenant verify(String token) {
    return tx.execute(
        status -> {
          UUID user = tokens.consume(token, Purpose.VERIFY_EMAIL);
          String organisation =
              jdbc.sql("SELECT organisation_name FROM pending_signups WHERE user_id = ?")
                  .param(user)
                  .query(String.class)
                  .optional()
                  .orElse(null);
          if (!accounts.activate(user) || organisation == null) {
            // Already provisioned by an earlier link: nothing new to make.
            return tenants.ownedBy(user).orElseThrow(() -> invalidState(user));
          }
          Tenant tenant = tenants.createWithOwner(organisation, user);
          jdbc.sql("DELETE FROM pending_signups WHERE user_id = ?").param(user).update();
          audit.record(
              tenant.id(),
              accounts.emailOf(user),
              "tenant.provisioned",
              tenant.slug(),
              Outcome.SUCCESS);
          // The engine database is made after this commits (TenantDataLifecycle).
          events.publishEvent(new TenantProvisioned(tenant.id()));
          return tenant;
        });
  }

  private static IllegalStateException invalidState(UUID user) {
    return new IllegalStateException("Verified user " + user + " has neither signup nor tenant");
  }
}
