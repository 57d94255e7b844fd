package io.marketintel.source.etf;

import java.util.ArrayList;
import java.util.List;

import io.marketintel.pipeline.Mapped;

/**
 * What one ETF payload (a Farside page, a SoSoValue answer, an inbox file) yields: the fund rows, the records
 * rejected by a data check, and warnings that do not stop the store (a Farside Total that does not match the
 * sum of its funds). The {@code etf-store} route turns the warnings into log lines and run warnings.
 */
public final class EtfBatch {

    private final Mapped<EtfFlowRow> mapped = new Mapped<>();
    private final List<String> warnings = new ArrayList<>();

    public Mapped<EtfFlowRow> getMapped() {
        return mapped;
    }

    public List<EtfFlowRow> getRows() {
        return mapped.getRows();
    }

    public List<String> getWarnings() {
        return warnings;
    }

    void add(EtfFlowRow row) {
        mapped.add(row);
    }

    void warn(String warning) {
        warnings.add(warning);
    }

    @Override
    public String toString() {
        return mapped + ", " + warnings.size() + " warning(s)";
    }
}
