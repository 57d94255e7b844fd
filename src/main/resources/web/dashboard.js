// market-intel dashboard: reads /api/v1 only, draws with TradingView Lightweight Charts (bundled), refreshes itself.
(function () {
  'use strict';
  const LC = window.LightweightCharts;
  const params = new URLSearchParams(location.search);
  const REFRESH_S = Math.max(5, parseInt(params.get('refresh') || '60', 10) || 60);
  const FNG_COLORS = {
    'Extreme Fear': '#c62828', 'Fear': '#ef6c00', 'Neutral': '#f9a825', 'Greed': '#7cb342', 'Extreme Greed': '#2e7d32'
  };
  const FUND_COLORS = ['#42a5f5', '#ab47bc', '#26a69a', '#ffca28', '#ff7043', '#8d6e63', '#78909c', '#d4e157',
    '#ec407a', '#5c6bc0', '#29b6f6', '#9ccc65', '#ffa726', '#bdbdbd'];
  const state = { asset: params.get('asset') || null, charts: {}, refreshes: 0 };

  // ---- formatting (the page shows these; the browser test formats the API's numbers the same way) ----
  const fmt = {
    price: v => v == null ? '–' : Number(v).toFixed(2),
    pct: v => v == null ? '–' : (v > 0 ? '+' : '') + Number(v).toFixed(2),
    usdM: v => v == null ? '–' : (v > 0 ? '+' : '') + (Number(v) / 1e6).toFixed(1) + ' M',
    age: s => s == null ? '–' : s < 120 ? s + 's' : s < 7200 ? Math.floor(s / 60) + 'm'
      : s < 172800 ? Math.floor(s / 3600) + 'h' : Math.floor(s / 86400) + 'd'
  };
  window.marketIntelFormat = fmt;

  async function api(path) {
    const r = await fetch('/api/v1/' + path, { headers: { Accept: 'application/json' } });
    const body = await r.json();
    if (!r.ok) {
      throw new Error(path + ': ' + r.status + ' ' + (body.message || body.error));
    }
    return body;
  }

  const hour = ts => Math.floor(Date.parse(ts) / 1000);

  function chart(id, extra) {
    if (state.charts[id]) {
      return state.charts[id];
    }
    const c = LC.createChart(document.getElementById(id), Object.assign({
      autoSize: true,
      layout: { background: { color: '#161b24' }, textColor: '#d1d4dc', attributionLogo: true },
      grid: { vertLines: { color: '#222838' }, horzLines: { color: '#222838' } },
      rightPriceScale: { borderColor: '#2a2e39' },
      timeScale: { borderColor: '#2a2e39' }
    }, extra || {}));
    state.charts[id] = { chart: c, series: {} };
    return state.charts[id];
  }

  function series(holder, key, type, options) {
    if (!holder.series[key]) {
      holder.series[key] = holder.chart.addSeries(type, options);
    }
    return holder.series[key];
  }

  // ---- candles with overlays: sampled hours hollow and grey, provisional outlined amber, gaps left empty ----
  function drawCandles(candles, indicators) {
    const h = chart('chart-candles', { timeScale: { timeVisible: true, secondsVisible: false, borderColor: '#2a2e39' } });
    const byTime = new Map(candles.rows.map(c => [hour(c.ts_utc), c]));
    const data = [];
    for (const row of indicators.rows) {
      const t = hour(row.time);
      const c = byTime.get(t);
      if (!c) {
        data.push({ time: t }); // whitespace: an hour with no candle stays an empty slot
        continue;
      }
      const up = c.close >= c.open;
      const bar = { time: t, open: c.open, high: c.high, low: c.low, close: c.close };
      if (c.quality === 'sampled') {
        Object.assign(bar, { color: 'rgba(0,0,0,0)', borderColor: '#9aa5b8', wickColor: '#9aa5b8' });
      } else if (c.quality === 'provisional') {
        Object.assign(bar, { color: 'rgba(0,0,0,0)', borderColor: '#f0b429', wickColor: '#f0b429' });
      } else {
        Object.assign(bar, { color: up ? '#26a69a' : '#ef5350', borderColor: up ? '#26a69a' : '#ef5350',
          wickColor: up ? '#26a69a' : '#ef5350' });
      }
      data.push(bar);
      byTime.delete(t);
    }
    // a candle outside the indicator grid (the provisional hour after it) still shows
    for (const [t, c] of byTime) {
      data.push({ time: t, open: c.open, high: c.high, low: c.low, close: c.close, color: 'rgba(0,0,0,0)',
        borderColor: '#f0b429', wickColor: '#f0b429' });
    }
    data.sort((a, b) => a.time - b.time);
    series(h, 'candles', LC.CandlestickSeries, { upColor: '#26a69a', downColor: '#ef5350', borderVisible: true })
      .setData(data);
    const lines = { sma_20: '#42a5f5', sma_50: '#ab47bc', ema_12: '#ffca28', ema_26: '#ff7043' };
    for (const [key, color] of Object.entries(lines)) {
      series(h, key, LC.LineSeries, { color, lineWidth: 1, priceLineVisible: false, lastValueVisible: false })
        .setData(indicators.rows.map(r => r[key] == null ? { time: hour(r.time) } : { time: hour(r.time), value: r[key] }));
    }
    const note = document.getElementById('indicator-note');
    note.textContent = indicators.sampled_closes > 0
      ? 'indicators include ' + indicators.sampled_closes + ' sampled closes (of ' + indicators.closes + ')' : '';
    document.getElementById('candles-title').textContent = candles.asset + ' ' + candles.from.slice(0, 10) + ' – '
      + candles.to.slice(0, 10) + ' (' + candles.count + ' candles)';
  }

  function drawFearGreed(sentiment) {
    const h = chart('chart-fng');
    series(h, 'fng', LC.HistogramSeries, { priceFormat: { type: 'volume' }, priceLineVisible: false })
      .setData(sentiment.rows.map(r => ({ time: r.as_of_date, value: r.fng_value,
        color: FNG_COLORS[r.classification] || '#78909c' })));
    h.chart.timeScale().fitContent();
  }

  // ---- ETF flows: per fund stacked (positive up, negative down) and the cumulative net flow (left scale) ----
  function drawEtf(byFund, byDay) {
    const h = chart('chart-etf', { leftPriceScale: { visible: true, borderColor: '#2a2e39' } });
    const days = [...new Set(byFund.rows.map(r => r.as_of_date))].sort();
    const totals = new Map();
    for (const r of byFund.rows) {
      totals.set(r.ticker, (totals.get(r.ticker) || 0) + Math.abs(Number(r.net_flow_usd)));
    }
    const funds = [...totals.keys()].sort((a, b) => totals.get(b) - totals.get(a));
    const flow = new Map(byFund.rows.map(r => [r.as_of_date + ' ' + r.ticker, Number(r.net_flow_usd)]));
    // layer k shows the running sum of funds 0..k; drawn deepest first, each fund's band is its own colour
    const pos = funds.map(() => []);
    const neg = funds.map(() => []);
    for (const d of days) {
      let up = 0;
      let down = 0;
      funds.forEach((f, k) => {
        const v = flow.get(d + ' ' + f) || 0;
        if (v > 0) { up += v; }
        if (v < 0) { down += v; }
        pos[k].push({ time: d, value: up / 1e6 });
        neg[k].push({ time: d, value: down / 1e6 });
      });
    }
    // the layers' stacking is their creation order: recreate them all (funds and their order change with the data)
    for (const key of Object.keys(h.series).filter(key => key.startsWith('pos-') || key.startsWith('neg-'))) {
      h.chart.removeSeries(h.series[key]);
      delete h.series[key];
    }
    for (let k = funds.length - 1; k >= 0; k--) {
      const color = FUND_COLORS[k % FUND_COLORS.length];
      const o = { color, priceLineVisible: false, lastValueVisible: false, base: 0 };
      series(h, 'pos-' + funds[k], LC.HistogramSeries, o).setData(pos[k]);
      series(h, 'neg-' + funds[k], LC.HistogramSeries, o).setData(neg[k]);
    }
    series(h, 'cum', LC.LineSeries, { color: '#ffffff', lineWidth: 2, priceScaleId: 'left', priceLineVisible: false })
      .setData(byDay.rows.map(r => ({ time: r.as_of_date, value: Number(r.cum_net_flow_usd) / 1e6 })));
    h.chart.timeScale().fitContent();
    document.getElementById('etf-legend').innerHTML = 'US$ millions per day, stacked by fund: ' + funds.map((f, k) =>
      '<span class="swatch" style="background:' + FUND_COLORS[k % FUND_COLORS.length] + '"></span>' + f).join(' ')
      + ' · <b>white line</b>: cumulative since ' + byDay.from + ' (left scale)';
    document.getElementById('etf-title').textContent = byFund.asset || '';
  }

  // ---- comparison: each asset's daily close as % change from the chosen day ----
  function drawCompare(snapshot) {
    const h = chart('chart-compare');
    const input = document.getElementById('base-day');
    const days = [...new Set(snapshot.rows.filter(r => r.close != null).map(r => r.as_of_date))].sort();
    if (!input.value && days.length) {
      input.value = days[0];
    }
    input.min = days[0] || '';
    input.max = days[days.length - 1] || '';
    const assets = [...new Set(snapshot.rows.map(r => r.asset))].sort();
    const legend = [];
    assets.forEach((a, k) => {
      const rows = snapshot.rows.filter(r => r.asset === a && r.close != null && r.as_of_date >= input.value);
      const base = rows.length ? rows[0].close : null;
      const color = FUND_COLORS[k % FUND_COLORS.length];
      series(h, a, LC.LineSeries, { color, lineWidth: 2, priceFormat: { type: 'percent' } })
        .setData(base ? rows.map(r => ({ time: r.as_of_date, value: (r.close / base - 1) * 100 })) : []);
      legend.push('<span class="swatch" style="background:' + color + '"></span>' + a
        + (rows.length ? ' ' + fmt.pct((rows[rows.length - 1].close / base - 1) * 100) + ' %' : ''));
    });
    h.chart.timeScale().fitContent();
    document.getElementById('compare-legend').innerHTML = legend.join(' ') + ' · base day ' + input.value;
  }

  function cell(text, cls, value) {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) { td.className = cls; }
    if (value !== undefined && value !== null) { td.dataset.value = value; }
    return td;
  }

  function drawSources(sources) {
    const body = document.querySelector('#sources tbody');
    body.replaceChildren();
    for (const s of sources.rows) {
      const tr = document.createElement('tr');
      tr.dataset.source = s.source;
      tr.appendChild(cell(s.source));
      const badge = document.createElement('span');
      badge.className = 'badge ' + (!s.enabled ? 'off' : s.stale ? 'stale' : s.period_seconds == null ? 'event' : 'fresh');
      badge.textContent = !s.enabled ? 'off' : s.stale ? 'STALE' : s.period_seconds == null ? 'on arrival' : 'fresh';
      const td = cell('');
      td.dataset.field = 'state';
      td.appendChild(badge);
      tr.appendChild(td);
      tr.appendChild(cell(s.newest ? s.newest.replace('T', ' ').replace(':00Z', '') : '–'));
      tr.appendChild(cell(fmt.age(s.data_age_seconds), 'num'));
      tr.appendChild(cell(s.last_outcome + (s.last_successful_run ? ' (ok ' + s.last_successful_run.slice(5, 16)
        .replace('T', ' ') + ')' : '')));
      const dl = cell(s.dead_letters_pending == null ? '?' : String(s.dead_letters_pending), 'num', s.dead_letters_pending);
      dl.dataset.field = 'dead_letters_pending';
      tr.appendChild(dl);
      tr.appendChild(cell(s.last_error || s.problem || '', 'err'));
      body.appendChild(tr);
    }
  }

  function drawSnapshot(snapshot) {
    const body = document.querySelector('#snapshot tbody');
    body.replaceChildren();
    const rows = snapshot.rows.filter(r => r.asset === state.asset).slice().reverse();
    for (const r of rows) {
      const tr = document.createElement('tr');
      tr.dataset.day = r.as_of_date;
      tr.appendChild(cell(r.as_of_date));
      tr.appendChild(cell(r.asset));
      const close = cell(fmt.price(r.close), 'num', r.close);
      close.dataset.field = 'close';
      tr.appendChild(close);
      for (const k of ['change_24h_pct', 'volatility_7d_pct', 'return_asia_pct', 'return_europe_pct', 'return_us_pct']) {
        const c = cell(fmt.pct(r[k]), 'num ' + (r[k] > 0 ? 'pos' : r[k] < 0 ? 'neg' : ''), r[k]);
        c.dataset.field = k;
        tr.appendChild(c);
      }
      tr.appendChild(cell(r.fng_value == null ? '–' : r.fng_value + ' ' + r.fng_classification, 'num', r.fng_value));
      const etf = cell(fmt.usdM(r.etf_net_flow_usd), 'num', r.etf_net_flow_usd);
      etf.dataset.field = 'etf_net_flow_usd';
      tr.appendChild(etf);
      tr.appendChild(cell(r.hours_present + (r.hours_sampled ? ' (' + r.hours_sampled + ')' : ''), 'num'));
      body.appendChild(tr);
    }
    document.getElementById('snapshot-title').textContent = state.asset + ', newest first';
  }

  function drawKpis(snapshot, sentiment, byDay) {
    const last = snapshot.rows.filter(r => r.asset === state.asset && r.close != null).pop();
    const k = document.getElementById('kpi-close');
    k.textContent = last ? fmt.price(last.close) + ' (' + last.as_of_date + ')' : '–';
    k.dataset.value = last ? last.close : '';
    const f = sentiment.rows[sentiment.rows.length - 1];
    const kf = document.getElementById('kpi-fng');
    kf.textContent = f ? f.fng_value + ' ' + f.classification + ' (' + f.as_of_date + ')' : '–';
    kf.dataset.value = f ? f.fng_value : '';
    const e = byDay.rows[byDay.rows.length - 1];
    const ke = document.getElementById('kpi-etf');
    ke.textContent = e ? fmt.usdM(e.net_flow_usd) + ' (' + e.as_of_date + ')' : '–';
    ke.dataset.value = e ? e.net_flow_usd : '';
  }

  async function refresh() {
    try {
      const snapshot = await api('snapshot?limit=10000');
      const assets = [...new Set(snapshot.rows.map(r => r.asset))].sort();
      const select = document.getElementById('asset');
      if (!state.asset) {
        state.asset = assets[0] || 'BTC';
      }
      if (select.options.length !== assets.length) {
        select.replaceChildren(...(assets.length ? assets : [state.asset]).map(a => new Option(a, a, false, a === state.asset)));
      }
      const a = encodeURIComponent(state.asset);
      const [candles, indicators, sentiment, byFund, byDay, sources] = await Promise.all([
        api('candles?asset=' + a + '&limit=10000'),
        api('indicators?asset=' + a + '&interval=1h&limit=10000'),
        api('sentiment?limit=10000'),
        api('etf-flows?asset=' + a + '&by=fund&limit=10000'),
        api('etf-flows?asset=' + a + '&by=day&limit=10000'),
        api('sources')
      ]);
      drawCandles(candles, indicators);
      drawFearGreed(sentiment);
      drawEtf(byFund, byDay);
      drawCompare(snapshot);
      drawSources(sources);
      drawSnapshot(snapshot);
      drawKpis(snapshot, sentiment, byDay);
      state.refreshes++;
      document.body.dataset.refreshes = String(state.refreshes);
      document.getElementById('error').hidden = true;
      document.getElementById('status').textContent = 'updated ' + new Date().toISOString().slice(11, 19)
        + ' UTC · next in ' + REFRESH_S + ' s';
    } catch (e) {
      const box = document.getElementById('error');
      box.hidden = false;
      box.textContent = 'Could not load the data: ' + e.message + ' (retrying in ' + REFRESH_S + ' s)';
      document.getElementById('status').textContent = 'update failed';
    }
  }

  document.getElementById('refresh-seconds').textContent = String(REFRESH_S);
  document.getElementById('asset').addEventListener('change', ev => { state.asset = ev.target.value; refresh(); });
  document.getElementById('base-day').addEventListener('change', () => refresh());
  refresh();
  setInterval(refresh, REFRESH_S * 1000);
})();
