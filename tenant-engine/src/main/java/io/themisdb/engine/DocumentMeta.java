package io.themisdb.engine;

/** The key and new revision of a written document. */
public record DocumentMeta(String key, String revision) {}
