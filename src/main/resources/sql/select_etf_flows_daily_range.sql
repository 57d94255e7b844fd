-- What is stored for the days of a payload, to apply etf.precedence and log disagreements between sources.
SELECT as_of_date, ticker, net_flow_usd, source
FROM etf_flows_daily
WHERE as_of_date >= ? AND as_of_date <= ?
