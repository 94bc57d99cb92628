module.exports = {
  ...require('../../jest.preset.cjs'),
  rootDir: 'src',
  testRegex: '.*\\.(e2e-)?spec\\.ts$',
  testTimeout: 60000,
  // Each suite starts real server processes; two at a time is what 2 cores take.
  maxWorkers: 2,
};
