/**
 * Instagram Reels (platform-apis.md §3): content_publishing_limit → REELS container with video_url
 * → status_code polling → media_publish → permalink. The container is single-use, which is what
 * makes resume safe: a container already PUBLISHED means done, and media_publish is only ever sent
 * right after reading the container as FINISHED.
 */
import type { z } from 'zod';

import { checkCaption } from '@mwr/domain';

import {
  CHECKPOINT_VERSION,
  systemClock,
  type AccountCapabilities,
  type CancelResult,
  type Checkpoint,
  type Clock,
  type Finding,
  type MediaDescriptor,
  type Publisher,
  type PublishError,
  type PublishInput,
  type StepContext,
  type StepResult,
  type TokenProvider,
} from '../contract.js';
import { parseJson, retryAfterFromBusinessUseCase, retryAfterFromHeader, send, usageFromHeaders } from '../http.js';
import type { LinkLookup, LinkRef } from '../links.js';
import { instagramContainerError, instagramGraphError, instagramLocalError } from './errors.js';
import type { InstagramPostOptions } from './options.js';
import { containerStatusSchema, graphErrorSchema, idSchema, mediaSchema, publishingLimitSchema } from './schemas.js';

export const INSTAGRAM_STEPS = ['quota', 'create_container', 'poll', 'publish', 'verify_publish', 'permalink'] as const;
export type InstagramStep = (typeof INSTAGRAM_STEPS)[number];

export interface InstagramCheckpoint extends Checkpoint {
  platform: 'instagram';
  step: InstagramStep;
  caption: string;
  media: MediaDescriptor;
  options: InstagramPostOptions;
  containerId?: string;
  containerCreatedAt?: number;
  /** Container creations sent (bounded). */
  containers: number;
  abandonedContainerIds: string[];
  polls: number;
  mediaId?: string;
}

/** media.publicUrl: the signed link Meta downloads the Reel from; options.coverUrl may be one too. */
export const INSTAGRAM_CHECKPOINT_SECRETS = ['media.publicUrl', 'options.coverUrl'] as const;

export interface InstagramPublisherConfig {
  tokenProvider: TokenProvider;
  /** Instagram Login flavour host (graph.instagram.com). */
  instagramGraphBaseUrl?: string;
  /** Facebook Login flavour host (graph.facebook.com). */
  facebookGraphBaseUrl?: string;
  /** Which host to use; default 'instagram' when instagramGraphBaseUrl is given. */
  flavour?: 'instagram' | 'facebook';
  /** e.g. 'v26.0' (§3.2); keep configurable. */
  graphApiVersion: string;
  clock?: Clock;
  requestTimeoutMs?: number;
  /** Container creation makes Meta fetch the first bytes of video_url: allow longer. Default 120 s. */
  createTimeoutMs?: number;
  pollMinMs?: number;
  pollMaxMs?: number;
  /** Give up on a container still IN_PROGRESS after this long (Meta suggests 5 min). Default 15 min. */
  maxProcessingMs?: number;
  maxContainers?: number;
}

const REEL_MIMES = ['video/mp4', 'video/quicktime'];
const INSTAGRAM_MEDIA_ID_LOST =
  "The Reel is live (its container reads PUBLISHED) but Instagram's answer with its media id was lost, and no documented call gives it: an admin can add the link with Resolve.";
/** §3.9 CONFLICT 1 GB vs 300 MB: cap client-side at 300 MB. */
export const INSTAGRAM_MAX_REEL_BYTES = 300 * 1024 * 1024;

type GraphOutcome<T> = { ok: true; data: T; text: string } | { ok: false; error: PublishError; noAnswer: boolean; graphCode?: number; graphSubcode?: number };

export class InstagramPublisher implements Publisher<InstagramCheckpoint, InstagramPostOptions> {
  readonly checkpointSecrets: readonly string[] = INSTAGRAM_CHECKPOINT_SECRETS;
  readonly platform = 'instagram' as const;
  private readonly clock: Clock;
  private readonly base: string;
  private readonly requestTimeoutMs: number;
  private readonly createTimeoutMs: number;
  private readonly pollMinMs: number;
  private readonly pollMaxMs: number;
  private readonly maxProcessingMs: number;
  private readonly maxContainers: number;

