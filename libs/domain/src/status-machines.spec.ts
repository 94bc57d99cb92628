import fc from 'fast-check';
import {
  contentItemStatusMachine,
  jobStatusMachine,
  publicationStatusMachine,
  IllegalTransitionError,
  type StateMachine,
} from './index.js';

/** Every allowed edge, written out independently of the machines' tables. */
const EXPECTED: Record<string, { machine: StateMachine<string>; initial: string; edges: string[] }> = {
  content_item: {
    machine: contentItemStatusMachine,
    initial: 'draft',
    edges: [
      'draft→scheduled', 'draft→cancelled',
      'scheduled→draft', 'scheduled→publishing', 'scheduled→paused', 'scheduled→cancelled',
      'paused→scheduled', 'paused→draft', 'paused→cancelled',
      'publishing→published', 'publishing→partially_published', 'publishing→failed',
      'partially_published→publishing',
      'failed→publishing', 'failed→draft', 'failed→cancelled',
    ],
  },
  platform_publication: {
    machine: publicationStatusMachine,
    initial: 'pending',
    edges: [
      'pending→uploading', 'pending→processing', 'pending→failed', 'pending→cancelled',
      'uploading→processing', 'uploading→failed', 'uploading→cancelled',
      'processing→uploading', 'processing→posted', 'processing→failed',
      'failed→pending',
    ],
  },
  publish_job: {
    machine: jobStatusMachine,
    initial: 'queued',
    edges: [
      'queued→active', 'queued→cancelled',
      'active→queued', 'active→waiting_retry', 'active→succeeded', 'active→failed', 'active→dead', 'active→cancelled', 'active→needs_review',
      'waiting_retry→active', 'waiting_retry→queued', 'waiting_retry→cancelled',
      'failed→queued', 'dead→queued',
      'needs_review→succeeded', 'needs_review→failed',
    ],
  },
};

describe.each(Object.entries(EXPECTED))('%s transitions', (name, { machine, initial, edges }) => {
  it('allows exactly the specified edges and rejects every other pair', () => {
    for (const from of machine.states) {
      for (const to of machine.states) {
        const allowed = edges.includes(`${from}→${to}`);
        expect(`${from}→${to}: ${machine.canTransition(from, to)}`).toBe(`${from}→${to}: ${allowed}`);
        if (allowed) expect(machine.transition(from, to)).toBe(to);
        else expect(() => machine.transition(from, to)).toThrow(IllegalTransitionError);
      }
    }
  });

  it('reaches every state from the initial one', () => {
    const seen = new Set([initial]);
    const queue = [initial];
    while (queue.length) {
      const from = queue.shift()!;
      for (const to of machine.states) if (machine.canTransition(from, to) && !seen.has(to)) seen.add(to) && queue.push(to);
    }
    expect([...seen].sort()).toEqual([...machine.states].sort());
  });

  it(`keeps ${name} walks legal: any random walk only takes allowed edges and stops at terminal states`, () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (choices) => {
        let state = initial;
        for (const choice of choices) {
          const next = machine.states.filter((to) => machine.canTransition(state, to));
          if (next.length === 0) {
            expect(machine.isTerminal(state)).toBe(true);
            return;
          }
          state = machine.transition(state, next[choice % next.length]!);
        }
      }),
    );
  });
});
