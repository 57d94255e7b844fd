-- How --replay-dead-letters replays a dead letter, decided when it failed: 'source' (run the source again: the
-- request failed, or the payload itself is bad) or the store route its payload is re-sent to, with the exchange
-- properties the payload needs, e.g. direct:coingecko-ohlc-store?cgKind=OHLC_30M&cgAsset=BTC.
-- NULL for dead letters written before this column (replayed by the route they failed in, as before).
ALTER TABLE dead_letter ADD COLUMN replay VARCHAR(1000);
