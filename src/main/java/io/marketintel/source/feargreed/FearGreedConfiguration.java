package io.marketintel.source.feargreed;

import java.time.Clock;

import javax.sql.DataSource;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

/**
 * The Fear & Greed source's beans, called by name from routes/fear-greed.camel.yaml: its mapper and its repository.
 * Listed in camel.main.configuration-classes after the core (which binds the data source and the clock).
 */
public class FearGreedConfiguration implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public FearGreedMapper fearGreedMapper() {
        return new FearGreedMapper();
    }

    @BindToRegistry(lazy = true)
    public SentimentRepository sentimentRepository(DataSource dataSource, Clock clock) {
        return new SentimentRepository(dataSource, clock);
    }
}
