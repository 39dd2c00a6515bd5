package io.themisdb.billing.invoice;

import static org.assertj.core.api.Assertions.assertThat;

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
class InvoiceRunPostgresIT extends InvoiceRunContract {

  private final PostgresDatabase database;

  InvoiceRunPostgresIT(PostgresDatabase database) {
    this.database = database;
  }

  @Override
  protected DataSource dataSource() {
    return database.dataSource();
  }

  @Test
  void racingRunsOfOnePeriodStoreOneInvoice() throws Exception {
    String t = tenant();
    knownMarchUsage(t);
    int runners = 6;
    List<Future<Invoice>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(runners)) {
      for (int i = 0; i < runners; i++) {
        Callable<Invoice> runner =
            () -> run(AFTER_MARCH).run(developer(t), MARCH, SpendControls.UNSET);
        results.add(pool.submit(runner));
      }
      Invoice first = results.getFirst().get();
      for (Future<Invoice> f : results) {
        assertThat(f.get()).isEqualTo(first);
      }
    }
    assertThat(count("SELECT COUNT(*) FROM invoices WHERE tenant_id = '" + t + "'")).isOne();
    assertThat(eventsOf(t)).hasSize(1);
  }
}
