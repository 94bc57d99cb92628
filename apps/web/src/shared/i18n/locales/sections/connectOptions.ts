import type { Messages } from '../messages';

/** Accounts page: a platform's other connect options (issue 33). English is the reference. */
export const connectOptionsEn = {
  facebook_login: {
    button: 'Connect with Facebook (Pages)',
    hint: 'Instagram through Facebook: sign in with the Facebook account that manages the Page linked to your Instagram business account. Needed for Instagram hashtags in the Trend Radar.',
  },
};

export const connectOptionsFr: Messages<typeof connectOptionsEn> = {
  facebook_login: {
    button: 'Connecter avec Facebook (Pages)',
    hint: 'Instagram via Facebook : connectez-vous avec le compte Facebook qui gère la Page liée à votre compte Instagram professionnel. Nécessaire pour les hashtags Instagram du Radar des tendances.',
  },
};
