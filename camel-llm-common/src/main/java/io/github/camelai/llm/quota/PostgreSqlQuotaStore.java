package io.github.camelai.llm.quota;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;

/**
 * Quotas shared by every JVM that uses the same PostgreSQL database: each bucket is a row (Bucket4j's JDBC back
 * end, one {@code SELECT ... FOR UPDATE} transaction per change). The table is created on first use if it is
 * missing. Needs {@code com.bucket4j:bucket4j_jdk17-postgresql} and a PostgreSQL JDBC driver on the classpath.
 * <p>
 * Each call that waits on the quota makes one short transaction per bucket on the calling thread (the wait
 * itself holds no thread), and one more when its answer corrects the token estimate.
 */
public final class PostgreSqlQuotaStore implements QuotaStore {

    /** The table used when none is named. */
    public static final String DEFAULT_TABLE = "camel_llm_quota";

    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final DataSource dataSource;
    private final String table;
    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private volatile boolean tableReady;

    /** A store in table {@value #DEFAULT_TABLE}. */
    public PostgreSqlQuotaStore(DataSource dataSource) {
        this(dataSource, DEFAULT_TABLE);
    }

    /**
     * @param table a plain SQL name (letters, digits, '_'); created if missing
     */
    public PostgreSqlQuotaStore(DataSource dataSource, String table) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        if (table == null || !TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("The quota table name must be letters, digits and '_' (at most 63), got '"
                                               + table + "'; e.g. " + DEFAULT_TABLE);
        }
        this.table = table;
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(table)
                .build();
    }

    @Override
    public Bucket bucket(String name, BucketConfiguration configuration) {
        createTable();
        return buckets.getProxy(name, () -> configuration);
    }

    private void createTable() {
        if (tableReady) {
            return;
        }
        synchronized (this) {
            if (tableReady) {
                return;
            }
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + table
                          + " (id VARCHAR(512) PRIMARY KEY, state BYTEA, expires_at BIGINT)");
            } catch (SQLException e) {
                throw new IllegalStateException("Could not create the quota table " + table + " in PostgreSQL: "
                                                + e.getMessage() + ". Create it yourself (id VARCHAR(512) PRIMARY KEY,"
                                                + " state BYTEA, expires_at BIGINT) or grant CREATE to the user", e);
            }
            tableReady = true;
        }
    }

    @Override
    public String toString() {
        return "PostgreSqlQuotaStore[" + table + "]";
    }
}
