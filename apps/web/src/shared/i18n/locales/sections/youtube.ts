import type { Messages } from '../messages';

/** YouTube (issue 22): composer options, the Shorts preview, and what Accounts shows. English is the reference; French has exactly the same keys. */
export const youtubeEn = {
  composer: {
    title: 'Title',
    titleHint: 'Up to 100 characters, without < or >. Empty: the first line of the caption.',
    privacyStatus: 'Visibility',
    madeForKids: 'Made for kids?',
    syntheticMedia: 'Altered or synthetic content (realistic AI)',
    notifySubscribers: 'Notify subscribers',
    category: 'Category',
    tags: 'Tags',
    thumbnailIgnored: 'YouTube ignores custom thumbnails on Shorts: the cover frame is not sent.',
    notShort: 'Not a Short (vertical or square, up to 3 minutes): YouTube will publish it as a regular video.',
  },
  preview: {
    shorts: 'Shorts',
    subscribe: 'Subscribe',
  },
  /** Account notices (GET /api/accounts, Account Health) by code, as the API reports them for a YouTube account. */
  notices: {
    uploads_locked_private:
      "Uploads locked private: YouTube keeps this channel's uploads private until the app's Google Cloud project passes YouTube's audit, whatever visibility was chosen. Posting goes on.",
  },
  accounts: {
    quotaLeft: '{{left}} of {{limit}} YouTube uploads left today (resets at midnight Pacific)',
  },
};

export const youtubeFr: Messages<typeof youtubeEn> = {
  composer: {
    title: 'Titre',
    titleHint: '100 caractères au plus, sans < ni >. Vide : la première ligne de la légende.',
    privacyStatus: 'Visibilité',
    madeForKids: 'Conçue pour les enfants ?',
    syntheticMedia: 'Contenu modifié ou synthétique (IA réaliste)',
    notifySubscribers: 'Prévenir les abonnés',
    category: 'Catégorie',
    tags: 'Tags',
    thumbnailIgnored: 'YouTube ignore les miniatures personnalisées des Shorts : l’image de couverture n’est pas envoyée.',
    notShort: 'Ce n’est pas un Short (vertical ou carré, 3 minutes au plus) : YouTube la publiera comme une vidéo classique.',
  },
  preview: {
    shorts: 'Shorts',
    subscribe: 'S’abonner',
  },
  notices: {
    uploads_locked_private:
      'Envois verrouillés en privé : YouTube garde les vidéos de cette chaîne en privé tant que le projet Google Cloud de l’application n’a pas passé l’audit de YouTube, quelle que soit la visibilité choisie. Les publications continuent.',
  },
  accounts: {
    quotaLeft: '{{left}} envois YouTube sur {{limit}} restants aujourd’hui (remise à zéro à minuit, heure du Pacifique)',
  },
};
