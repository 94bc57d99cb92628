/**
 * Every TikTok code of platform-apis.md §1 mapped once: envelope `error.code`s (§1.1–1.8), status
 * `fail_reason`s (§1.6), upload-host HTTP statuses (§1.4) and our own local findings.
 */
import type { PublishError } from '../contract.js';
import { buildError, TRANSPORT_ERRORS, type ErrorDetails, type ErrorEntry } from '../errors.js';

const HOUR = 3_600_000;

/** Envelope error codes (HTTP status in comments). */
export const TIKTOK_API_ERRORS: Record<string, ErrorEntry> = {
  // 401
  access_token_invalid: {
    class: 'auth_expired',
    retryable: false,
    en: 'The TikTok connection has expired or was revoked. Reconnect the TikTok account.',
    fr: 'La connexion TikTok a expiré ou a été révoquée. Reconnectez le compte TikTok.',
  },
  scope_not_authorized: {
    class: 'auth_expired',
    retryable: false,
    en: 'The TikTok account did not grant the posting permission. Reconnect it and accept video publishing.',
    fr: 'Le compte TikTok n’a pas accordé l’autorisation de publier. Reconnectez-le en acceptant la publication de vidéos.',
  },
  scope_permission_missed: {
    class: 'auth_expired',
    retryable: false,
    en: 'A TikTok permission is missing for this action. Reconnect the account with all permissions.',
    fr: 'Une autorisation TikTok manque pour cette action. Reconnectez le compte avec toutes les autorisations.',
  },
  // 400
  invalid_param: {
    class: 'invalid_content',
    retryable: false,
    en: 'TikTok rejected a field of this post. Check the caption and post settings.',
    fr: 'TikTok a refusé un champ de cette publication. Vérifiez la légende et les réglages.',
  },
  invalid_params: {
    class: 'invalid_content',
    retryable: false,
    en: 'TikTok rejected a field of this post. Check the caption and post settings.',
    fr: 'TikTok a refusé un champ de cette publication. Vérifiez la légende et les réglages.',
  },
  invalid_file_upload: {
    class: 'invalid_content',
    retryable: false,
    en: 'TikTok rejected the uploaded file. Check the video format and size.',
    fr: 'TikTok a refusé le fichier envoyé. Vérifiez le format et la taille de la vidéo.',
  },
  invalid_publish_id: {
    class: 'unknown',
    retryable: false,
    en: 'TikTok no longer knows this publication. A person should check the account before posting again.',
    fr: 'TikTok ne connaît plus cette publication. Une personne doit vérifier le compte avant de republier.',
  },
  token_not_authorized_for_specified_publish_id: {
    class: 'auth_expired',
    retryable: false,
    en: 'This publication belongs to another TikTok connection. Reconnect the account that started it.',
    fr: 'Cette publication appartient à une autre connexion TikTok. Reconnectez le compte qui l’a lancée.',
  },
  publish_not_cancellable: {
    class: 'unknown',
    retryable: false,
    en: 'TikTok is too far along to cancel this publication.',
    fr: 'TikTok est trop avancé pour annuler cette publication.',
  },
  app_version_check_failed: {
    class: 'invalid_content',
    retryable: false,
    en: 'The creator must update the TikTok app to receive this post.',
    fr: 'Le créateur doit mettre à jour l’application TikTok pour recevoir cette publication.',
  },
  // 403
  spam_risk_too_many_posts: {
    class: 'quota_exhausted',
    retryable: true,
    en: 'This TikTok account reached its daily limit of posts made through apps. Try again tomorrow or post from the TikTok app.',
    fr: 'Ce compte TikTok a atteint sa limite quotidienne de publications via des applications. Réessayez demain ou publiez depuis l’application TikTok.',
  },
  spam_risk_user_banned_from_posting: {
    class: 'account_restricted',
    retryable: false,
    en: 'TikTok has banned this account from posting. The creator must resolve it with TikTok.',
    fr: 'TikTok a interdit à ce compte de publier. Le créateur doit régler la situation avec TikTok.',
  },
  reached_active_user_cap: {
    class: 'quota_exhausted',
    retryable: true,
    en: 'Our TikTok app reached its daily number of posting accounts. Try again tomorrow.',
    fr: 'Notre application TikTok a atteint son nombre quotidien de comptes publiants. Réessayez demain.',
  },
  unaudited_client_can_only_post_to_private_accounts: {
    class: 'invalid_content',
    retryable: false,
    en: 'Until TikTok audits our app, posts are only allowed to private accounts as "only me".',
    fr: 'Tant que TikTok n’a pas audité notre application, seules les publications « moi uniquement » vers des comptes privés sont permises.',
  },
  url_ownership_unverified: {
    class: 'invalid_content',
    retryable: false,
    en: 'The video link is not on a domain verified with TikTok. Upload the file instead, or verify the domain.',
    fr: 'Le lien de la vidéo n’est pas sur un domaine vérifié auprès de TikTok. Envoyez le fichier, ou faites vérifier le domaine.',
  },
  privacy_level_option_mismatch: {
    class: 'invalid_content',
    retryable: false,
    en: 'This visibility is not allowed for this TikTok account. Choose one the account offers.',
    fr: 'Cette visibilité n’est pas permise pour ce compte TikTok. Choisissez-en une proposée par le compte.',
  },
  spam_risk_too_many_pending_share: {
    class: 'quota_exhausted',
    retryable: true,
    en: 'Too many drafts are waiting in this creator’s TikTok inbox. Ask them to post or delete some.',
    fr: 'Trop de brouillons attendent dans la boîte TikTok du créateur. Demandez-lui d’en publier ou d’en supprimer.',
  },
  // 429 / 5xx
  rate_limit_exceeded: {
    class: 'rate_limited',
    retryable: true,
    en: 'TikTok asked us to slow down. It will be retried in a minute.',
    fr: 'TikTok nous demande de ralentir. Nouvel essai dans une minute.',
  },
  internal_error: {
    class: 'temporary',
    retryable: true,
    en: 'TikTok had a temporary error. It will be retried automatically.',
    fr: 'TikTok a rencontré une erreur temporaire. Nouvel essai automatique.',
  },
};

