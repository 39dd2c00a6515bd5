package io.themisdb.engine.aql.ast;

/**
 * {@code ROWS BETWEEN start AND end}, as offsets from the current row: negative precedes, positive
 * follows, null is unbounded on that side. Null as a whole means the default frame (the partition's
 * start to the current row when ordered, else the whole partition).
 */
public record Frame(Long start, Long end) {}
