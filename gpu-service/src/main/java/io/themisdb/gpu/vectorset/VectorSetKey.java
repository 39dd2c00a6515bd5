package io.themisdb.gpu.vectorset;

import io.themisdb.gpu.job.InvalidJobException;

/** Names one version of one tenant's vector set. */
public record VectorSetKey(String tenant, String set, long version) {

  public VectorSetKey {
    if (tenant == null || tenant.isBlank()) {
      throw new InvalidJobException("tenant must not be blank");
    }
    if (set == null || set.isBlank()) {
      throw new InvalidJobException("set must not be blank");
    }
    if (version < 0) {
      throw new InvalidJobException("version must be >= 0, was " + version);
    }
  }
}
