package io.marketintel.source.etf;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.marketintel.pipeline.PayloadException;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A Farside Investors flow page ({@code /btc/}, {@code /eth/} or the all-data pages) to one row per fund and day.
 * <ul>
 * <li>Header-driven: the header rows are the rows above the first dated row (3 for BTC, 4 for ETH); the ticker row
 * is the one holding the most ticker-shaped cells, so a fund added later (MSBT in 2026) is just one more column
 * and becomes rows, with no code change.</li>
 * <li>Cells are US$ millions with one decimal: {@code (44.5)} is negative, {@code 1,119.9} has a thousands
 * separator, {@code -} means no data (fund not listed yet, holiday, not reported) and gives no row.</li>
 * <li>Never stored: the footer rows (Total, Average, Maximum, Minimum…), the highlighted provisional current-day
 * row, holiday rows (every fund {@code -}) and trailing all-{@code 0.0} placeholders for days not reported yet
 * (an all-zero row followed by a real day is a real day and is stored).</li>
 * <li>Farside's own {@code Total} column is only a cross-check: a day whose funds do not add up to it (beyond the
 * one-decimal rounding of each cell) gives a warning naming the day; the funds are stored anyway.</li>
 * </ul>
 * No Camel imports; unit-tested on the real recorded pages.
 */
public final class FarsideParser {

    public static final String SOURCE = "farside";

    /** The pages of one run: recent days by default, the full history when backfilling. */
    public record Page(String asset, String path) {
    }

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    /** Half a unit of the last decimal (0.1 M$): the most one rounded cell can be off. */
    private static final BigDecimal HALF_CELL = new BigDecimal("0.05");
    private static final Set<String> FOOTERS = Set.of("total", "average", "maximum", "minimum", "fee", "seed");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    /** The assets whose pages are read ({@code etf.farside.assets}), in order. */
    private final List<String> assets;

    /** Both assets' pages (BTC, ETH). */
    public FarsideParser() {
        this(List.of("BTC", "ETH"));
    }

    /** Only these assets' pages (BTC and/or ETH); {@link #assets(String)} validates the property. */
    public FarsideParser(List<String> assets) {
        this.assets = List.copyOf(assets);
    }

    /**
     * Parses {@code etf.farside.assets}: a comma-separated, non-empty list of BTC and ETH without repeats.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static List<String> assets(String list) {
        List<String> out = new ArrayList<>();
        for (String part : list.split(",", -1)) {
            String a = part.strip().toUpperCase(Locale.ROOT);
            if (!Tickers.isAsset(a)) {
                throw new IllegalArgumentException("'" + part.strip() + "' is not BTC or ETH");
            }
            if (out.contains(a)) {
                throw new IllegalArgumentException(a + " is listed twice");
            }
            out.add(a);
        }
        return out;
    }

    public List<Page> pages(boolean backfill) {
        List<Page> all = backfill
            ? List.of(new Page("BTC", "/bitcoin-etf-flow-all-data/"), new Page("ETH", "/ethereum-etf-flow-all-data/"))
            : List.of(new Page("BTC", "/btc/"), new Page("ETH", "/eth/"));
        return all.stream().filter(p -> assets.contains(p.asset())).toList();
    }

    public EtfBatch parse(String html, String asset) {
        if (!Tickers.isAsset(asset)) {
            throw new IllegalArgumentException("asset must be BTC or ETH, not " + asset);
        }
        if (html == null || html.isBlank()) {
            throw new PayloadException("Farside " + asset + " page is empty");
        }
        Document doc = Jsoup.parse(html);
        Element table = doc.selectFirst("table.etf");
        if (table == null) {
            throw new PayloadException("Farside " + asset + " page has no <table class=\"etf\"> (layout changed, or a "
                + "challenge page came back with HTTP 200: " + title(doc) + ")");
        }
        List<Element> trs = table.getElementsByTag("tr");
        int firstData = -1;
        for (int i = 0; i < trs.size(); i++) {
            List<String> cells = cells(trs.get(i));
            if (!cells.isEmpty() && date(cells.get(0)) != null) {
                firstData = i;
                break;
            }
        }
        List<List<String>> header = new ArrayList<>();
        for (int i = 0; i < (firstData < 0 ? trs.size() : firstData); i++) {
            header.add(cells(trs.get(i)));
        }
        Map<Integer, String> tickers = tickerColumns(header, asset);
        int totalCol = totalColumn(header);

        EtfBatch batch = new EtfBatch();
        if (firstData < 0) {
            // the recent and all-data pages always list days: a table without one is no data where data is expected
            throw new PayloadException("Farside " + asset + " page: the flow table has no dated row (" + trs.size()
                + " header row(s) only); nothing stored");
        }
        List<Day> days = new ArrayList<>();
        for (int i = firstData; i < trs.size(); i++) {
            Element tr = trs.get(i);
            List<String> cells = cells(tr);
            if (cells.isEmpty() || cells.stream().allMatch(String::isEmpty)) {
                continue;
            }
            String label = cells.get(0);
            LocalDate day = date(label);
            if (day == null) {
                if (isFooter(label)) {
                    continue;
                }
                batch.getMapped().reject(tr.outerHtml(), "a row is neither a date nor a known footer", "Farside " + asset
                    + " row '" + label + "' is neither a date nor a known footer (Total, Average, Maximum, Minimum)");
                continue;
            }
            if (isHighlighted(tr)) {
                continue;   // the provisional current day: re-fetched on the next run, never stored as zeros
            }
            try {
                days.add(day(day, cells, tickers, totalCol));
            } catch (IllegalArgumentException e) {
                batch.getMapped().reject(tr.outerHtml(), e.getMessage(), "Farside " + asset + " " + day + ": " + e.getMessage());
            }
        }
        LocalDate lastReal = days.stream().filter(d -> d.flows.values().stream().anyMatch(v -> v.signum() != 0))
            .map(d -> d.date).max(LocalDate::compareTo).orElse(null);
        for (Day d : days) {
            if (d.flows.isEmpty()) {
                continue;   // holiday: every fund '-'
            }
            boolean allZero = d.flows.values().stream().allMatch(v -> v.signum() == 0);
            if (allZero && (lastReal == null || d.date.isAfter(lastReal))) {
                continue;   // a day Farside has laid out but not reported yet
            }
            BigDecimal sum = BigDecimal.ZERO;
            for (Map.Entry<String, BigDecimal> f : d.flows.entrySet()) {
                sum = sum.add(f.getValue());
                batch.add(new EtfFlowRow(d.date, f.getKey(), asset, f.getValue().multiply(MILLION).setScale(2), SOURCE));
            }
            if (d.total != null) {
                BigDecimal tolerance = HALF_CELL.multiply(BigDecimal.valueOf(d.flows.size() + 1L));
                if (sum.subtract(d.total).abs().compareTo(tolerance) > 0) {
                    batch.warn("Farside " + asset + " " + d.date + ": the funds add up to " + sum.toPlainString()
                        + " M$ but Farside's Total says " + d.total.toPlainString() + " M$ (funds stored as published)");
                }
            }
        }
        return batch;
    }

    private record Day(LocalDate date, Map<String, BigDecimal> flows, BigDecimal total) {
    }

    private static Day day(LocalDate date, List<String> cells, Map<Integer, String> tickers, int totalCol) {
        Map<String, BigDecimal> flows = new LinkedHashMap<>();
        for (Map.Entry<Integer, String> c : tickers.entrySet()) {
            String text = c.getKey() < cells.size() ? cells.get(c.getKey()) : "";
            BigDecimal v = millions(text, c.getValue());
            if (v != null) {
                flows.put(c.getValue(), v);
            }
        }
        BigDecimal total = totalCol >= 0 && totalCol < cells.size() ? millions(cells.get(totalCol), "Total") : null;
        return new Day(date, flows, total);
    }

    /** {@code 209.4}, {@code (44.5)}, {@code 1,119.9}; {@code -} or empty = no data (null). */
    static BigDecimal millions(String text, String column) {
        String t = text.replace('\u00a0', ' ').strip();
        if (t.isEmpty() || t.equals("-") || t.equals("–") || t.equals("—")) {
            return null;
        }
        boolean negative = t.startsWith("(") && t.endsWith(")");
        if (negative) {
            t = t.substring(1, t.length() - 1).strip();
        }
        if (!t.matches("-?\\d{1,3}(,\\d{3})*(\\.\\d+)?|-?\\d+(\\.\\d+)?")) {
            throw new IllegalArgumentException(column + " cell '" + text + "' is not a number of US$ millions");
        }
        BigDecimal v = new BigDecimal(t.replace(",", ""));
        return negative ? v.negate() : v;
    }

