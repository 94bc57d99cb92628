import type { Messages } from '../messages';

/** The Analytics page. English is the reference; French has exactly the same keys. */
export const analyticsEn = {
  title: 'analytics',
};

export const analyticsFr: Messages<typeof analyticsEn> = {
  title: 'analytics',
};
