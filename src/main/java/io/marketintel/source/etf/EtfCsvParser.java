package io.marketintel.source.etf;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.marketintel.pipeline.PayloadException;
import io.marketintel.store.Utc;

/**
 * A file dropped into the ETF inbox: header {@code as_of_date,ticker,net_flow_usd[,asset]} (any order), one fund
 * and day per line, exact US dollars ({@code -12500000} or {@code 1234.56}, no thousands separators). A file is
 * applied whole or not at all: every bad line is reported with its number and why. Without an {@code asset}
 * column a ticker must already be known to the store (another source stored it); with one, a fund the store knows
 * under the other asset rejects the file (HODL is a BTC fund, never ETH), and a ticker the store does not know yet is
 * stored with a warning naming it (new funds do launch; a typo must be visible). An empty file and a header without
 * lines are rejected with a note saying so: nothing to store is not a success. No Camel imports.
 */
public final class EtfCsvParser {

    public static final String SOURCE = "csv";
    /** Reported in the dead letter; the .error.txt file next to the rejected file lists them all. */
    private static final int MAX_IN_MESSAGE = 50;
    private static final List<String> REQUIRED = List.of("as_of_date", "ticker", "net_flow_usd");
    private static final List<String> KNOWN = List.of("as_of_date", "ticker", "net_flow_usd", "asset");
    private static final String HEADER = "as_of_date,ticker,net_flow_usd[,asset]";

    /** One bad line of a file, 1-based as an editor shows it. */
    public record Problem(int line, String why) {
        @Override
        public String toString() {
            return "line " + line + ": " + why;
        }
    }

    /** The file read: its rows when it has no problem, and warnings that do not stop the store (new funds). */
    public record Parsed(List<EtfFlowRow> rows, List<Problem> problems, List<String> warnings) {
    }

    private final Function<String, Optional<String>> knownAsset;
    private final Clock clock;

    /** @param knownAsset the asset a ticker already has in the store, for files without an asset column */
    public EtfCsvParser(Function<String, Optional<String>> knownAsset, Clock clock) {
        this.knownAsset = knownAsset;
        this.clock = clock;
    }

    /** The route's step: the rows of a valid file, or a {@link PayloadException} listing the bad lines. */
    public EtfBatch parse(String content, String fileName) {
        Parsed p = read(content);
        if (!p.problems().isEmpty()) {
            StringBuilder sb = new StringBuilder("inbox file ").append(fileName).append(" rejected, nothing stored: ")
                .append(p.problems().size()).append(" invalid line(s)");
            p.problems().stream().limit(MAX_IN_MESSAGE).forEach(pr -> sb.append("; ").append(pr));
            if (p.problems().size() > MAX_IN_MESSAGE) {
                sb.append("; … (all in ").append(fileName).append(".error.txt)");
            }
            throw new PayloadException(sb.toString());
        }
        EtfBatch b = new EtfBatch();
        p.rows().forEach(b::add);
        p.warnings().forEach(w -> b.warn("inbox file " + fileName + ": " + w));
        return b;
    }

