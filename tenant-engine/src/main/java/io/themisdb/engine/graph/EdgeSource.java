package io.themisdb.engine.graph;

/** An edge collection a traversal follows, in a direction. */
public record EdgeSource(String collection, Direction direction) {}
