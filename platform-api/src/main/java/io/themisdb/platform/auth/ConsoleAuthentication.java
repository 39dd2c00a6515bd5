package io.themisdb.platform.auth;

import io.themisdb.platform.accounts.UserAccount;
import io.themisdb.platform.accounts.UserAccounts;
import io.themisdb.platform.audit.AuditEvent.Outcome;
import io.themisdb.platform.audit.AuditLog;
import io.themisdb.platform.tenancy.Tenant;
import io.themisdb.platform.tenancy.TenantStatus;
import io.themisdb.platform.tenancy.Tenants;
import java.util.Optional;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Checks console credentials. Unknown email, wrong password, unverified or disabled account and
 * deleted tenant all fail with the same message, and an unknown email still costs one hash
 * comparison, so neither the answer nor its timing tells whether an account exists.
 */
@Component
class ConsoleAuthentication {

  static final String FAILED = "Email or password is wrong, or the account cannot sign in.";

  private final UserAccounts accounts;
  private final Tenants tenants;
  private final PasswordEncoder passwords;
  private final AuditLog audit;
  private final String dummyHash;

  ConsoleAuthentication(
      UserAccounts accounts, Tenants tenants, PasswordEncoder passwords, AuditLog audit) {
    this.accounts = accounts;
    this.tenants = tenants;
    this.passwords = passwords;
    this.audit = audit;
    this.dummyHash = passwords.encode("timing-equaliser-not-a-password");
  }

  ConsoleUser authenticate(String email, String password) {
    Optional<UserAccount> account = accounts.findByEmail(email);
    String hash = account.flatMap(a -> accounts.passwordHash(a.id())).orElse(dummyHash);
    boolean matches = passwords.matches(password, hash) && account.isPresent();
    if (!matches || account.get().status() != UserAccount.Status.ACTIVE) {
      fail(email, account.isPresent() ? "wrong password or inactive account" : "unknown email");
    }
    UserAccount user = account.get();
    var membership = tenants.memberships(user.id()).stream().findFirst();
    Tenant tenant = membership.flatMap(m -> tenants.find(m.tenantId())).orElse(null);
    if (tenant != null && tenant.status() == TenantStatus.DELETED) {
      fail(email, "tenant deleted");
    }
    if (tenant == null && !user.operator()) {
      fail(email, "no tenant");
    }
    audit.record(
        tenant == null ? null : tenant.id(),
        user.email(),
        "console.sign-in",
        null,
        Outcome.SUCCESS);
    return new ConsoleUser(
        user.id(),
        user.email(),
        user.operator(),
        tenant == null ? null : tenant.id(),
        membership.map(m -> m.role()).orElse(null));
  }

  private void fail(String email, String reason) {
    String actor = email.length() > 320 ? email.substring(0, 320) : email;
    audit.record(null, actor, "console.sign-in", null, Outcome.FAILURE, reason);
    throw new BadCredentialsException(FAILED);
  }
}
