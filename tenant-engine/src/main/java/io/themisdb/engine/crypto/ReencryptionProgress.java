package io.themisdb.engine.crypto;

/**
 * How far a pass over a collection's encrypted attributes got. Holds counts and a document key,
 * never values.
 *
 * @param lastKey the last document visited, null before the first batch
 * @param processed documents visited
 * @param rewritten of those, documents whose attributes were encrypted or re-encrypted
 * @param total documents in the collection when the pass started (more may be added meanwhile)
 * @param finished whether the pass reached the end of the collection
 */
public record ReencryptionProgress(
    String collection,
    String lastKey,
    long processed,
    long rewritten,
    long total,
    boolean finished) {}
