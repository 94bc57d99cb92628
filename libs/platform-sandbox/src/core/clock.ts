/**
 * Simulated clock. In `manual` mode time only moves when `advance()` is called (tests); in
 * `real` mode it follows the wall clock plus any manual advances (product / standalone).
 */
export interface SandboxClock {
  now(): number;
  advance(ms: number): number;
  readonly mode: 'manual' | 'real';
}

export function createClock(mode: 'manual' | 'real', start: number): SandboxClock {
  const wallStart = Date.now();
  let offset = 0;
  return {
    mode,
    now: () => start + offset + (mode === 'real' ? Date.now() - wallStart : 0),
    advance(ms: number): number {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance(ms) needs a non-negative number');
      offset += ms;
      return this.now();
    },
  };
}