  constructor(private readonly config: InstagramPublisherConfig) {
    this.clock = config.clock ?? systemClock;
    const flavour = config.flavour ?? (config.instagramGraphBaseUrl ? 'instagram' : 'facebook');
    const host = flavour === 'instagram' ? config.instagramGraphBaseUrl : config.facebookGraphBaseUrl;
    if (!host) throw new TypeError(`InstagramPublisher: no base URL for the ${flavour} flavour`);
    this.base = `${host.replace(/\/+$/, '')}/${config.graphApiVersion}`;
    this.requestTimeoutMs = config.requestTimeoutMs ?? 30_000;
    this.createTimeoutMs = config.createTimeoutMs ?? 120_000;
    this.pollMinMs = config.pollMinMs ?? 5_000;
    this.pollMaxMs = Math.max(this.pollMinMs, config.pollMaxMs ?? 60_000);
    this.maxProcessingMs = config.maxProcessingMs ?? 15 * 60_000;
    this.maxContainers = config.maxContainers ?? 3;
  }

  validate(input: PublishInput<InstagramPostOptions>, capabilities: AccountCapabilities = {}): Finding[] {
    const findings: Finding[] = checkCaption('instagram', input.caption).map((f) => ({
      severity: 'error',
      code: f.code,
      message: f.message,
      field: 'caption',
    }));
    const o = isInstagramOptions(input.options) ? input.options : undefined;
    const m = input.media;
    if (!o) findings.push({ severity: 'error', code: 'missing_instagram_options', message: 'Instagram needs the target account.', field: 'options.igUserId' });
    if (!m.publicUrl)
      findings.push({
        severity: 'error',
        code: 'no_public_url',
        message: 'Instagram downloads the Reel from a public URL; none is available.',
        field: 'media.publicUrl',
      });
    if (!REEL_MIMES.includes(m.mime))
      findings.push({ severity: 'error', code: 'unsupported_container', message: `Instagram Reels must be MP4 or MOV, not ${m.mime}.`, field: 'media.mime' });
    if (m.size > INSTAGRAM_MAX_REEL_BYTES)
      findings.push({ severity: 'error', code: 'file_too_large', message: 'Instagram Reels are capped at 300 MB here.', field: 'media.size' });
    if (m.durationSec !== undefined && (m.durationSec < 3 || m.durationSec > 900)) {
      findings.push({ severity: 'error', code: 'duration_out_of_range', message: 'Instagram Reels last between 3 s and 15 min.', field: 'media.durationSec' });
    }
    if (m.width !== undefined && m.width > 1920)
      findings.push({ severity: 'warning', code: 'width_over_1920', message: 'Instagram recommends at most 1920 px wide.', field: 'media.width' });
    if (o?.thumbOffsetMs !== undefined && (o.thumbOffsetMs < 0 || (m.durationSec !== undefined && o.thumbOffsetMs >= m.durationSec * 1000))) {
      findings.push({
        severity: 'error',
        code: 'thumb_offset_out_of_range',
        message: 'The cover frame time must be within the video.',
        field: 'options.thumbOffsetMs',
      });
    }
    if (o?.collaborators) {
      if (o.collaborators.length > 3)
        findings.push({ severity: 'error', code: 'too_many_collaborators', message: 'At most 3 collaborators.', field: 'options.collaborators' });
      if (o.collaborators.some((c) => c.startsWith('@')))
        findings.push({ severity: 'error', code: 'collaborator_with_at', message: 'Collaborator usernames go without "@".', field: 'options.collaborators' });
    }
    if (capabilities.publishQuotaRemaining !== undefined && capabilities.publishQuotaRemaining <= 0) {
      findings.push({ severity: 'error', code: 'quota_exhausted', message: 'The account has no publishing quota left in the last 24 h.' });
    }
    return findings;
  }

