package io.marketintel.pipeline;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardTest {

    @Test
    void should_give_every_item_to_exactly_one_part_in_turn() {
        List<String> assets = List.of("BTC", "ETH", "SOL", "XRP", "ADA");
        assertEquals(List.of("BTC", "XRP"), new Shard(1, 3).of(assets));
        assertEquals(List.of("ETH", "ADA"), new Shard(2, 3).of(assets));
        assertEquals(List.of("SOL"), new Shard(3, 3).of(assets));
        assertEquals(List.of("ETH"), new Shard(2, 2).of(List.of("BTC", "ETH")));
        assertTrue(new Shard(3, 3).of(List.of("BTC")).isEmpty());
    }

    @Test
    void should_name_part_one_after_the_source_and_read_a_part_back_from_its_job() {
        assertEquals("coingecko-ohlc", Shard.job("coingecko-ohlc", 1));
        assertEquals("coingecko-ohlc-part3", Shard.job("coingecko-ohlc", 3));
        assertEquals("coingecko-ohlc", Shard.sourceOf("coingecko-ohlc-part3"));
        assertEquals(3, Shard.indexOf("coingecko-ohlc-part3"));
        assertEquals("fear-greed", Shard.sourceOf("fear-greed"));
        assertEquals(1, Shard.indexOf("fear-greed"));
        assertEquals("2/3", new Shard(2, 3).code());
        assertEquals("part 2 of 3", new Shard(2, 3).toString());
        assertTrue(new ScheduledFire("n", "coingecko-ohlc-part2", null, false).answers("coingecko-ohlc"));
        assertTrue(!new ScheduledFire("n", "coingecko-ohlc-part2", null, false).answers("snapshot-daily"));
    }

    @Test
    void should_refuse_a_part_outside_its_count() {
        assertThrows(IllegalArgumentException.class, () -> new Shard(3, 2));
        assertThrows(IllegalArgumentException.class, () -> new Shard(0, 2));
        assertThrows(IllegalArgumentException.class, () -> new Shard(1, 1));
    }
}
