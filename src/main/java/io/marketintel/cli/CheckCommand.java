package io.marketintel.cli;

import java.io.PrintStream;
import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;

/** {@code --check}: one ✅/❌ line per part of the setup ({@link SetupCheck}); ok when all pass. */
public final class CheckCommand implements Command {

    @BeanInject("setupCheck")
    private SetupCheck check;

    @Override
    public boolean run(CamelContext camel, PrintStream out) {
        List<SetupCheck.Item> items = check.run();
        out.print(SetupCheck.render(items));
        out.flush();
        return items.stream().allMatch(SetupCheck.Item::ok);
    }
}
