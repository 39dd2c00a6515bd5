package io.themisdb.engine.changelog;

/**
 * One committed change to one document.
 *
 * @param sequence position in the database's change log; increases with every record, in commit
 *     order
 * @param revision the document's new {@code _rev}; for {@link ChangeOperation#REMOVE} the revision
 *     that was removed
 */
public record ChangeRecord(
    long sequence, String collection, String key, ChangeOperation operation, String revision) {}
