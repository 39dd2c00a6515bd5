package io.themisdb.billing.metering;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sink in test memory that keeps every batch and can be told to fail. */
final class RecordingSink implements UsageSink {

  final List<List<HourlyUsage>> batches = new CopyOnWriteArrayList<>();
  volatile boolean failing;

  @Override
  public void write(List<HourlyUsage> rows) {
    if (failing) {
      throw new UsageStoreException("database down (test)", null);
    }
    batches.add(rows);
  }

  List<HourlyUsage> rows() {
    List<HourlyUsage> all = new ArrayList<>();
    batches.forEach(all::addAll);
    return all;
  }

  long total(java.util.function.ToLongFunction<HourlyUsage> field) {
    return rows().stream().mapToLong(field).sum();
  }
}
