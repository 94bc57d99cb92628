import type { PublishError } from '@mwr/publishers';

import { errorOutcome } from './outcome.js';

const error = (cls: PublishError['class'], retryable = true) => ({ class: cls, retryable });

describe("a publisher error's outcome", () => {
  it('refreshes the token once on auth_expired, then treats it like any retryable error', () => {
    expect(errorOutcome(error('auth_expired'), false)).toBe('refresh_auth');
    expect(errorOutcome(error('auth_expired'), true)).toBe('retry');
    expect(errorOutcome(error('auth_expired', false), true)).toBe('fail');
  });

  it('sends an ambiguous (unknown) error to review instead of re-sending, even when marked retryable', () => {
    expect(errorOutcome(error('unknown', true), false)).toBe('needs_review');
    expect(errorOutcome(error('unknown', false), true)).toBe('needs_review');
  });

  it('stops on a refused account without retrying (it waits on a person), and marks it restricted', () => {
    expect(errorOutcome(error('account_restricted', true), false)).toBe('account_restricted');
  });

  it('waits on a person for a missing permission instead of refreshing or retrying: a fresh token does not add a scope', () => {
    expect(errorOutcome({ ...error('auth_expired'), code: 'tiktok.scope_not_authorized' }, false)).toBe('scope_missing');
    expect(errorOutcome({ ...error('auth_expired'), code: 'tiktok.access_token_invalid' }, false)).toBe('refresh_auth');
  });

  it('fails invalid content and any error the platform says not to retry', () => {
    expect(errorOutcome(error('invalid_content', true), false)).toBe('fail');
    expect(errorOutcome(error('temporary', false), false)).toBe('fail');
    expect(errorOutcome(error('rate_limited', false), false)).toBe('fail');
  });

  it('retries temporary and rate-limited errors', () => {
    expect(errorOutcome(error('temporary'), false)).toBe('retry');
    expect(errorOutcome(error('rate_limited'), false)).toBe('retry');
  });
});
