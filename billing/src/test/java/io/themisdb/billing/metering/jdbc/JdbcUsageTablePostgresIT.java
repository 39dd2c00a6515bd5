package io.themisdb.billing.metering.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.themisdb.billing.metering.HourlyUsage;
import io.themisdb.testsupport.PostgresDatabase;
import io.themisdb.testsupport.RealPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@RealPostgres
class JdbcUsageTablePostgresIT extends JdbcUsageTableContract {

  private final PostgresDatabase database;

  JdbcUsageTablePostgresIT(PostgresDatabase database) {
    this.database = database;
  }

  @Override
  protected DataSource dataSource() {
    return database.dataSource();
  }

  @Test
  void instancesFlushingTheSameTenantHourAtOnceBothCount() throws Exception {
    // Several platform instances flush the same tenant-hour; ON CONFLICT must add, never fail.
    String t = tenant();
    int writers = 4;
    int batches = 25;
    List<Future<?>> done = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
      for (int w = 0; w < writers; w++) {
        Callable<Void> writer =
            () -> {
              for (int i = 0; i < batches; i++) {
                table.write(List.of(new HourlyUsage(t, H1, 1, 2, 3, HourlyUsage.NO_SAMPLE)));
              }
              return null;
            };
        done.add(pool.submit(writer));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    long n = (long) writers * batches;
    assertThat(table.hours(t, H1, H2))
        .containsExactly(new HourlyUsage(t, H1, n, 2 * n, 3 * n, HourlyUsage.NO_SAMPLE));
  }
}
