import nx from '@nx/eslint-plugin';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const OUTBOUND_HTTP =
  'No raw outbound HTTP: use guardedFetch from @mwr/net for URLs from anyone else (webhooks, media URLs), or sendToPlatform from @mwr/publishers for the configured platform hosts.';

const BULLMQ_IMPORTS = { group: ['bullmq', '@nestjs/bullmq', '@bull-board/*'], message: 'Only the queue module imports BullMQ.' };
const OTHER_MODULE_REPOSITORY =
  "A module uses another module's service, never its repository (each table has one writing module): call its exported service, or import its types from <module>.types.ts.";
const repositoryOfAnotherModule = (up) => ({ regex: `^${up}[^/]+/(.+/)?[^/]+\\.repository(\\.js)?$`, message: OTHER_MODULE_REPOSITORY });
const API_TESTS = ['**/*.spec.ts', '**/*.int-spec.ts'];
/**
 * Temporary allow-list of the repository rule (each entry says why).
 */
const REPOSITORY_RULE_PENDING = [];
const API_IMPORT_BLOCKS = [
  {
    files: ['apps/api/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [BULLMQ_IMPORTS, { regex: '/modules/.+\\.repository(\\.js)?$', message: OTHER_MODULE_REPOSITORY }] }],
    },
  },
  ...[
    ['apps/api/src/modules/*/*.ts', '\\.\\./'],
    ['apps/api/src/modules/*/*/*.ts', '(\\.\\./){2}'],
    ['apps/api/src/modules/*/*/*/*.ts', '(\\.\\./){3}'],
  ].map(([file, up]) => ({ files: [file], rules: { 'no-restricted-imports': ['error', { patterns: [BULLMQ_IMPORTS, repositoryOfAnotherModule(up)] }] } })),
  ...[
    ['apps/api/src/modules/queue/*.ts', '\\.\\./'],
    ['apps/api/src/modules/queue/*/*.ts', '(\\.\\./){2}'],
  ].map(([file, up]) => ({ files: [file], rules: { 'no-restricted-imports': ['error', { patterns: [repositoryOfAnotherModule(up)] }] } })),
  { files: [...API_TESTS, ...REPOSITORY_RULE_PENDING], rules: { 'no-restricted-imports': ['error', { patterns: [BULLMQ_IMPORTS] }] } },
  { files: ['apps/api/src/modules/queue/**/*.spec.ts', 'apps/api/src/modules/queue/**/*.int-spec.ts'], rules: { 'no-restricted-imports': 'off' } },
];

/**
 * Boundaries: apps → libs/publishers → libs/domain, one way. libs/domain stays pure (no Nest,
 * ORM or HTTP client); only the config module reads process.env.
 */
export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.gen.ts', '**/coverage/**', 'libs/client/src/generated/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@nx': nx, '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:client', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:publishers', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:sandbox', onlyDependOnLibsWithTags: ['type:domain', 'type:util'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:publishers', 'type:sandbox', 'type:util', 'type:client'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:domain', 'type:publishers', 'type:sandbox', 'type:app', 'type:util', 'type:client'] },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration from the typed config (modules/config), never process.env.' },
      ],
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                'typeorm',
                'typeorm/*',
                'pg',
                '@electric-sql/*',
                'bullmq',
                'ioredis',
                'undici',
                'axios',
                'express',
                'node:http',
                'node:https',
                'react',
                'react-dom',
              ],
              message: 'libs/domain is pure TypeScript: no framework, ORM or HTTP.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/publishers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', 'typeorm', 'typeorm/*', 'pg', 'bullmq', 'ioredis'], message: 'Publishers have no database, no Nest and no queue.' },
          ],
        },
      ],
    },
  },
  // API imports. Outside the queue module nobody talks to BullMQ directly. A module uses another
  // module's service (or its public <module>.types.ts), never its repository: the owner of a
  // table is its only writer (house style). One block per depth of the importing file under
  // apps/api/src/modules/<module>/, so a sub-folder reaching its own module's repository
  // (`../automations.repository.js`) stays allowed. Flat config keeps the last block's options
  // for a rule, so each block lists every pattern that applies to its files.
  ...API_IMPORT_BLOCKS,
  {
    // The typed config reads the environment; tests, scripts and e2e harnesses may set it for children.
    files: [
      'apps/api/src/modules/config/**/*.ts',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      '**/test/**/*.ts',
      '**/e2e/**/*.ts',
      'scripts/**',
      '**/vite.config.ts',
      '**/bench/**',
      'libs/client/examples/**',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Outbound HTTP from server code: a URL that comes from anyone else goes through @mwr/net's
    // guarded client (SSRF: public addresses only, pinned, redirects re-checked); the configured
    // platform hosts through the platform client, libs/publishers/src/http.ts (`sendToPlatform`).
    // Nothing else calls fetch, http(s).request/get or undici. (The SPA's fetch runs in the browser.)
    files: ['apps/api/**/*.ts', 'libs/**/*.ts'],
    ignores: [
      'libs/net/**',
      'libs/publishers/src/http.ts',
      // The API's own client for integrators: it calls the installation its user points it at.
      'libs/client/**',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      '**/test/**',
      '**/testing/**',
      '**/bench/**',
      '**/e2e/**',
    ],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: OUTBOUND_HTTP }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name=/^(globalThis|global|window|self)$/][property.name='fetch']", message: OUTBOUND_HTTP },
        { selector: 'MemberExpression[object.name=/^https?$/][property.name=/^(request|get)$/]', message: OUTBOUND_HTTP },
        { selector: 'ImportDeclaration[source.value=/^(node:)?https?$/] > ImportSpecifier[imported.name=/^(request|get)$/]', message: OUTBOUND_HTTP },
        { selector: 'ImportDeclaration[source.value=/^undici/]', message: OUTBOUND_HTTP },
        { selector: 'ImportExpression[source.value=/^undici/]', message: OUTBOUND_HTTP },
        { selector: "CallExpression[callee.name='require'][arguments.0.value=/^(undici|(node:)?https?)$/]", message: OUTBOUND_HTTP },
      ],
    },
  },
  {
    // The client's example is what an integrator writes: it imports the package by its name.
    files: ['libs/client/examples/**'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['apps/web/**/*.tsx', 'apps/web/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
];