  start(input: PublishInput<InstagramPostOptions>): InstagramCheckpoint {
    if (!isInstagramOptions(input.options)) throw new TypeError('Instagram publisher needs Instagram options (the IG user id)');
    if (!input.media.publicUrl) throw new TypeError('Instagram Reels need media.publicUrl');
    return {
      v: CHECKPOINT_VERSION,
      platform: 'instagram',
      step: 'quota',
      caption: input.caption,
      media: { ...input.media },
      options: { ...input.options },
      containers: 0,
      abandonedContainerIds: [],
      polls: 0,
    };
  }

  parseCheckpoint(json: unknown): InstagramCheckpoint {
    const c = json as Partial<InstagramCheckpoint> | null;
    if (!c || typeof c !== 'object' || c.v !== CHECKPOINT_VERSION || c.platform !== 'instagram' || !INSTAGRAM_STEPS.includes(c.step as InstagramStep)) {
      throw new TypeError('not a version-1 Instagram checkpoint');
    }
    if (typeof c.caption !== 'string' || !c.media || !c.options || typeof c.options.igUserId !== 'string' || typeof c.containers !== 'number') {
      throw new TypeError('Instagram checkpoint is missing fields');
    }
    return c as InstagramCheckpoint;
  }

  async step(cp: InstagramCheckpoint, ctx: StepContext = {}): Promise<StepResult<InstagramCheckpoint>> {
    switch (cp.step) {
      case 'quota':
        return this.quota(cp, ctx);
      case 'create_container':
        return this.createContainer(cp, ctx);
      case 'poll':
        return this.poll(cp, ctx);
      case 'publish':
        return this.publish(cp, ctx);
      case 'verify_publish':
        return this.verifyPublish(cp, ctx);
      case 'permalink':
        return this.permalink(cp, ctx);
    }
  }

  /** Instagram has no cancel: an unpublished container simply expires after 24 h. */
  async cancel(cp: InstagramCheckpoint): Promise<CancelResult> {
    if (cp.step === 'permalink' || cp.step === 'verify_publish')
      return { cancelled: false, error: instagramLocalError('unknown_code', { vendorMessage: 'already published or being published' }) };
    return { cancelled: true };
  }

  // ---- steps ---------------------------------------------------------------------------------

  private async quota(cp: InstagramCheckpoint, ctx: StepContext): Promise<StepResult<InstagramCheckpoint>> {
    const res = await this.graph('GET', `/${cp.options.igUserId}/content_publishing_limit`, { fields: 'quota_usage,config' }, publishingLimitSchema, ctx);
    if (!res.ok) return { error: res.error };
    const row = res.data.data[0];
    const total = row?.config?.quota_total;
    if (row?.quota_usage !== undefined && total !== undefined && row.quota_usage >= total) {
      return { error: instagramGraphError({ code: 9, subcode: 2207042, message: `quota_usage ${row.quota_usage} of ${total}` }, { retryAfterMs: 3_600_000 }) };
    }
    return { next: { ...cp, step: 'create_container' } };
  }

  private async createContainer(cp: InstagramCheckpoint, ctx: StepContext): Promise<StepResult<InstagramCheckpoint>> {
    if (cp.containers >= this.maxContainers) return { error: instagramLocalError('too_many_containers') };
    const o = cp.options;
    const params: Record<string, string> = {
      media_type: 'REELS',
      video_url: cp.media.publicUrl ?? '',
      caption: cp.caption,
      share_to_feed: String(o.shareToFeed ?? true),
    };
    if (o.thumbOffsetMs !== undefined) params['thumb_offset'] = String(o.thumbOffsetMs);
    if (o.coverUrl) params['cover_url'] = o.coverUrl;
    if (o.collaborators?.length) params['collaborators'] = JSON.stringify(o.collaborators.map((c) => c.replace(/^@/, '')));
    if (o.audioName) params['audio_name'] = o.audioName;
    if (o.locationId) params['location_id'] = o.locationId;
    if (o.trialGraduation) params['trial_params'] = JSON.stringify({ graduation_strategy: o.trialGraduation });
    const createdAt = this.clock.now();
    const res = await this.graph('POST', `/${o.igUserId}/media`, params, idSchema, ctx, this.createTimeoutMs);
    const containers = cp.containers + 1;
    if (!res.ok) {
      // A lost container-creation answer is safe to repeat: a container publishes nothing by itself
      // and an orphan expires after 24 h (it only counts toward the 400/24 h container cap).
      return { error: res.error, next: { ...cp, containers } };
    }
    const next: InstagramCheckpoint = { ...cp, step: 'poll', containers, containerId: res.data.id, containerCreatedAt: createdAt, polls: 0 };
    if (cp.containerId) next.abandonedContainerIds = [...cp.abandonedContainerIds, cp.containerId];
    return { next };
  }

