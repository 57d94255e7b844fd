package io.marketintel.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;


/** The command line, parsed in one place. Anything not a verb of ours is an error, not silently passed on. */
public record Arguments(Mode mode, boolean demo, String source, LocalDate snapshotFrom) {

    public enum Mode { SCHEDULER, ONCE, STATUS, CHECK, REPLAY, HELP }

    public static final String HELP = """
        Usage: java -jar target/market-intel.jar [verb] [options]

        Verbs:
          (none)                   long-lived scheduler: every enabled source on its Quartz cron; at start each
                                   source whose newest data is older than its schedule period catches up once
          --once                   run every enabled source once, then the snapshot; print the summary;
                                   exit 0 when every source succeeded, 1 otherwise
          --status                 no API calls: rows and newest data per table, last run of each source,
                                   pending dead letters
          --check                  validate the setup without storing anything: configuration, database
                                   (reachable, writable, schema), every routes/*.camel.yaml, one cheap call
                                   per enabled API; one ✅/❌ line each with the fix; exit 0 when all pass
          --replay-dead-letters [--source ID]
                                   send pending dead letters through their routes again once the cause
                                   is fixed; exit 0 when all were stored
          --help                   this text

        Options:
          --demo                   offline demo: a local server replays real recorded API responses (re-stamped
                                   to now) and the runtime writes to data/demo.db; with --once or alone
          --snapshot-from DATE     with --once: recompute daily_market_snapshot from DATE (YYYY-MM-DD) to today
                                   instead of the last snapshot.recompute-days days
          -Dkey=value              override any property (also: environment variables, application.properties)

        Main properties (application.properties in the working directory; defaults packed in the jar):
          db.path                  SQLite file (DB_PATH)                        data/market_intel.db
          feargreed.base-url       Alternative.me API root                      https://api.alternative.me
          feargreed.cron           Fear & Greed schedule (Quartz, UTC)          0 10 0 * * ?
          coingecko.base-url       CoinGecko API root                           https://api.coingecko.com/api/v3
          farside.base-url         Farside Investors site                       https://farside.co.uk
          sosovalue.base-url       SoSoValue API root                           https://api.sosovalue.xyz
          backup.csv.enabled       CSV backups on/off (ENABLE_CSV_BACKUP)       true
          backup.csv.path          CSV backup folder (CSV_BACKUP_PATH)          data/backups
          LOG_LEVEL                log level (environment)                      INFO
        """;

    public static Arguments parse(String... args) {
        Mode mode = Mode.SCHEDULER;
        boolean demo = false;
        String source = null;
        LocalDate from = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--once" -> mode = set(mode, Mode.ONCE, a);
                case "--status" -> mode = set(mode, Mode.STATUS, a);
                case "--check" -> mode = set(mode, Mode.CHECK, a);
                case "--replay-dead-letters" -> mode = set(mode, Mode.REPLAY, a);
                case "--help", "-h" -> mode = Mode.HELP;
                case "--demo" -> demo = true;
                case "--source" -> source = value(args, ++i, a);
                case "--snapshot-from" -> {
                    String v = value(args, ++i, a);
                    try {
                        from = LocalDate.parse(v);
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException("--snapshot-from needs a date YYYY-MM-DD, got '" + v + "'");
                    }
                }
                default -> {
                    if (a.startsWith("-D") && a.contains("=")) {
                        String kv = a.substring(2);
                        System.setProperty(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                    } else {
                        throw new IllegalArgumentException("unknown argument '" + a + "' (see --help)");
                    }
                }
            }
        }
        if (from != null && mode != Mode.ONCE) {
            throw new IllegalArgumentException("--snapshot-from only goes with --once");
        }
        if (source != null && mode != Mode.REPLAY) {
            throw new IllegalArgumentException("--source only goes with --replay-dead-letters");
        }
        return new Arguments(mode, demo, source, from);
    }

    private static Mode set(Mode current, Mode next, String flag) {
        if (current != Mode.SCHEDULER && current != next) {
            throw new IllegalArgumentException(flag + " cannot be combined with --" + current.name().toLowerCase());
        }
        return next;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