    public Parsed read(String content) {
        List<Problem> problems = new ArrayList<>();
        List<EtfFlowRow> rows = new ArrayList<>();
        String text = content == null ? "" : content;
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);   // a byte-order mark from spreadsheet exports
        }
        if (text.isBlank()) {
            problems.add(new Problem(1, (text.isEmpty() ? "the file is empty (0 bytes)" : "the file holds only blank lines")
                + ": nothing stored; a file needs the header " + HEADER + " and one line per fund and day"));
            return new Parsed(List.of(), problems, List.of());
        }
        String[] lines = text.split("\r?\n", -1);
        if (lines[0].isBlank()) {
            problems.add(new Problem(1, "missing header " + HEADER));
            return new Parsed(List.of(), problems, List.of());
        }
        List<String> header = new ArrayList<>();
        for (String h : lines[0].split(",", -1)) {
            header.add(unquote(h).toLowerCase(Locale.ROOT));
        }
        for (String h : header) {
            if (!KNOWN.contains(h)) {
                problems.add(new Problem(1, "unknown column '" + shorten(h) + "' (allowed: " + String.join(",", KNOWN) + ")"));
            } else if (header.indexOf(h) != header.lastIndexOf(h)) {
                problems.add(new Problem(1, "column '" + h + "' appears twice"));
                break;
            }
        }
        for (String r : REQUIRED) {
            if (!header.contains(r)) {
                problems.add(new Problem(1, "missing column '" + r + "'"));
            }
        }
        if (!problems.isEmpty()) {
            return new Parsed(List.of(), problems, List.of());
        }
        if (Arrays.stream(lines, 1, lines.length).allMatch(String::isBlank)) {
            problems.add(new Problem(1, "the file has the header but no lines: nothing stored; add one line per fund "
                + "and day (as_of_date,ticker,net_flow_usd[,asset])"));
            return new Parsed(List.of(), problems, List.of());
        }
        int iDate = header.indexOf("as_of_date");
        int iTicker = header.indexOf("ticker");
        int iFlow = header.indexOf("net_flow_usd");
        int iAsset = header.indexOf("asset");
        LocalDate today = Utc.today(clock);
        Map<String, Integer> seen = new HashMap<>();
        // one store lookup per ticker and file; the first line giving a ticker's asset, for consistency in the file
        Map<String, Optional<String>> stored = new HashMap<>();
        Map<String, Integer> assetLine = new HashMap<>();
        Map<String, String> newFunds = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (int n = 1; n < lines.length; n++) {
            int lineNo = n + 1;
            String line = lines[n];
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != header.size()) {
                problems.add(new Problem(lineNo, f.length + " field(s) where the header has " + header.size()));
                continue;
            }
            List<String> why = new ArrayList<>();
            LocalDate date = null;
            String d = unquote(f[iDate]);
            try {
                date = LocalDate.parse(d);
                if (date.isAfter(today)) {
                    why.add("as_of_date " + d + " is in the future");
                }
            } catch (DateTimeParseException e) {
                why.add("bad date '" + shorten(d) + "' (expected YYYY-MM-DD)");
            }
            String ticker = unquote(f[iTicker]);
            if (!Tickers.isTicker(ticker)) {
                why.add("bad ticker '" + shorten(ticker) + "' (expected 1-10 capital letters or digits)");
            }
            BigDecimal flow = null;
            String v = unquote(f[iFlow]);
            if (v.matches("-?\\d{1,16}(\\.\\d{1,2})?")) {
                flow = new BigDecimal(v).setScale(2);
            } else {
                why.add("net_flow_usd '" + shorten(v) + "' is not a number of US dollars (like -12500000 or 1234.56)");
            }
            String asset = null;
            Optional<String> known = Tickers.isTicker(ticker)
                ? stored.computeIfAbsent(ticker, knownAsset) : Optional.empty();
            if (iAsset >= 0) {
                asset = unquote(f[iAsset]).toUpperCase(Locale.ROOT);
                if (!Tickers.isAsset(asset)) {
                    why.add("asset '" + shorten(asset) + "' must be BTC or ETH");
                } else if (known.isPresent() && !known.get().equals(asset)) {
                    why.add(ticker + " is a " + known.get() + " fund (the store has it as " + known.get() + "), not "
                        + asset + ": fix the asset column");
                    asset = null;
                } else if (known.isEmpty() && Tickers.isTicker(ticker)) {
                    String first = newFunds.putIfAbsent(ticker, asset);
                    if (first != null && !first.equals(asset)) {
                        why.add(ticker + " is given as " + first + " on line " + assetLine.get(ticker) + " and as "
                            + asset + " here: one fund has one asset");
                        asset = null;
                    } else if (first == null) {
                        assetLine.put(ticker, lineNo);
                        warnings.add("new fund " + ticker + " (" + asset + ") on line " + lineNo + ": no source has "
                            + "reported this ticker before; stored as a new " + asset + " fund (check the ticker if it "
                            + "is not a new fund)");
                    }
                }
            } else if (Tickers.isTicker(ticker)) {
                asset = known.orElse(null);
                if (asset == null) {
                    why.add("ticker " + ticker + " is not in the store yet: add an asset column (BTC or ETH)");
                }
            }
            if (why.isEmpty()) {
                Integer first = seen.putIfAbsent(date + "|" + ticker, lineNo);
                if (first != null) {
                    why.add(ticker + " on " + date + " already given on line " + first);
                }
            }
            if (!why.isEmpty()) {
                problems.add(new Problem(lineNo, String.join("; ", why)));
            } else {
                rows.add(new EtfFlowRow(date, ticker, asset, flow, SOURCE));
            }
        }
        return new Parsed(problems.isEmpty() ? rows : List.of(), problems, problems.isEmpty() ? warnings : List.of());
    }

    private static String unquote(String s) {
        String t = s.strip();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1).strip();
        }
        return t;
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
