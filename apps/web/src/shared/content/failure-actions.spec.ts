import { describe, expect, it } from 'vitest';

import { failureActions, isAuthFailure, isMediaFailure } from './failure-actions';

describe('failure actions', () => {
  it.each([
    [{ errorClass: 'auth_expired', errorCode: 'tiktok.access_token_invalid' }],
    [{ errorCode: 'tiktok.access_token_invalid' }],
    [{ errorCode: 'tiktok.scope_not_authorized' }],
    [{ errorCode: 'tiktok.fail.auth_removed' }],
    [{ errorCode: 'instagram.190' }],
    [{ errorCode: 'instagram.190.463' }],
    [{ errorCode: 'instagram.2xx_permission' }],
    [{ errorCode: 'reconnect_required' }],
  ])('offers Reconnect account, then Retry, when the sign-in is gone: %o', (facts) => {
    expect(failureActions(facts)).toEqual(['reconnect', 'retry']);
  });

  it.each([
    'tiktok.fail.file_format_check_failed',
    'tiktok.fail.duration_check_failed',
    'tiktok.fail.frame_rate_check_failed',
    'tiktok.file_too_large',
    'tiktok.duration_exceeds_creator_max',
    'instagram.container.2207026',
    'instagram.2207026',
    'instagram.352',
    'no_video',
    'frame_rate_out_of_range',
    'duration_too_long',
  ])('offers Edit video when the platform or the quality gate refused the video: %s', (errorCode) => {
    expect(failureActions({ errorClass: 'invalid_content', errorCode })).toEqual(['editVideo', 'retry']);
  });

  it('offers Edit post for refused text or settings, and for any other refused content', () => {
    expect(failureActions({ errorClass: 'invalid_content', errorCode: 'tiktok.fail.spam_risk_text' })).toEqual(['editPost', 'retry']);
    expect(failureActions({ errorCode: 'instagram.2207010' })).toEqual(['editPost', 'retry']);
    expect(failureActions({ errorClass: 'invalid_content', errorCode: 'tiktok.unaudited_client_can_only_post_to_private_accounts' })).toEqual([
      'editPost',
      'retry',
    ]);
  });

  it('offers only Retry for temporary, unknown or missing reasons', () => {
    expect(failureActions({ errorClass: 'temporary', errorCode: 'tiktok.internal_error' })).toEqual(['retry']);
    expect(failureActions({ errorClass: 'unknown', errorCode: 'tiktok.unknown_code' })).toEqual(['retry']);
    expect(failureActions({ errorClass: null, errorCode: null })).toEqual(['retry']);
    expect(failureActions({})).toEqual(['retry']);
  });

  it('does not mistake an Instagram code that merely starts like an auth code', () => {
    expect(isAuthFailure({ errorCode: 'instagram.1900' })).toBe(false);
    expect(isAuthFailure({ errorCode: 'instagram.368' })).toBe(false);
    expect(isMediaFailure({ errorCode: 'instagram.2207010' })).toBe(false);
  });
});
