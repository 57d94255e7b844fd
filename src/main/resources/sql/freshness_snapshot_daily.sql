-- Newest day the snapshot holds (today's row is recomputed by every run, so this is today when it keeps up).
SELECT MAX(as_of_date) AS newest FROM daily_market_snapshot
