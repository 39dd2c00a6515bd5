package io.themisdb.encryption.rotation;

import java.time.Instant;

/**
 * Progress of a re-encryption job, saved after every batch so that a restart resumes after {@code
 * lastId}. Holds ids and counts, never values.
 *
 * @param lastId the last item handled, null before the first batch
 * @param processed items visited so far
 * @param rewritten of those, items that were re-encrypted (the others were already current)
 * @param total the source's estimated count when the job last looked
 * @param finished whether the source was exhausted
 */
public record ReencryptionCheckpoint(
    String jobId,
    String lastId,
    long processed,
    long rewritten,
    long total,
    boolean finished,
    Instant updatedAt) {

  static ReencryptionCheckpoint start(String jobId, long total, Instant now) {
    return new ReencryptionCheckpoint(jobId, null, 0, 0, total, false, now);
  }

  ReencryptionCheckpoint advance(
      String lastId, int processed, int rewritten, long total, Instant now) {
    return new ReencryptionCheckpoint(
        jobId,
        lastId,
        this.processed + processed,
        this.rewritten + rewritten,
        Math.max(total, this.processed + processed),
        false,
        now);
  }

  ReencryptionCheckpoint finish(Instant now) {
    return new ReencryptionCheckpoint(jobId, lastId, processed, rewritten, processed, true, now);
  }
}
