package io.marketintel.pipeline;

import java.util.function.ToIntFunction;

import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The triggers of parts 2..n of each sharded source ({@code sharded: "true"} in its declaration, {@code <settings>.shards
 * = n}): the source's own declaration is part 1; each further part is the same {@code scheduled-source} template with
 * {@code part = k} and its own Quartz job {@code <source>-part<k>}, so a cluster runs the parts on different nodes at
 * once. Bound in the registry, so Camel Main adds these after the route files' templates (not for --status and --check,
 * which load no route).
 */
public final class ShardRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(ShardRoutes.class);

    private final Sources sources;
    private final ToIntFunction<Source> shards;

    /** {@code shards}: how many parts share a source's work ({@link IngestRunner#shards}). */
    public ShardRoutes(Sources sources, ToIntFunction<Source> shards) {
        this.sources = sources;
        this.shards = shards;
    }

    @Override
    public void configure() {
        for (Source s : sources.sources()) {
            int n = shards.applyAsInt(s);
            if (n < 2) {
                continue;
            }
            for (int k = 2; k <= n; k++) {
                templatedRoute(Sources.SCHEDULED).routeId(s.id() + "-schedule-part" + k)
                    .parameter("source", s.id()).parameter("settings", s.settings())
                    .parameter("tables", String.join(",", s.tables())).parameter("sharded", "true")
                    .parameter("part", String.valueOf(k)).parameter("job", Shard.job(s.id(), k).substring(s.id().length()));
            }
            LOG.info("{}: {} parts ({}), each its own job: {} .. {}", s.id(), n, s.shardsKey(), s.id(),
                Shard.job(s.id(), n));
        }
    }
}
