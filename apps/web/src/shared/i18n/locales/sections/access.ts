import type { Messages } from '../messages';

/** Roles and per-account access (issue 25): the members' account picker, the contributor's composer. English is the reference. */
export const accessEn = {
  accounts: 'Accounts',
  allAccounts: 'All accounts',
  someAccounts_one: '{{count}} account',
  someAccounts_other: '{{count}} accounts',
  alwaysAll: 'All accounts (owners and admins see every account)',
  editAccounts: 'Accounts {{name}} can see',
  pickerTitle: 'Accounts {{name}} can see',
  pickerDescription:
    'Limit this member to the accounts of the clients they work on: they see only those accounts and their posts, queue, calendar, analytics and live events. Videos in the library stay shared.',
  everyAccount: 'Every account of the workspace',
  onlyThese: 'Only these accounts',
  noAccounts: 'No accounts are connected yet.',
  chooseOne: 'Choose at least one account, or give access to every account.',
  save: 'Save access',
  saving: 'Saving…',
  saveFailed: 'Couldn’t change this member’s accounts',
  contributorHint: 'As a contributor you save drafts and ask for review: an editor schedules the post.',
  requestReviewHint: 'Saved as a draft. Open the post to ask for a review.',
};

export const accessFr: Messages<typeof accessEn> = {
  accounts: 'Comptes',
  allAccounts: 'Tous les comptes',
  someAccounts_one: '{{count}} compte',
  someAccounts_other: '{{count}} comptes',
  alwaysAll: 'Tous les comptes (propriétaires et administrateurs voient tous les comptes)',
  editAccounts: 'Comptes visibles par {{name}}',
  pickerTitle: 'Comptes visibles par {{name}}',
  pickerDescription:
    'Limitez ce membre aux comptes des clients sur lesquels il travaille : il ne voit que ces comptes et leurs publications, file, calendrier, statistiques et événements en direct. Les vidéos de la médiathèque restent partagées.',
  everyAccount: 'Tous les comptes de l’espace',
  onlyThese: 'Seulement ces comptes',
  noAccounts: 'Aucun compte n’est encore connecté.',
  chooseOne: 'Choisissez au moins un compte, ou donnez accès à tous les comptes.',
  save: 'Enregistrer l’accès',
  saving: 'Enregistrement…',
  saveFailed: 'Impossible de changer les comptes de ce membre',
  contributorHint: 'En tant que contributeur, vous enregistrez des brouillons et demandez une relecture : un éditeur programme la publication.',
  requestReviewHint: 'Enregistré comme brouillon. Ouvrez la publication pour demander une relecture.',
};
