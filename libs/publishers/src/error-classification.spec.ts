/**
 * The review of every vendor code in both publishers' error maps against platform-apis.md (issue 18.3).
 * One row per code → class and whether a retry can help. `unknown` (a person must look: "needs
 * review") is only for answers after which the post may exist; every definite refusal has its class.
 * A code added to a map without a row here fails the "has a decision" test.
 */
import { ERROR_CLASSES, type ErrorClass } from './contract.js';
import type { ErrorEntry } from './errors.js';
import { INSTAGRAM_AUTH_SUBCODES, INSTAGRAM_CODES, INSTAGRAM_SUBCODES, instagramGraphError } from './instagram/errors.js';
import { TIKTOK_API_ERRORS, TIKTOK_FAIL_REASONS, tiktokApiError, tiktokFailReason } from './tiktok/errors.js';

type Row = readonly [code: string, cls: ErrorClass, retryable: boolean, why: string];

/** TikTok envelope `error.code`s: §1.1 generic, §1.2 creator_info, §1.3 init, §1.6 status, §1.7 cancel, §1.8 inbox/photo. */
const TIKTOK_API: Row[] = [
  ['access_token_invalid', 'auth_expired', false, '401: token dead, refresh or reconnect'],
  ['scope_not_authorized', 'auth_expired', false, '401: video.publish not granted, reconnect'],
  ['scope_permission_missed', 'auth_expired', false, '400: a permission is missing, reconnect'],
  ['invalid_param', 'invalid_content', false, '400: a field refused, nothing created'],
  ['invalid_params', 'invalid_content', false, '400 (generic spelling): a field refused'],
  ['invalid_file_upload', 'invalid_content', false, '400: the file refused'],
  ['invalid_publish_id', 'unknown', false, 'status of a publish_id TikTok no longer knows: the init took effect, the post may be live'],
  ['token_not_authorized_for_specified_publish_id', 'auth_expired', false, 'another connection started it'],
  ['publish_not_cancellable', 'unknown', false, 'the post is too far along: it may go live'],
  ['app_version_check_failed', 'invalid_content', false, 'MEDIA_UPLOAD needs a newer app: refused'],
  ['spam_risk_too_many_posts', 'quota_exhausted', true, "403 / creator_info 200: the creator's daily cap; retry after 24 h"],
  ['spam_risk_user_banned_from_posting', 'account_restricted', false, '403 / creator_info 200: the creator is banned; nothing sent'],
  ['reached_active_user_cap', 'quota_exhausted', true, "403: the client's daily active-user cap; retry after 24 h"],
  ['unaudited_client_can_only_post_to_private_accounts', 'invalid_content', false, '403 at init: refused, nothing created'],
  ['url_ownership_unverified', 'invalid_content', false, '403 at init: PULL_FROM_URL link not verified'],
  ['privacy_level_option_mismatch', 'invalid_content', false, '403 at init: privacy not offered'],
  ['spam_risk_too_many_pending_share', 'quota_exhausted', true, '403 inbox: too many drafts; retry after 24 h'],
  ['rate_limit_exceeded', 'rate_limited', true, '429'],
  ['internal_error', 'temporary', true, '5xx'],
];

/** status/fetch `fail_reason`s (§1.6): a FAILED publish never went live, so none is `unknown`. */
const TIKTOK_FAIL: Row[] = [
  ['file_format_check_failed', 'invalid_content', false, 'fix media'],
  ['duration_check_failed', 'invalid_content', false, 'fix media'],
  ['frame_rate_check_failed', 'invalid_content', false, 'fix media'],
  ['picture_size_check_failed', 'invalid_content', false, 'fix media'],
  ['internal', 'temporary', true, 'documented as retryable'],
  ['video_pull_failed', 'temporary', true, 'retry if the URL is sound'],
  ['photo_pull_failed', 'temporary', true, 'retry if the URL is sound'],
  ['publish_cancelled', 'invalid_content', false, 'cancelled before posting: definite, no retry'],
  ['auth_removed', 'auth_expired', false, 'creator revoked access mid-flight'],
  ['spam_risk_too_many_posts', 'quota_exhausted', true, 'daily cap'],
  ['spam_risk_user_banned_from_posting', 'account_restricted', false, 'creator banned'],
  ['spam_risk_text', 'invalid_content', false, 'caption refused'],
  ['spam_risk', 'invalid_content', false, 'post refused as spam risk; not posted, no retry'],
];

