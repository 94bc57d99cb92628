import type { Messages } from '../messages';

/** Posts waiting on a person: reasons, reconnect, the disconnect dialog. English is the reference; French has exactly the same keys. */
export const failuresEn = {
  title: 'failures',
};

export const failuresFr: Messages<typeof failuresEn> = {
  title: 'failures',
};
