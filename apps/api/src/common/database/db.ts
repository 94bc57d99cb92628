import type { EntityManager } from 'typeorm';

/** Anything that runs SQL: the DataSource, or a transaction's EntityManager. Repositories accept either. */
export type Db = Pick<EntityManager, 'query'>;

/** `count(*)`-style rows come back as strings from pg; this reads the first row's field. */
export function firstRow<T>(rows: T[]): T | undefined {
  return rows[0];
}
