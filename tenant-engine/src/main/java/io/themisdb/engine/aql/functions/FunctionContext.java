package io.themisdb.engine.aql.functions;

import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** What a function may ask of the running query: its documents and its clock. */
public interface FunctionContext {

  /** The document, read in the query's transaction; empty when it does not exist. */
  Optional<ObjectNode> document(String collection, String key);

  /** The query's start time: every DATE_NOW() of one query sees the same instant. */
  Instant now();

  /** The name of the database the query runs in. */
  String databaseName();

  /** Runs batches of exact distance work (GEO_DISTANCES) for the query's host. */
  io.themisdb.engine.spi.BatchAccelerator accelerator();
}
