-- Newest day of SoSoValue's market totals (every SoSoValue run writes them).
SELECT MAX(as_of_date) AS newest FROM etf_flows_total_daily WHERE source = 'sosovalue'
