package io.marketintel.pipeline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Most records failing one check is a changed shape (one dead letter); anything less stays per record. */
class MappedTest {

    static Mapped<String> mapped(int rows, int sameCheck, int ownValues) {
        Mapped<String> m = new Mapped<>();
        for (int i = 0; i < rows; i++) {
            m.add("row" + i);
        }
        for (int i = 0; i < sameCheck; i++) {
            m.reject("{\"val\":" + i + "}", "missing value", "BTC " + i + ": missing value");
        }
        for (int i = 0; i < ownValues; i++) {
            m.reject("{\"value\":" + (200 + i) + "}", "value " + (200 + i) + " is outside 0..100");
        }
        return m;
    }

    @Test
    void should_call_a_check_failed_by_most_records_a_shape_change() {
        Mapped<String> m = mapped(2, 20, 1);

        Mapped.ShapeChange shape = m.getShapeChange();

        assertNotNull(shape);
        assertTrue(shape.message().startsWith("the API's shape changed: missing value in 20 of 23 records (first: "
            + "BTC 0: missing value: {\"val\":0}"), shape.message());
        assertEquals(1, m.getRecordRejects().size(), "the record failing on its own value is still dead-lettered alone");
    }

    @Test
    void should_keep_per_record_dead_letters_when_the_check_fails_for_half_or_fewer() {
        assertNull(mapped(10, 10, 0).getShapeChange(), "half is not most");
        assertNull(mapped(0, 2, 0).getShapeChange(), "two records are too few to call it a shape");
        assertNull(mapped(0, 0, 30).getShapeChange(), "thirty different values are thirty bad records");
        assertEquals(30, mapped(0, 0, 30).getRecordRejects().size());
    }

    @Test
    void should_count_the_payloads_records_when_the_mapper_counts_them() {
        Mapped<String> m = new Mapped<>();
        for (int i = 0; i < 48; i++) {
            m.countRecord();
        }
        for (int i = 0; i < 20; i++) {
            m.add("hour" + i);   // 40 candles merged into 20 hours
        }
        for (int i = 0; i < 8; i++) {
            m.reject("[" + i + "]", "candle is not an array");
        }

        assertEquals(48, m.getRecords());
        assertNull(m.getShapeChange(), "8 of 48 candles");
    }
}
