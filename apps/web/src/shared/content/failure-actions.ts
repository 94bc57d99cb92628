/**
 * What a person can do about a failed publication, from what the API stored on it: the error
 * class (auth_expired, invalid_content, … on the publication detail) and the stable error code
 * (`tiktok.access_token_invalid`, `tiktok.fail.file_format_check_failed`,
 * `instagram.container.2207026`, `instagram.190.463`, a quality-gate code such as
 * `frame_rate_out_of_range`…). The code is enough when the class is not loaded yet.
 */
export type FailureAction =
  /** The platform no longer accepts the account's sign-in: reconnect it, then retry. */
  | 'reconnect'
  /** The video itself is the problem (format, duration, size, frame rate…): change it. */
  | 'editVideo'
  /** The text or settings were refused (caption, mentions, visibility…): change the post. */
  | 'editPost'
  /** Try the same thing again (temporary problems, or after fixing the cause). */
  | 'retry';

export interface FailureFacts {
  errorClass?: string | null | undefined;
  errorCode?: string | null | undefined;
}

/** Codes (or their last segment) meaning the sign-in is gone or lacks a permission. */
const AUTH_CODES = new Set([
  'access_token_invalid',
  'scope_not_authorized',
  'scope_permission_missed',
  'token_not_authorized_for_specified_publish_id',
  'auth_removed',
  'reconnect_required',
  'invalid_grant',
  'access_denied',
  'token_revoked',
  'token_expired',
  'account_needs_reconnect',
  '2xx_permission',
]);

/** Instagram Graph codes of a dead session or a missing permission (`instagram.190`, `instagram.190.463`…). */
const INSTAGRAM_AUTH_PREFIXES = ['instagram.190', 'instagram.102', 'instagram.104'];
const INSTAGRAM_AUTH_CODES = new Set(['instagram.3', 'instagram.10']);

/** Problems of the video file: the platform or our quality gate refused the media. */
const MEDIA_CODES = new Set([
  // TikTok
  'invalid_file_upload',
  'file_format_check_failed',
  'duration_check_failed',
  'frame_rate_check_failed',
  'picture_size_check_failed',
  'duration_exceeds_creator_max',
  'file_too_large',
  // Instagram subcodes: format, media type, image size/format/ratio, processing, cover frame
  '2207026',
  '2207085',
  '2207023',
  '2207004',
  '2207005',
  '2207009',
  '2207057',
  '352',
  // Ours: no video attached, and the quality gate's blocking findings
  'no_video',
  'container_unsupported',
  'video_codec_unsupported',
  'audio_codec_unsupported',
  'audio_sample_rate_too_high',
  'audio_channels_unsupported',
  'frame_rate_out_of_range',
  'dimensions_out_of_range',
  'width_too_large',
  'aspect_ratio_out_of_range',
  'video_bitrate_too_high',
  'duration_too_short',
  'duration_too_long',
  'duration_over_creator_limit',
]);

/** Text and settings the platform refused: the post needs editing, not the video. */
const POST_CODES = new Set([
  'invalid_param',
  'invalid_params',
  'spam_risk_text',
  'privacy_level_option_mismatch',
  'privacy_not_allowed',
  'caption_too_long',
  'too_many_hashtags',
  '2207010',
  '2207040',
  '2207018',
  'instagram.100',
]);

function lastSegment(code: string): string {
  return code.slice(code.lastIndexOf('.') + 1);
}

export function isAuthFailure({ errorClass, errorCode }: FailureFacts): boolean {
  if (errorClass === 'auth_expired') return true;
  if (!errorCode) return false;
  if (AUTH_CODES.has(errorCode) || AUTH_CODES.has(lastSegment(errorCode))) return true;
  if (INSTAGRAM_AUTH_CODES.has(errorCode)) return true;
  return INSTAGRAM_AUTH_PREFIXES.some((prefix) => errorCode === prefix || errorCode.startsWith(`${prefix}.`));
}

export function isMediaFailure({ errorCode }: FailureFacts): boolean {
  if (!errorCode) return false;
  return MEDIA_CODES.has(errorCode) || MEDIA_CODES.has(lastSegment(errorCode));
}

function isPostFailure({ errorClass, errorCode }: FailureFacts): boolean {
  if (errorCode && (POST_CODES.has(errorCode) || POST_CODES.has(lastSegment(errorCode)))) return true;
  // Some other refusal of the content: editing the post is the way forward.
  return errorClass === 'invalid_content';
}

/**
 * The actions a failed lane offers, the most useful first. Retry is always there: after
 * reconnecting or editing, it sends the publication again.
 */
export function failureActions(facts: FailureFacts): FailureAction[] {
  if (isAuthFailure(facts)) return ['reconnect', 'retry'];
  if (isMediaFailure(facts)) return ['editVideo', 'retry'];
  if (isPostFailure(facts)) return ['editPost', 'retry'];
  return ['retry'];
}
