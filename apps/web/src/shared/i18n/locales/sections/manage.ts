import type { Messages } from '../messages';

/** Managing a post: edit, duplicate, pause, resume, cancel, delete, undo; drafts. English is the reference; French has exactly the same keys. */
export const manageEn = {
  title: 'manage',
};

export const manageFr: Messages<typeof manageEn> = {
  title: 'manage',
};
