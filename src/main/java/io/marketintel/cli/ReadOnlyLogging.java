package io.marketintel.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;

/**
 * {@code --status} and {@code --check} create and change no file, a log file included (an installation whose
 * {@code data/} and {@code logs/} are read-only must still answer them): the file appender is detached for the run.
 * Their console shows a page, so start-up lines stay below WARN unless {@code LOG_LEVEL} asks for them.
 */
public final class ReadOnlyLogging {

    private static final String FILE = "file";

    private ReadOnlyLogging() {
    }

    /** Applies the read-only verbs' logging; returns what puts the previous one back (in-process callers). */
    public static Runnable apply() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration cfg = ctx.getConfiguration();
        Appender file = cfg.getAppender(FILE);
        List<LoggerConfig> all = new ArrayList<>(cfg.getLoggers().values());
        if (!all.contains(cfg.getRootLogger())) {
            all.add(cfg.getRootLogger());
        }
        Map<LoggerConfig, Level> detached = new LinkedHashMap<>();
        for (LoggerConfig lc : all) {
            if (lc.getAppenders().containsKey(FILE)) {
                Level level = null;
                for (AppenderRef ref : lc.getAppenderRefs()) {
                    if (FILE.equals(ref.getRef())) {
                        level = ref.getLevel();
                    }
                }
                detached.put(lc, level);
                lc.removeAppender(FILE);
            }
        }
        Map<LoggerConfig, Level> levels = new LinkedHashMap<>();
        if (System.getenv("LOG_LEVEL") == null && System.getProperty("LOG_LEVEL") == null) {
            for (LoggerConfig lc : List.of(cfg.getRootLogger(), cfg.getLoggerConfig("io.marketintel"))) {
                levels.put(lc, lc.getLevel());
                lc.setLevel(Level.WARN);
            }
        }
        ctx.updateLoggers();
        return () -> {
            detached.forEach((lc, level) -> lc.addAppender(file, level, null));
            levels.forEach(LoggerConfig::setLevel);
            ctx.updateLoggers();
        };
    }
}
