/**
 * YouTube's answers mapped once (docs/youtube-contract.md "Errors", docs/platform-apis.md §6/§10):
 * the Data API's `errors[0].reason`, the processing outcome (`failureReason` / `rejectionReason`)
 * and our own local findings. Stable codes: `youtube.<reason>`.
 */
import type { PublishError } from '../contract.js';
import { buildError, TRANSPORT_ERRORS, type ErrorDetails, type ErrorEntry } from '../errors.js';

/** `errors[0].reason` of a Data API error answer. */
export const YOUTUBE_API_ERRORS: Record<string, ErrorEntry> = {
  authError: {
    class: 'auth_expired',
    retryable: false,
    en: 'The YouTube connection has expired or was revoked. Reconnect the YouTube channel.',
    fr: 'La connexion YouTube a expiré ou a été révoquée. Reconnectez la chaîne YouTube.',
  },
  insufficientPermissions: {
    class: 'auth_expired',
    retryable: false,
    en: 'The YouTube channel did not grant the upload or read permission. Reconnect it and accept every permission.',
    fr: 'La chaîne YouTube n’a pas accordé l’autorisation d’envoi ou de lecture. Reconnectez-la en acceptant toutes les autorisations.',
  },
  quotaExceeded: {
    class: 'rate_limited',
    retryable: true,
    en: 'This installation used up its YouTube API quota for today. It will be retried after midnight Pacific time, when the quota resets.',
    fr: 'Cette installation a épuisé son quota d’API YouTube du jour. Nouvel essai après minuit (heure du Pacifique), à la remise à zéro du quota.',
  },
  uploadLimitExceeded: {
    class: 'rate_limited',
    retryable: true,
    en: 'This YouTube channel reached its own daily upload limit. It will be retried after the reset.',
    fr: 'Cette chaîne YouTube a atteint sa propre limite quotidienne d’envois. Nouvel essai après la remise à zéro.',
  },
  invalidTitle: {
    class: 'invalid_content',
    retryable: false,
    en: 'YouTube refused the title: it must be 1–100 characters without < or >.',
    fr: 'YouTube a refusé le titre : 1 à 100 caractères, sans < ni >.',
  },
  invalidDescription: {
    class: 'invalid_content',
    retryable: false,
    en: 'YouTube refused the description: at most 5,000 bytes, without < or >.',
    fr: 'YouTube a refusé la description : 5 000 octets au plus, sans < ni >.',
  },
  invalidTags: {
    class: 'invalid_content',
    retryable: false,
    en: 'YouTube refused the tags: at most 500 characters in all.',
    fr: 'YouTube a refusé les tags : 500 caractères au plus en tout.',
  },
  invalidCategoryId: {
    class: 'invalid_content',
    retryable: false,
    en: 'YouTube refused the category. Choose another one.',
    fr: 'YouTube a refusé la catégorie. Choisissez-en une autre.',
  },
  invalidVideoMetadata: {
    class: 'invalid_content',
    retryable: false,
    en: 'YouTube refused the video settings. Check the visibility and the other options.',
    fr: 'YouTube a refusé les réglages de la vidéo. Vérifiez la visibilité et les autres options.',
  },
  invalidPublishAt: {
    class: 'invalid_content',
    retryable: false,
    en: 'YouTube refused the scheduled publication time.',
    fr: 'YouTube a refusé l’heure de publication programmée.',
  },
  mediaBodyRequired: {
    class: 'invalid_content',
    retryable: false,
    en: 'YouTube received no video bytes.',
    fr: 'YouTube n’a reçu aucun octet de la vidéo.',
  },
  required: {
    class: 'invalid_content',
    retryable: false,
    en: 'YouTube needs a field this post lacks (for example whether the video is made for kids).',
    fr: 'YouTube demande un champ absent de cette publication (par exemple si la vidéo est destinée aux enfants).',
  },
  badContent: {
    class: 'invalid_content',
    retryable: false,
    en: 'YouTube refused the file type. Upload a video file.',
    fr: 'YouTube a refusé le type de fichier. Envoyez un fichier vidéo.',
  },
  badRequest: {
    class: 'unknown',
    retryable: false,
    en: 'YouTube refused the upload request. A person should review this publication.',
    fr: 'YouTube a refusé la requête d’envoi. Une personne doit vérifier cette publication.',
  },
  notFound: {
    class: 'unknown',
    retryable: false,
    en: 'YouTube no longer knows this upload or video. A person should check the channel before posting again.',
    fr: 'YouTube ne connaît plus cet envoi ou cette vidéo. Une personne doit vérifier la chaîne avant de republier.',
  },
  backendError: {
    class: 'temporary',
    retryable: true,
    en: 'YouTube had a temporary server error. It will be retried automatically.',
    fr: 'YouTube a rencontré une erreur serveur temporaire. Nouvel essai automatique.',
  },
};

