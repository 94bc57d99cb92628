module.exports = {
  ...require('../../jest.preset.cjs'),
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  // A status move the publication ledger refuses fails the test (test/ledger-refusals.ts); so does
  // a response the OpenAPI document does not declare (test/contract-mismatches.ts, issue 34).
  setupFilesAfterEnv: ['<rootDir>/test/ledger-refusals.ts', '<rootDir>/test/contract-mismatches.ts'],
  // Integration suites boot Nest apps against real PostgreSQL/Redis. A ceiling for tests and
  // hooks alike (jest applies it to hooks that pass no number of their own), generous enough for
  // a 2-core machine at load 6-8: nothing waits on it, tests wait on conditions.
  testTimeout: 120_000,
  maxWorkers: 2,
};