  private recreate(cp: InstagramCheckpoint): InstagramCheckpoint {
    const next: InstagramCheckpoint = {
      ...cp,
      step: 'create_container',
      polls: 0,
      abandonedContainerIds: cp.containerId ? [...cp.abandonedContainerIds, cp.containerId] : cp.abandonedContainerIds,
    };
    delete next.containerId;
    delete next.containerCreatedAt;
    return next;
  }

  private async poll(cp: InstagramCheckpoint, ctx: StepContext): Promise<StepResult<InstagramCheckpoint>> {
    if (!cp.containerId) return { next: this.recreate(cp) };
    const res = await this.containerStatus(cp.containerId, ctx);
    if (!res.ok) return { error: res.error };
    const { status_code: code, status } = res.data;
    switch (code) {
      case 'FINISHED':
        return { next: { ...cp, step: 'publish' } };
      case 'PUBLISHED':
        return { next: { ...cp, step: 'permalink' } };
      case 'ERROR':
        return { error: instagramContainerError(status) };
      case 'EXPIRED':
        // EXPIRED means "not published within 24 h": never published, so a new container is safe.
        return { next: this.recreate(cp) };
      default: {
        if (cp.containerCreatedAt !== undefined && this.clock.now() - cp.containerCreatedAt > this.maxProcessingMs) {
          // Never publish a stuck container later: abandon it (it was not published) and start over.
          return { error: instagramLocalError('processing_stuck'), next: this.recreate(cp) };
        }
        const wait = Math.min(this.pollMaxMs, this.pollMinMs * 2 ** Math.min(cp.polls, 10));
        return { wait, next: { ...cp, polls: cp.polls + 1 } };
      }
    }
  }

  private async publish(cp: InstagramCheckpoint, ctx: StepContext): Promise<StepResult<InstagramCheckpoint>> {
    if (!cp.containerId) return { next: this.recreate(cp) };
    // Read before write: on a resume this checkpoint may already have published the container.
    const check = await this.containerStatus(cp.containerId, ctx);
    if (!check.ok) return { error: check.error };
    if (check.data.status_code === 'PUBLISHED') return { next: { ...cp, step: 'permalink' } };
    if (check.data.status_code !== 'FINISHED') return { next: { ...cp, step: 'poll' } };
    const res = await this.graph('POST', `/${cp.options.igUserId}/media_publish`, { creation_id: cp.containerId }, idSchema, ctx);
    if (res.ok) return { next: { ...cp, step: 'permalink', mediaId: res.data.id } };
    if (res.noAnswer || (res.error.vendor?.httpStatus ?? 0) >= 500) {
      // Sent, no usable answer (or a 5xx that may come after the work): the post may be live.
      // Resolve with a read of the container before anything is sent again.
      return { error: { ...res.error, ambiguous: true }, next: { ...cp, step: 'verify_publish' } };
    }
    if (res.graphSubcode === 2207027 || res.graphCode === 9007) {
      return { wait: res.error.retryAfterMs ?? 10_000, next: { ...cp, step: 'poll' } };
    }
    if (res.graphCode === 506) return { next: { ...cp, step: 'verify_publish' } };
    if (res.graphSubcode === 2207020 || res.graphSubcode === 2207006 || res.graphSubcode === 2207053) {
      return { error: res.error, next: { ...cp, step: 'verify_publish' } };
    }
    return { error: res.error };
  }

