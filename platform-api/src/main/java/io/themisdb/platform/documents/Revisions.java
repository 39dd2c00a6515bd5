package io.themisdb.platform.documents;

import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;

/** A document's {@code _rev} as an HTTP entity tag, and back (RFC 9110 §8.8.3). */
final class Revisions {

  private Revisions() {}

  static String etag(String revision) {
    return "\"" + revision + "\"";
  }

  /**
   * The revision an {@code If-Match} header demands: null for none or {@code *} (any existing
   * document). Weak tags never match strongly, so they fail as a mismatch would.
   */
  static String ifMatch(String header) {
    if (header == null || header.isBlank() || header.strip().equals("*")) {
      return null;
    }
    String tag = header.strip();
    if (tag.contains(",")) {
      throw new ProblemException(
          ProblemType.MALFORMED_REQUEST, "If-Match must name exactly one revision.");
    }
    if (tag.startsWith("W/")) {
      throw new ProblemException(
          ProblemType.REVISION_MISMATCH, "A weak entity tag never matches a revision.");
    }
    return unquote(tag);
  }

  /** Whether an {@code If-None-Match} header names this revision (or is {@code *}). */
  static boolean noneMatchHits(String header, String revision) {
    if (header == null || header.isBlank()) {
      return false;
    }
    for (String part : header.split(",")) {
      String tag = part.strip();
      if (tag.equals("*")) {
        return true;
      }
      if (tag.startsWith("W/")) {
        tag = tag.substring(2); // If-None-Match compares weakly
      }
      if (unquote(tag).equals(revision)) {
        return true;
      }
    }
    return false;
  }

  private static String unquote(String tag) {
    return tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")
        ? tag.substring(1, tag.length() - 1)
        : tag;
  }
}
