// Microsoft's SARIF validator (Sarif.Multitool, from npm) on boardcheck's SARIF, written
// for every example board named by an absolute path and by a `../` path. It reports
// nothing at level error or warning; at level note it reports only the rules README.md's
// "SARIF" section explains (each a recommendation boardcheck departs from on purpose).
//
// Run from the repository root: (cd tests/ci && npm ci) && node tests/ci/sarif.mjs target/debug/boardcheck

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import assert from 'node:assert/strict';

const bin = resolve(process.argv[2]);
const validator = resolve('tests/ci/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');
// The departures README.md justifies, by rule id.
const explained = new Set(['SARIF2002', 'SARIF2003', 'SARIF2006', 'SARIF2009']);
const dir = mkdtempSync(join(tmpdir(), 'boardcheck-sarif-'));
const runs = [
  { name: 'absolute', cwd: '.', args: [resolve('boards')] },
  { name: 'parent', cwd: 'tests', args: ['../boards', '--root', '..'] },
];
for (const run of runs) {
  const sarif = execFileSync(bin, ['check', '--format', 'sarif', '--exit-zero', ...run.args], {
    cwd: run.cwd, maxBuffer: 1 << 28,
  });
  const log = join(dir, `${run.name}.sarif`);
  writeFileSync(log, sarif);
  const out = join(dir, `${run.name}.validation.sarif`);
  execFileSync(validator, ['validate', log, '--level', 'Error;Warning;Note', '-o', out], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const results = JSON.parse(readFileSync(out, 'utf8')).runs.flatMap((r) => r.results || []);
  const counts = {};
  for (const r of results) counts[`${r.level || 'warning'} ${r.ruleId}`] = (counts[`${r.level || 'warning'} ${r.ruleId}`] || 0) + 1;
  const unexplained = results.filter((r) => r.level !== 'note' || !explained.has(r.ruleId));
  console.log(`sarif (${run.name} paths): ${JSON.parse(sarif).runs[0].results.length} results; validator: ${JSON.stringify(counts)}`);
  assert.deepEqual(unexplained.map((r) => `${r.ruleId}: ${r.message.text}`), [],
    'the SARIF validator reports something README.md does not explain');
}
