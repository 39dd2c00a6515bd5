package io.themisdb.encryption.rotation;

import java.util.Optional;

/**
 * Keeps job checkpoints across restarts; {@link FileCheckpointStore} by default, a control-plane
 * table in platform-api. Saves are atomic.
 */
public interface CheckpointStore {

  Optional<ReencryptionCheckpoint> load(String jobId);

  void save(ReencryptionCheckpoint checkpoint);

  void delete(String jobId);
}
