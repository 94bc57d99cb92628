/**
 * X's answers mapped once (docs/platform-apis.md §7, §10; issue #23). X answers errors in two
 * shapes, both handled here: RFC 7807 `application/problem+json` (`type, title, detail, status`,
 * keyed by the last segment of `type`, e.g. `usage-capped`) and the older `{code, message}` (or
 * `{errors: [{code, message}]}`), keyed by the numeric code. Stable codes: `x.<key>`.
 */
import type { PublishError } from '../contract.js';
import { buildError, TRANSPORT_ERRORS, type ErrorDetails, type ErrorEntry } from '../errors.js';

/** `application/problem+json`: the last segment of `type` (https://api.x.com/2/problems/<key>). */
export const X_PROBLEM_ERRORS: Record<string, ErrorEntry> = {
  'usage-capped': {
    class: 'quota_exhausted',
    retryable: true,
    en: 'This X app has used up its pay-per-use credits or monthly cap. It will be retried after the reset; top up the X developer account to post sooner.',
    fr: 'Cette app X a épuisé ses crédits à l’usage ou son plafond mensuel. Nouvel essai après la remise à zéro ; rechargez le compte développeur X pour publier plus tôt.',
  },
  'rate-limit-exceeded': {
    class: 'rate_limited',
    retryable: true,
    en: 'X’s rate limit for this account or app is reached. It will be retried when the window resets.',
    fr: 'La limite de débit de X pour ce compte ou cette app est atteinte. Nouvel essai à la fin de la fenêtre.',
  },
  'unsupported-authentication': {
    class: 'auth_expired',
    retryable: false,
    en: 'X refused the connection’s authentication. Reconnect the X account.',
    fr: 'X a refusé l’authentification de la connexion. Reconnectez le compte X.',
  },
  'not-authorized-for-resource': {
    class: 'auth_expired',
    retryable: false,
    en: 'The X account did not grant the permission this needs (posting or media upload). Reconnect it and accept every permission.',
    fr: 'Le compte X n’a pas accordé l’autorisation nécessaire (publication ou envoi de médias). Reconnectez-le en acceptant toutes les autorisations.',
  },
  'client-forbidden': {
    class: 'unknown',
    retryable: false,
    en: 'X refused this app (it is not attached to a project or lacks the access level). An administrator should check the X developer portal.',
    fr: 'X a refusé cette app (non rattachée à un projet ou niveau d’accès insuffisant). Un administrateur doit vérifier le portail développeur X.',
  },
  'invalid-request': {
    class: 'invalid_content',
    retryable: false,
    en: 'X refused the post as sent (text, media or options). Check the post and try again.',
    fr: 'X a refusé la publication telle qu’envoyée (texte, média ou options). Vérifiez la publication puis réessayez.',
  },
  'duplicate-content': {
    class: 'invalid_content',
    retryable: false,
    en: 'X refused the post as a duplicate of a recent post on this account. Change the text.',
    fr: 'X a refusé la publication comme doublon d’une publication récente de ce compte. Modifiez le texte.',
  },
  scope_missing: {
    class: 'auth_expired',
    retryable: false,
    en: 'The X account did not grant a permission this needs (tweet.write, media.write or users.read). Reconnect it and accept every permission.',
    fr: 'Le compte X n’a pas accordé une autorisation nécessaire (tweet.write, media.write ou users.read). Reconnectez-le en acceptant toutes les autorisations.',
  },
  forbidden: {
    class: 'invalid_content',
    retryable: false,
    en: 'X refused the post (for example too long, or not allowed for this account). Nothing was posted; check the post and try again.',
    fr: 'X a refusé la publication (par exemple trop longue, ou non autorisée pour ce compte). Rien n’a été publié ; vérifiez la publication puis réessayez.',
  },
  'resource-not-found': {
    class: 'unknown',
    retryable: false,
    en: 'X no longer knows this upload or post. A person should check the account before posting again.',
    fr: 'X ne connaît plus cet envoi ou cette publication. Une personne doit vérifier le compte avant de republier.',
  },
  'operational-disruption': {
    class: 'temporary',
    retryable: true,
    en: 'X reported an operational disruption. It will be retried automatically.',
    fr: 'X signale une perturbation de service. Nouvel essai automatique.',
  },
  'account-suspended': {
    class: 'account_restricted',
    retryable: false,
    en: 'X suspended or locked this account: it cannot post until X lifts it.',
    fr: 'X a suspendu ou verrouillé ce compte : il ne peut pas publier tant que X ne l’a pas levé.',
  },
};

