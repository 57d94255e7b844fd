package io.marketintel.source.etf;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One fund's net flow on one US trading day, in exact US dollars (Farside's millions already multiplied out).
 * {@code source} is the short label stored in {@code etf_flows_daily.source}: farside, sosovalue or csv.
 */
public record EtfFlowRow(LocalDate asOfDate, String ticker, String asset, BigDecimal netFlowUsd, String source) {
}
