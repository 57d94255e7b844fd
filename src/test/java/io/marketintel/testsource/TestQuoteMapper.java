package io.marketintel.testsource;

import java.math.BigDecimal;
import java.time.LocalDate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketintel.pipeline.Mapped;
import io.marketintel.pipeline.PayloadException;

/** {"quotes":[{"day":"2026-11-30","price":"1.25"}]} -> rows; a record without a positive price is rejected. */
public final class TestQuoteMapper {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Mapped<TestQuoteRow> map(String body) {
        JsonNode quotes;
        try {
            quotes = JSON.readTree(body).path("quotes");
        } catch (Exception e) {
            throw new PayloadException("test quotes: not JSON: " + e.getMessage());
        }
        if (!quotes.isArray()) {
            throw new PayloadException("test quotes: no 'quotes' array");
        }
        Mapped<TestQuoteRow> out = new Mapped<>();
        for (JsonNode q : quotes) {
            out.countRecord();
            try {
                BigDecimal price = new BigDecimal(q.path("price").asText());
                if (price.signum() <= 0) {
                    out.reject(q.toString(), "price", "price " + price + " is not positive");
                    continue;
                }
                out.add(new TestQuoteRow(LocalDate.parse(q.path("day").asText()), price));
            } catch (RuntimeException e) {
                out.reject(q.toString(), "shape", e.getMessage());
            }
        }
        return out;
    }
}
