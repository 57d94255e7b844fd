package io.marketintel.cli;

import io.marketintel.cluster.ClusterCheck;
import io.marketintel.cluster.ClusterKeys;
import io.marketintel.config.Settings;
import java.util.ArrayList;
import javax.sql.DataSource;
import java.io.PrintStream;
import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;

/** {@code --check}: one ✅/❌ line per part of the setup ({@link SetupCheck}); ok when all pass. */
public final class CheckCommand implements Command {

    @BeanInject("setupCheck")
    private SetupCheck check;
    @BeanInject("dataSource")
    private DataSource dataSource;
    @BeanInject("settings")
    private Settings settings;

    @Override
    public boolean run(CamelContext camel, PrintStream out) {
        List<SetupCheck.Item> items = new ArrayList<>(check.run());
        // a cluster's nodes must share the time: Quartz takes a node whose check-in looks 7.5 s late for dead
        ClusterCheck.run(dataSource, settings.jdbcUrl, settings.get(ClusterKeys.ENABLED))
            .forEach(f -> items.add(new SetupCheck.Item(f.ok(), f.name(), f.detail(), f.fix())));
        out.print(SetupCheck.render(items));
        out.flush();
        return items.stream().allMatch(SetupCheck.Item::ok);
    }
}
