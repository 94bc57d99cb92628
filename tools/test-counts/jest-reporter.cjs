// Jest reporter that records how many tests a project ran, for `.ci/run`'s closing summary.
// It writes only when MWR_TEST_COUNTS_DIR is set (CI), so a run that executed nothing shows up
// as a project with no file or zero tests instead of passing silently.
const fs = require('node:fs');
const path = require('node:path');
const { countsFileFor } = require('./counts-file.cjs');

class TestCountReporter {
  onRunComplete(_contexts, results) {
    const dir = process.env.MWR_TEST_COUNTS_DIR;
    if (!dir) return;
    const { name } = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'package.json'), 'utf8'));
    const { testResults: _perFile, ...totals } = results;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(countsFileFor(dir, name), JSON.stringify({ runner: 'jest', ...totals }));
  }
}

module.exports = TestCountReporter;
