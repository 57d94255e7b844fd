package io.marketintel.source.feargreed;

import java.time.LocalDate;

/** One day of the Crypto Fear &amp; Greed Index; the classification is the API's own string. */
public record SentimentRow(LocalDate asOfDate, int value, String classification) {
}
