package io.themisdb.platform.accounts;

import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import java.util.Locale;
import java.util.Set;

/**
 * What a password must be, after NIST SP 800-63B: long enough, not absurdly long (hashing cost),
 * not a well-known password and not the email itself. No composition rules: they push people to
 * predictable patterns without adding strength.
 */
public final class PasswordPolicy {

  public static final int MIN_LENGTH = 12;
  public static final int MAX_LENGTH = 128;

  // The most common passwords of at least MIN_LENGTH characters in public breach lists.
  private static final Set<String> COMMON =
      Set.of(
          "123456789012",
          "1234567890123",
          "qwertyuiopas",
          "password1234",
          "passwordpassword",
          "iloveyou1234",
          "qwerty123456",
          "111111111111",
          "000000000000",
          "abcdefghijkl",
          "letmeinletmein",
          "administrator",
          "welcome12345",
          "123123123123",
          "aaaaaaaaaaaa");

  private PasswordPolicy() {}

  /** Throws a validation problem naming what is wrong; says nothing about the password itself. */
  public static void check(String password, String email) {
    String problem = violation(password, email);
    if (problem != null) {
      throw new ProblemException(ProblemType.VALIDATION_FAILED, problem);
    }
  }

  static String violation(String password, String email) {
    if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
      return "The password must have at least " + MIN_LENGTH + " characters.";
    }
    if (password.length() > MAX_LENGTH) {
      return "The password must have at most " + MAX_LENGTH + " characters.";
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (COMMON.contains(lower) || lower.chars().distinct().count() < 4) {
      return "The password is too easy to guess.";
    }
    if (email != null && lower.contains(UserAccounts.normalize(email))) {
      return "The password must not contain the email address.";
    }
    return null;
  }
}
