import type { ErrorClass, PublishError } from './contract.js';

/** One row of a platform's error table: class, whether a retry can help, and the SPA text. */
export interface ErrorEntry {
  class: ErrorClass;
  retryable: boolean;
  en: string;
  fr: string;
}

export interface ErrorDetails {
  httpStatus?: number;
  vendorCode?: string;
  vendorSubcode?: string;
  vendorMessage?: string;
  logId?: string;
  retryAfterMs?: number;
  ambiguous?: boolean;
}

export function buildError(stableCode: string, entry: ErrorEntry, details: ErrorDetails = {}): PublishError {
  const vendor: NonNullable<PublishError['vendor']> = {};
  if (details.httpStatus !== undefined) vendor.httpStatus = details.httpStatus;
  if (details.vendorCode !== undefined) vendor.code = details.vendorCode;
  if (details.vendorSubcode !== undefined) vendor.subcode = details.vendorSubcode;
  if (details.vendorMessage) vendor.message = details.vendorMessage;
  if (details.logId) vendor.logId = details.logId;
  return {
    class: entry.class,
    code: stableCode,
    message: details.vendorMessage ? `${entry.en} (${details.vendorMessage})` : entry.en,
    explanation: { en: entry.en, fr: entry.fr },
    ...(details.retryAfterMs !== undefined ? { retryAfterMs: details.retryAfterMs } : {}),
    ambiguous: details.ambiguous ?? false,
    retryable: entry.retryable,
    ...(Object.keys(vendor).length > 0 ? { vendor } : {}),
  };
}

/** Transport-level failures shared by every platform (no usable HTTP answer). */
export const TRANSPORT_ERRORS = {
  timeout: {
    class: 'temporary',
    retryable: true,
    en: 'The platform did not answer in time. The publication will be checked and retried.',
    fr: 'La plateforme n’a pas répondu à temps. La publication sera vérifiée puis relancée.',
  },
  network: {
    class: 'temporary',
    retryable: true,
    en: 'The connection to the platform was lost. The publication will be checked and retried.',
    fr: 'La connexion à la plateforme a été perdue. La publication sera vérifiée puis relancée.',
  },
  invalid_response: {
    class: 'temporary',
    retryable: true,
    en: 'The platform sent an unreadable or incomplete answer. The publication will be checked and retried.',
    fr: 'La plateforme a renvoyé une réponse illisible ou incomplète. La publication sera vérifiée puis relancée.',
  },
  server_error: {
    class: 'temporary',
    retryable: true,
    en: 'The platform had a temporary server error. It will be retried automatically.',
    fr: 'La plateforme a rencontré une erreur serveur temporaire. Nouvel essai automatique.',
  },
  rate_limited: {
    class: 'rate_limited',
    retryable: true,
    en: 'Too many requests were sent to the platform. It will be retried after the waiting time.',
    fr: 'Trop de requêtes ont été envoyées à la plateforme. Nouvel essai après le délai d’attente.',
  },
  media_missing: {
    class: 'unknown',
    retryable: false,
    en: 'The video file is not available to the uploader, or it changed since the publication started.',
    fr: 'Le fichier vidéo n’est pas disponible pour l’envoi, ou il a changé depuis le début de la publication.',
  },
  unexpected_status: {
    class: 'unknown',
    retryable: false,
    en: 'The platform answered in an unexpected way. A person should review this publication.',
    fr: 'La plateforme a répondu de façon inattendue. Une personne doit vérifier cette publication.',
  },
} as const satisfies Record<string, ErrorEntry>;

/** Sentences promising a retry ("It will be retried.", "Nouvel essai."): untrue once retries ran out. */
const RETRY_PROMISE = { en: /\bretried\b/i, fr: /\bnouvel essai\b/i } as const;

function withoutRetryPromise(text: string, promise: RegExp): string {
  return text
    .split(/(?<=\.)\s+/)
    .map((sentence) => {
      if (!promise.test(sentence)) return sentence;
      // "Check the link is public; it will be retried." keeps its advice.
      const advice = sentence.split(';')[0]!.trim();
      return promise.test(advice) ? '' : `${advice}.`;
    })
    .filter(Boolean)
    .join(' ');
}

/** What to tell the team when every automatic attempt failed: the reason, without the retry promise, and what to do. */
export function exhaustedExplanation(explanation: { en: string; fr: string }, attempts: number): { en: string; fr: string } {
  return {
    en: `${withoutRetryPromise(explanation.en, RETRY_PROMISE.en)} Gave up after ${attempts} attempts: use Retry once the problem is solved.`,
    fr: `${withoutRetryPromise(explanation.fr, RETRY_PROMISE.fr)} Abandon après ${attempts} tentatives : utilisez Réessayer une fois le problème réglé.`,
  };
}
