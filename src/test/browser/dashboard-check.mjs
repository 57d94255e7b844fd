// Opens the dashboard in Debian's Chromium (headless, no network), checks it and writes a screenshot.
// Usage: node dashboard-check.mjs BASE_URL SCREENSHOT.png [CHROMIUM]. Prints one JSON line; exit 0 only when every
// check passed. Run by BrowserDashboardIT against the packaged jar's --demo.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, screenshot, executable = '/usr/bin/chromium'] = process.argv.slice(2);
const failures = [];
const report = { consoleErrors: [], charts: {}, checked: [], failures };
const check = (ok, what) => { (ok ? report.checked : failures).push(what); };

async function api(path) {
  const r = await fetch(base + '/api/v1/' + path);
  if (!r.ok) {
    throw new Error(path + ' answered ' + r.status);
  }
  return r.json();
}

// the page's formatting, restated: what a reader sees must be the API's number
const price = v => Number(v).toFixed(2);
const usdM = v => (v > 0 ? '+' : '') + (Number(v) / 1e6).toFixed(1) + ' M';

const profile = mkdtempSync(join(tmpdir(), 'market-intel-chromium-'));
// a fresh profile (--user-data-dir) each run: Playwright passes it as the persistent context's folder
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: executable,
  headless: true,
  viewport: { width: 1440, height: 1900 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--no-first-run', '--disable-sync', '--disable-quic']
});
try {
  const page = await browser.newPage();
  page.on('console', m => { if (m.type() === 'error') { report.consoleErrors.push(m.text()); } });
  page.on('pageerror', e => report.consoleErrors.push('page error: ' + e.message));
  page.on('requestfailed', r => report.consoleErrors.push('request failed: ' + r.url()));
  // refresh every 5 s (the default is 60): the page must update itself without a reload
  const response = await page.goto(base + '/?refresh=5', { waitUntil: 'load' });
  check(response.status() === 200, 'GET / answers 200');
  await page.waitForFunction(() => Number(document.body.dataset.refreshes || 0) >= 1, null, { timeout: 30000 });
  // lightweight-charts paints on the next animation frames
  await page.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))));

  // each chart drew something: coloured pixels (series), not just background, grid and axis text (greys)
  report.charts = await page.evaluate(() => {
    const out = {};
    for (const el of document.querySelectorAll('[data-chart]')) {
      let coloured = 0;
      let sampledGrey = 0;
      let candleColour = 0;
      for (const c of el.querySelectorAll('canvas')) {
        if (!c.width || !c.height) { continue; }
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 0; i < d.length; i += 4) {
          const [r, g, b, a] = [d[i], d[i + 1], d[i + 2], d[i + 3]];
          if (a < 200) { continue; }
          if (Math.max(r, g, b) - Math.min(r, g, b) > 60) { coloured++; }
          if (Math.abs(r - 0x9a) < 8 && Math.abs(g - 0xa5) < 8 && Math.abs(b - 0xb8) < 8) { sampledGrey++; }
          if ((Math.abs(r - 0x26) < 8 && Math.abs(g - 0xa6) < 8 && Math.abs(b - 0x9a) < 8)
            || (Math.abs(r - 0xef) < 8 && Math.abs(g - 0x53) < 8 && Math.abs(b - 0x50) < 8)) { candleColour++; }
        }
      }
      out[el.dataset.chart] = { coloured, sampledGrey, candleColour };
    }
    return out;
  });
  for (const name of ['candles', 'fng', 'etf', 'compare']) {
    const c = report.charts[name];
    check(c && c.coloured > 200, 'chart ' + name + ' drew (' + (c ? c.coloured : 0) + ' coloured pixels)');
  }
  check(report.charts.candles.sampledGrey > 50, 'sampled hours drawn in their own grey');
  check(report.charts.candles.candleColour > 50, 'true ohlc hours drawn in green/red');

  // figures on the page equal the API's
  const snapshot = await api('snapshot?limit=10000');
  const asset = await page.$eval('#asset', s => s.value);
  const rows = snapshot.rows.filter(r => r.asset === asset);
  const last = rows.filter(r => r.close != null).pop();
  const kpi = await page.$eval('#kpi-close', e => ({ text: e.textContent, value: e.dataset.value }));
  check(last && Number(kpi.value) === last.close && kpi.text.startsWith(price(last.close) + ' (' + last.as_of_date),
    'close ' + kpi.text + ' = API ' + (last && last.close));
  const table = await page.$$eval('#snapshot tbody tr', trs => trs.map(tr => ({
    day: tr.dataset.day,
    close: tr.querySelector('[data-field=close]').textContent,
    etf: tr.querySelector('[data-field=etf_net_flow_usd]').textContent
  })));
  check(table.length === rows.length, 'snapshot table has the API\'s ' + rows.length + ' rows (' + table.length + ')');
  for (const r of rows) {
    const t = table.find(x => x.day === r.as_of_date);
    check(t && t.close === (r.close == null ? '–' : price(r.close)), 'snapshot ' + r.as_of_date + ' close');
    check(t && t.etf === (r.etf_net_flow_usd == null ? '–' : usdM(r.etf_net_flow_usd)), 'snapshot ' + r.as_of_date + ' ETF flow');
  }
  const sentiment = await api('sentiment?limit=10000');
  const fng = sentiment.rows[sentiment.rows.length - 1];
  const kpiFng = await page.$eval('#kpi-fng', e => e.textContent);
  check(fng && kpiFng.startsWith(fng.fng_value + ' ' + fng.classification), 'Fear & Greed ' + kpiFng);
  const byDay = await api('etf-flows?asset=' + asset + '&by=day&limit=10000');
  const etf = byDay.rows[byDay.rows.length - 1];
  const kpiEtf = await page.$eval('#kpi-etf', e => e.textContent);
  check(etf && kpiEtf.startsWith(usdM(etf.net_flow_usd)), 'ETF net flow ' + kpiEtf + ' = API ' + (etf && etf.net_flow_usd));

  // the source panel: STALE exactly where the API says stale, the dead letters as counted
  const sources = await api('sources');
  const panel = await page.$$eval('#sources tbody tr', trs => trs.map(tr => ({
    source: tr.dataset.source,
    state: tr.querySelector('[data-field=state]').textContent,
    deadLetters: tr.querySelector('[data-field=dead_letters_pending]').textContent
  })));
  report.stale = sources.rows.filter(s => s.stale).map(s => s.source);
  check(report.stale.length > 0, 'the API reports a stale source: ' + report.stale);
  for (const s of sources.rows) {
    const p = panel.find(x => x.source === s.source);
    check(p && (p.state === 'STALE') === s.stale, 'source ' + s.source + ' shows ' + (p && p.state));
    check(p && p.deadLetters === String(s.dead_letters_pending), 'source ' + s.source + ' dead letters');
  }
  const attribution = await page.$$eval('a[href="https://www.tradingview.com/"]', as => as.length);
  check(attribution >= 1, 'TradingView attribution link present');

  await page.waitForFunction(() => Number(document.body.dataset.refreshes || 0) >= 2, null, { timeout: 15000 });
  check(true, 'the page refreshed itself');
  await page.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: screenshot, fullPage: true });
  check(report.consoleErrors.length === 0, 'no console errors');
} catch (e) {
  failures.push('error: ' + e.message);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(report));
process.exit(failures.length === 0 ? 0 : 1);
