package io.themisdb.billing.invoice;

import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

class InvoiceRunH2Test extends InvoiceRunContract {

  @Override
  protected DataSource dataSource() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:invoices_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return h2;
  }
}
