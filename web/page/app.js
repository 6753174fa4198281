// The boardcheck page: the board's text on the left, checked as it is typed; findings,
// seat steppers and the smallest fixes on the right. Nothing leaves the page.
'use strict';

(async function main() {
  const $ = (id) => document.getElementById(id);
  const text = $('text');
  const lines = $('lines');
  const today = new Date().toISOString().slice(0, 10);
  const call = await globalThis.boardcheckLoad(globalThis.boardcheckCompiled
    || globalThis.boardcheckBytes(globalThis.BOARDCHECK_WASM));

  let name = 'board.toml';
  let tried = new Map(); // sector id -> seats being tried
  let last = null; // the last check's answer
  let packs = new Map(); // opened pack files: file name -> text
  let other = null; // [file name, text] of the board set beside this one

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const k of kids) e.append(k);
    return e;
  }

  function numberLines() {
    const n = text.value.split('\n').length;
    let s = '';
    for (let i = 1; i <= n; i++) s += i + '\n';
    lines.textContent = s;
    lines.scrollTop = text.scrollTop;
  }

  // A line and column (counted in characters, from 1) as a position in the text. A
  // character outside the Basic Multilingual Plane counts once here and twice in the
  // textarea, which the loop allows for.
  function position(line, column) {
    const v = text.value;
    let at = 0;
    for (let l = 1; l < line && at >= 0; l++) at = v.indexOf('\n', at) + 1;
    let i = at;
    for (let c = 1; c < column && i < v.length; c++) {
      i += v.codePointAt(i) > 0xffff ? 2 : 1;
    }
    return i;
  }

  function select(loc) {
    const start = position(loc.line, loc.column);
    const end = position(loc.end_line, loc.end_column);
    text.focus();
    text.setSelectionRange(start, end);
    text.scrollTop = Math.max(0, (loc.line - 5) * 13 * 1.45);
  }

  // The check of the file as it stands (for the rules' results beside the seats tried),
  // kept until the text changes: a stepper press checks only the seats tried.
  let base = null;
  let baseText = null; // the name and text `base` was checked for
  function check() {
    const seats = [...tried.entries()];
    const given = [...packs.entries()];
    const key = JSON.stringify([name, text.value, given.map((p) => p[0]), other && other[0]]);
    if (baseText !== key) {
      base = call({ fn: 'check', name, text: text.value, today, seats: [], packs: given, other });
      baseText = key;
    }
    last = seats.length
      ? call({ fn: 'check', name, text: text.value, today, seats, packs: given, other })
      : base;
    render(last);
    return last;
  }

  const words = { passed: 'passes', failed: 'FAILS', warning: 'warning', waived: 'waived', 'not-applicable': 'does not apply' };
  function rules() {
    const body = $('rules').tBodies[0];
    body.replaceChildren();
    const before = new Map(((base && base.board && base.board.rules) || []).map((r) => [r.id, r.verdict]));
    for (const r of (last.board && last.board.rules) || []) {
      const was = before.get(r.id);
      const changed = tried.size > 0 && was !== r.verdict;
      body.append(el('tr', { class: changed ? 'changed' : '' },
        el('th', { scope: 'row' }, r.title || r.id),
        el('td', {}, words[was] || ''),
        el('td', {}, tried.size ? `${words[r.verdict] || ''}${changed ? ' (changed)' : ''}` : '—')));
    }
  }

  function render(r) {
    const board = r.board || {};
    const v = $('verdict');
    const counts = board.findings ? board.findings.length : 0;
    if (board.verdict === 'passed') {
      v.textContent = `✓ Passes: no rule is broken${counts ? ` (${counts} note${counts === 1 ? '' : 's'})` : ''}`;
      v.className = 'pass';
    } else if (board.verdict === 'failed') {
      v.textContent = '✗ Fails: at least one rule is broken';
      v.className = 'fail';
    } else {
      v.textContent = '✗ Not checked: the file has mistakes to correct first';
      v.className = 'fail';
    }
    if (tried.size) v.textContent += ' — with the seat numbers being tried';
    const list = $('findings');
    list.replaceChildren();
    for (const f of board.findings || []) {
      const where = f.location
        ? el('button', { class: 'where', type: 'button', onclick: () => select(f.location) },
          `line ${f.location.line}`)
        : '';
      const li = el('li', { class: f.severity },
        el('span', { class: 'sev' }, f.severity), f.message, ' ', where,
        f.rule ? el('div', { class: 'cite' }, `rule ${f.rule}`) : '');
      if (f.help) li.append(el('div', { class: 'help' }, `How to fix: ${f.help}`));
      if (f.citation) li.append(el('div', { class: 'cite' }, `Source: ${f.citation}`));
      list.append(li);
    }
    if (!list.children.length) list.append(el('li', {}, 'No findings.'));
    rules();
    const body = $('seats').tBodies[0];
    body.replaceChildren();
    const total = (r.sectors || []).reduce((n, s) => n + s.seats, 0);
    for (const s of r.sectors || []) {
      const minus = el('button', { type: 'button', 'aria-label': `one seat fewer for ${s.name}`,
        onclick: () => step(s, -1) }, '−');
      const plus = el('button', { type: 'button', 'aria-label': `one seat more for ${s.name}`,
        onclick: () => step(s, +1) }, '+');
      const moved = tried.has(s.id);
      body.append(el('tr', {},
        el('th', { scope: 'row' }, s.name),
        el('td', { class: moved ? 'n moved' : 'n' }, `${s.seats}${moved ? ' (tried)' : ''}`),
        el('td', { class: 'n' }, total ? `${(100 * s.seats / total).toFixed(1)}%` : ''),
        el('td', {}, minus, ' ', plus)));
    }
    const o = r.options;
    $('options').textContent = !o ? ''
      : o.count === null ? `Counting the allocations of ${o.seats} seats needs more work than the page allows; the command line's \`boardcheck options\` can.`
      : `${o.count} allocation${o.count === '1' ? '' : 's'} of ${o.seats} seats to these sectors satisfy every seat rule.`;
    const near = $('closest');
    near.replaceChildren();
    for (const c of (o && o.closest) || []) {
      // Only the sectors whose seats differ from the file's are "tried".
      const file = seatsNow(base);
      const seats = new Map(c.seats.filter(([id, n]) => file.get(id) !== n));
      const what = c.changes === 0 ? 'these seats, as tried'
        : `${c.changes} seat change${c.changes === 1 ? '' : 's'}: `
          + c.seats.filter(([id, n]) => n !== seatsNow(r).get(id))
            .map(([id, n]) => `${sectorName(r, id)} ${n}`).join(', ');
      near.append(el('li', {}, what, ' ',
        c.changes === 0 ? '' : el('button', { type: 'button', onclick: () => { tried = seats; check(); } },
          'Try these')));
    }
    $('composition').innerHTML = r.composition || '<p>Shown once the board can be read.</p>';
    $('comparison-box').hidden = !other;
    if (other) {
      $('comparison-what').textContent = `This board (${name}${tried.size ? ', with the seats being tried' : ''}) beside ${other[0]}.`;
      $('comparison').innerHTML = r.comparison || '';
    }
    const sugg = $('suggestions');
    sugg.replaceChildren();
    for (const s of r.suggestions || []) {
      sugg.append(el('li', {}, s.text, ' ',
        el('button', { type: 'button', onclick: () => write(s.seats) }, 'Apply to the board')));
    }
    if (!sugg.children.length) sugg.append(el('li', {}, 'None needed, or none found.'));
  }

  function seatsNow(r) {
    return new Map((r.sectors || []).map((s) => [s.id, s.seats]));
  }
  function sectorName(r, id) {
    const s = (r.sectors || []).find((x) => x.id === id);
    return s ? s.name : id;
  }

  function step(s, by) {
    const n = Math.max(0, s.seats + by);
    tried.set(s.id, n);
    check();
  }

  // Writes seat numbers into the board's text, as `boardcheck fix` does: only the numbers change.
  function write(seats) {
    const r = call({ fn: 'apply', name, text: text.value, today, seats, packs: [...packs.entries()] });
    if (r.error) { alert(r.error); return; }
    text.value = r.text;
    tried = new Map();
    numberLines();
    check();
  }

  function download(filename, type, content) {
    const a = el('a', { href: URL.createObjectURL(new Blob([content], { type })), download: filename });
    document.body.append(a);
    a.click();
    a.remove();
  }

  function open(filename, content) {
    name = filename;
    text.value = content;
    tried = new Map();
    numberLines();
    check();
  }

  for (const p of call({ fn: 'packs' })) {
    $('starter').append(el('option', { value: p.name }, `${p.name}: ${p.title}`));
  }
  $('starter').addEventListener('change', (e) => {
    if (!e.target.value) return;
    const r = call({ fn: 'starter', pack: e.target.value });
    if (!r.error) open('board.toml', r.text);
  });
  // A pack file is told from a board as `boardcheck check` tells them (a [pack] table, no [board]).
  const isPack = (t) => call({ fn: 'is-pack', text: t }).pack === true;
  function showOpened() {
    const names = [...packs.keys()];
    $('opened').textContent = names.length
      ? `Rule pack files opened: ${names.join(', ')}. A board's pack path is matched to these by its file name.`
      : '';
  }
  function addPack(filename, content) {
    packs.set(filename, content);
    showOpened();
    check();
  }
  async function openFile(f) {
    const content = await f.text();
    if (isPack(content)) addPack(f.name, content);
    else open(f.name, content);
  }
  $('file').addEventListener('change', async (e) => {
    const f = e.target.files[0];
    if (f) await openFile(f);
  });
  $('pack-files').addEventListener('change', async (e) => {
    for (const f of e.target.files) packs.set(f.name, await f.text());
    showOpened();
    check();
  });
  $('other-file').addEventListener('change', async (e) => {
    const f = e.target.files[0];
    if (f) { other = [f.name, await f.text()]; check(); }
  });
  $('stop-comparing').addEventListener('click', () => {
    other = null;
    $('other-file').value = '';
    check();
  });
  const code = text.parentElement;
  code.addEventListener('dragover', (e) => { e.preventDefault(); code.classList.add('drop'); });
  code.addEventListener('dragleave', () => code.classList.remove('drop'));
  code.addEventListener('drop', async (e) => {
    e.preventDefault();
    code.classList.remove('drop');
    for (const f of e.dataTransfer.files) await openFile(f);
  });
  text.addEventListener('input', () => { tried = new Map(); numberLines(); check(); });
  text.addEventListener('scroll', () => { lines.scrollTop = text.scrollTop; });
  $('apply-seats').addEventListener('click', () => write([...tried.entries()]));
  $('reset-seats').addEventListener('click', () => { tried = new Map(); check(); });
  $('download-board').addEventListener('click', () => download(name, 'text/plain', text.value));
  $('download-paper').addEventListener('click', () => {
    const r = call({ fn: 'paper', name, text: text.value, today, packs: [...packs.entries()] });
    download(name.replace(/\.toml$/, '') + '-paper.html', 'text/html', r.html);
  });

  // Exposed for the browser test: check with timing.
  globalThis.boardcheckPage = { check, open, addPack,
    paper: (n, t) => call({ fn: 'paper', name: n, text: t, today, packs: [...packs.entries()] }).html, compareWith: (n, t) => { other = [n, t]; check(); }, step: (id, by) => {
    const s = (last.sectors || []).find((x) => x.id === id);
    if (s) step(s, by);
  }, last: () => last, write };
  numberLines();
  check();
  // When the page could first show findings, in ms since navigation began (for the test).
  globalThis.boardcheckReadyAt = performance.now();
  globalThis.boardcheckReady = true;
})();
