package io.themisdb.platform.auth;

import io.themisdb.platform.tenancy.TenantRole;
import java.io.Serializable;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Who is signed in to the console. {@code tenantId} and {@code role} are null for an operator who
 * belongs to no tenant. Kept in the HTTP session, hence serializable and free of secrets.
 */
public record ConsoleUser(
    UUID userId, String email, boolean operator, UUID tenantId, TenantRole role)
    implements Principal, Serializable {

  /** The email: what audit entries name as the actor. */
  @Override
  public String getName() {
    return email;
  }

  public static final String OPERATOR = "ROLE_OPERATOR";

  List<GrantedAuthority> authorities() {
    List<GrantedAuthority> authorities = new ArrayList<>();
    if (operator) {
      authorities.add(new SimpleGrantedAuthority(OPERATOR));
    }
    if (role != null) {
      authorities.add(new SimpleGrantedAuthority(tenantAuthority(role)));
    }
    return authorities;
  }

  public static String tenantAuthority(TenantRole role) {
    return "TENANT_" + role.name();
  }
}
