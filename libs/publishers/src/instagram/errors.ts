/**
 * Every Instagram Graph code of platform-apis.md §3.8 mapped once: publishing subcodes (also the
 * container `status` sub-codes of an ERROR container, §3.5), generic Graph codes and the auth
 * subcodes of 190/102.
 */
import type { PublishError } from '../contract.js';
import { buildError, TRANSPORT_ERRORS, type ErrorDetails, type ErrorEntry } from '../errors.js';

const HOUR = 3_600_000;

/** Instagram publishing subcodes (all HTTP 400), plus those Postiz observed. */
export const INSTAGRAM_SUBCODES: Record<string, ErrorEntry> = {
  '2207003': {
    class: 'temporary',
    retryable: true,
    en: 'Instagram timed out downloading the video. It will be retried.',
    fr: 'Instagram a mis trop de temps à télécharger la vidéo. Nouvel essai.',
  },
  '2207020': {
    class: 'temporary',
    retryable: true,
    en: 'The prepared Instagram upload expired. A new one will be created.',
    fr: 'L’envoi préparé sur Instagram a expiré. Un nouveau sera créé.',
  },
  '2207001': {
    class: 'temporary',
    retryable: true,
    en: 'Instagram had a server error. It will be retried.',
    fr: 'Instagram a eu une erreur serveur. Nouvel essai.',
  },
  '2207032': {
    class: 'temporary',
    retryable: true,
    en: 'Instagram could not prepare the upload. It will be retried.',
    fr: 'Instagram n’a pas pu préparer l’envoi. Nouvel essai.',
  },
  '2207053': {
    class: 'temporary',
    retryable: true,
    en: 'Instagram had an unknown error with the video upload. A new upload will be created.',
    fr: 'Instagram a eu une erreur inconnue avec l’envoi de la vidéo. Un nouvel envoi sera créé.',
  },
  '2207057': {
    class: 'invalid_content',
    retryable: false,
    en: 'The cover frame time is outside the video. Pick a time within the video.',
    fr: 'L’instant choisi pour la couverture est hors de la vidéo. Choisissez un instant dans la vidéo.',
  },
  '2207051': {
    class: 'account_restricted',
    retryable: false,
    en: 'Instagram restricted this account’s activity as suspected spam. Check the account in the Instagram app.',
    fr: 'Instagram a restreint l’activité de ce compte (spam suspecté). Vérifiez le compte dans l’application Instagram.',
  },
  '2207042': {
    class: 'quota_exhausted',
    retryable: true,
    en: 'This Instagram account reached its daily publishing limit. It will be posted when the quota frees up.',
    fr: 'Ce compte Instagram a atteint sa limite quotidienne de publications. La publication partira quand le quota se libérera.',
  },
  '2207006': {
    class: 'temporary',
    retryable: true,
    en: 'Instagram no longer finds the prepared upload. A new one will be created.',
    fr: 'Instagram ne retrouve plus l’envoi préparé. Un nouveau sera créé.',
  },
  '2207008': {
    class: 'temporary',
    retryable: true,
    en: 'Instagram lost the prepared upload. It will be retried, then recreated.',
    fr: 'Instagram a perdu l’envoi préparé. Nouvel essai, puis recréation.',
  },
  '2207050': {
    class: 'account_restricted',
    retryable: false,
    en: 'The Instagram account is restricted or must confirm its identity. The owner must fix it in the Instagram app.',
    fr: 'Le compte Instagram est restreint ou doit confirmer son identité. Le titulaire doit régler cela dans l’application Instagram.',
  },
  '2207023': {
    class: 'invalid_content',
    retryable: false,
    en: 'Instagram does not accept this media type. Post it as a Reel video.',
    fr: 'Instagram n’accepte pas ce type de média. Publiez-le comme vidéo Reel.',
  },
  '2207028': {
    class: 'invalid_content',
    retryable: false,
    en: 'A carousel needs between 2 and 10 items.',
    fr: 'Un carrousel doit contenir entre 2 et 10 éléments.',
  },
  '2207035': {
    class: 'invalid_content',
    retryable: false,
    en: 'Instagram rejected the product tags of this post.',
    fr: 'Instagram a refusé les identifications de produits de cette publication.',
  },
  '2207036': {
    class: 'invalid_content',
    retryable: false,
    en: 'Instagram rejected the product tags of this post.',
    fr: 'Instagram a refusé les identifications de produits de cette publication.',
  },
  '2207037': {
    class: 'invalid_content',
    retryable: false,
    en: 'Instagram rejected the product tags of this post.',
    fr: 'Instagram a refusé les identifications de produits de cette publication.',
  },
  '2207040': {
    class: 'invalid_content',
    retryable: false,
    en: 'The caption tags more than 20 accounts. Remove some @mentions.',
    fr: 'La légende identifie plus de 20 comptes. Retirez des @mentions.',
  },
  '2207026': {
    class: 'invalid_content',
    retryable: false,
    en: 'Instagram cannot use this video format. Export it as MP4 or MOV (H.264, AAC, 3 s–15 min).',
    fr: 'Instagram ne peut pas utiliser ce format vidéo. Exportez-la en MP4 ou MOV (H.264, AAC, 3 s à 15 min).',
  },
  '2207052': {
    class: 'temporary',
    retryable: true,
    en: 'Instagram could not download the video from its link. Check the link is public; it will be retried.',
    fr: 'Instagram n’a pas pu télécharger la vidéo depuis son lien. Vérifiez que le lien est public ; nouvel essai.',
  },
  '2207027': {
    class: 'temporary',
    retryable: true,
    en: 'Instagram is still processing the video. Publishing will be tried again shortly.',
    fr: 'Instagram traite encore la vidéo. La publication sera retentée sous peu.',
  },
  '2207004': { class: 'invalid_content', retryable: false, en: 'The image is larger than 8 MB. Compress it.', fr: 'L’image dépasse 8 Mo. Compressez-la.' },
  '2207005': {
    class: 'invalid_content',
    retryable: false,
    en: 'Instagram does not accept this image format. Use JPEG.',
    fr: 'Instagram n’accepte pas ce format d’image. Utilisez du JPEG.',
  },
  '2207009': {
    class: 'invalid_content',
    retryable: false,
    en: 'The image aspect ratio must be between 4:5 and 1.91:1.',
    fr: 'Le format de l’image doit être compris entre 4:5 et 1,91:1.',
  },
  '2207010': {
    class: 'invalid_content',
    retryable: false,
    en: 'The caption is too long: at most 2200 characters, 30 hashtags and 20 @mentions.',
    fr: 'La légende est trop longue : 2200 caractères, 30 hashtags et 20 @mentions au plus.',
  },
  '2207081': { class: 'invalid_content', retryable: false, en: 'This account cannot post trial Reels.', fr: 'Ce compte ne peut pas publier de Reels d’essai.' },
  '2207082': {
    class: 'unknown',
    retryable: false,
    en: 'Instagram refused this Reel for an undocumented reason. A person should review it.',
    fr: 'Instagram a refusé ce Reel pour une raison non documentée. Une personne doit vérifier.',
  },
  '2207085': {
    class: 'invalid_content',
    retryable: false,
    en: 'Instagram could not process the video. Re-export it and try again.',
    fr: 'Instagram n’a pas pu traiter la vidéo. Réexportez-la et réessayez.',
  },
  '2207077': {
    class: 'temporary',
    retryable: true,
    en: 'Instagram failed to download the video. It will be retried.',
    fr: 'Instagram n’a pas réussi à télécharger la vidéo. Nouvel essai.',
  },
  '2207018': {
    class: 'invalid_content',
    retryable: false,
    en: 'A collaborator cannot be tagged. Check the usernames (without @).',
    fr: 'Un collaborateur ne peut pas être identifié. Vérifiez les noms d’utilisateur (sans @).',
  },
};

