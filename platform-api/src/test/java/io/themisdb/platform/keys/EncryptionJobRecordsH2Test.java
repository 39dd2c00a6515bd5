package io.themisdb.platform.keys;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.io.TempDir;

/** The job records on H2 in the mode the embedded default uses (see application.yml). */
class EncryptionJobRecordsH2Test extends EncryptionJobRecordsContract {

  @TempDir static Path dir;

  @Override
  DataSource emptyDatabase() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(
        "jdbc:h2:file:"
            + dir.resolve("cp")
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    ds.setUser("sa");
    return ds;
  }
}
