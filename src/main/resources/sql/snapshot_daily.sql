-- daily_market_snapshot for the UTC days :?from_date .. :?to_date (inclusive), one row per day and asset that has at
-- least one hourly candle that day. Recomputing a day replaces its row (upsert on the primary key).
-- Portable: runs unchanged on SQLite (>= 3.35 with math functions, as in sqlite-jdbc 3.53) and PostgreSQL.
--   * no date functions (SQLite and PostgreSQL share none): an hour's position on the time line is computed from the
--     text timestamp with integer arithmetic (days-from-civil, years 0001..9999), so "the previous hour" and "the
--     trailing 168 hours" are exact even across month and year ends;
--   * no STDDEV (SQLite has none): the standard deviation is two-pass, a window AVG per day then the sum of squares;
--   * LN and SQRT exist in both.
-- Parameters: data_from (from_date - 7 days: the first day's volatility window and previous close), from_date,
-- to_date, to_end (to_date + 1 day), day_min_hours, vol_min_returns, computed_at. Thresholds: see README "Snapshot".
WITH
parts AS (
    SELECT asset, ts_utc, open, high, low, close, session, quality,
           SUBSTR(ts_utc, 1, 10) AS day,
           CAST(SUBSTR(ts_utc, 12, 2) AS INTEGER) AS hr,
           CAST(SUBSTR(ts_utc, 1, 4) AS INTEGER)
               - CASE WHEN CAST(SUBSTR(ts_utc, 6, 2) AS INTEGER) <= 2 THEN 1 ELSE 0 END AS y,
           (CAST(SUBSTR(ts_utc, 6, 2) AS INTEGER) + 9) % 12 AS mp,
           CAST(SUBSTR(ts_utc, 9, 2) AS INTEGER) AS dd
    FROM ohlc_hourly
    WHERE ts_utc >= :?data_from AND ts_utc < :?to_end
),
-- dn: day number (days since a fixed epoch), hn: hour number; both exact integers
numbered AS (
    SELECT asset, ts_utc, open, high, low, close, session, quality, day, hr,
           365 * y + y / 4 - y / 100 + y / 400 + (153 * mp + 2) / 5 + dd - 1 AS dn
    FROM parts
),
seq AS (
    SELECT asset, ts_utc, open, high, low, close, session, quality, day, hr, dn, dn * 24 + hr AS hn,
           LAG(close)       OVER (PARTITION BY asset ORDER BY ts_utc) AS prev_close,
           LAG(dn * 24 + hr)  OVER (PARTITION BY asset ORDER BY ts_utc) AS prev_hn,
           LAG(session)     OVER (PARTITION BY asset ORDER BY ts_utc) AS prev_session,
           LEAD(dn * 24 + hr) OVER (PARTITION BY asset ORDER BY ts_utc) AS next_hn,
           LEAD(session)    OVER (PARTITION BY asset ORDER BY ts_utc) AS next_session
    FROM numbered
),
-- an hourly log return exists only between two adjacent hours (a gap is not an hourly return)
rets AS (
    SELECT asset, hn, LN(close / prev_close) AS r
    FROM seq
    WHERE prev_hn = hn - 1 AND close > 0 AND prev_close > 0
),
days AS (
    SELECT asset, day, MIN(dn) AS dn,
           COUNT(*) AS hours_present,
           SUM(CASE WHEN quality = 'sampled' THEN 1 ELSE 0 END) AS hours_sampled,
           MAX(high) AS high_seen,
           MIN(low) AS low_seen,
           MAX(CASE WHEN hr = 0 THEN open END) AS open_00,
           MAX(CASE WHEN hr = 23 THEN close END) AS close_23
    FROM seq
    WHERE day >= :?from_date AND day <= :?to_date
    GROUP BY asset, day
),
closes AS (
    SELECT asset, dn, close FROM seq WHERE hr = 23
),
-- the trailing 168 hours of a day: its own 24 hours and the 144 before (returns into hours d-6 00:00 .. d 23:00)
vol_returns AS (
    SELECT d.asset, d.day, r.r,
           AVG(r.r)  OVER (PARTITION BY d.asset, d.day) AS mean_r,
           COUNT(*) OVER (PARTITION BY d.asset, d.day) AS n
    FROM days d
    JOIN rets r ON r.asset = d.asset AND r.hn >= d.dn * 24 - 144 AND r.hn < d.dn * 24 + 24
),
vol AS (
    SELECT asset, day, MAX(n) AS n, SUM((r - mean_r) * (r - mean_r)) AS ss
    FROM vol_returns
    GROUP BY asset, day
),
ranked AS (
    SELECT asset, day, session, hr, hn, open, close, prev_hn, prev_session, next_hn, next_session,
           ROW_NUMBER() OVER (PARTITION BY asset, day, session ORDER BY hr) AS first_rank,
           ROW_NUMBER() OVER (PARTITION BY asset, day, session ORDER BY hr DESC) AS last_rank
    FROM seq
    WHERE day >= :?from_date AND day <= :?to_date
),
-- a session's move that day: close of its last hour over open of its first hour. Only when the day's hours of that
-- session are complete: no gap inside, and both ends provably at a session boundary (day edge, or the adjacent hour
-- present and labelled with another session). A missing hour at a boundary therefore nulls both neighbours.
sessions AS (
    SELECT asset, day, session,
           COUNT(*) AS n, MIN(hr) AS first_hr, MAX(hr) AS last_hr,
           MAX(CASE WHEN first_rank = 1 THEN open END) AS s_open,
           MAX(CASE WHEN last_rank = 1 THEN close END) AS s_close,
           MAX(CASE WHEN first_rank = 1
                     AND (hr = 0 OR (prev_hn = hn - 1 AND prev_session <> session)) THEN 1 ELSE 0 END) AS starts_clean,
           MAX(CASE WHEN last_rank = 1
                     AND (hr = 23 OR (next_hn = hn + 1 AND next_session <> session)) THEN 1 ELSE 0 END) AS ends_clean
    FROM ranked
    GROUP BY asset, day, session
),
session_returns AS (
    SELECT asset, day, session,
           CASE WHEN n = last_hr - first_hr + 1 AND starts_clean = 1 AND ends_clean = 1 AND s_open > 0
                THEN (s_close / s_open - 1) * 100 END AS ret
    FROM sessions
),
etf AS (
    SELECT as_of_date, asset, SUM(net_flow_usd) AS net_flow_usd
    FROM etf_flows_daily
    WHERE as_of_date >= :?from_date AND as_of_date <= :?to_date
    GROUP BY as_of_date, asset
),
snapshot AS (
    SELECT d.day AS as_of_date,
           d.asset,
           d.open_00 AS open,
           CASE WHEN d.hours_present >= :?day_min_hours THEN d.high_seen END AS high,
           CASE WHEN d.hours_present >= :?day_min_hours THEN d.low_seen END AS low,
           d.close_23 AS close,
           CASE WHEN pc.close > 0 THEN (d.close_23 / pc.close - 1) * 100 END AS change_24h_pct,
           CASE WHEN v.n >= :?vol_min_returns AND v.n >= 2
                THEN SQRT(v.ss / (v.n - 1) * 8760) * 100 END AS volatility_7d_pct,
           asia.ret AS return_asia_pct,
           europe.ret AS return_europe_pct,
           us.ret AS return_us_pct,
           s.fng_value,
           s.classification AS fng_classification,
           e.net_flow_usd AS etf_net_flow_usd,
           d.hours_present,
           d.hours_sampled
    FROM days d
    LEFT JOIN closes pc ON pc.asset = d.asset AND pc.dn = d.dn - 1
    LEFT JOIN vol v ON v.asset = d.asset AND v.day = d.day
    LEFT JOIN session_returns asia ON asia.asset = d.asset AND asia.day = d.day AND asia.session = 'ASIA'
    LEFT JOIN session_returns europe ON europe.asset = d.asset AND europe.day = d.day AND europe.session = 'EUROPE'
    LEFT JOIN session_returns us ON us.asset = d.asset AND us.day = d.day AND us.session = 'US'
    LEFT JOIN sentiment_daily s ON s.as_of_date = d.day
    LEFT JOIN etf e ON e.as_of_date = d.day AND e.asset = d.asset
)
INSERT INTO daily_market_snapshot (as_of_date, asset, open, high, low, close, change_24h_pct, volatility_7d_pct,
    return_asia_pct, return_europe_pct, return_us_pct, fng_value, fng_classification, etf_net_flow_usd,
    hours_present, hours_sampled, computed_at)
SELECT as_of_date, asset, open, high, low, close, change_24h_pct, volatility_7d_pct,
       return_asia_pct, return_europe_pct, return_us_pct, fng_value, fng_classification, etf_net_flow_usd,
       hours_present, hours_sampled, :?computed_at
FROM snapshot
-- WHERE true: SQLite needs it to read ON CONFLICT as the upsert clause, not as a join constraint
WHERE true
ON CONFLICT (as_of_date, asset) DO UPDATE SET
    open = excluded.open,
    high = excluded.high,
    low = excluded.low,
    close = excluded.close,
    change_24h_pct = excluded.change_24h_pct,
    volatility_7d_pct = excluded.volatility_7d_pct,
    return_asia_pct = excluded.return_asia_pct,
    return_europe_pct = excluded.return_europe_pct,
    return_us_pct = excluded.return_us_pct,
    fng_value = excluded.fng_value,
    fng_classification = excluded.fng_classification,
    etf_net_flow_usd = excluded.etf_net_flow_usd,
    hours_present = excluded.hours_present,
    hours_sampled = excluded.hours_sampled,
    computed_at = excluded.computed_at
