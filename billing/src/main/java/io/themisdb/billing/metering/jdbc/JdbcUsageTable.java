package io.themisdb.billing.metering.jdbc;

import io.themisdb.billing.metering.HourlyUsage;
import io.themisdb.billing.metering.UsageHistory;
import io.themisdb.billing.metering.UsageSink;
import io.themisdb.billing.metering.UsageStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Hourly usage rows in a table of the shape of {@code io/themisdb/billing/usage_hourly.sql}, on
 * PostgreSQL or H2. Writes add to existing rows (upsert-add) in one transaction per batch: on
 * PostgreSQL with {@code INSERT ... ON CONFLICT DO UPDATE}, which is safe when several application
 * instances flush the same tenant-hour at once; on H2 with {@code MERGE}.
 */
public final class JdbcUsageTable implements UsageSink, UsageHistory {

  private final DataSource dataSource;
  private final String table;

  /**
   * @param table the table name (optionally schema-qualified) given by the caller
   */
  public JdbcUsageTable(DataSource dataSource, String table) {
    this.dataSource = dataSource;
    this.table = SqlIdentifier.table(table);
  }

  @Override
  public void write(List<HourlyUsage> rows) {
    if (rows.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(upsert(c))) {
        for (HourlyUsage row : rows) {
          ps.setString(1, row.tenantId());
          ps.setObject(2, OffsetDateTime.ofInstant(row.hour(), ZoneOffset.UTC));
          ps.setLong(3, row.readUnits());
          ps.setLong(4, row.writeUnits());
          ps.setLong(5, row.gpuMillis());
          if (row.hasStorageSample()) {
            ps.setLong(6, row.storedBytes());
          } else {
            ps.setNull(6, Types.BIGINT);
          }
          ps.addBatch();
        }
        ps.executeBatch();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new UsageStoreException("Could not write " + rows.size() + " usage rows", e);
    }
  }

  @Override
  public List<HourlyUsage> hours(String tenantId, Instant from, Instant to) {
    String sql =
        "SELECT usage_hour, read_units, write_units, gpu_ms, stored_bytes FROM "
            + table
            + " WHERE tenant_id = ? AND usage_hour >= ? AND usage_hour < ? ORDER BY usage_hour";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, tenantId);
      ps.setObject(2, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
      ps.setObject(3, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
      List<HourlyUsage> hours = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long stored = rs.getLong(5);
          if (rs.wasNull()) {
            stored = HourlyUsage.NO_SAMPLE;
          }
          hours.add(
              new HourlyUsage(
                  tenantId,
                  rs.getObject(1, OffsetDateTime.class).toInstant(),
                  rs.getLong(2),
                  rs.getLong(3),
                  rs.getLong(4),
                  stored));
        }
      }
      return hours;
    } catch (SQLException e) {
      throw new UsageStoreException("Could not read usage of " + tenantId, e);
    }
  }

  private String upsert(Connection c) throws SQLException {
    // The stored-bytes sample keeps the larger value; COALESCE because a NULL (no sample) must
    // not win, and GREATEST treats NULL differently on PostgreSQL and H2.
    String product = c.getMetaData().getDatabaseProductName();
    if (product.equalsIgnoreCase("PostgreSQL")) {
      return "INSERT INTO "
          + table
          + " AS u (tenant_id, usage_hour, read_units, write_units, gpu_ms, stored_bytes)"
          + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, usage_hour) DO UPDATE SET"
          + " read_units = u.read_units + EXCLUDED.read_units,"
          + " write_units = u.write_units + EXCLUDED.write_units,"
          + " gpu_ms = u.gpu_ms + EXCLUDED.gpu_ms,"
          + " stored_bytes = GREATEST(COALESCE(u.stored_bytes, EXCLUDED.stored_bytes),"
          + " COALESCE(EXCLUDED.stored_bytes, u.stored_bytes))";
    }
    if (product.equalsIgnoreCase("H2")) {
      return "MERGE INTO "
          + table
          + " AS u USING (VALUES (CAST(? AS VARCHAR), CAST(? AS TIMESTAMP WITH TIME ZONE),"
          + " CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT)))"
          + " AS s (tenant_id, usage_hour, read_units, write_units, gpu_ms, stored_bytes)"
          + " ON u.tenant_id = s.tenant_id AND u.usage_hour = s.usage_hour"
          + " WHEN MATCHED THEN UPDATE SET read_units = u.read_units + s.read_units,"
          + " write_units = u.write_units + s.write_units, gpu_ms = u.gpu_ms + s.gpu_ms,"
          + " stored_bytes = GREATEST(COALESCE(u.stored_bytes, s.stored_bytes),"
          + " COALESCE(s.stored_bytes, u.stored_bytes))"
          + " WHEN NOT MATCHED THEN INSERT (tenant_id, usage_hour, read_units, write_units,"
          + " gpu_ms, stored_bytes) VALUES (s.tenant_id, s.usage_hour, s.read_units,"
          + " s.write_units, s.gpu_ms, s.stored_bytes)";
    }
    throw new UsageStoreException(
        "Unsupported database for usage rows: " + product + " (PostgreSQL or H2)", null);
  }
}
