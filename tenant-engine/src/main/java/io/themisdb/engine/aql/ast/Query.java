package io.themisdb.engine.aql.ast;

import java.util.List;

/** A query or subquery: its operations in order. */
public record Query(List<Operation> operations) {
  public Query {
    operations = List.copyOf(operations);
  }
}
