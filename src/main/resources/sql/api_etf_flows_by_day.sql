-- REST API /api/v1/etf-flows?by=day: per asset and day in [from, to], the sum over the funds that reported, and the
-- running sum of those day sums since from (the window is computed before the page is cut).
-- Parameters: from, to, asset, asset, limit, offset.
SELECT as_of_date, asset, net_flow_usd, funds,
       SUM(net_flow_usd) OVER (PARTITION BY asset ORDER BY as_of_date ROWS UNBOUNDED PRECEDING) AS cum_net_flow_usd
FROM (
    SELECT as_of_date, asset, SUM(net_flow_usd) AS net_flow_usd, COUNT(*) AS funds
    FROM etf_flows_daily
    WHERE as_of_date >= ? AND as_of_date <= ? AND (CAST(? AS VARCHAR(8)) IS NULL OR asset = ?)
    GROUP BY as_of_date, asset
) d
ORDER BY as_of_date, asset
LIMIT ? OFFSET ?
