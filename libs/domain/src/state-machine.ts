/**
 * A finite state machine described by its allowed transitions. Kept generic so every status
 * column (content items, publications, jobs) shares one way of saying what may follow what.
 */
export type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

export class IllegalTransitionError<S extends string> extends Error {
  readonly code = 'ILLEGAL_TRANSITION';
  constructor(
    readonly machine: string,
    readonly from: S,
    readonly to: S,
  ) {
    super(`${machine}: cannot move from "${from}" to "${to}"`);
  }
}

export interface StateMachine<S extends string> {
  readonly name: string;
  readonly states: readonly S[];
  canTransition(from: S, to: S): boolean;
  /** Returns `to` when allowed, throws IllegalTransitionError otherwise. */
  transition(from: S, to: S): S;
  isTerminal(state: S): boolean;
}

export function defineStateMachine<S extends string>(name: string, table: TransitionTable<S>): StateMachine<S> {
  const states = Object.keys(table) as S[];
  for (const [from, targets] of Object.entries(table) as [S, readonly S[]][]) {
    for (const to of targets) {
      if (!(to in table)) throw new Error(`${name}: "${from}" → unknown state "${to}"`);
    }
  }
  const canTransition = (from: S, to: S): boolean => table[from]?.includes(to) ?? false;
  return {
    name,
    states,
    canTransition,
    transition(from, to) {
      if (!canTransition(from, to)) throw new IllegalTransitionError(name, from, to);
      return to;
    },
    isTerminal: (state) => (table[state]?.length ?? 0) === 0,
  };
}
