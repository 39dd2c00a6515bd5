package io.themisdb.platform.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

  @Test
  void acceptsALongPassphraseWithoutCompositionRules() {
    assertThat(PasswordPolicy.violation("correct horse battery", "a@example.org")).isNull();
  }

  @Test
  void refusesShortCommonRepetitiveAndEmailPasswords() {
    assertThat(PasswordPolicy.violation("short", "a@example.org")).contains("at least 12");
    assertThat(PasswordPolicy.violation("Password1234", "a@example.org")).contains("easy to guess");
    assertThat(PasswordPolicy.violation("abababababababab", "a@example.org"))
        .contains("easy to guess");
    assertThat(PasswordPolicy.violation("my-a@example.org-pass", "A@Example.org"))
        .contains("email");
    assertThat(PasswordPolicy.violation("x".repeat(129) + "yzw", "a@example.org"))
        .contains("at most");
  }

  @Test
  void countsCharactersNotUtf16Units() {
    // 11 emoji are 22 UTF-16 units but only 11 characters: too short.
    assertThat(PasswordPolicy.violation("😀😁😂🤣😃😄😅😆😉😊😋", null)).contains("at least 12");
  }
}
