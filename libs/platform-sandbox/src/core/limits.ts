import type { Core } from './context.js';
import { windowed } from './state.js';

/** Sliding-window limiter; records the call only when it is allowed. */
export function allowCall(core: Core, key: string, limit: number, windowMs: number): boolean {
  const live = windowed(core.state.rate, key, core.clock.now(), windowMs);
  if (live.length >= limit) return false;
  live.push(core.clock.now());
  return true;
}

export function usage(core: Core, key: string, windowMs: number): number {
  return windowed(core.state.rate, key, core.clock.now(), windowMs).length;
}

/** Redirect URI matching: exact, `*` port wildcard, trailing `**` for any path suffix. */
export function redirectUriAllowed(registered: readonly string[], candidate: string): boolean {
  return registered.some((pattern) => {
    if (pattern === candidate) return true;
    let re = '^';
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i] ?? '';
      if (c === '*' && pattern[i + 1] === '*') {
        re += '.*';
        i++;
      } else if (c === '*') re += '\\d+';
      else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
    return new RegExp(`${re}$`).test(candidate);
  });
}
