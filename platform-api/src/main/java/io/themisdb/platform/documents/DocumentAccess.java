package io.themisdb.platform.documents;

import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.Transaction;
import io.themisdb.platform.databases.OpenTransactions;
import io.themisdb.platform.databases.TenantDatabases;
import io.themisdb.platform.tenancy.ApiCaller;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Runs a document operation either on its own (autocommit) or inside the explicit transaction the
 * request names in its {@value #HEADER} header, always in the caller's tenant.
 */
@Component
class DocumentAccess {

  static final String HEADER = "Themis-Transaction";

  private final TenantDatabases databases;
  private final OpenTransactions transactions;

  DocumentAccess(TenantDatabases databases, OpenTransactions transactions) {
    this.databases = databases;
    this.transactions = transactions;
  }

  TenantDatabase database(ApiCaller caller) {
    return databases.of(caller.tenant());
  }

  <T> T run(
      ApiCaller caller,
      String transaction,
      Function<TenantDatabase, T> alone,
      Function<Transaction, T> inside) {
    if (transaction == null || transaction.isBlank()) {
      return alone.apply(database(caller));
    }
    return transactions.use(caller.tenant().id(), transaction.strip(), inside);
  }
}
