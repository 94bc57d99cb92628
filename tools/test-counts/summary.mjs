#!/usr/bin/env node
// Prints how many tests each project ran (from the files the Jest reporter and Vitest's JSON
// reporter wrote under MWR_TEST_COUNTS_DIR) and a closing `N passed, N failed` line summed over
// all projects. Exits non-zero when a project with a `test` script reported nothing, ran no
// test, skipped one, or failed one — so a run that executed nothing cannot look green.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { countsFileFor } = require('./counts-file.cjs');

const [dir] = process.argv.slice(2);
if (!dir) {
  console.error('usage: summary.mjs <counts dir>');
  process.exit(2);
}
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const { workspaces } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

const projects = workspaces
  .flatMap((pattern) => {
    const parent = path.join(root, pattern.replace(/\/\*$/, ''));
    return fs.existsSync(parent) ? fs.readdirSync(parent).map((child) => path.join(parent, child)) : [];
  })
  .filter((folder) => fs.existsSync(path.join(folder, 'package.json')))
  .map((folder) => JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')))
  .filter((pkg) => pkg.scripts?.test)
  .map((pkg) => pkg.name)
  .sort();

let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];
console.log('tests per project:');
for (const name of projects) {
  const file = countsFileFor(dir, name);
  if (!fs.existsSync(file)) {
    problems.push(`${name}: reported no results (its tests did not run to the end)`);
    console.log(`  ${name.padEnd(24)} no results`);
    failed += 1;
    continue;
  }
  const counts = JSON.parse(fs.readFileSync(file, 'utf8'));
  const projectPassed = counts.numPassedTests ?? 0;
  const projectSkipped = (counts.numPendingTests ?? 0) + (counts.numTodoTests ?? 0);
  const failedFiles = counts.numFailedTestSuites ?? 0;
  // A file that fails to load fails no test of its own: count the file itself as one failure.
  const projectFailed = Math.max(counts.numFailedTests ?? 0, failedFiles);
  passed += projectPassed;
  failed += projectFailed;
  skipped += projectSkipped;
  console.log(
    `  ${name.padEnd(24)} ${String(projectPassed).padStart(5)} passed, ${projectFailed} failed, ${projectSkipped} skipped` +
      (failedFiles ? ` (${failedFiles} failing files)` : ''),
  );
  if (projectPassed + projectFailed === 0) problems.push(`${name}: ran no test`);
  if (projectSkipped > 0) problems.push(`${name}: skipped ${projectSkipped} tests`);
}
for (const problem of problems) console.log(`  problem: ${problem}`);
console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
process.exit(failed > 0 || problems.length > 0 ? 1 : 0);
