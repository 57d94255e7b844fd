-- PostgreSQL's clock in ms since the epoch (the one clock every node of a cluster shares).
SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)