/** Auth subcodes of 190/102. */
export const INSTAGRAM_AUTH_SUBCODES: Record<string, ErrorEntry> = {
  '458': {
    class: 'auth_expired',
    retryable: false,
    en: 'Our app was removed from the account. Reconnect Instagram.',
    fr: 'Notre application a été retirée du compte. Reconnectez Instagram.',
  },
  '459': {
    class: 'auth_expired',
    retryable: false,
    en: 'The account owner must log in to Facebook/Instagram to unlock it, then reconnect.',
    fr: 'Le titulaire doit se connecter à Facebook/Instagram pour débloquer le compte, puis le reconnecter.',
  },
  '460': {
    class: 'auth_expired',
    retryable: false,
    en: 'The password changed, so the Instagram connection ended. Reconnect Instagram.',
    fr: 'Le mot de passe a changé, la connexion Instagram a pris fin. Reconnectez Instagram.',
  },
  '463': {
    class: 'auth_expired',
    retryable: false,
    en: 'The Instagram connection expired. Reconnect Instagram.',
    fr: 'La connexion Instagram a expiré. Reconnectez Instagram.',
  },
  '464': {
    class: 'auth_expired',
    retryable: false,
    en: 'The account owner must confirm their account with Meta, then reconnect.',
    fr: 'Le titulaire doit confirmer son compte auprès de Meta, puis le reconnecter.',
  },
  '467': {
    class: 'auth_expired',
    retryable: false,
    en: 'The Instagram connection is no longer valid. Reconnect Instagram.',
    fr: 'La connexion Instagram n’est plus valide. Reconnectez Instagram.',
  },
  '492': {
    class: 'auth_expired',
    retryable: false,
    en: 'The Instagram session is invalid. Reconnect Instagram.',
    fr: 'La session Instagram n’est pas valide. Reconnectez Instagram.',
  },
};

