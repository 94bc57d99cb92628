module.exports = {
  ...require('../../jest.preset.cjs'),
  rootDir: 'src',
  testRegex: '.*\\.(e2e-)?spec\\.ts$',
  // Every response a test's own API call receives is checked against apps/api/openapi.json (issue 34).
  setupFilesAfterEnv: ['<rootDir>/contract-setup.ts'],
  // A ceiling for tests and hooks (server processes, Chromium, whole journeys) on a busy 2-core
  // machine; nothing waits on it, steps wait on the conditions they need.
  testTimeout: 600_000,
  // Each suite starts real server processes; two at a time is what 2 cores take.
  maxWorkers: 2,
};
