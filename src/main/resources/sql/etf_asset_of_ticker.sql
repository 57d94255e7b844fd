-- The asset a fund already has in the store (inbox files may leave the asset column out).
SELECT asset FROM etf_flows_daily WHERE ticker = ? ORDER BY as_of_date DESC LIMIT 1
