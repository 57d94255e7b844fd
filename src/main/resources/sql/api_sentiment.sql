-- REST API /api/v1/sentiment: Fear & Greed per day in [from, to], oldest first, one page.
-- Parameters: from, to, limit, offset.
SELECT as_of_date, fng_value, classification, source
FROM sentiment_daily
WHERE as_of_date >= ? AND as_of_date <= ?
ORDER BY as_of_date
LIMIT ? OFFSET ?
