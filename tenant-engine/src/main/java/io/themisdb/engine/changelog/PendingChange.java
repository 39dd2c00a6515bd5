package io.themisdb.engine.changelog;

/** A change made in a transaction that has not committed yet, so it has no sequence. */
public record PendingChange(
    String collection, String key, ChangeOperation operation, String revision) {}
