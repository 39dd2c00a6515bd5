package io.themisdb.platform.accounts;

import java.util.UUID;

/** A person who can sign in to the console. The password hash never leaves this package's SQL. */
public record UserAccount(
    UUID id, String email, String displayName, Status status, boolean operator) {

  public enum Status {
    PENDING,
    ACTIVE,
    DISABLED
  }
}