const RATE: ErrorEntry = {
  class: 'rate_limited',
  retryable: true,
  en: 'Instagram asked us to slow down. It will be retried after the waiting time.',
  fr: 'Instagram nous demande de ralentir. Nouvel essai après le délai d’attente.',
};
const AUTH: ErrorEntry = {
  class: 'auth_expired',
  retryable: false,
  en: 'The Instagram connection expired or was revoked. Reconnect Instagram.',
  fr: 'La connexion Instagram a expiré ou a été révoquée. Reconnectez Instagram.',
};
const PERMISSION: ErrorEntry = {
  class: 'auth_expired',
  retryable: false,
  en: 'The Instagram connection lacks the publishing permission. Reconnect and grant it.',
  fr: 'La connexion Instagram n’a pas l’autorisation de publier. Reconnectez-la en l’accordant.',
};
const TEMP: ErrorEntry = {
  class: 'temporary',
  retryable: true,
  en: 'Instagram had a temporary problem. It will be retried.',
  fr: 'Instagram a eu un problème temporaire. Nouvel essai.',
};

/** Generic Graph codes (§3.8) and the publishing codes used without a known subcode. */
export const INSTAGRAM_CODES: Record<string, ErrorEntry> = {
  '1': TEMP,
  '2': {
    class: 'temporary',
    retryable: true,
    en: 'Instagram’s service is down for a moment. It will be retried.',
    fr: 'Le service d’Instagram est momentanément indisponible. Nouvel essai.',
  },
  '3': PERMISSION,
  '4': RATE,
  '9': INSTAGRAM_SUBCODES['2207042'] as ErrorEntry,
  '10': PERMISSION,
  '17': RATE,
  '24': INSTAGRAM_SUBCODES['2207006'] as ErrorEntry,
  '25': INSTAGRAM_SUBCODES['2207050'] as ErrorEntry,
  '32': RATE,
  '100': {
    class: 'invalid_content',
    retryable: false,
    en: 'Instagram rejected a field of this post. Check the caption and settings.',
    fr: 'Instagram a refusé un champ de cette publication. Vérifiez la légende et les réglages.',
  },
  '102': AUTH,
  '104': AUTH,
  '190': AUTH,
  '341': RATE,
  '352': INSTAGRAM_SUBCODES['2207026'] as ErrorEntry,
  '368': {
    class: 'rate_limited',
    retryable: true,
    en: 'Instagram temporarily blocked this account for a policy reason. It will be retried later.',
    fr: 'Instagram a bloqué temporairement ce compte pour une raison de règlement. Nouvel essai plus tard.',
  },
  '506': { class: 'unknown', retryable: false, en: 'Instagram says this was already posted.', fr: 'Instagram indique que cela a déjà été publié.' },
  '613': RATE,
  '80002': RATE,
  '9004': INSTAGRAM_SUBCODES['2207052'] as ErrorEntry,
  '9007': INSTAGRAM_SUBCODES['2207027'] as ErrorEntry,
  '36000': INSTAGRAM_SUBCODES['2207004'] as ErrorEntry,
  '36001': INSTAGRAM_SUBCODES['2207005'] as ErrorEntry,
  '36003': INSTAGRAM_SUBCODES['2207009'] as ErrorEntry,
  '36004': INSTAGRAM_SUBCODES['2207010'] as ErrorEntry,
  '-1': INSTAGRAM_SUBCODES['2207001'] as ErrorEntry,
  '-2': INSTAGRAM_SUBCODES['2207003'] as ErrorEntry,
};