  private async verifyPublish(cp: InstagramCheckpoint, ctx: StepContext): Promise<StepResult<InstagramCheckpoint>> {
    if (!cp.containerId) return { next: this.recreate(cp) };
    const res = await this.containerStatus(cp.containerId, ctx);
    if (!res.ok) return { error: res.error };
    switch (res.data.status_code) {
      case 'PUBLISHED':
        return { next: { ...cp, step: 'permalink' } };
      case 'FINISHED':
        return { next: { ...cp, step: 'publish' } };
      case 'ERROR':
        return { error: instagramContainerError(res.data.status) };
      case 'EXPIRED':
        return { next: this.recreate(cp) };
      default:
        return { next: { ...cp, step: 'poll' } };
    }
  }

  /**
   * The Reel is live (media_publish answered, or the container reads PUBLISHED). From here no
   * answer may turn it into a failure: the permalink is read through the documented media object
   * (`GET /{media-id}?fields=permalink`, §3.6) and, when that read fails, left to the link backfill.
   * When the publish answer was lost the media id is unknown, and no documented call gives it
   * (the container exposes only `id`, `status_code`, `status`, §3.5): the post is reported posted
   * without a link, and the link backfill says so.
   */
  private async permalink(cp: InstagramCheckpoint, ctx: StepContext): Promise<StepResult<InstagramCheckpoint>> {
    const now = new Date(this.clock.now()).toISOString();
    const ref: LinkRef = {
      platform: 'instagram',
      igUserId: cp.options.igUserId,
      ...(cp.containerId ? { containerId: cp.containerId } : {}),
      ...(cp.mediaId ? { mediaId: cp.mediaId } : {}),
    };
    if (!cp.mediaId) {
      return { done: { remoteMediaId: cp.containerId ?? '', postedAt: now, link: { status: 'pending', ref, reason: INSTAGRAM_MEDIA_ID_LOST } } };
    }
    const read = await this.readMedia(cp.mediaId, ctx);
    if (read.status === 'ready') return { done: { remoteMediaId: cp.mediaId, permalink: read.permalink, postedAt: now } };
    return { done: { remoteMediaId: cp.mediaId, postedAt: now, link: { status: 'pending', ref, ...(read.note ? { reason: read.note } : {}) } } };
  }

  /** Link backfill (one or two documented reads, within the app-user call budget, §3.10). */
  async lookupLink(ref: LinkRef, ctx: StepContext = {}): Promise<LinkLookup> {
    if (ref.platform !== 'instagram') return { status: 'none', reason: 'not an Instagram post' };
    if (!ref.mediaId) {
      // Confirm the Reel is live through its container, then say why there is no link.
      if (ref.containerId) {
        const c = await this.containerStatus(ref.containerId, ctx);
        if (!c.ok) return { status: 'pending', ...(c.error.retryAfterMs !== undefined ? { retryAfterMs: c.error.retryAfterMs } : {}), note: c.error.code };
      }
      return { status: 'none', reason: INSTAGRAM_MEDIA_ID_LOST };
    }
    const read = await this.readMedia(ref.mediaId, ctx);
    if (read.status === 'ready') return { status: 'ready', remoteMediaId: ref.mediaId, permalink: read.permalink };
    return { status: 'pending', ...(read.retryAfterMs !== undefined ? { retryAfterMs: read.retryAfterMs } : {}), ...(read.note ? { note: read.note } : {}) };
  }

  private async readMedia(
    mediaId: string,
    ctx: StepContext,
  ): Promise<{ status: 'ready'; permalink: string } | { status: 'pending'; retryAfterMs?: number; note?: string }> {
    // Only the documented fields (§3.6): an independent implementation refuses others (code 100).
    const res = await this.graph('GET', `/${mediaId}`, { fields: 'id,permalink' }, mediaSchema, ctx);
    if (!res.ok) return { status: 'pending', ...(res.error.retryAfterMs !== undefined ? { retryAfterMs: res.error.retryAfterMs } : {}), note: res.error.code };
    if (!res.data.permalink) return { status: 'pending', note: 'no permalink yet' };
    return { status: 'ready', permalink: res.data.permalink };
  }

