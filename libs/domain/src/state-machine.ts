/**
 * A finite state machine described by its allowed transitions. Kept generic so every status
 * column (content items, publications, jobs) shares one way of saying what may follow what.
 *
 * Edges come in two kinds: what the system does on its own (scheduler, worker, lease expiry) and
 * what only a person's action may do (retry, cancel, settle with evidence). A state with no
 * system edge has *ended* as far as the machine is concerned: it waits on a person or on nothing.
 */
export type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

/** Who moves the state: the system on its own, or a person's explicit action. */
export type TransitionActor = 'system' | 'person';

export class IllegalTransitionError<S extends string> extends Error {
  readonly code = 'ILLEGAL_TRANSITION';
  constructor(
    readonly machine: string,
    readonly from: S,
    readonly to: S,
    readonly by?: TransitionActor,
  ) {
    super(`${machine}: cannot move from "${from}" to "${to}"${by ? ` (by ${by})` : ''}`);
  }
}

export interface StateMachine<S extends string> {
  readonly name: string;
  readonly states: readonly S[];
  /** Allowed for `by` (either kind when omitted). */
  canTransition(from: S, to: S, by?: TransitionActor): boolean;
  /** Returns `to` when allowed, throws IllegalTransitionError otherwise. */
  transition(from: S, to: S, by?: TransitionActor): S;
  /** The states `to` may be reached from (for set-based checks: `WHERE status = ANY(sourcesOf(to))`). */
  sourcesOf(to: S, by?: TransitionActor): S[];
  /** Where `from` may go. */
  targetsOf(from: S, by?: TransitionActor): S[];
  /** No edge of any kind leaves it. */
  isTerminal(state: S): boolean;
  /** No system edge leaves it: nothing happens to it unless a person acts. */
  hasEnded(state: S): boolean;
}

export function defineStateMachine<S extends string>(name: string, system: TransitionTable<S>, person?: Partial<TransitionTable<S>>): StateMachine<S> {
  const states = Object.keys(system) as S[];
  const tables: [TransitionActor, Partial<TransitionTable<S>>][] = [
    ['system', system],
    ['person', person ?? {}],
  ];
  for (const [, table] of tables) {
    for (const [from, targets] of Object.entries(table) as [S, readonly S[]][]) {
      if (!(from in system)) throw new Error(`${name}: unknown state "${from}"`);
      for (const to of targets) {
        if (!(to in system)) throw new Error(`${name}: "${from}" → unknown state "${to}"`);
      }
    }
  }
  const targetsOf = (from: S, by?: TransitionActor): S[] => {
    const found = new Set<S>();
    for (const [actor, table] of tables) if (!by || by === actor) for (const to of table[from] ?? []) found.add(to);
    return [...found];
  };
  const canTransition = (from: S, to: S, by?: TransitionActor): boolean => targetsOf(from, by).includes(to);
  return {
    name,
    states,
    canTransition,
    transition(from, to, by) {
      if (!canTransition(from, to, by)) throw new IllegalTransitionError(name, from, to, by);
      return to;
    },
    sourcesOf: (to, by) => states.filter((from) => canTransition(from, to, by)),
    targetsOf,
    isTerminal: (state) => targetsOf(state).length === 0,
    hasEnded: (state) => targetsOf(state, 'system').length === 0,
  };
}

/** States from which `goal` can still be reached by the system alone (the state itself included). */
export function statesReaching<S extends string>(machine: StateMachine<S>, goal: S): S[] {
  return machine.states.filter((start) => {
    const seen = new Set<S>([start]);
    const queue = [start];
    while (queue.length > 0) {
      const at = queue.shift()!;
      if (at === goal) return true;
      for (const next of machine.targetsOf(at, 'system')) if (!seen.has(next)) seen.add(next) && queue.push(next);
    }
    return false;
  });
}
