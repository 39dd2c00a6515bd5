package io.themisdb.billing.invoice.jdbc;

import io.themisdb.billing.invoice.Invoice;
import io.themisdb.billing.invoice.InvoiceStore;
import io.themisdb.billing.invoice.InvoiceStoreException;
import io.themisdb.billing.invoice.LineItem;
import io.themisdb.billing.invoice.StoredInvoice;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Invoices in the tables of {@code io/themisdb/billing/invoices.sql} on PostgreSQL or H2. The
 * primary key (tenant, period) makes a second insert fail; that failure is how {@link
 * #saveIfAbsent} learns that another run stored the period first, and it then returns the stored
 * invoice. The class has no update or delete: finalised invoices are immutable.
 */
public final class JdbcInvoiceStore implements InvoiceStore {

  private static final String UNIQUE_VIOLATION = "23505";

  private final DataSource dataSource;

  public JdbcInvoiceStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Optional<Invoice> find(String tenantId, YearMonth period) {
    try (Connection c = dataSource.getConnection()) {
      return find(c, tenantId, period);
    } catch (SQLException e) {
      throw new InvoiceStoreException("Could not read invoice " + tenantId + " " + period, e);
    }
  }

  @Override
  public List<Invoice> list(String tenantId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT billing_period FROM invoices WHERE tenant_id = ?"
                    + " ORDER BY billing_period DESC")) {
      ps.setString(1, tenantId);
      List<YearMonth> periods = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          periods.add(YearMonth.parse(rs.getString(1)));
        }
      }
      List<Invoice> invoices = new ArrayList<>();
      for (YearMonth period : periods) {
        find(c, tenantId, period).ifPresent(invoices::add);
      }
      return invoices;
    } catch (SQLException e) {
      throw new InvoiceStoreException("Could not list invoices of " + tenantId, e);
    }
  }

  @Override
  public StoredInvoice saveIfAbsent(Invoice invoice) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        insert(c, invoice);
        c.commit();
        return new StoredInvoice(invoice, true);
      } catch (SQLException e) {
        c.rollback();
        if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
          throw e;
        }
        // Another run finalised this period first; its invoice stands.
        Invoice stored =
            find(c, invoice.tenantId(), invoice.period())
                .orElseThrow(
                    () -> new SQLException("Invoice vanished after a duplicate-key error", e));
        return new StoredInvoice(stored, false);
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new InvoiceStoreException(
          "Could not store invoice " + invoice.tenantId() + " " + invoice.period(), e);
    }
  }

  private static void insert(Connection c, Invoice invoice) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO invoices (tenant_id, billing_period, currency, total_minor,"
                + " alert_threshold_reached, spend_cap_reached, finalized_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, invoice.tenantId());
      ps.setString(2, invoice.period().toString());
      ps.setString(3, invoice.currency().getCurrencyCode());
      ps.setLong(4, invoice.total());
      ps.setBoolean(5, invoice.alertThresholdReached());
      ps.setBoolean(6, invoice.spendCapReached());
      ps.setObject(7, OffsetDateTime.ofInstant(invoice.finalizedAt(), ZoneOffset.UTC));
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO invoice_lines (tenant_id, billing_period, line_no, kind, plan_code,"
                + " quantity, unit, unit_price_minor, amount_minor)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int no = 0;
      for (LineItem line : invoice.lines()) {
        ps.setString(1, invoice.tenantId());
        ps.setString(2, invoice.period().toString());
        ps.setInt(3, no++);
        ps.setString(4, line.kind().name());
        ps.setString(5, line.planCode());
        ps.setBigDecimal(6, line.quantity());
        ps.setString(7, line.unit());
        ps.setLong(8, line.unitPrice());
        ps.setLong(9, line.amount());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static Optional<Invoice> find(Connection c, String tenantId, YearMonth period)
      throws SQLException {
    String key = period.toString();
    try (PreparedStatement head =
            c.prepareStatement(
                "SELECT currency, total_minor, alert_threshold_reached, spend_cap_reached,"
                    + " finalized_at FROM invoices WHERE tenant_id = ? AND billing_period = ?");
        PreparedStatement lines =
            c.prepareStatement(
                "SELECT kind, plan_code, quantity, unit, unit_price_minor, amount_minor"
                    + " FROM invoice_lines WHERE tenant_id = ? AND billing_period = ?"
                    + " ORDER BY line_no")) {
      head.setString(1, tenantId);
      head.setString(2, key);
      lines.setString(1, tenantId);
      lines.setString(2, key);
      try (ResultSet h = head.executeQuery()) {
        if (!h.next()) {
          return Optional.empty();
        }
        List<LineItem> items = new ArrayList<>();
        try (ResultSet l = lines.executeQuery()) {
          while (l.next()) {
            items.add(
                new LineItem(
                    LineItem.Kind.valueOf(l.getString(1)),
                    l.getString(2),
                    l.getBigDecimal(3),
                    l.getString(4),
                    l.getLong(5),
                    l.getLong(6)));
          }
        }
        return Optional.of(
            new Invoice(
                tenantId,
                period,
                Currency.getInstance(h.getString(1).strip()),
                items,
                h.getLong(2),
                h.getBoolean(3),
                h.getBoolean(4),
                h.getObject(5, OffsetDateTime.class).toInstant()));
      }
    }
  }
}
