package io.marketintel.source.etf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test helper: renders rows of Farside cell strings back into the markup of the real page (as in
 * {@code farside_btc_trimmed_portafolio_crypto.html}): a {@code <table class="etf">} whose {@code <thead>} holds an
 * issuer-logo row, the ticker row, a fee row and (ETH) a staking-fee row; negatives inside
 * {@code <span class="redFont">}, zeros in {@code <td class="zero-flow">}, footers on a grey background.
 */
final class FarsideMarkup {

    private FarsideMarkup() {
    }

    /**
     * @param tickers    fund columns, left to right (the Total column is added)
     * @param headerRows 3 (BTC: issuer, ticker, fee) or 4 (ETH: + staking fee)
     * @param rows       one map per table row: "Date" plus a cell string per ticker and "Total", verbatim
     * @param highlightedDate the date label of the provisional green row, or null
     */
    static String table(List<String> tickers, int headerRows, List<Map<String, String>> rows, String highlightedDate) {
        StringBuilder sb = new StringBuilder("<html><head><title>Bitcoin ETF Flow</title></head><body>\n<table class=\"etf\">\n<thead>\n");
        sb.append("<tr bgcolor=\"#eaeffa\"><th><span class=\"tabletext\"> </span></th>");
        for (String t : tickers) {
            sb.append("<th><div align=\"center\"><a href=\"\" class=\"grow\"><img src=\"/images/etf/x.jpg\" alt=\"Issuer of ")
                .append(t).append("\" width=\"32\" height=\"15\"></a></div></th>");
        }
        sb.append("<th><div align=\"right\"><span class=\"tabletext\">      Total</span></div></th></tr>\n");
        sb.append("<tr bgcolor=\"#eaeffa\"><th><span class=\"tabletext\"></span></th>");
        for (String t : tickers) {
            sb.append("<th><div align=\"right\"><span class=\"tabletext\">  ").append(t).append("</span></div></th>");
        }
        sb.append("<th><div align=\"right\"><span class=\"tabletext\"></span></div></th></tr>\n");
        List<String> labels = new ArrayList<>(List.of("Fee"));
        if (headerRows == 4) {
            labels.add("Staking fee");
        }
        for (String label : labels) {
            sb.append("<tr bgcolor=\"#eaeffa\"><th><span class=\"tabletext\">").append(label).append("</span></th>");
            for (int i = 0; i < tickers.size(); i++) {
                sb.append("<th><div align=\"right\"><span class=\"tabletext\">0.25%</span></div></th>");
            }
            sb.append("<th><div align=\"right\"><span class=\"tabletext\"></span></div></th></tr>\n");
        }
        sb.append("</thead>\n<tbody>\n");
        for (Map<String, String> r : rows) {
            String date = r.get("Date");
            boolean footer = List.of("Total", "Average", "Maximum", "Minimum").contains(date);
            if (footer) {
                sb.append("<tr style=\"background-color: #eaeffa !important;\">");
            } else if (date.equals(highlightedDate)) {
                sb.append("<tr style=\"background-color: #99ff99 !important;\">");
            } else {
                sb.append("<tr> ");
            }
            sb.append("<td><span class=\"tabletext\">").append(date).append("</span></td>");
            List<String> cols = new ArrayList<>(tickers);
            cols.add("Total");
            for (String t : cols) {
                sb.append(cell(r.getOrDefault(t, "-")));
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n</body></html>\n");
        return sb.toString();
    }

    private static String cell(String v) {
        if (v.startsWith("(")) {
            return "<td><div align=\"right\"><span class=\"tabletext\"><span class=\"redFont\">" + v + "</span></span></div></td>";
        }
        if (v.equals("0.0") || v.equals("-")) {
            return "<td class=\"zero-flow\"><div align=\"right\"><span class=\"tabletext\">" + v + "</span></div></td>";
        }
        return "<td><div align=\"right\"><span class=\"tabletext\">" + v + "</span></div></td>";
    }
}
