// Shared Jest setup. NestJS 12 packages are ESM-only and Jest's native ESM mode cannot load
// CJS packages that require them, so everything (TS sources and those node_modules) is compiled
// to CommonJS by swc. See docs/stack-notes.md §3.
const path = require('node:path');

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true, tsx: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const root = __dirname;

module.exports = {
  testEnvironment: 'node',
  testRegex: '.*\\.(int-)?spec\\.tsx?$',
  // A ceiling, not a schedule: on a busy 2-core machine (load 6-8) jest's default 5 s is a
  // wall-clock guess. Tests wait on the condition they need; this only stops a hung one. Jest
  // applies it to beforeAll/afterAll/beforeEach/afterEach hooks too, so no hook passes its own.
  testTimeout: 120_000,
  moduleNameMapper: {
    '^@mwr/domain$': path.join(root, 'libs/domain/src/index.ts'),
    '^@mwr/domain/x-text$': path.join(root, 'libs/domain/src/x-text.ts'),
    '^@mwr/publishers$': path.join(root, 'libs/publishers/src/index.ts'),
    '^@mwr/platform-sandbox$': path.join(root, 'libs/platform-sandbox/src/index.ts'),
    '^@mwr/net$': path.join(root, 'libs/net/src/index.ts'),
    '^@mwr/client$': path.join(root, 'libs/client/src/index.ts'),
    '^@mwr/client/contract$': path.join(root, 'libs/client/src/contract/response-contract.ts'),
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: { '^.+\\.(t|j|mj)sx?$': swc },
  // The counts reporter writes only under CI (MWR_TEST_COUNTS_DIR): see tools/test-counts.
  reporters: ['default', path.join(root, 'tools/test-counts/jest-reporter.cjs')],
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|@tus|srvx|file-type|strtok3|token-types|uint8array-extras|@tokenizer)/)'],
};