export const INSTAGRAM_LOCAL_ERRORS: Record<string, ErrorEntry> = {
  no_public_url: {
    class: 'invalid_content',
    retryable: false,
    en: 'Instagram Reels need a public video link for Instagram to download.',
    fr: 'Les Reels Instagram exigent un lien public vers la vidéo, qu’Instagram téléchargera.',
  },
  container_error: {
    class: 'invalid_content',
    retryable: false,
    en: 'Instagram could not process this video. Check the format and length.',
    fr: 'Instagram n’a pas pu traiter cette vidéo. Vérifiez le format et la durée.',
  },
  processing_stuck: {
    class: 'temporary',
    retryable: true,
    en: 'Instagram is taking unusually long to process the video. A new upload will be tried.',
    fr: 'Instagram met anormalement longtemps à traiter la vidéo. Un nouvel envoi sera tenté.',
  },
  too_many_containers: {
    class: 'unknown',
    retryable: false,
    en: 'Instagram failed to prepare this video several times. A person should review it.',
    fr: 'Instagram a échoué plusieurs fois à préparer cette vidéo. Une personne doit vérifier.',
  },
  unknown_code: {
    class: 'unknown',
    retryable: false,
    en: 'Instagram returned an error we do not know. A person should review this publication.',
    fr: 'Instagram a renvoyé une erreur inconnue. Une personne doit vérifier cette publication.',
  },
};

const DEFAULT_RETRY_AFTER: Record<string, number> = {
  '2207042': 24 * HOUR,
  '9': 24 * HOUR,
  '4': 60_000,
  '17': 60_000,
  '32': 60_000,
  '613': 60_000,
  '80002': 60_000,
  '341': 60_000,
  '368': HOUR,
  '2207027': 10_000,
  '9007': 10_000,
};

export interface GraphErrorBody {
  code: number;
  subcode?: number;
  message?: string;
  isTransient?: boolean;
  fbtraceId?: string;
}

/** Maps a Graph error envelope: subcode first, then auth subcodes of 190/102, then the code. */
export function instagramGraphError(e: GraphErrorBody, details: ErrorDetails = {}): PublishError {
  const code = String(e.code);
  const sub = e.subcode !== undefined ? String(e.subcode) : undefined;
  let entry: ErrorEntry | undefined;
  let stable: string;
  if (sub && INSTAGRAM_SUBCODES[sub]) {
    entry = INSTAGRAM_SUBCODES[sub];
    stable = `instagram.${sub}`;
  } else if (sub && (code === '190' || code === '102') && INSTAGRAM_AUTH_SUBCODES[sub]) {
    entry = INSTAGRAM_AUTH_SUBCODES[sub];
    stable = `instagram.${code}.${sub}`;
  } else if (INSTAGRAM_CODES[code]) {
    entry = INSTAGRAM_CODES[code];
    stable = `instagram.${code}`;
  } else {
    const n = Number(code);
    entry = n >= 200 && n <= 299 ? PERMISSION : e.isTransient ? TEMP : INSTAGRAM_LOCAL_ERRORS['unknown_code'];
    stable = n >= 200 && n <= 299 ? 'instagram.2xx_permission' : e.isTransient ? 'instagram.transient' : 'instagram.unknown_code';
  }
  const retryAfterMs = details.retryAfterMs ?? (sub ? DEFAULT_RETRY_AFTER[sub] : undefined) ?? DEFAULT_RETRY_AFTER[code];
  return buildError(stable, entry ?? TEMP, {
    ...details,
    vendorCode: code,
    ...(sub ? { vendorSubcode: sub } : {}),
    ...(e.message ? { vendorMessage: e.message } : {}),
    ...(e.fbtraceId ? { logId: e.fbtraceId } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

/** An ERROR container: `status` holds a subcode (e.g. "2207026") or prose; always invalid_content (issue 9). */
export function instagramContainerError(status: string | undefined): PublishError {
  const sub = /\b(\d{7})\b/.exec(status ?? '')?.[1];
  const entry = sub ? INSTAGRAM_SUBCODES[sub] : undefined;
  const base = entry ?? (INSTAGRAM_LOCAL_ERRORS['container_error'] as ErrorEntry);
  return buildError(
    sub ? `instagram.container.${sub}` : 'instagram.container_error',
    { ...base, class: 'invalid_content', retryable: false },
    { ...(status ? { vendorMessage: status } : {}), ...(sub ? { vendorSubcode: sub } : {}) },
  );
}

export function instagramLocalError(code: keyof typeof INSTAGRAM_LOCAL_ERRORS | keyof typeof TRANSPORT_ERRORS, details: ErrorDetails = {}): PublishError {
  const entry =
    INSTAGRAM_LOCAL_ERRORS[code] ?? (TRANSPORT_ERRORS as Record<string, ErrorEntry>)[code] ?? (INSTAGRAM_LOCAL_ERRORS['unknown_code'] as ErrorEntry);
  return buildError(`instagram.${code}`, entry, details);
}
