package io.themisdb.platform.keys;

import io.themisdb.testsupport.PostgresDatabase;
import io.themisdb.testsupport.RealPostgres;
import javax.sql.DataSource;

/** The job records on PostgreSQL, the scaled-out control plane. */
@RealPostgres
class EncryptionJobRecordsPostgresIT extends EncryptionJobRecordsContract {

  private final DataSource dataSource;

  EncryptionJobRecordsPostgresIT(PostgresDatabase database) {
    this.dataSource = database.dataSource();
  }

  @Override
  DataSource emptyDatabase() {
    return dataSource;
  }
}
