import type { Messages } from '../messages';

/** The media library. English is the reference; French has exactly the same keys. */
export const libraryEn = {
  title: 'library',
};

export const libraryFr: Messages<typeof libraryEn> = {
  title: 'library',
};