/** Instagram publishing subcodes (§3.8, all HTTP 400) and those Postiz observed. */
const IG_SUBCODES: Row[] = [
  ['2207003', 'temporary', true, 'download timed out: retry'],
  ['2207020', 'temporary', true, 'media expired: new container'],
  ['2207001', 'temporary', true, 'server error: retry'],
  ['2207032', 'temporary', true, 'container creation failed: retry'],
  ['2207053', 'temporary', true, 'unknown upload error: new container (nothing published)'],
  ['2207057', 'invalid_content', false, 'thumb offset'],
  ['2207051', 'account_restricted', false, 'activity restricted (suspected spam): no retry'],
  ['2207042', 'quota_exhausted', true, 'daily publishing limit: next day'],
  ['2207006', 'temporary', true, 'media not found: new container'],
  ['2207008', 'temporary', true, 'media builder expired: retry, then new container'],
  ['2207050', 'account_restricted', false, 'account restricted/checkpointed: the user must fix it in the app'],
  ['2207023', 'invalid_content', false, 'unknown media type'],
  ['2207028', 'invalid_content', false, 'carousel size'],
  ['2207035', 'invalid_content', false, 'product tags'],
  ['2207036', 'invalid_content', false, 'product tags'],
  ['2207037', 'invalid_content', false, 'product tags'],
  ['2207040', 'invalid_content', false, 'more than 20 @tags'],
  ['2207026', 'invalid_content', false, 'unsupported video format'],
  ['2207052', 'temporary', true, 'media could not be fetched: check URL, retry'],
  ['2207027', 'temporary', true, 'container not ready: poll then publish'],
  ['2207004', 'invalid_content', false, 'image too large'],
  ['2207005', 'invalid_content', false, 'image format'],
  ['2207009', 'invalid_content', false, 'aspect ratio'],
  ['2207010', 'invalid_content', false, 'caption too long'],
  ['2207081', 'invalid_content', false, 'trial reels unsupported (Postiz)'],
  ['2207082', 'unknown', false, 'meaning undocumented (Postiz) and seen at media_publish: the Reel may exist'],
  ['2207085', 'invalid_content', false, 'video could not be processed (Postiz)'],
  ['2207077', 'temporary', true, 'video download failed (Postiz)'],
  ['2207018', 'invalid_content', false, 'collaborator not taggable (Postiz)'],
];

/** Generic Graph codes (§3.8) and publishing codes met without a known subcode. */
const IG_CODES: Row[] = [
  ['1', 'temporary', true, 'unknown, possibly downtime: wait and retry'],
  ['2', 'temporary', true, 'service outage'],
  ['3', 'auth_expired', false, 'missing capability/permission'],
  ['4', 'rate_limited', true, 'app throttled'],
  ['9', 'quota_exhausted', true, 'publishing limit'],
  ['10', 'auth_expired', false, 'permission denied/removed'],
  ['17', 'rate_limited', true, 'user throttled'],
  ['24', 'temporary', true, 'media not found: new container'],
  ['25', 'account_restricted', false, 'account restricted'],
  ['32', 'rate_limited', true, 'page throttling'],
  ['100', 'invalid_content', false, 'invalid parameter'],
  ['102', 'auth_expired', false, 'session/token'],
  ['104', 'auth_expired', false, 'no access token'],
  ['190', 'auth_expired', false, 'token expired/invalid'],
  ['341', 'rate_limited', true, 'application limit'],
  ['352', 'invalid_content', false, 'video format'],
  ['368', 'rate_limited', true, 'temporarily blocked for policy: wait'],
  ['506', 'unknown', false, 'duplicate post: the post already exists, a person checks'],
  ['613', 'rate_limited', true, 'custom throttling'],
  ['80002', 'rate_limited', true, 'BUC rate limit'],
  ['9004', 'temporary', true, 'media fetch failed'],
  ['9007', 'temporary', true, 'container not ready'],
  ['36000', 'invalid_content', false, 'image too large'],
  ['36001', 'invalid_content', false, 'image format'],
  ['36003', 'invalid_content', false, 'aspect ratio'],
  ['36004', 'invalid_content', false, 'caption too long'],
  ['-1', 'temporary', true, 'server error'],
  ['-2', 'temporary', true, 'download timed out'],
];

