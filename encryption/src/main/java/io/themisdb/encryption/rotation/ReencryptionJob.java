package io.themisdb.encryption.rotation;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Re-encrypts every value of a source under the primary key version, batch by batch, saving a
 * checkpoint after each batch. After a crash, a new job with the same id and checkpoint store
 * resumes after the last saved id; items of the interrupted batch are visited again, and those
 * already re-encrypted are skipped because they are under the primary, so nothing is written twice
 * and nothing is missed. Runs on the caller's thread; {@link #stop()} ends it after the current
 * batch.
 */
public final class ReencryptionJob {

  private final String jobId;
  private final FieldReencryptor keys;
  private final ReencryptionSource source;
  private final ReencryptionSink sink;
  private final CheckpointStore checkpoints;
  private final Throttle throttle;
  private final int batchSize;
  private final Clock clock;
  private volatile ReencryptionCheckpoint progress;
  private volatile boolean stopRequested;

  /**
   * @param jobId names the checkpoint; reuse it to resume, for example {@code
   *     <tenant>-v<version>-<collection>}
   * @param batchSize items per source call and per checkpoint
   */
  public ReencryptionJob(
      String jobId,
      FieldReencryptor keys,
      ReencryptionSource source,
      ReencryptionSink sink,
      CheckpointStore checkpoints,
      Throttle throttle,
      int batchSize,
      Clock clock) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("Batch size must be positive: " + batchSize);
    }
    this.jobId = Objects.requireNonNull(jobId, "jobId");
    this.keys = keys;
    this.source = source;
    this.sink = sink;
    this.checkpoints = checkpoints;
    this.throttle = throttle;
    this.batchSize = batchSize;
    this.clock = clock;
  }

  /**
   * Runs to the end of the source, or until {@link #stop()}, resuming from the checkpoint.
   *
   * @return the last checkpoint; {@code finished()} tells whether the source was exhausted
   * @throws InterruptedException if interrupted while throttled; the checkpoint stays valid
   */
  public ReencryptionCheckpoint run() throws InterruptedException {
    ReencryptionCheckpoint checkpoint =
        checkpoints
            .load(jobId)
            .orElseGet(
                () ->
                    ReencryptionCheckpoint.start(jobId, source.estimatedCount(), clock.instant()));
    progress = checkpoint;
    while (!checkpoint.finished() && !stopRequested) {
      List<EncryptedItem> batch = source.nextBatch(checkpoint.lastId(), batchSize);
      if (batch.isEmpty()) {
        checkpoint = checkpoint.finish(clock.instant());
      } else {
        throttle.acquire(batch.size());
        int rewritten = 0;
        for (EncryptedItem item : batch) {
          if (!keys.isUnderPrimary(item.binding(), item.ciphertext())) {
            sink.replace(item, keys.reencrypt(item.binding(), item.ciphertext()));
            rewritten++;
          }
        }
        checkpoint =
            checkpoint.advance(
                batch.getLast().id(),
                batch.size(),
                rewritten,
                source.estimatedCount(),
                clock.instant());
        if (batch.size() < batchSize) {
          checkpoint = checkpoint.finish(clock.instant());
        }
      }
      checkpoints.save(checkpoint);
      progress = checkpoint;
    }
    return checkpoint;
  }

  /** Asks a running job to stop after its current batch; the checkpoint lets it resume. */
  public void stop() {
    stopRequested = true;
  }

  /** The latest saved progress, or empty before {@link #run()} started; safe from any thread. */
  public Optional<ReencryptionCheckpoint> progress() {
    return Optional.ofNullable(progress);
  }

  public String jobId() {
    return jobId;
  }
}
