package io.marketintel.cluster;

import java.sql.Connection;
import java.sql.SQLException;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.marketintel.store.Database;
import org.quartz.utils.ConnectionProvider;

/**
 * The Quartz job store's own small pool on the cluster's PostgreSQL: its transactions (trigger acquisition under a row
 * lock, check-ins every few seconds) never wait behind an ingest's batch for one of the store's connections.
 */
final class QuartzPool implements ConnectionProvider {

    private final HikariDataSource ds;

    QuartzPool(Database.Options db, int size) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(db.jdbcUrl());
        cfg.setUsername(db.user());
        cfg.setPassword(db.password());
        cfg.setPoolName("market-intel-quartz");
        cfg.setMaximumPoolSize(size);
        cfg.setRegisterMbeans(db.registerMbeans());
        ds = new HikariDataSource(cfg);
    }

    HikariDataSource dataSource() {
        return ds;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return ds.getConnection();
    }

    @Override
    public void shutdown() {
        ds.close();
    }

    @Override
    public void initialize() {
        // opened in the constructor
    }
}