/** `{code, message}`: X's numeric error codes. */
export const X_CODE_ERRORS: Record<string, ErrorEntry> = {
  '32': {
    class: 'auth_expired',
    retryable: false,
    en: 'X could not authenticate the connection. Reconnect the X account.',
    fr: 'X n’a pas pu authentifier la connexion. Reconnectez le compte X.',
  },
  '89': {
    class: 'auth_expired',
    retryable: false,
    en: 'The X connection has expired or was revoked. Reconnect the X account.',
    fr: 'La connexion X a expiré ou a été révoquée. Reconnectez le compte X.',
  },
  '88': {
    class: 'rate_limited',
    retryable: true,
    en: 'X’s rate limit is reached. It will be retried when the window resets.',
    fr: 'La limite de débit de X est atteinte. Nouvel essai à la fin de la fenêtre.',
  },
  '185': {
    class: 'rate_limited',
    retryable: true,
    en: 'This X account reached its daily posting limit. It will be retried after the reset.',
    fr: 'Ce compte X a atteint sa limite quotidienne de publications. Nouvel essai après la remise à zéro.',
  },
  '186': {
    class: 'invalid_content',
    retryable: false,
    en: 'X refused the text: it is longer than 280 weighted characters.',
    fr: 'X a refusé le texte : il dépasse 280 caractères pondérés.',
  },
  '187': {
    class: 'invalid_content',
    retryable: false,
    en: 'X refused the post as a duplicate of a recent post on this account. Change the text.',
    fr: 'X a refusé la publication comme doublon d’une publication récente de ce compte. Modifiez le texte.',
  },
  '324': {
    class: 'invalid_content',
    retryable: false,
    en: 'X refused the video attached to the post. Check it meets X’s video rules.',
    fr: 'X a refusé la vidéo jointe à la publication. Vérifiez qu’elle respecte les règles vidéo de X.',
  },
  '64': {
    class: 'account_restricted',
    retryable: false,
    en: 'X suspended this account: it cannot post until X lifts the suspension.',
    fr: 'X a suspendu ce compte : il ne peut pas publier tant que X n’a pas levé la suspension.',
  },
  '326': {
    class: 'account_restricted',
    retryable: false,
    en: 'X temporarily locked this account. Unlock it on x.com; the post waits until then.',
    fr: 'X a temporairement verrouillé ce compte. Déverrouillez-le sur x.com ; la publication attend jusque-là.',
  },
  '130': {
    class: 'temporary',
    retryable: true,
    en: 'X is over capacity. It will be retried automatically.',
    fr: 'X est surchargé. Nouvel essai automatique.',
  },
  '131': {
    class: 'temporary',
    retryable: true,
    en: 'X had an internal error. It will be retried automatically.',
    fr: 'X a rencontré une erreur interne. Nouvel essai automatique.',
  },
};

/** `processing_info.error` of a failed video (its `name`). */
export const X_PROCESSING_ERRORS: Record<string, ErrorEntry> = {
  InvalidMedia: {
    class: 'invalid_content',
    retryable: false,
    en: 'X could not process the video (format, length, frame rate or audio). Re-export it as MP4 (H.264, AAC, ≤ 60 fps, 0.5–140 s).',
    fr: 'X n’a pas pu traiter la vidéo (format, durée, images par seconde ou son). Réexportez-la en MP4 (H.264, AAC, ≤ 60 i/s, 0,5 à 140 s).',
  },
  failed: {
    class: 'invalid_content',
    retryable: false,
    en: 'X could not process the video. Check it plays and re-export it as MP4 (H.264/AAC).',
    fr: 'X n’a pas pu traiter la vidéo. Vérifiez qu’elle se lit et réexportez-la en MP4 (H.264/AAC).',
  },
};

/** Our own findings and X-host failures without a usable error body. */
export const X_LOCAL_ERRORS = {
  ...TRANSPORT_ERRORS,
  token_unavailable: {
    class: 'auth_expired',
    retryable: false,
    en: 'No usable X connection for this account. Reconnect the X account.',
    fr: 'Aucune connexion X utilisable pour ce compte. Reconnectez le compte X.',
  },
  post_undecidable: {
    class: 'unknown',
    retryable: false,
    en: 'X did not answer the post request and its recent posts could not show whether it went out. A person should check the account before posting again.',
    fr: 'X n’a pas répondu à la demande de publication et ses publications récentes n’ont pas permis de savoir si elle est partie. Une personne doit vérifier le compte avant de republier.',
  },
  too_many_uploads: {
    class: 'unknown',
    retryable: false,
    en: 'Too many X uploads were started for this post. A person should check the account before posting again.',
    fr: 'Trop d’envois X ont été commencés pour cette publication. Une personne doit vérifier le compte avant de republier.',
  },
  processing_stuck: {
    class: 'unknown',
    retryable: false,
    en: 'X has been processing the video for too long. A person should check the account before posting again.',
    fr: 'X traite la vidéo depuis trop longtemps. Une personne doit vérifier le compte avant de republier.',
  },
} as const satisfies Record<string, ErrorEntry>;

