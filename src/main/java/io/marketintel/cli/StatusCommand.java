package io.marketintel.cli;

import java.io.PrintStream;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;

/** {@code --status}: rows and newest data per table, each source's last run, pending dead letters; no API call. */
public final class StatusCommand implements Command {

    @BeanInject("reports")
    private Reports reports;

    @Override
    public boolean run(CamelContext camel, PrintStream out) throws Exception {
        out.print(reports.status());
        out.flush();
        return true;
    }
}
