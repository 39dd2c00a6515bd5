package io.themisdb.engine.aql.ast;

/** One key of SORT or of a window's ORDER BY. */
public record SortKey(Expr expr, boolean descending) {}
