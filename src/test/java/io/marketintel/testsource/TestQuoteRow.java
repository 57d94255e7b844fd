package io.marketintel.testsource;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One day's quote of the test-only source. */
public record TestQuoteRow(LocalDate day, BigDecimal price) {
}
