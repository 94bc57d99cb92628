import fc from 'fast-check';

import {
  contentItemStatusMachine,
  IllegalTransitionError,
  JOB_AWAITING_PERSON_STATUSES,
  JOB_ENDED_STATUSES,
  JOB_FAILED_STATUSES,
  JOB_MOVING_STATUSES,
  JOB_OPEN_STATUSES,
  JOB_WAITING_STATUSES,
  jobStatusMachine,
  PUBLICATION_ENDED_STATUSES,
  PUBLICATION_IN_FLIGHT_STATUSES,
  PUBLICATION_LIVE_STATUSES,
  PUBLICATION_OPEN_STATUSES,
  publicationStatusMachine,
  type StateMachine,
} from './index.js';

/** Every allowed edge, written out independently of the machines' tables. */
const EXPECTED: Record<string, { machine: StateMachine<string>; initial: string; edges: string[]; person?: string[] }> = {
  content_item: {
    machine: contentItemStatusMachine,
    initial: 'draft',
    edges: [
      'draft→scheduled',
      'draft→cancelled',
      'scheduled→draft',
      'scheduled→publishing',
      'scheduled→paused',
      'scheduled→cancelled',
      'paused→scheduled',
      'paused→draft',
      'paused→cancelled',
      'publishing→published',
      'publishing→partially_published',
      'publishing→failed',
      'partially_published→publishing',
      'failed→publishing',
      'failed→draft',
      'failed→cancelled',
    ],
  },
  platform_publication: {
    machine: publicationStatusMachine,
    initial: 'pending',
    edges: [
      'pending→uploading',
      'pending→processing',
      'pending→posted',
      'pending→failed',
      'pending→cancelled',
      'uploading→processing',
      'uploading→posted',
      'uploading→failed',
      'uploading→cancelled',
      'processing→uploading',
      'processing→posted',
      'processing→failed',
    ],
    person: [
      'pending→cancelled',
      'pending→posted',
      'pending→failed',
      'uploading→cancelled',
      'uploading→posted',
      'uploading→failed',
      'processing→posted',
      'processing→failed',
      'failed→pending',
      'failed→posted',
      'failed→failed',
      'cancelled→posted',
      'cancelled→failed',
    ],
  },
  publish_job: {
    machine: jobStatusMachine,
    initial: 'queued',
    edges: [
      'queued→active',
      'queued→cancelled',
      'active→active',
      'active→queued',
      'active→waiting_retry',
      'active→waiting_person',
      'active→succeeded',
      'active→failed',
      'active→dead',
      'active→cancelled',
      'active→needs_review',
      'waiting_retry→active',
      'waiting_retry→queued',
      'waiting_retry→cancelled',
      'waiting_person→queued',
    ],
    person: [
      'queued→cancelled',
      'queued→succeeded',
      'queued→failed',
      'waiting_retry→cancelled',
      'waiting_retry→succeeded',
      'waiting_retry→failed',
      'waiting_person→cancelled',
      'waiting_person→succeeded',
      'waiting_person→failed',
      'failed→queued',
      'failed→succeeded',
      'failed→failed',
      'dead→queued',
      'dead→succeeded',
      'dead→failed',
      'needs_review→succeeded',
      'needs_review→failed',
      'cancelled→succeeded',
      'cancelled→failed',
    ],
  },
};

describe.each(Object.entries(EXPECTED))('%s transitions', (name, { machine, initial, edges, person = [] }) => {
  it('allows exactly the specified edges and rejects every other pair', () => {
    for (const from of machine.states) {
      for (const to of machine.states) {
        const bySystem = edges.includes(`${from}→${to}`);
        const byPerson = person.includes(`${from}→${to}`);
        expect(`${from}→${to}: ${machine.canTransition(from, to, 'system')}/${machine.canTransition(from, to, 'person')}`).toBe(
          `${from}→${to}: ${bySystem}/${byPerson}`,
        );
        expect(machine.canTransition(from, to)).toBe(bySystem || byPerson);
        if (bySystem) expect(machine.transition(from, to, 'system')).toBe(to);
        else expect(() => machine.transition(from, to, 'system')).toThrow(IllegalTransitionError);
        if (!bySystem && !byPerson) expect(() => machine.transition(from, to)).toThrow(IllegalTransitionError);
      }
    }
  });

  it('lists the sources of every state as the edges say', () => {
    for (const to of machine.states) {
      const sources = machine.sourcesOf(to, 'system').sort();
      expect(sources).toEqual(machine.states.filter((from) => edges.includes(`${from}→${to}`)).sort());
    }
  });

  it('reaches every state from the initial one', () => {
    const seen = new Set([initial]);
    const queue = [initial];
    while (queue.length) {
      const from = queue.shift()!;
      for (const to of machine.states) if (machine.canTransition(from, to, 'system') && !seen.has(to)) seen.add(to) && queue.push(to);
    }
    expect([...seen].sort()).toEqual([...machine.states].sort());
  });

  it(`keeps ${name} walks legal: any random walk only takes allowed edges and stops at terminal states`, () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (choices) => {
        let state = initial;
        for (const choice of choices) {
          const next = machine.states.filter((to) => machine.canTransition(state, to, 'system'));
          if (next.length === 0) {
            expect(machine.hasEnded(state)).toBe(true);
            return;
          }
          state = machine.transition(state, next[choice % next.length]!, 'system');
        }
      }),
    );
  });
});

describe('status sets derived from the machines', () => {
  it('names the publication lanes the SPA and the war room show', () => {
    expect(PUBLICATION_ENDED_STATUSES).toEqual(['posted', 'failed', 'cancelled']);
    expect(PUBLICATION_OPEN_STATUSES).toEqual(['pending', 'uploading', 'processing']);
    expect(PUBLICATION_IN_FLIGHT_STATUSES).toEqual(['uploading', 'processing']);
    expect(PUBLICATION_LIVE_STATUSES).toEqual(['pending', 'uploading', 'processing', 'posted']);
  });

  it('names the job sets the queue and the war room count', () => {
    expect(JOB_OPEN_STATUSES).toEqual(['queued', 'active', 'waiting_retry', 'waiting_person', 'needs_review']);
    expect(JOB_ENDED_STATUSES).toEqual(['succeeded', 'failed', 'dead', 'cancelled', 'needs_review']);
    expect(JOB_FAILED_STATUSES).toEqual(['failed', 'dead']);
    expect(JOB_AWAITING_PERSON_STATUSES).toEqual(['waiting_person', 'needs_review']);
    expect(JOB_MOVING_STATUSES).toEqual(['queued', 'active', 'waiting_retry']);
    expect(JOB_WAITING_STATUSES).toEqual(['queued', 'waiting_retry']);
  });

  it('never puts a job waiting on a person back on a timer: only the system resumes it, a person may cancel or settle it (#20)', () => {
    expect(JOB_WAITING_STATUSES).not.toContain('waiting_person');
    expect(JOB_FAILED_STATUSES).not.toContain('waiting_person');
    expect(jobStatusMachine.sourcesOf('queued', 'system')).toContain('waiting_person');
    expect(jobStatusMachine.targetsOf('waiting_person', 'person').sort()).toEqual(['cancelled', 'failed', 'succeeded']);
  });

  it('never lets a cancelled publication or job be retried (decision #19)', () => {
    expect(publicationStatusMachine.canTransition('cancelled', 'pending')).toBe(false);
    expect(jobStatusMachine.canTransition('cancelled', 'queued')).toBe(false);
    expect(publicationStatusMachine.canTransition('failed', 'pending', 'person')).toBe(true);
  });
});