/** The processing outcome of `videos.list` (`status.failureReason` / `status.rejectionReason`). */
export const YOUTUBE_PROCESSING_ERRORS: Record<string, ErrorEntry> = {
  failed: {
    class: 'invalid_content',
    retryable: false,
    en: 'YouTube could not process the video file. Check it plays and re-export it as MP4 (H.264/AAC).',
    fr: 'YouTube n’a pas pu traiter le fichier vidéo. Vérifiez qu’il se lit et réexportez-le en MP4 (H.264/AAC).',
  },
  invalidFile: {
    class: 'invalid_content',
    retryable: false,
    en: 'YouTube says the file is not a video it can read. Re-export it as MP4 (H.264/AAC).',
    fr: 'YouTube indique que le fichier n’est pas une vidéo lisible. Réexportez-le en MP4 (H.264/AAC).',
  },
  rejected: {
    class: 'invalid_content',
    retryable: false,
    en: 'YouTube rejected the video after upload.',
    fr: 'YouTube a rejeté la vidéo après l’envoi.',
  },
  length: {
    class: 'invalid_content',
    retryable: false,
    en: 'YouTube rejected the video: it is longer than this channel may upload (15 minutes unless verified).',
    fr: 'YouTube a rejeté la vidéo : elle dépasse la durée autorisée pour cette chaîne (15 minutes sans vérification).',
  },
  inappropriate: {
    class: 'invalid_content',
    retryable: false,
    en: 'YouTube rejected the video as inappropriate content.',
    fr: 'YouTube a rejeté la vidéo pour contenu inapproprié.',
  },
  duplicate: {
    class: 'invalid_content',
    retryable: false,
    en: 'YouTube rejected the video as a duplicate of one already on the channel.',
    fr: 'YouTube a rejeté la vidéo comme doublon d’une vidéo déjà sur la chaîne.',
  },
  deleted: {
    class: 'unknown',
    retryable: false,
    en: 'The video was deleted on YouTube while it was being processed.',
    fr: 'La vidéo a été supprimée sur YouTube pendant son traitement.',
  },
};

/** Our own findings and YouTube-host HTTP failures without a Google error body. */
export const YOUTUBE_LOCAL_ERRORS = {
  ...TRANSPORT_ERRORS,
  processing_stuck: {
    class: 'unknown',
    retryable: false,
    en: 'YouTube has been processing the video for too long. A person should check the channel before posting again.',
    fr: 'YouTube traite la vidéo depuis trop longtemps. Une personne doit vérifier la chaîne avant de republier.',
  },
  session_lost_after_upload: {
    class: 'unknown',
    retryable: false,
    en: 'YouTube forgot the upload after the video was created. A person should check the channel before posting again.',
    fr: 'YouTube a oublié l’envoi après la création de la vidéo. Une personne doit vérifier la chaîne avant de republier.',
  },
  too_many_sessions: {
    class: 'unknown',
    retryable: false,
    en: 'Too many YouTube upload sessions were started for this post. A person should check the channel before posting again.',
    fr: 'Trop de sessions d’envoi YouTube ont été ouvertes pour cette publication. Une personne doit vérifier la chaîne avant de republier.',
  },
  token_unavailable: {
    class: 'auth_expired',
    retryable: false,
    en: 'No usable YouTube connection for this channel. Reconnect the YouTube channel.',
    fr: 'Aucune connexion YouTube utilisable pour cette chaîne. Reconnectez la chaîne YouTube.',
  },
} as const satisfies Record<string, ErrorEntry>;

/** The reasons that are rate limits: retried at the quota's reset (next midnight Pacific). */
export const YOUTUBE_RATE_LIMIT_REASONS: ReadonlySet<string> = new Set(['quotaExceeded', 'uploadLimitExceeded', 'rateLimitExceeded', 'userRateLimitExceeded']);

export function youtubeApiError(reason: string, details: ErrorDetails = {}): PublishError {
  const entry = YOUTUBE_API_ERRORS[reason];
  if (entry) return buildError(`youtube.${reason}`, entry, { vendorCode: reason, ...details });
  const status = details.httpStatus ?? 0;
  if (status === 401) return buildError(`youtube.${reason || 'authError'}`, YOUTUBE_API_ERRORS['authError']!, { vendorCode: reason, ...details });
  if (status >= 500 || status === 429)
    return buildError(`youtube.${reason || `http_${status}`}`, status === 429 ? TRANSPORT_ERRORS.rate_limited : TRANSPORT_ERRORS.server_error, {
      vendorCode: reason,
      ...details,
    });
  return buildError(`youtube.${reason || `http_${status}`}`, TRANSPORT_ERRORS.unexpected_status, { vendorCode: reason, ...details });
}

export function youtubeProcessingError(reason: string | undefined, fallback: 'failed' | 'rejected' | 'deleted', details: ErrorDetails = {}): PublishError {
  const key = reason && YOUTUBE_PROCESSING_ERRORS[reason] ? reason : fallback;
  return buildError(`youtube.${key}`, YOUTUBE_PROCESSING_ERRORS[key]!, { ...(reason ? { vendorCode: reason } : {}), ...details });
}

export function youtubeLocalError(code: keyof typeof YOUTUBE_LOCAL_ERRORS, details: ErrorDetails = {}): PublishError {
  return buildError(`youtube.${code}`, YOUTUBE_LOCAL_ERRORS[code], details);
}
