package io.themisdb.engine;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * One page of a full collection scan in key order.
 *
 * @param resumeAfter pass it as {@code afterKey} for the next page; null when the scan is done
 */
public record ScanPage(List<ObjectNode> documents, String resumeAfter) {
  public ScanPage {
    documents = List.copyOf(documents);
  }
}
