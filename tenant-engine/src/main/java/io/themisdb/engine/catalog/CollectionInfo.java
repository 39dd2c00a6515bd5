package io.themisdb.engine.catalog;

/**
 * A collection's metadata. The numeric {@code id} prefixes its storage keys, so that keys stay
 * short and a collection can be renamed later without rewriting data.
 */
public record CollectionInfo(int id, String name, CollectionType type) {}
