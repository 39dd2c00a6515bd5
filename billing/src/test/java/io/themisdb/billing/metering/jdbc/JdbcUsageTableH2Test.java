package io.themisdb.billing.metering.jdbc;

import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

class JdbcUsageTableH2Test extends JdbcUsageTableContract {

  @Override
  protected DataSource dataSource() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:usage_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return h2;
  }
}
