import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';

// Every test starts in English, whatever the last one switched to.
import { i18n } from '../shared/i18n/i18n';

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
});

// findBy*/waitFor give up after 1 s by default, a wall-clock guess on a busy machine (a lazy
// route's first render alone can take longer at load 6-8). They return as soon as the condition
// holds, so a generous ceiling costs nothing when the test passes.
configure({ asyncUtilTimeout: 30_000 });

// jsdom does not implement scrolling; the router's scroll restoration calls it on navigation.
window.scrollTo = () => {};

// Nor ResizeObserver, which Radix (switch thumb, popover and menu positioning) and recharts use.
if (typeof globalThis.ResizeObserver === 'undefined') {
  globalThis.ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}

beforeEach(async () => {
  await i18n.changeLanguage('en');
});