/** status/fetch `fail_reason` values (§1.6). */
export const TIKTOK_FAIL_REASONS: Record<string, ErrorEntry> = {
  file_format_check_failed: {
    class: 'invalid_content',
    retryable: false,
    en: 'TikTok could not read the video format. Export it as MP4 (H.264).',
    fr: 'TikTok n’a pas pu lire le format de la vidéo. Exportez-la en MP4 (H.264).',
  },
  duration_check_failed: {
    class: 'invalid_content',
    retryable: false,
    en: 'The video is too long or too short for this TikTok account. Trim it.',
    fr: 'La vidéo est trop longue ou trop courte pour ce compte TikTok. Raccourcissez-la.',
  },
  frame_rate_check_failed: {
    class: 'invalid_content',
    retryable: false,
    en: 'TikTok needs a frame rate between 23 and 60 FPS. Re-export the video.',
    fr: 'TikTok exige une cadence de 23 à 60 images/s. Réexportez la vidéo.',
  },
  picture_size_check_failed: {
    class: 'invalid_content',
    retryable: false,
    en: 'TikTok needs each side of the picture between 360 and 4096 pixels. Re-export the video.',
    fr: 'TikTok exige des côtés d’image entre 360 et 4096 pixels. Réexportez la vidéo.',
  },
  internal: {
    class: 'temporary',
    retryable: true,
    en: 'TikTok failed while processing the video. It will be uploaded again.',
    fr: 'TikTok a échoué pendant le traitement de la vidéo. Elle sera renvoyée.',
  },
  video_pull_failed: {
    class: 'temporary',
    retryable: true,
    en: 'TikTok could not download the video from its link. It will be retried; check the link stays reachable.',
    fr: 'TikTok n’a pas pu télécharger la vidéo depuis son lien. Nouvel essai ; vérifiez que le lien reste accessible.',
  },
  photo_pull_failed: {
    class: 'temporary',
    retryable: true,
    en: 'TikTok could not download the photos from their links. It will be retried.',
    fr: 'TikTok n’a pas pu télécharger les photos depuis leurs liens. Nouvel essai.',
  },
  // FAILED status: nothing went live. Only we cancel, so this is a definite end, not a doubt.
  publish_cancelled: {
    class: 'invalid_content',
    retryable: false,
    en: 'The publication was cancelled before TikTok posted it. Schedule it again to post it.',
    fr: 'La publication a été annulée avant que TikTok ne la poste. Programmez-la de nouveau pour la publier.',
  },
  auth_removed: {
    class: 'auth_expired',
    retryable: false,
    en: 'The creator revoked our access during the upload. Reconnect the TikTok account.',
    fr: 'Le créateur a retiré notre accès pendant l’envoi. Reconnectez le compte TikTok.',
  },
  spam_risk_too_many_posts: TIKTOK_API_ERRORS['spam_risk_too_many_posts'] as ErrorEntry,
  spam_risk_user_banned_from_posting: TIKTOK_API_ERRORS['spam_risk_user_banned_from_posting'] as ErrorEntry,
  spam_risk_text: {
    class: 'invalid_content',
    retryable: false,
    en: 'TikTok flagged the caption as spam. Rewrite it.',
    fr: 'TikTok a signalé la légende comme spam. Réécrivez-la.',
  },
  spam_risk: {
    class: 'invalid_content',
    retryable: false,
    en: 'TikTok refused this post as a spam risk; it was not posted. Change the caption or video before posting again.',
    fr: 'TikTok a refusé cette publication comme risque de spam ; elle n’a pas été publiée. Modifiez la légende ou la vidéo avant de republier.',
  },
};

