import type { Messages } from '../messages';

/** Settings → API keys (issue 26): each key's rate limit, shown, set at creation and changed. English is the reference. */
export const apiKeysEn = {
  limit: 'Rate limit',
  perMinute: '{{limit}}/min',
  defaultLimit: 'Default ({{limit}}/min)',
  defaultLimitUnknown: 'Default',
  limitField: 'Requests per minute',
  limitHint: 'Empty: the server default. From 1 to 100,000.',
  notANumber: 'Enter a whole number, or leave it empty for the default.',
  editLimit: 'Change limit',
  editLimitNamed: 'Change the rate limit of {{name}}',
  editTitle: 'Rate limit of “{{name}}”',
  editDescription: 'Requests per minute this key may make (bursts up to that many). It applies from its next request.',
  useDefault: 'Use the server default',
  save: 'Save limit',
  saving: 'Saving…',
  saveFailed: "Couldn't change the limit",
};

export const apiKeysFr: Messages<typeof apiKeysEn> = {
  limit: 'Limite de débit',
  perMinute: '{{limit}}/min',
  defaultLimit: 'Par défaut ({{limit}}/min)',
  defaultLimitUnknown: 'Par défaut',
  limitField: 'Requêtes par minute',
  limitHint: 'Vide : la valeur par défaut du serveur. De 1 à 100 000.',
  notANumber: 'Saisissez un nombre entier, ou laissez vide pour la valeur par défaut.',
  editLimit: 'Modifier la limite',
  editLimitNamed: 'Modifier la limite de débit de {{name}}',
  editTitle: 'Limite de débit de « {{name}} »',
  editDescription: 'Requêtes par minute autorisées pour cette clé (par rafales jusqu’à ce nombre). S’applique dès sa prochaine requête.',
  useDefault: 'Utiliser la valeur par défaut du serveur',
  save: 'Enregistrer la limite',
  saving: 'Enregistrement…',
  saveFailed: 'Impossible de modifier la limite',
};
