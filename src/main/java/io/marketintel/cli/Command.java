package io.marketintel.cli;

import java.io.PrintStream;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelBeanPostProcessor;
import org.apache.camel.support.PluginHelper;

/**
 * One verb of the command line, run once Camel has started. A verb names the beans it calls as {@code @BeanInject}
 * fields; {@link #of} creates it and lets Camel's bean post-processor fill them, so no verb looks a bean up itself.
 * The verb says whether everything it did succeeded; App turns that into the exit code.
 */
public interface Command {

    /** Runs the verb, printing its page on {@code out}; false when anything it did failed (exit 1). */
    boolean run(CamelContext camel, PrintStream out) throws Exception;

    /** True for the scheduler: Camel Main keeps running once {@link #run} returns; every other verb then stops it. */
    default boolean longLived() {
        return false;
    }

    /** The verb of {@code args}, its beans injected from {@code camel}'s registry. */
    static Command of(Arguments args, CamelContext camel) throws Exception {
        Command c = switch (args.mode()) {
            case ONCE -> new OnceCommand(args.snapshotFrom());
            case STATUS -> new StatusCommand();
            case CHECK -> new CheckCommand();
            case REPLAY -> new ReplayCommand(args.source());
            case SCHEDULER -> new SchedulerCommand();
            case HELP -> throw new IllegalArgumentException("--help is answered before Camel starts");
        };
        CamelBeanPostProcessor injector = PluginHelper.getBeanPostProcessor(camel);
        injector.postProcessBeforeInitialization(c, c.getClass().getSimpleName());
        injector.postProcessAfterInitialization(c, c.getClass().getSimpleName());
        return c;
    }
}
