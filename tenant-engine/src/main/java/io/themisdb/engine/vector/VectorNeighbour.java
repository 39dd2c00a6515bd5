package io.themisdb.engine.vector;

import tools.jackson.databind.node.ObjectNode;

/** A document near a query vector, with its distance (see {@link VectorHit#distance()}). */
public record VectorNeighbour(ObjectNode document, float distance) {}
