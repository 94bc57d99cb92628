module.exports = {
  ...require('../../jest.preset.cjs'),
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  // Integration suites boot Nest apps against real PostgreSQL/Redis; give them room on 2 cores.
  testTimeout: 30000,
  maxWorkers: 2,
};
