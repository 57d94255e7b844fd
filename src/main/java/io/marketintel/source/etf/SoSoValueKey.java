package io.marketintel.source.etf;

import io.marketintel.config.ApiKeys;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Puts SoSoValue's key in its header right before the call ({@code process: ref: soSoValueKey}). A processor, not a
 * {@code {{placeholder}}} or a bean expression: Camel logs resolved placeholders at DEBUG and a bean's return value
 * at TRACE, so the key must never be a value Camel computes.
 */
public final class SoSoValueKey implements Processor {

    public static final String HEADER = "x-soso-api-key";

    private final ApiKeys keys;

    public SoSoValueKey(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public void process(Exchange exchange) {
        keys.get(ApiKeys.SOSOVALUE).ifPresent(k -> exchange.getMessage().setHeader(HEADER, k));
    }
}
