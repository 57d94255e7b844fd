#!/usr/bin/env python3
"""The reference of issue 13: the job the runtime does in its default configuration, written plainly the way the
prototype did it (urllib + json + html.parser + sqlite3 executemany, one transaction per call), against the same
server: per asset CoinGecko market_chart (hourly 'sampled' buckets) and ohlc?days=1 (30-minute candles merged into
'ohlc' hours), Fear & Greed, the Farside BTC page, the daily snapshot, then a CSV backup of every table's rows stored
today (temp file, rename). It uses the project's own schema (db/migration) and SQL (sql/*.sql), so both sides store
the same rows with the same statements.
Usage: python_baseline.py BASE_URL ASSETS DAYS DB_PATH BACKUP_DIR [ID:SYMBOL,...]
       (assets are coin-0:C0 .. coin-{N-1}:C{N-1} unless listed)"""
import csv, datetime, glob, html.parser, json, os, re, sqlite3, sys, time, urllib.request

RES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "main", "resources")


def sql(name):
    with open(os.path.join(RES, "sql", name + ".sql")) as f:
        text = "\n".join(l for l in f.read().split("\n") if not l.strip().startswith("--")).strip().rstrip(";")
    return text.replace(":?", ":")   # camel-jdbc's named parameters are sqlite3's :name


def get(url):
    with urllib.request.urlopen(url) as r:
        return r.read()


def iso(ms):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ms // 1000))


def session(hour):
    return "US" if hour >= 13 else "EUROPE" if hour >= 7 else "ASIA"


class Farside(html.parser.HTMLParser):
    """Rows of cell texts of the page's table."""
    def __init__(self):
        super().__init__()
        self.rows, self.row, self.cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def main():
    base, n, days, db, backups = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
    assets = [a.split(":") for a in sys.argv[6].split(",")] if len(sys.argv) > 6 else \
        [(f"coin-{i}", f"C{i}") for i in range(n)]
    t0 = time.time()
    now_ms = int(time.time() * 1000)
    now = iso(now_ms)
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    for f in sorted(glob.glob(os.path.join(RES, "db", "migration", "V*.sql")), key=lambda p: int(re.search(r"V(\d+)__", p).group(1))):
        with open(f) as fh:
            con.executescript(fh.read())
    rows = {"ohlc_hourly": 0, "sentiment_daily": 0, "etf_flows_daily": 0}
    upsert_ohlc = sql("upsert_ohlc_hourly")
    current_hour = now_ms // 3_600_000 * 3_600_000
    for cid, sym in assets:
        chart = json.loads(get(f"{base}/coins/{cid}/market_chart?vs_currency=usd&days={days}"))
        buckets = {}
        for (ts, price), (_, vol) in zip(chart["prices"], chart["total_volumes"]):
            h = int(ts) // 3_600_000 * 3_600_000
            b = buckets.get(h)
            if b is None:
                buckets[h] = [price, price, price, price, vol]
            else:
                b[1] = max(b[1], price); b[2] = min(b[2], price); b[3] = price; b[4] = vol
        out = [(sym, iso(h), o, hi, lo, c, session(h // 3_600_000 % 24), now, "sampled" if h < current_hour else "provisional",
                v, "coingecko") for h, (o, hi, lo, c, v) in buckets.items()]
        candles = json.loads(get(f"{base}/coins/{cid}/ohlc?vs_currency=usd&days=1"))
        hours = {}
        for ts, o, hi, lo, c in candles:   # stamped with the close time: [open, open + 30 min)
            opened = int(ts) - 1_800_000
            hours.setdefault(opened // 3_600_000 * 3_600_000, []).append((opened, o, hi, lo, c))
        for h, halves in hours.items():
            if len(halves) == 2:
                halves.sort()
                out.append((sym, iso(h), halves[0][1], max(x[2] for x in halves), min(x[3] for x in halves), halves[1][4],
                            session(h // 3_600_000 % 24), now, "ohlc" if h + 3_600_000 <= now_ms else "provisional", None,
                            "coingecko"))
        with con:
            con.executemany(upsert_ohlc, out)
        rows["ohlc_hourly"] += len(out)

    fng = json.loads(get(f"{base}/fng/?limit=30"))["data"]
    with con:
        con.executemany(sql("upsert_sentiment_daily"), [
            (time.strftime("%Y-%m-%d", time.gmtime(int(d["timestamp"]))), int(d["value"]), d["value_classification"],
             "alternative.me", now) for d in fng])
    rows["sentiment_daily"] = len(fng)

    page = Farside()
    page.feed(get(f"{base}/btc/").decode("utf-8"))
    tickers = next(r for r in page.rows if "IBIT" in r)
    flows = []
    for r in page.rows:
        if r and re.fullmatch(r"\d{2} \w{3} \d{4}", r[0]):
            day = datetime.datetime.strptime(r[0], "%d %b %Y").date().isoformat()
            for t, v in zip(tickers[1:-1], r[1:-1]):
                if v and v != "-":
                    m = -float(v.strip("()")) if v.startswith("(") else float(v)
                    # + the precedence order twice (etf.precedence's default), as the repository binds it
                    flows.append((day, t, "BTC", round(m * 1_000_000), "farside", now) + ("csv", "sosovalue", "farside") * 2)
    with con:
        con.executemany(sql("upsert_etf_flows_daily"), flows)
    rows["etf_flows_daily"] = len(flows)

    today = datetime.datetime.utcfromtimestamp(now_ms / 1000).date()
    first = today - datetime.timedelta(days=13)
    with con:
        con.execute(sql("snapshot_daily"), {"data_from": (first - datetime.timedelta(days=7)).isoformat(),
                                            "from_date": first.isoformat(), "to_date": today.isoformat(),
                                            "to_end": (today + datetime.timedelta(days=1)).isoformat(),
                                            "day_min_hours": 20, "vol_min_returns": 120, "computed_at": now})

    os.makedirs(backups, exist_ok=True)
    day_start, day_end = today.isoformat() + "T00:00:00Z", (today + datetime.timedelta(days=1)).isoformat() + "T00:00:00Z"
    backed = 0
    for table in ("ohlc_hourly", "sentiment_daily", "etf_flows_daily", "etf_flows_total_daily", "daily_market_snapshot"):
        cur = con.execute(sql("backup_" + table), (day_start, day_end))
        path = os.path.join(backups, f"{table}_{today.strftime('%Y%m%d')}.csv")
        tmp = os.path.join(backups, f".{table}.tmp")
        with open(tmp, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow([d[0] for d in cur.description])
            for r in cur:
                w.writerow(r)
                backed += 1
        os.replace(tmp, path)
    con.close()
    print(f"python rows={sum(rows.values())} ohlc={rows['ohlc_hourly']} backup_rows={backed} seconds={time.time() - t0:.3f}")


if __name__ == "__main__":
    main()
