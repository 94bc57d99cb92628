import type { AppConfig } from '../../config/index.js';
import { ReconnectRequired, RefreshUnavailable } from '../../tokens/tokens.errors.js';
import type { PublicationContext } from '../publishing.repository.js';
import { accountGate, GO, limitWaitMessage, mediaGate, publicationGate, slotGate, stepLimits, tokenGate, waitingOnMessage } from './gates.js';

const ctx = (patch: Partial<PublicationContext>): PublicationContext =>
  ({ publicationStatus: 'pending', accountStatus: 'active', assetId: 'asset-1', ...patch }) as PublicationContext;
const config = (publishQuota: number): Pick<AppConfig, 'platforms'> => ({ platforms: { tiktok: {}, instagram: { publishQuota } } });

describe('job gates', () => {
  it('cancels a cancelled publication and lets any other status go', () => {
    expect(publicationGate(ctx({ publicationStatus: 'cancelled' }))).toEqual({ kind: 'cancel', message: 'The publication no longer exists or was cancelled' });
    expect(publicationGate(ctx({ publicationStatus: 'pending' }))).toEqual(GO);
    expect(publicationGate(ctx({ publicationStatus: 'uploading' }))).toEqual(GO);
  });

  it('runs an active or restricted account and makes a disconnected or signed-out one wait on a person, with no timer', () => {
    expect(accountGate({ accountStatus: 'active' })).toEqual(GO);
    // The platform's own account check decides for a restricted account.
    expect(accountGate({ accountStatus: 'restricted' })).toEqual(GO);
    expect(accountGate({ accountStatus: 'needs_reconnect' })).toEqual({ kind: 'wait_person', code: 'account_needs_reconnect', detail: 'needs_reconnect' });
    expect(accountGate({ accountStatus: 'disabled' })).toEqual({ kind: 'wait_person', code: 'account_disconnected', detail: 'disabled' });
  });

  it('names the account and its platform in what a person must do (no placeholder left)', () => {
    expect(waitingOnMessage('account_disconnected', 'brand.fr', 'tiktok')).toBe('@brand.fr (TikTok) was disconnected: reconnect it and this post goes out');
    expect(waitingOnMessage('account_needs_reconnect', 'brand', 'instagram')).toBe('@brand (Instagram) must be reconnected before this can post');
    expect(waitingOnMessage('account_restricted', 'b', 'tiktok')).toContain('restricted by the platform');
    expect(waitingOnMessage('scope_missing', 'b', 'tiktok')).toContain('missing a permission');
  });

  it('fails a first run without a video as invalid content, never retried', () => {
    expect(mediaGate({ assetId: 'asset-1' })).toEqual(GO);
    expect(mediaGate({ assetId: null })).toEqual({
      kind: 'fail',
      error: expect.objectContaining({ class: 'invalid_content', code: 'no_video', retryable: false, ambiguous: false }),
    });
  });

  it('waits as long as the rate limiter says when it has no slot', () => {
    expect(slotGate({ ok: true }, 'rate_limited', 'm')).toEqual(GO);
    expect(slotGate({ ok: false, retryInMs: 1234 }, 'throttled', 'Global start rate reached')).toEqual({
      kind: 'wait',
      delayMs: 1234,
      reason: 'throttled',
      message: 'Global start rate reached',
    });
  });

  it("spends only the limits of the step about to run, with the operator's Instagram quota", () => {
    expect(stepLimits('tiktok', 'init', config(50)).map((l) => l.key)).toEqual(['tiktok:init']);
    expect(stepLimits('tiktok', 'upload', config(50))).toEqual([]);
    expect(stepLimits('instagram', 'publish', config(7))).toEqual([expect.objectContaining({ key: 'instagram:publish', limit: 7 })]);
    expect(stepLimits('instagram', 'create_container', config(7))).toEqual([]);
  });

  it("says which limit it waits for: the registry's message, else the platform, step and rate", () => {
    const [tiktokInit] = stepLimits('tiktok', 'init', config(50));
    const [igPublish] = stepLimits('instagram', 'publish', config(50));
    expect(limitWaitMessage(tiktokInit!, 'tiktok', 'init')).toBe('Waiting for the tiktok init limit (6/60s)');
    expect(limitWaitMessage(igPublish!, 'instagram', 'publish')).toBe('Instagram publishing quota for the last 24 h is used up');
  });

  it('waits on a person when the token is gone, retries when a refresh failed for now, and lets any other error through', () => {
    expect(tokenGate(new ReconnectRequired('acc-1', 'invalid_grant'))).toEqual({
      kind: 'wait_person',
      code: 'account_needs_reconnect',
      detail: 'invalid_grant',
    });
    expect(tokenGate(new RefreshUnavailable('acc-1', 'HTTP 503'))).toEqual({
      kind: 'retry',
      error: expect.objectContaining({ class: 'temporary', code: 'token_refresh_unavailable', message: 'HTTP 503', retryable: true, ambiguous: false }),
    });
    expect(tokenGate(new Error('boom'))).toBeUndefined();
  });
});
