import type { Messages } from '../messages';

/** A message for people for every API error code. English is the reference; French has exactly the same keys. */
export const apiErrorsEn = {
  title: 'apiErrors',
};

export const apiErrorsFr: Messages<typeof apiErrorsEn> = {
  title: 'apiErrors',
};
