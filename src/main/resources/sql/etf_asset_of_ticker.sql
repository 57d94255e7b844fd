-- The asset a fund has in the store (inbox files may leave the asset column out, and a file giving a known fund the
-- other asset is rejected). Should a fund ever have rows under both assets, the asset of most of its rows wins.
SELECT asset FROM etf_flows_daily WHERE ticker = ? GROUP BY asset ORDER BY COUNT(*) DESC, MAX(as_of_date) DESC LIMIT 1