/** Auth subcodes of 190/102 (§3.8). */
const IG_AUTH: Row[] = ['458', '459', '460', '463', '464', '467', '492'].map((sub) => [sub, 'auth_expired', false, 'reconnect'] as const);

const TABLES: [string, Record<string, ErrorEntry>, Row[]][] = [
  ['TikTok envelope codes', TIKTOK_API_ERRORS, TIKTOK_API],
  ['TikTok fail_reasons', TIKTOK_FAIL_REASONS, TIKTOK_FAIL],
  ['Instagram subcodes', INSTAGRAM_SUBCODES, IG_SUBCODES],
  ['Instagram codes', INSTAGRAM_CODES, IG_CODES],
  ['Instagram auth subcodes', INSTAGRAM_AUTH_SUBCODES, IG_AUTH],
];

describe('vendor error classification review (platform-apis.md §1, §3.8)', () => {
  it.each(TABLES)('%s: every code in the map has a decision here, and every decision a code', (_name, map, rows) => {
    expect(Object.keys(map).sort()).toEqual(rows.map(([code]) => code).sort());
  });

  it.each(TABLES.flatMap(([name, map, rows]) => rows.map(([code, cls, retryable, why]) => [name, code, cls, retryable, why, map] as const)))(
    '%s %s → %s (retryable %s): %s',
    (_name, code, cls, retryable, _why, map) => {
      expect(map[code]).toMatchObject({ class: cls, retryable });
      expect(ERROR_CLASSES).toContain(cls);
    },
  );

  it('maps the codes through the public functions with their class and the vendor code', () => {
    expect(tiktokApiError('spam_risk_user_banned_from_posting', { httpStatus: 200 })).toMatchObject({
      class: 'account_restricted',
      retryable: false,
      ambiguous: false,
      vendor: { code: 'spam_risk_user_banned_from_posting' },
    });
    expect(tiktokFailReason('spam_risk')).toMatchObject({ class: 'invalid_content', retryable: false });
    expect(instagramGraphError({ code: 25, subcode: 2207050 })).toMatchObject({ class: 'account_restricted', retryable: false });
    expect(instagramGraphError({ code: 4, subcode: 2207051 })).toMatchObject({ class: 'account_restricted', retryable: false });
  });

  it('keeps undocumented codes for a person (never silently retried nor classified)', () => {
    expect(tiktokApiError('some_new_code', { httpStatus: 400 })).toMatchObject({ class: 'unknown', code: 'tiktok.unknown_code' });
    expect(tiktokFailReason('some_new_reason')).toMatchObject({ class: 'unknown', code: 'tiktok.fail.unknown' });
  });

  it('classifies no documented refusal as unknown unless the post may exist', () => {
    const unknown = TABLES.flatMap(([, , rows]) => rows.filter(([, cls]) => cls === 'unknown').map(([code]) => code)).sort();
    expect(unknown).toEqual(['2207082', '506', 'invalid_publish_id', 'publish_not_cancellable'].sort());
  });
});
