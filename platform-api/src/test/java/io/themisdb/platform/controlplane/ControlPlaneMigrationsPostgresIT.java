package io.themisdb.platform.controlplane;

import io.themisdb.testsupport.PostgresDatabase;
import io.themisdb.testsupport.RealPostgres;
import javax.sql.DataSource;

@RealPostgres
class ControlPlaneMigrationsPostgresIT extends ControlPlaneSchemaContract {

  private final DataSource dataSource;

  ControlPlaneMigrationsPostgresIT(PostgresDatabase database) {
    this.dataSource = database.dataSource();
  }

  @Override
  DataSource emptyDatabase() {
    return dataSource;
  }
}
