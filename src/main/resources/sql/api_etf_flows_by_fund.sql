-- REST API /api/v1/etf-flows?by=fund: one row per fund and day in [from, to], one asset or both (NULL), one page.
-- Parameters: from, to, asset, asset, limit, offset.
SELECT as_of_date, asset, ticker, net_flow_usd, source
FROM etf_flows_daily
WHERE as_of_date >= ? AND as_of_date <= ? AND (CAST(? AS VARCHAR(8)) IS NULL OR asset = ?)
ORDER BY as_of_date, asset, ticker
LIMIT ? OFFSET ?
