#!/usr/bin/env python3
"""The scale reference of issue 8: a straightforward Python ingest of CoinGecko market_chart for N assets
(urllib + json + sqlite3 executemany, one transaction per asset), hourly buckets as the runtime stores them.
Usage: python_baseline.py BASE_URL ASSETS DAYS DB_PATH   (assets are coin-0..coin-{N-1})"""
import json, sqlite3, sys, time, urllib.request

base, n, days, db = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
t0 = time.time()
con = sqlite3.connect(db)
con.execute("PRAGMA journal_mode=WAL")
con.execute("""CREATE TABLE IF NOT EXISTS ohlc_hourly (asset TEXT NOT NULL, ts_utc TEXT NOT NULL, open REAL, high REAL,
  low REAL, close REAL, volume_24h_usd REAL, PRIMARY KEY (asset, ts_utc))""")
rows_total = 0
for i in range(n):
    with urllib.request.urlopen(f"{base}/coins/coin-{i}/market_chart?vs_currency=usd&days={days}") as r:
        data = json.load(r)
    buckets = {}
    for (ts, price), (_, vol) in zip(data["prices"], data["total_volumes"]):
        h = int(ts // 3_600_000) * 3600
        b = buckets.get(h)
        if b is None:
            buckets[h] = [price, price, price, price, vol]
        else:
            b[1] = max(b[1], price); b[2] = min(b[2], price); b[3] = price; b[4] = vol
    rows = [(f"C{i}", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(h)), *v) for h, v in buckets.items()]
    with con:
        con.executemany("""INSERT INTO ohlc_hourly VALUES (?,?,?,?,?,?,?) ON CONFLICT (asset, ts_utc) DO UPDATE SET
          open=excluded.open, high=excluded.high, low=excluded.low, close=excluded.close,
          volume_24h_usd=excluded.volume_24h_usd""", rows)
    rows_total += len(rows)
print(f"python rows={rows_total} seconds={time.time() - t0:.3f}")
