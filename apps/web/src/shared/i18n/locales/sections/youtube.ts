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
  accounts: {
    lockedPrivate: 'Uploads locked private: this Google Cloud project is not audited by YouTube yet, so every video stays private.',
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
  accounts: {
    lockedPrivate: 'Envois verrouillés en privé : ce projet Google Cloud n’est pas encore audité par YouTube, chaque vidéo reste privée.',
    quotaLeft: '{{left}} envois YouTube sur {{limit}} restants aujourd’hui (remise à zéro à minuit, heure du Pacifique)',
  },
};
