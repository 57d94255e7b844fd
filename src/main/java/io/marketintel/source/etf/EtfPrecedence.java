package io.marketintel.source.etf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which source's figure is kept when two sources report the same fund and day ({@code etf.precedence}, first wins).
 * A source always replaces its own earlier figure (revisions); a row of any other label ranks last.
 */
public final class EtfPrecedence {

    public static final List<String> SOURCES = List.of(EtfCsvParser.SOURCE, SoSoValueMapper.SOURCE, FarsideParser.SOURCE);

    private final List<String> order;

    private EtfPrecedence(List<String> order) {
        this.order = List.copyOf(order);
    }

    /** Parses {@code csv,sosovalue,farside}; each of the three exactly once. */
    public static EtfPrecedence parse(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String s = part.strip().toLowerCase(Locale.ROOT);
            if (!SOURCES.contains(s)) {
                throw new IllegalArgumentException("'" + s + "' is not an ETF source (" + String.join(", ", SOURCES) + ")");
            }
            if (out.contains(s)) {
                throw new IllegalArgumentException("'" + s + "' is listed twice");
            }
            out.add(s);
        }
        if (out.size() != SOURCES.size()) {
            throw new IllegalArgumentException("must list all of " + String.join(", ", SOURCES) + " once, first wins");
        }
        return new EtfPrecedence(out);
    }

    /** 1 = wins over everything; unknown labels rank after every known source. */
    public int rank(String source) {
        int i = order.indexOf(source);
        return i < 0 ? order.size() + 1 : i + 1;
    }

    /** Whether a figure from {@code incoming} replaces one stored from {@code stored}. */
    public boolean replaces(String incoming, String stored) {
        return incoming.equals(stored) || rank(incoming) < rank(stored);
    }

    public List<String> order() {
        return order;
    }

    @Override
    public String toString() {
        return String.join(",", order);
    }
}
