/**
 * A status set from @mwr/domain as a SQL literal list, `('a', 'b')`: the statements keep the same
 * text as a hand-written list (so partial-index predicates still match), but the set has one
 * source. Only for the domain's own state names (never user input).
 */
export function sqlStates(states: readonly string[]): string {
  for (const s of states) if (!/^[a-z_]+$/.test(s)) throw new Error(`not a status name: ${s}`);
  return `(${states.map((s) => `'${s}'`).join(', ')})`;
}
