/// <reference types="vitest/config" />
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig, type ProxyOptions } from 'vite';

// Under CI, `.ci/run` collects every project's test counts (tools/test-counts).
const countsDir = process.env.MWR_TEST_COUNTS_DIR;
const { countsFileFor } = createRequire(import.meta.url)('../../tools/test-counts/counts-file.cjs') as {
  countsFileFor: (dir: string, packageName: string) => string;
};

const apiTarget = 'http://localhost:3000';

/**
 * The API accepts sign-in only from pages of its PUBLIC_URL (login CSRF check on Origin): a page
 * served by this dev server is that same app, so its Origin is presented as the API's.
 */
const apiProxy: ProxyOptions = {
  target: apiTarget,
  changeOrigin: true,
  ws: false,
  configure: (proxy) => {
    proxy.on('proxyReq', (proxyReq, req) => {
      if (req.headers.origin === `http://${req.headers.host}`) proxyReq.setHeader('origin', apiTarget);
    });
  },
};

export default defineConfig({
  plugins: [react()],
  resolve: {
    // The domain's rules and status sets, from source (pure TypeScript, side-effect free: tree-shaken).
    // X's weighted counter (twitter-text) is its own entry, only ever imported with import().
    alias: [
      { find: /^@mwr\/domain\/x-text$/, replacement: fileURLToPath(new URL('../../libs/domain/src/x-text.ts', import.meta.url)) },
      { find: /^@mwr\/domain$/, replacement: fileURLToPath(new URL('../../libs/domain/src/index.ts', import.meta.url)) },
    ],
  },
  server: {
    port: 5173,
    proxy: {
      // Same-origin in development too: the SPA calls /api/* (REST and Server-Sent Events)
      // and Vite forwards it to the API. SSE is plain HTTP, so no WebSocket upgrade is needed.
      '/api': apiProxy,
    },
  },
  preview: {
    proxy: {
      '/api': apiProxy,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Everything the first screen imports statically in one chunk: ~45 small shared chunks
        // (each gzipped alone, each its own request) cost ~10 KB gzip more (issue #32, bench:web).
        // Route, chart, menu and locale chunks stay lazy.
        codeSplitting: { groups: [{ name: 'initial', tags: ['$initial'] }] },
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.spec.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    // Ceilings, not schedules: on a busy 2-core machine vitest's 5 s / 10 s defaults are
    // wall-clock guesses. Tests wait on what they need (findBy/waitFor); these stop a hung one.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    restoreMocks: true,
    reporters: countsDir ? ['default', ['json', { outputFile: countsFileFor(countsDir, '@mwr/web') }]] : ['default'],
  },
});