  // ---- transport -----------------------------------------------------------------------------

  private containerStatus(id: string, ctx: StepContext): Promise<GraphOutcome<z.infer<typeof containerStatusSchema>>> {
    return this.graph('GET', `/${id}`, { fields: 'status_code,status' }, containerStatusSchema, ctx);
  }

  private async graph<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    params: Record<string, string>,
    schema: S,
    ctx: StepContext,
    timeoutMs = this.requestTimeoutMs,
  ): Promise<GraphOutcome<z.infer<S>>> {
    let token: string;
    try {
      token = await this.config.tokenProvider();
    } catch (error) {
      return { ok: false, noAnswer: false, error: instagramGraphError({ code: 190, message: (error as Error).message }) };
    }
    const query = new URLSearchParams(params).toString();
    const url = method === 'GET' ? `${this.base}${path}?${query}` : `${this.base}${path}`;
    const init: RequestInit = {
      method,
      headers: { authorization: `Bearer ${token}`, ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(method === 'POST' ? { body: query } : {}),
    };
    const res = await send(url, init, { timeoutMs, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    if (!res.ok)
      return {
        ok: false,
        noAnswer: true,
        error: instagramLocalError(res.reason === 'timeout' ? 'timeout' : 'network', { vendorMessage: res.message, ambiguous: method === 'POST' }),
      };
    const now = this.clock.now();
    const usage = ctx.onUsage ? usageFromHeaders(res.headers, now) : undefined;
    if (usage) ctx.onUsage!(usage);
    const retryAfterMs = retryAfterFromHeader(res.headers, now) ?? retryAfterFromBusinessUseCase(res.headers);
    const parsed = parseJson(res.text);
    if (res.status >= 200 && res.status < 300) {
      const data = parsed.ok ? schema.safeParse(parsed.value) : undefined;
      if (data?.success) return { ok: true, data: data.data as z.infer<S>, text: res.text };
      // Truncated JSON or a body without the expected fields (e.g. no id): the call may have taken effect.
      return {
        ok: false,
        noAnswer: true,
        error: instagramLocalError('invalid_response', { httpStatus: res.status, vendorMessage: res.text.slice(0, 120), ambiguous: method === 'POST' }),
      };
    }
    const env = parsed.ok ? graphErrorSchema.safeParse(parsed.value) : undefined;
    if (env?.success) {
      const e = env.data.error;
      const error = instagramGraphError(
        {
          code: e.code,
          ...(e.error_subcode !== undefined ? { subcode: e.error_subcode } : {}),
          ...(e.message ? { message: e.message } : {}),
          ...(e.is_transient !== undefined ? { isTransient: e.is_transient } : {}),
          ...(e.fbtrace_id ? { fbtraceId: e.fbtrace_id } : {}),
        },
        { httpStatus: res.status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
      );
      return { ok: false, noAnswer: false, error, graphCode: e.code, ...(e.error_subcode !== undefined ? { graphSubcode: e.error_subcode } : {}) };
    }
    if (res.status === 429)
      return { ok: false, noAnswer: false, error: instagramLocalError('rate_limited', { httpStatus: 429, retryAfterMs: retryAfterMs ?? 60_000 }) };
    if (res.status >= 500)
      return {
        ok: false,
        noAnswer: false,
        error: instagramLocalError('server_error', { httpStatus: res.status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }),
      };
    return { ok: false, noAnswer: false, error: instagramLocalError('unexpected_status', { httpStatus: res.status, vendorMessage: res.text.slice(0, 120) }) };
  }
}

export function createInstagramPublisher(config: InstagramPublisherConfig): InstagramPublisher {
  return new InstagramPublisher(config);
}

/** Options another platform's descriptor built (or none) lack the IG user id. */
function isInstagramOptions(options: InstagramPostOptions | undefined): options is InstagramPostOptions {
  return typeof options?.igUserId === 'string' && options.igUserId !== '';
}
