package io.marketintel.source.etf;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One day of the whole US spot ETF market of an asset (SoSoValue historicalInflowChart), in US dollars. */
public record EtfTotalRow(LocalDate asOfDate, String asset, BigDecimal totalNetInflowUsd, BigDecimal totalNetAssetsUsd,
                          BigDecimal cumNetInflowUsd, String source) {
}
