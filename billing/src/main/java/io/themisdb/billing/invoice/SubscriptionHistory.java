package io.themisdb.billing.invoice;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A tenant's plan changes (one subscription at a time). The first change is the signup; each later
 * one replaces the plan immediately.
 */
public record SubscriptionHistory(String tenantId, List<PlanChange> changes) {

  public SubscriptionHistory {
    Objects.requireNonNull(tenantId, "tenantId");
    changes = changes.stream().sorted(Comparator.comparing(PlanChange::at)).toList();
    for (int i = 1; i < changes.size(); i++) {
      if (changes.get(i).at().equals(changes.get(i - 1).at())) {
        throw new IllegalArgumentException("Two plan changes at " + changes.get(i).at());
      }
    }
  }

  /** The plans in force during {@code [from, to)}, in order; empty before the first change. */
  public List<PlanSegment> segments(Instant from, Instant to) {
    List<PlanSegment> segments = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      Instant start = changes.get(i).at();
      Instant end = i + 1 < changes.size() ? changes.get(i + 1).at() : to;
      Instant s = start.isAfter(from) ? start : from;
      Instant e = end.isBefore(to) ? end : to;
      if (s.isBefore(e)) {
        segments.add(new PlanSegment(changes.get(i).planCode(), s, e));
      }
    }
    return segments;
  }
}
