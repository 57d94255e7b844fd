package io.marketintel.source.etf;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketintel.pipeline.Mapped;
import io.marketintel.pipeline.PayloadException;

/**
 * SoSoValue open API v2 ({@code POST /openapi/v2/etf/...}, body {@code {"type":"us-btc-spot"}}) to rows.
 * <ul>
 * <li>{@code currentEtfDataMetrics}: {@code data.list[]} holds one object per fund with
 * {@code dailyNetInflow: {value, lastUpdateDate}} (USD) for the fund's latest trading day → one flow row each;</li>
 * <li>{@code historicalInflowChart}: {@code data.list[]} of {@code {date, totalNetInflow, totalNetAssets,
 * cumNetInflow}} (USD, ~300 days, the whole market of the asset) → {@code etf_flows_total_daily}.</li>
 * </ul>
 * {@code data} is accepted both as {@code {"list":[...]}} (the docs) and as a bare array (seen in the wild);
 * {@code code != 0} is the API saying no, reported with its {@code msg}. Numbers are read as exact decimals.
 * No Camel imports.
 */
public final class SoSoValueMapper {

    public static final String SOURCE = "sosovalue";

    private static final ObjectMapper JSON = new ObjectMapper()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** The request body of both endpoints for one asset. */
    public String requestBody(String asset) {
        return switch (asset) {
            case "BTC" -> "{\"type\":\"us-btc-spot\"}";
            case "ETH" -> "{\"type\":\"us-eth-spot\"}";
            default -> throw new IllegalArgumentException("asset must be BTC or ETH, not " + asset);
        };
    }

    public EtfBatch currentMetrics(String payload, String asset) {
        EtfBatch batch = new EtfBatch();
        for (JsonNode fund : list(payload, "currentEtfDataMetrics", asset)) {
            String ticker = fund.path("ticker").asText("").strip();
            if (!Tickers.isTicker(ticker)) {
                batch.getMapped().reject(fund.toString(), "fund has no valid ticker",
                    "SoSoValue " + asset + " fund has no valid ticker: '" + shorten(ticker) + "'");
                continue;
            }
            JsonNode inflow = fund.path("dailyNetInflow");
            JsonNode value = inflow.path("value");
            if (!inflow.isObject() || value.isMissingNode()) {
                // not the documented shape: a renamed field must not pass for funds without a figure
                batch.getMapped().reject(fund.toString(), "missing dailyNetInflow.value",
                    "SoSoValue " + asset + " " + ticker + ": missing dailyNetInflow.value");
                continue;
            }
            if (value.isNull()) {
                continue;   // the fund has no figure yet: no row rather than a zero
            }
            try {
                LocalDate day = date(inflow.path("lastUpdateDate"), "dailyNetInflow.lastUpdateDate");
                batch.add(new EtfFlowRow(day, ticker, asset, usd(value, "dailyNetInflow.value").setScale(2,
                    RoundingMode.HALF_EVEN), SOURCE));
            } catch (IllegalArgumentException e) {
                batch.getMapped().reject(fund.toString(), e.getMessage(),
                    "SoSoValue " + asset + " " + ticker + ": " + e.getMessage());
            }
        }
        return batch;
    }

    public Mapped<EtfTotalRow> history(String payload, String asset) {
        Mapped<EtfTotalRow> out = new Mapped<>();
        for (JsonNode day : list(payload, "historicalInflowChart", asset)) {
            try {
                out.add(new EtfTotalRow(date(day.path("date"), "date"), asset,
                    usd(day.path("totalNetInflow"), "totalNetInflow"), optionalUsd(day.path("totalNetAssets"), "totalNetAssets"),
                    optionalUsd(day.path("cumNetInflow"), "cumNetInflow"), SOURCE));
            } catch (IllegalArgumentException e) {
                out.reject(day.toString(), e.getMessage(), "SoSoValue " + asset + " history: " + e.getMessage());
            }
        }
        return out;
    }

