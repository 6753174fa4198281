// The page in a real browser (headless Chromium driven by puppeteer-core), from file://:
// load the 10-member Rotherham proposal, see its finding, press + on a sector until the
// share rule holds, apply a suggestion, download the board and the paper, and check that
// no request left the page. Prints the budgets measured; writes screenshots at 1280 and
// 390 px wide to web/test/screens/.
//
// Run from the repository root, after web/build.sh:
//   node web/test/browser.mjs web/dist /usr/bin/chromium
// (puppeteer-core must be installed: npm i puppeteer-core in web/.)

import { readFileSync, mkdirSync, statSync, readdirSync } from 'node:fs';
import { resolve, join } from 'node:path';
import assert from 'node:assert/strict';
import puppeteer from 'puppeteer-core';

const [dist, chrome] = process.argv.slice(2);
const url = 'file://' + resolve(dist, 'index.html');
const board = 'boards/rotherham/resp-2018-proposal-10.toml';
const text = readFileSync(board, 'utf8');
const shots = 'web/test/screens';
mkdirSync(shots, { recursive: true });
const downloads = resolve('web/test/downloads');
mkdirSync(downloads, { recursive: true });

const browser = await puppeteer.launch({
  executablePath: chrome,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'],
});
const page = await browser.newPage();
const requests = [];
page.on('request', (r) => requests.push(r.url()));
await page.setViewport({ width: 1280, height: 900 });
const t0 = Date.now();
await page.goto(url);
await page.waitForFunction(() => globalThis.boardcheckReady === true);
const loaded = Date.now() - t0;
const pageRequests = requests.length;

await page.evaluate((t) => globalThis.boardcheckPage.open('resp-2018-proposal-10.toml', t), text);
const first = await page.$eval('#findings', (e) => e.textContent);
assert.match(first, /local-authority seats are 3 of 10 seats \(30%\)/);
assert.match(await page.$eval('#verdict', (e) => e.textContent), /Fails/);
// As `boardcheck options` says: no allocation of 10 seats satisfies every seat rule.
assert.match(await page.$eval('#options', (e) => e.textContent), /^0 allocations of 10 seats/);

// Press + on the teaching school alliance sector until the share rule holds.
let presses = 0;
while (presses < 5) {
  const last = await page.evaluate(() => globalThis.boardcheckPage.last());
  if (!last.board.findings.some((f) => f.code === 'share-above-maximum')) break;
  const label = 'one seat more for Teaching school alliance';
  await page.click(`button[aria-label="${label}"]`);
  presses++;
}
const after = await page.evaluate(() => globalThis.boardcheckPage.last());
assert.ok(!after.board.findings.some((f) => f.code === 'share-above-maximum'), 'the share rule holds');
// The share rule's result is marked as changed by the seats tried.
const changed = await page.$$eval('#rules tr.changed th', (rows) => rows.map((r) => r.textContent));
assert.ok(changed.includes('local-authority representation below 30%'), `changed rules: ${changed}`);
await page.screenshot({ path: join(shots, 'stepped-1280.png'), fullPage: false });

// Apply the first suggestion from the file's own numbers.
await page.click('#reset-seats');
await page.click('#suggestions li button');
const applied = await page.$eval('#text', (e) => e.value);
assert.notEqual(applied, text, 'the suggestion changed the text');
assert.match(await page.$eval('#verdict', (e) => e.textContent), /Passes/);

// A keystroke's re-check, on the 13-member board: the 95th percentile.
const thirteen = readFileSync('boards/rotherham/resp-2018-response-13.toml', 'utf8');
await page.evaluate((t) => globalThis.boardcheckPage.open('resp-2018-response-13.toml', t), thirteen);
const times = await page.evaluate(() => {
  const out = [];
  for (let i = 0; i < 60; i++) {
    const t = performance.now();
    globalThis.boardcheckPage.check();
    out.push(performance.now() - t);
  }
  return out.sort((a, b) => a - b);
});
const p95 = times[Math.floor(times.length * 0.95)];

// Downloads: the board and the paper.
const cdp = await page.createCDPSession();
await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
await page.click('#download-board');
await page.click('#download-paper');
await new Promise((r) => setTimeout(r, 1000));
const got = readdirSync(downloads);
assert.ok(got.some((f) => f.endsWith('.toml')), `board downloaded: ${got}`);
assert.ok(got.some((f) => f.endsWith('-paper.html')), `paper downloaded: ${got}`);

await page.setViewport({ width: 390, height: 844 });
await page.screenshot({ path: join(shots, 'page-390.png'), fullPage: false });
await page.setViewport({ width: 1280, height: 900 });
await page.screenshot({ path: join(shots, 'page-1280.png'), fullPage: false });

// No request after the page loaded (the downloads are blob: URLs made in the page).
const later = requests.slice(pageRequests).filter((u) => !u.startsWith('blob:'));
assert.deepEqual(later, [], 'requests after load');
assert.ok(requests.slice(0, pageRequests).every((u) => u.startsWith('file://')), `${requests}`);
const size = readdirSync(dist).reduce((n, f) => n + statSync(join(dist, f)).size, 0);
console.log(`browser: page ${size} bytes (budget 2,000,000); first findings ${loaded} ms after load began (budget 300); re-check p95 ${p95.toFixed(2)} ms (budget 16); ${presses} presses of +; no request after load`);
assert.ok(size < 2_000_000);
await browser.close();
