-- Newest hour stored from CoinGecko (the open time of the newest candle, provisional or not).
SELECT MAX(ts_utc) AS newest FROM ohlc_hourly WHERE source = 'coingecko'