    /** The records of an answer: {@code data.list} or a bare {@code data} array; {@code code != 0} fails it. */
    static Iterable<JsonNode> list(String payload, String endpoint, String asset) {
        if (payload == null || payload.isBlank()) {
            throw new PayloadException("SoSoValue " + endpoint + " (" + asset + ") answered an empty body");
        }
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new PayloadException("SoSoValue " + endpoint + " (" + asset + ") answer is not valid JSON: "
                + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PayloadException("SoSoValue " + endpoint + " answer could not be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new PayloadException("SoSoValue " + endpoint + " (" + asset + ") answer is not a JSON object");
        }
        JsonNode code = root.get("code");
        if (code == null || !code.canConvertToInt() || code.asInt() != 0) {
            JsonNode msg = root.has("msg") ? root.get("msg") : root.get("message");
            String text = msg == null || msg.isNull() ? "" : msg.asText().strip();
            // the API's own words, whole: they are the diagnosis
            throw new PayloadException("SoSoValue " + endpoint + " (" + asset + ") refused: code "
                + (code == null ? "missing" : code.asText()) + ", msg " + (text.isEmpty() ? "(none)" : "'" + text + "'")
                + fix(code, text));
        }
        JsonNode data = root.get("data");
        JsonNode list = data != null && data.isArray() ? data
            : data != null && data.isObject() && data.path("list").isArray() ? data.get("list") : null;
        if (list != null && list.isEmpty()) {
            throw new PayloadException("SoSoValue " + endpoint + " (" + asset + ") answered an empty list where "
                + ("historicalInflowChart".equals(endpoint) ? "daily totals" : "funds") + " were expected; nothing stored");
        }
        if (list != null) {
            return list;
        }
        throw new PayloadException("SoSoValue " + endpoint + " (" + asset + ") answer has neither data.list[] nor a "
            + "data[] array (the API shape changed?)");
    }

    /** What to do about a refusal: the key for SoSoValue's key errors (400101 "API Key is invalid", 401xx). */
    static String fix(JsonNode code, String msg) {
        String c = code == null ? "" : code.asText();
        String m = msg.toLowerCase(Locale.ROOT);
        if (c.equals("400101") || c.startsWith("401") || m.contains("api key") || m.contains("apikey")
            || m.contains("unauthor")) {
            return ": set SOSOVALUE_API_KEY to a valid SoSoValue API key (it is sent as header x-soso-api-key)";
        }
        if (c.startsWith("429") || m.contains("rate limit")) {
            return ": SoSoValue's rate limit; lower etf.sosovalue.cron's frequency or wait";
        }
        return "";
    }

    static LocalDate date(JsonNode n, String field) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            throw new IllegalArgumentException("missing " + field);
        }
        if (n.isIntegralNumber()) {
            // the newer docs type dates as a Long timestamp (milliseconds)
            return LocalDate.ofInstant(Instant.ofEpochMilli(n.asLong()), ZoneOffset.UTC);
        }
        try {
            return LocalDate.parse(n.asText().strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " is not a date YYYY-MM-DD: '" + shorten(n.asText()) + "'");
        }
    }

    static BigDecimal usd(JsonNode n, String field) {
        BigDecimal v = optionalUsd(n, field);
        if (v == null) {
            throw new IllegalArgumentException("missing " + field);
        }
        return v;
    }

    static BigDecimal optionalUsd(JsonNode n, String field) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        try {
            BigDecimal v = n.isNumber() ? n.decimalValue() : new BigDecimal(n.asText().strip());
            return tidy(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " is not a number: '" + shorten(n.asText()) + "'");
        }
    }

    /** -55066297.0000000000000000 -> -55066297; 13534833596.0950 -> 13534833596.095 (at most 4 decimals). */
    static BigDecimal tidy(BigDecimal v) {
        BigDecimal t = v.setScale(Math.min(v.scale(), 4), RoundingMode.HALF_EVEN).stripTrailingZeros();
        return t.scale() < 0 ? t.setScale(0) : t;
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
