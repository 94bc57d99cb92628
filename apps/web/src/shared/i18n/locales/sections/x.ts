import type { Messages } from '../messages';

/** X (issue #23): composer options and notes, the post preview. English is the reference; French has exactly the same keys. */
export const xEn = {
  composer: {
    replySettings: 'Who can reply',
    madeWithAi: 'Made with AI',
    paidPartnership: 'Paid partnership',
    weighted: 'X counts 280 weighted characters: a link counts as 23, and most emoji and Chinese, Japanese or Korean characters as 2.',
    linkCost: 'A post with a link costs more on X’s pay-per-use plan.',
  },
  preview: {
    forYou: 'For you',
    following: 'Following',
  },
};

export const xFr: Messages<typeof xEn> = {
  composer: {
    replySettings: 'Qui peut répondre',
    madeWithAi: 'Créé avec l’IA',
    paidPartnership: 'Partenariat rémunéré',
    weighted: 'X compte 280 caractères pondérés : un lien compte pour 23, et la plupart des emoji et des caractères chinois, japonais ou coréens pour 2.',
    linkCost: 'Une publication avec un lien coûte plus cher avec la formule à l’usage de X.',
  },
  preview: {
    forYou: 'Pour vous',
    following: 'Abonnements',
  },
};
