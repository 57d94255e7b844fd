package io.marketintel.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One part of a sharded source's scheduled work ({@code <settings>.shards = count}, declared {@code sharded: "true"}):
 * each part is its own Quartz job, so a cluster spreads the parts over its nodes and they run in parallel. Part 1's job
 * is the source's own ({@code quartz:market-intel/<source>}), part k's {@code <source>-part<k>}. The source decides what
 * a part is; CoinGecko's part k of n fetches every n-th asset of {@code coingecko.assets}, starting with the k-th.
 * A run without a shard (catch-up at start on a single node, {@code --once}, a replay) does the whole work.
 *
 * @param index 1-based
 * @param count the number of parts, at least 2
 */
public record Shard(int index, int count) {

    private static final Pattern PART_JOB = Pattern.compile("(.+)-part(\\d+)");

    public Shard {
        if (count < 2 || index < 1 || index > count) {
            throw new IllegalArgumentException("part " + index + " of " + count);
        }
    }

    /** The Quartz job (and trigger) name of part {@code index} of a source. */
    public static String job(String source, int index) {
        return index == 1 ? source : source + "-part" + index;
    }

    /** The source whose job this is ({@code coingecko-ohlc-part2} → {@code coingecko-ohlc}). */
    public static String sourceOf(String job) {
        Matcher m = PART_JOB.matcher(job);
        return m.matches() ? m.group(1) : job;
    }

    /** The part a job name runs: 1 for the source's own job. */
    public static int indexOf(String job) {
        Matcher m = PART_JOB.matcher(job);
        return m.matches() ? Integer.parseInt(m.group(2)) : 1;
    }

    /** This part's share of {@code all}: the items at positions index-1, index-1+count, ... */
    public <T> List<T> of(List<T> all) {
        List<T> out = new ArrayList<>();
        for (int i = index - 1; i < all.size(); i += count) {
            out.add(all.get(i));
        }
        return out;
    }

    /** As ingest_run.part stores it: {@code 2/3}. */
    public String code() {
        return index + "/" + count;
    }

    @Override
    public String toString() {
        return "part " + index + " of " + count;
    }
}
