-- Newest ETF trading day stored per fund, whichever source gave it (Farside's schedule keeps it current).
SELECT MAX(as_of_date) AS newest FROM etf_flows_daily
