-- Newest Fear & Greed day stored (the index is stamped 00:00 UTC of its day).
SELECT MAX(as_of_date) AS newest FROM sentiment_daily
