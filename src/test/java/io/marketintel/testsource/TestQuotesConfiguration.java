package io.marketintel.testsource;

import java.time.Clock;

import javax.sql.DataSource;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

/** The test-only source's beans, as a real source's configuration class binds its own. */
public class TestQuotesConfiguration implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public TestQuoteMapper testQuoteMapper() {
        return new TestQuoteMapper();
    }

    @BindToRegistry(lazy = true)
    public TestQuoteRepository testQuoteRepository(DataSource dataSource, Clock clock) throws Exception {
        return new TestQuoteRepository(dataSource, clock);
    }
}
