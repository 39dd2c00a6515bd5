package io.themisdb.encryption.rotation;

import io.themisdb.encryption.files.OwnerOnlyFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/** Checkpoints as small properties files, {@code <directory>/<jobId>.checkpoint}. */
public final class FileCheckpointStore implements CheckpointStore {

  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");

  private final Path directory;

  public FileCheckpointStore(Path directory) {
    this.directory = directory.toAbsolutePath();
  }

  @Override
  public Optional<ReencryptionCheckpoint> load(String jobId) {
    Path file = file(jobId);
    try {
      Properties properties = new Properties();
      properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
      return Optional.of(
          new ReencryptionCheckpoint(
              jobId,
              properties.getProperty("lastId"),
              Long.parseLong(properties.getProperty("processed")),
              Long.parseLong(properties.getProperty("rewritten")),
              Long.parseLong(properties.getProperty("total")),
              Boolean.parseBoolean(properties.getProperty("finished")),
              Instant.parse(properties.getProperty("updatedAt"))));
    } catch (NoSuchFileException absent) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  @Override
  public void save(ReencryptionCheckpoint checkpoint) {
    Properties properties = new Properties();
    if (checkpoint.lastId() != null) {
      properties.setProperty("lastId", checkpoint.lastId());
    }
    properties.setProperty("processed", Long.toString(checkpoint.processed()));
    properties.setProperty("rewritten", Long.toString(checkpoint.rewritten()));
    properties.setProperty("total", Long.toString(checkpoint.total()));
    properties.setProperty("finished", Boolean.toString(checkpoint.finished()));
    properties.setProperty("updatedAt", checkpoint.updatedAt().toString());
    Path file = file(checkpoint.jobId());
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      properties.store(bytes, null);
      OwnerOnlyFiles.writeAtomically(file, bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  @Override
  public void delete(String jobId) {
    Path file = file(jobId);
    try {
      OwnerOnlyFiles.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + file, e);
    }
  }

  private Path file(String jobId) {
    if (!JOB_ID.matcher(jobId).matches()) {
      throw new IllegalArgumentException("Job id '" + jobId + "' is not usable as a file name");
    }
    return directory.resolve(jobId + ".checkpoint");
  }
}
