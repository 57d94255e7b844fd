-- Newest day stored from a dropped CSV file (the inbox has no schedule: files are read when they arrive).
SELECT MAX(as_of_date) AS newest FROM etf_flows_daily WHERE source = 'csv'