/** What an X error body says: its problem type key or its numeric code, and its words. */
export interface XErrorBody {
  /** The last segment of a problem's `type` (`invalid-request`, `usage-capped`…); absent for `about:blank`. */
  problem?: string;
  /** A problem's `reason` (`missing-scopes`). */
  reason?: string;
  /** The parameters an `invalid-request` names (`media_id`, `text`…). */
  parameters?: string[];
  code?: string;
  message?: string;
}

const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const asText = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** Reads either shape (and the `{errors: [...]}` wrapper of both). */
export function readXError(text: string): XErrorBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  const body = asRecord(parsed);
  const first = Array.isArray(body.errors) ? asRecord(body.errors[0]) : {};
  const type = asText(body.type) ?? asText(first.type);
  const code = asText(body.code) ?? asText(first.code);
  const message = asText(body.detail) ?? asText(body.title) ?? asText(body.message) ?? asText(first.detail) ?? asText(first.message) ?? asText(first.title);
  // `about:blank`: a plain HTTP error, no problem type of its own (the status says it).
  const problem = type && type !== 'about:blank' ? (type.split('/').filter(Boolean).pop() ?? type) : undefined;
  const reason = asText(body.reason);
  const parameters = (Array.isArray(body.errors) ? body.errors : []).flatMap((e) => Object.keys(asRecord(asRecord(e).parameters)));
  return {
    ...(problem ? { problem } : {}),
    ...(reason ? { reason } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(code ? { code } : {}),
    ...(message ? { message } : {}),
  };
}

/** An answer saying X does not know (or no longer knows) the media id: the upload starts again. */
export function isUnknownMedia(status: number, body: XErrorBody): boolean {
  return status === 404 || body.problem === 'resource-not-found' || (status === 400 && (body.parameters ?? []).some((p) => /media_id|media_ids|^id$/.test(p)));
}

/** An X answer with an error status, mapped: the problem type first, then the numeric code, then the HTTP status. */
export function xApiError(status: number, body: XErrorBody, details: ErrorDetails = {}): PublishError {
  const vendor = { httpStatus: status, ...(body.message ? { vendorMessage: body.message } : {}), ...details };
  if (body.reason === 'missing-scopes')
    return buildError('x.scope_missing', X_PROBLEM_ERRORS['scope_missing']!, { vendorCode: body.problem ?? 'client-forbidden', ...vendor });
  if (status === 403 && !body.problem && !body.code)
    return /duplicate/i.test(body.message ?? '')
      ? buildError('x.duplicate-content', X_PROBLEM_ERRORS['duplicate-content']!, { vendorCode: 'forbidden', ...vendor })
      : buildError('x.forbidden', X_PROBLEM_ERRORS['forbidden']!, { vendorCode: 'forbidden', ...vendor });
  if (body.problem && X_PROBLEM_ERRORS[body.problem])
    return buildError(`x.${body.problem}`, X_PROBLEM_ERRORS[body.problem]!, { vendorCode: body.problem, ...vendor });
  if (body.code && X_CODE_ERRORS[body.code]) return buildError(`x.${body.code}`, X_CODE_ERRORS[body.code]!, { vendorCode: body.code, ...vendor });
  const key = body.problem ?? body.code ?? `http_${status}`;
  if (status === 429) return buildError(`x.${key}`, X_PROBLEM_ERRORS['rate-limit-exceeded']!, { vendorCode: key, ...vendor });
  if (status === 401) return buildError(`x.${key}`, X_CODE_ERRORS['89']!, { vendorCode: key, ...vendor });
  if (status >= 500) return buildError(`x.${key}`, TRANSPORT_ERRORS.server_error, { vendorCode: key, ...vendor });
  if (status === 400 || status === 422) return buildError(`x.${key}`, X_PROBLEM_ERRORS['invalid-request']!, { vendorCode: key, ...vendor });
  return buildError(`x.${key}`, TRANSPORT_ERRORS.unexpected_status, { vendorCode: key, ...vendor });
}

export function xProcessingError(name: string | undefined, details: ErrorDetails = {}): PublishError {
  const key = name && X_PROCESSING_ERRORS[name] ? name : 'failed';
  return buildError(`x.processing_${key}`, X_PROCESSING_ERRORS[key]!, { ...(name ? { vendorCode: name } : {}), ...details });
}

export function xLocalError(code: keyof typeof X_LOCAL_ERRORS, details: ErrorDetails = {}): PublishError {
  return buildError(`x.${code}`, X_LOCAL_ERRORS[code], details);
}
