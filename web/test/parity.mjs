// The page and the CLI give identical findings for every board in boards/: each board is
// checked by the WebAssembly module (as the page does) and by `boardcheck check --format
// json`, on the same date, and the board objects must be equal. Boards of an estate are
// checked with the estate's register by the CLI, which the page does not have: they are
// left out, and said so.
//
// Run from the repository root, after web/build.sh:
//   node web/test/parity.mjs web/dist target/release/boardcheck

import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import assert from 'node:assert/strict';
import vm from 'node:vm';

const [dist, cli] = process.argv.slice(2);
// The page's own scripts, as the browser runs them.
vm.runInThisContext(readFileSync(join(dist, 'boardcheck-wasm.js'), 'utf8'));
vm.runInThisContext(readFileSync(join(dist, 'boardcheck.js'), 'utf8'));
const call = await globalThis.boardcheckLoad(globalThis.boardcheckBytes(globalThis.BOARDCHECK_WASM));
const today = '2026-09-01';

function boards(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...boards(p));
    else if (name.endsWith('.toml')) out.push(p);
  }
  return out;
}

function inEstate(p) {
  for (let d = dirname(p); d !== '.' && d !== '/'; d = dirname(d)) {
    if (existsSync(join(d, 'boardcheck.toml'))) return true;
  }
  return false;
}

let compared = 0;
let skipped = 0;
for (const path of boards('boards')) {
  if (inEstate(path)) { skipped++; continue; }
  const text = readFileSync(path, 'utf8');
  const page = call({ fn: 'check', name: path, text, today });
  let out;
  try {
    out = execFileSync(cli, ['check', '--format', 'json', '--as-of', today, path], { encoding: 'utf8' });
  } catch (e) {
    out = e.stdout; // exit 1: the board fails, which is an answer too
  }
  const doc = JSON.parse(out);
  assert.deepEqual(page.board, doc.boards[0], `${path}: the page and the CLI differ`);
  compared++;
}
assert.ok(compared >= 20, `only ${compared} boards compared`);
console.log(`parity: ${compared} boards give identical JSON in the page and the CLI (${skipped} boards of estates left out)`);
