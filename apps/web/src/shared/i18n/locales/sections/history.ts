import type { Messages } from '../messages';

/** The queue history and the post story timeline. English is the reference; French has exactly the same keys. */
export const historyEn = {
  title: 'history',
};

export const historyFr: Messages<typeof historyEn> = {
  title: 'history',
};
