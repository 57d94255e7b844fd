package io.marketintel.cli;

import io.marketintel.cluster.ClusterStatus;
import io.marketintel.config.Settings;
import javax.sql.DataSource;
import java.io.PrintStream;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;

/** {@code --status}: rows and newest data per table, each source's last run, pending dead letters; no API call. */
public final class StatusCommand implements Command {

    @BeanInject("reports")
    private Reports reports;
    @BeanInject("dataSource")
    private DataSource dataSource;
    @BeanInject("settings")
    private Settings settings;

    @Override
    public boolean run(CamelContext camel, PrintStream out) throws Exception {
        out.print(reports.status());
        // a cluster's nodes (last check-in) and which node ran each source last; nothing on SQLite
        out.print(ClusterStatus.section(dataSource, settings.jdbcUrl));
        out.flush();
        return true;
    }
}
