package io.themisdb.encryption;

import java.util.Set;

/**
 * Outcome of a KEK rotation or re-wrap.
 *
 * @param replacedKekIds the KEKs the re-wrapped keyrings were under; retire them next
 * @param kekId the primary KEK now
 * @param rewrapped how many tenant keyrings were re-wrapped
 */
public record KekRotation(Set<String> replacedKekIds, String kekId, int rewrapped) {

  public KekRotation {
    replacedKekIds = Set.copyOf(replacedKekIds);
  }
}