    private static Map<Integer, String> tickerColumns(List<List<String>> header, String asset) {
        List<String> best = null;
        int bestCount = 0;
        for (List<String> row : header) {
            int n = 0;
            for (int i = 1; i < row.size(); i++) {
                if (isTickerCell(row.get(i))) {
                    n++;
                }
            }
            if (n > bestCount) {
                bestCount = n;
                best = row;
            }
        }
        if (best == null) {
            throw new PayloadException("Farside " + asset + " table has no row of fund tickers above its first day "
                + "(the layout changed)");
        }
        Map<Integer, String> out = new LinkedHashMap<>();
        for (int i = 1; i < best.size(); i++) {
            if (isTickerCell(best.get(i))) {
                out.put(i, best.get(i));
            }
        }
        return out;
    }

    private static boolean isTickerCell(String s) {
        return Tickers.isTicker(s) && !s.equals("TOTAL") && !s.equals("FEE");
    }

    private static int totalColumn(List<List<String>> header) {
        for (List<String> row : header) {
            for (int i = 1; i < row.size(); i++) {
                if (row.get(i).equalsIgnoreCase("total")) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The cell texts of a row, a colspan repeated so that indexes are column numbers. */
    private static List<String> cells(Element tr) {
        List<String> out = new ArrayList<>();
        for (Element c : tr.children()) {
            if (!c.tagName().equals("td") && !c.tagName().equals("th")) {
                continue;
            }
            String text = c.text().replace('\u00a0', ' ').strip();
            int span = 1;
            try {
                span = Math.max(1, Math.min(50, Integer.parseInt(c.attr("colspan").strip())));
            } catch (NumberFormatException ignored) {
                // no or bad colspan: one column
            }
            for (int k = 0; k < span; k++) {
                out.add(text);
            }
        }
        return out;
    }

    static LocalDate date(String s) {
        String t = s.replace('\u00a0', ' ').strip();
        if (t.length() < 10 || t.length() > 12 || !Character.isDigit(t.charAt(0))) {
            return null;
        }
        try {
            return LocalDate.parse(t, DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean isFooter(String label) {
        String l = label.toLowerCase(Locale.ROOT);
        return FOOTERS.stream().anyMatch(l::startsWith);
    }

    /** Farside colours the current, still provisional day (style="background-color: #99ff99"). */
    private static boolean isHighlighted(Element tr) {
        return tr.attr("style").toLowerCase(Locale.ROOT).contains("background") || tr.hasAttr("bgcolor");
    }

    private static String title(Document doc) {
        String t = doc.title();
        return t == null || t.isBlank() ? "no title" : "title '" + t.strip() + "'";
    }
}