/** Upload-host answers (§1.4) and local findings. */
export const TIKTOK_LOCAL_ERRORS: Record<string, ErrorEntry> = {
  upload_rejected: {
    class: 'unknown',
    retryable: false,
    en: 'TikTok rejected the upload request as malformed. A person should review this publication.',
    fr: 'TikTok a refusé la requête d’envoi comme mal formée. Une personne doit vérifier cette publication.',
  },
  upload_server_error: {
    class: 'temporary',
    retryable: true,
    en: 'TikTok’s upload server had a temporary error. The same part will be sent again.',
    fr: 'Le serveur d’envoi de TikTok a eu une erreur temporaire. La même partie sera renvoyée.',
  },
  privacy_not_allowed: TIKTOK_API_ERRORS['privacy_level_option_mismatch'] as ErrorEntry,
  duration_exceeds_creator_max: {
    class: 'invalid_content',
    retryable: false,
    en: 'The video is longer than this TikTok creator may post. Trim it.',
    fr: 'La vidéo dépasse la durée que ce créateur TikTok peut publier. Raccourcissez-la.',
  },
  no_public_url: {
    class: 'invalid_content',
    retryable: false,
    en: 'Posting from a link needs a public, verified video URL.',
    fr: 'Publier depuis un lien exige une URL de vidéo publique et vérifiée.',
  },
  file_too_large: {
    class: 'invalid_content',
    retryable: false,
    en: 'TikTok accepts videos up to 4 GB. Compress the video.',
    fr: 'TikTok accepte des vidéos jusqu’à 4 Go. Compressez la vidéo.',
  },
  pull_init_ambiguous: {
    class: 'unknown',
    retryable: false,
    en: 'TikTok may have started posting the video from its link, but the answer was lost. Check the TikTok account before posting again.',
    fr: 'TikTok a peut-être commencé à publier la vidéo depuis son lien, mais la réponse a été perdue. Vérifiez le compte TikTok avant de republier.',
  },
  processing_stuck: {
    class: 'temporary',
    retryable: true,
    en: 'TikTok is taking unusually long to process the video. It will keep being checked.',
    fr: 'TikTok met anormalement longtemps à traiter la vidéo. La vérification continue.',
  },
  unknown_code: {
    class: 'unknown',
    retryable: false,
    en: 'TikTok returned an error we do not know. A person should review this publication.',
    fr: 'TikTok a renvoyé une erreur inconnue. Une personne doit vérifier cette publication.',
  },
  unknown_fail_reason: {
    class: 'unknown',
    retryable: false,
    en: 'TikTok could not publish the video for an undocumented reason. A person should review it.',
    fr: 'TikTok n’a pas pu publier la vidéo pour une raison non documentée. Une personne doit vérifier.',
  },
};

const DEFAULT_RETRY_AFTER: Record<string, number> = {
  rate_limit_exceeded: 60_000,
  spam_risk_too_many_posts: 24 * HOUR,
  reached_active_user_cap: 24 * HOUR,
  spam_risk_too_many_pending_share: 24 * HOUR,
};

/** Maps an envelope error code (non-"ok") to our error. */
export function tiktokApiError(code: string, details: ErrorDetails = {}): PublishError {
  const entry = TIKTOK_API_ERRORS[code] ?? (details.httpStatus !== undefined && details.httpStatus >= 500 ? TIKTOK_API_ERRORS['internal_error'] : undefined);
  const retryAfterMs = details.retryAfterMs ?? DEFAULT_RETRY_AFTER[code];
  return buildError(entry ? `tiktok.${code}` : 'tiktok.unknown_code', entry ?? (TIKTOK_LOCAL_ERRORS['unknown_code'] as ErrorEntry), {
    ...details,
    vendorCode: code,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

export function tiktokFailReason(reason: string, details: ErrorDetails = {}): PublishError {
  const entry = TIKTOK_FAIL_REASONS[reason];
  const retryAfterMs = details.retryAfterMs ?? DEFAULT_RETRY_AFTER[reason];
  return buildError(entry ? `tiktok.fail.${reason}` : 'tiktok.fail.unknown', entry ?? (TIKTOK_LOCAL_ERRORS['unknown_fail_reason'] as ErrorEntry), {
    ...details,
    vendorCode: reason,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

export function tiktokLocalError(code: keyof typeof TIKTOK_LOCAL_ERRORS | keyof typeof TRANSPORT_ERRORS, details: ErrorDetails = {}): PublishError {
  const entry = TIKTOK_LOCAL_ERRORS[code] ?? (TRANSPORT_ERRORS as Record<string, ErrorEntry>)[code] ?? (TIKTOK_LOCAL_ERRORS['unknown_code'] as ErrorEntry);
  return buildError(`tiktok.${code}`, entry, details);
}
