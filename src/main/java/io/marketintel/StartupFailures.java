package io.marketintel;

import java.io.PrintStream;

import io.marketintel.cli.Arguments;
import io.marketintel.cli.SetupCheck;
import io.marketintel.config.ConfigException;
import io.marketintel.store.Database;
import io.marketintel.store.InstanceLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

import static io.marketintel.pipeline.Failures.find;

/**
 * A failure of the start-up or of a verb, as the one line the operator reads and the exit code: a bad setting, the
 * store, a route file that does not parse or a held lock is foreseen (its line names the cause and the fix, no stack
 * trace); anything else is {@link #unexpected}. {@code --check} prints its lines on the standard output as ❌ items.
 */
final class StartupFailures {

    private final Arguments.Mode mode;
    private final boolean readOnly;
    private final PrintStream out;
    private final PrintStream err;

    StartupFailures(Arguments.Mode mode, boolean readOnly, PrintStream out, PrintStream err) {
        this.mode = mode;
        this.readOnly = readOnly;
        this.out = out;
        this.err = err;
    }

    /** Camel Main did not start (a configuration class, the store, a route file, the lock): the line; the exit code. */
    int startFailed(Exception e) {
        boolean check = mode == Arguments.Mode.CHECK;
        ConfigException ce = find(e, ConfigException.class);
        if (ce != null && check) {
            out.println("❌ configuration: " + ce.getMessage() + " → fix: " + ce.fix()
                + " in application.properties (or its environment variable / -D override)");
            return App.EXIT_FAILED;
        }
        Database.StoreException store = find(e, Database.StoreException.class);
        if (store != null) {
            (check ? out : err).println((check ? "❌ database: " : "market-intel: ") + store.getMessage());
            return App.EXIT_FAILED;
        }
        if (ce == null && find(e, MarkedYamlEngineException.class) != null) {
            // a route file that does not parse: where, and what the parser expected (the trace says no more)
            (check ? out : err).println((check ? "❌ " : "market-intel: ") + SetupCheck.oneLine(e)
                + " → fix: correct the YAML there (--check checks every route file)");
            detail().warn("Route file does not parse", e);
            return App.EXIT_USAGE;
        }
        if (ce == null && check) {
            out.println("❌ start-up: " + SetupCheck.oneLine(e));
            unexpected("Start-up failed", e, true);
            return App.EXIT_FAILED;
        }
        if (ce != null) {
            err.println("market-intel: " + ce.getMessage());
            return App.EXIT_USAGE;
        }
        InstanceLock.HeldException held = find(e, InstanceLock.HeldException.class);
        if (held != null) {
            err.println("market-intel: " + held.getMessage());
            return App.EXIT_FAILED;
        }
        unexpected("start-up failed", e, readOnly);
        return App.EXIT_FAILED;
    }

    /** The verb failed once Camel had started: the line; the exit code. */
    int verbFailed(Exception e) {
        if (e instanceof Database.StoreException) {
            err.println("market-intel: " + e.getMessage());
        } else {
            unexpected(mode + " failed", e, readOnly);
        }
        return App.EXIT_FAILED;
    }

    /**
     * A failure nobody foresaw: one line on the console, the stack trace in the log file — or, for the verbs that
     * write no file, on the error stream, since it would otherwise be lost.
     */
    private void unexpected(String what, Exception e, boolean noLogFile) {
        err.println("market-intel: " + what + ": " + SetupCheck.oneLine(e) + (noLogFile ? "" : " (stack trace in logs/)"));
        if (noLogFile) {
            e.printStackTrace(err);
        } else {
            detail().error(what, e);
        }
    }

    /** File only: the stack trace behind a line the console already showed (see log4j2.xml). */
    private static Logger detail() {
        return LoggerFactory.getLogger("market-intel.detail");
    }
}
