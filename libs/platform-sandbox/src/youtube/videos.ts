import type { Core, Ctx } from '../core/context.js';
import { json, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { followersAt, growthProfile, numbersAtAge } from '../metrics-growth.js';
import { listChart } from './charts.js';
import { chargeQuota, etag, parts, READ_SCOPES, requireToken } from './common.js';
import { failGoogle } from './errors.js';
import type { YouTubeVideo } from './state.js';

/** A Short is vertical or square and at most 3 minutes (platform-apis.md §6); anything else becomes a regular video. */
export function isShort(durationSec: number | undefined, width: number | undefined, height: number | undefined): boolean {
  if (durationSec === undefined || durationSec > 180) return false;
  return width === undefined || height === undefined || height >= width;
}

export function permalink(v: YouTubeVideo): string {
  return v.isShort ? `https://youtube.com/shorts/${v.id}` : `https://www.youtube.com/watch?v=${v.id}`;
}

function isoDuration(sec: number | undefined): string {
  const s = Math.round(sec ?? 0);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s % 60 || (!h && !m) ? `${s % 60}S` : ''}`;
}

function processingStatus(v: YouTubeVideo): string {
  if (v.uploadStatus === 'uploaded') return 'processing';
  if (v.uploadStatus === 'failed') return 'failed';
  if (v.uploadStatus === 'rejected') return 'terminated';
  return 'succeeded';
}

/** The video resource with the parts asked for; processingDetails only for the owner (platform-apis.md §6). */
export function videoResource(core: Core, v: YouTubeVideo, wanted: readonly string[], owner: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { kind: 'youtube#video', etag: etag(), id: v.id };
  const channel = core.state.youtube.channels.get(v.channelId);
  const published = new Date(v.createdAt).toISOString();
  if (wanted.includes('snippet')) {
    out['snippet'] = {
      publishedAt: published,
      channelId: v.channelId,
      title: v.snippet.title,
      description: v.snippet.description,
      thumbnails: { default: { url: `https://i.ytimg.com/vi/${v.id}/default.jpg`, width: 120, height: 90 } },
      channelTitle: channel?.title ?? '',
      ...(v.snippet.tags.length ? { tags: v.snippet.tags } : {}),
      categoryId: v.snippet.categoryId,
      liveBroadcastContent: 'none',
      localized: { title: v.snippet.title, description: v.snippet.description },
    };
  }
  if (wanted.includes('status')) {
    out['status'] = {
      uploadStatus: v.uploadStatus,
      ...(v.failureReason ? { failureReason: v.failureReason } : {}),
      ...(v.rejectionReason ? { rejectionReason: v.rejectionReason } : {}),
      privacyStatus: v.status.privacyStatus,
      ...(v.status.publishAt ? { publishAt: v.status.publishAt } : {}),
      license: v.status.license,
      embeddable: v.status.embeddable,
      publicStatsViewable: v.status.publicStatsViewable,
      madeForKids: v.status.selfDeclaredMadeForKids,
      selfDeclaredMadeForKids: v.status.selfDeclaredMadeForKids,
      ...(v.status.containsSyntheticMedia !== undefined ? { containsSyntheticMedia: v.status.containsSyntheticMedia } : {}),
    };
  }
  if (wanted.includes('processingDetails') && owner) {
    const status = processingStatus(v);
    const now = core.clock.now();
    out['processingDetails'] = {
      processingStatus: status,
      ...(status === 'processing'
        ? {
            processingProgress: {
              partsTotal: '1000',
              partsProcessed: String(Math.max(0, Math.min(999, Math.floor((1000 * (now - v.createdAt)) / Math.max(1, v.processingDoneAt - v.createdAt))))),
              timeLeftMs: String(v.stuck ? core.opts.youtube.processingMs : Math.max(0, v.processingDoneAt - now)),
            },
          }
        : {}),
      ...(status === 'failed' ? { processingFailureReason: 'transcodeFailed' } : {}),
      fileDetailsAvailability: 'available',
      processingIssuesAvailability: 'available',
      tagSuggestionsAvailability: status === 'succeeded' ? 'available' : 'inProgress',
      editorSuggestionsAvailability: status === 'succeeded' ? 'available' : 'inProgress',
      thumbnailsAvailability: status === 'succeeded' ? 'available' : 'inProgress',
    };
  }
  if (wanted.includes('statistics')) {
    const n = videoNumbers(core, v);
    out['statistics'] = { viewCount: String(n.views), likeCount: String(n.likes), favoriteCount: '0', commentCount: String(n.comments) };
  }
  if (wanted.includes('contentDetails')) {
    out['contentDetails'] = {
      duration: isoDuration(v.durationSec),
      dimension: '2d',
      definition: Math.min(v.width ?? 0, v.height ?? 0) >= 720 ? 'hd' : 'sd',
      caption: 'false',
      licensedContent: false,
      contentRating: {},
      projection: 'rectangular',
    };
  }
  return out;
}

/**
 * The statistics part: zero until processed and for private videos, then growing as the TikTok
 * and Instagram numbers do (metrics-growth.ts), from the processing time.
 */
export function videoNumbers(core: Core, v: YouTubeVideo): { views: number; likes: number; comments: number } {
  if (v.processedAt === undefined || v.status.privacyStatus === 'private' || v.uploadStatus !== 'processed') return { views: 0, likes: 0, comments: 0 };
  const n = numbersAtAge(growthProfile(core.opts.seed, v.id), core.clock.now() - v.processedAt);
  return { views: n.views, likes: n.likes, comments: n.comments };
}

const VIDEO_PARTS = ['id', 'snippet', 'status', 'processingDetails', 'statistics', 'contentDetails'];
const CHANNEL_PARTS = ['id', 'snippet', 'statistics', 'contentDetails', 'status'];

function listResponse(kind: string, items: unknown[]): Reply {
  return json(200, { kind, etag: etag(), pageInfo: { totalResults: items.length, resultsPerPage: items.length }, items });
}

/** videos.list by id (≤ 50, 1 unit): the owner sees every upload, anyone else processed public/unlisted ones. */
function listVideos(ctx: Ctx): Reply {
  // The trending chart is read with an API key, not a token (charts.ts, issue 33).
  if (ctx.query.has('chart')) return listChart(ctx);
  const auth = requireToken(ctx, READ_SCOPES);
  chargeQuota(ctx, auth, 'videos.list');
  const wanted = parts(ctx, VIDEO_PARTS);
  const ids = (ctx.query.get('id') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0) failGoogle(400, 'missingRequiredParameter', 'No filter selected. Expected one of: myRating, id, chart', 'youtube.parameter');
  if (ids.length > 50)
    failGoogle(400, 'invalidValue', 'The id parameter accepts at most 50 video ids.', 'youtube.parameter', { location: 'id', locationType: 'parameter' });
  const items = ids
    .map((id) => ctx.core.state.youtube.videos.get(id))
    .filter((v): v is YouTubeVideo => v !== undefined && v.uploadStatus !== 'deleted')
    .filter((v) => v.channelId === auth.channel.channelId || (v.uploadStatus === 'processed' && v.status.privacyStatus !== 'private'))
    .map((v) => videoResource(ctx.core, v, wanted, v.channelId === auth.channel.channelId));
  return listResponse('youtube#videoListResponse', items);
}

/** channels.list (1 unit): `mine=true` (the token's channel) or `id=`. */
function listChannels(ctx: Ctx): Reply {
  const auth = requireToken(ctx, READ_SCOPES);
  chargeQuota(ctx, auth, 'channels.list');
  const wanted = parts(ctx, CHANNEL_PARTS);
  const yt = ctx.core.state.youtube;
  let ids: string[];
  if (ctx.query.get('mine') === 'true') ids = [auth.channel.channelId];
  else if (ctx.query.get('id')) ids = (ctx.query.get('id') ?? '').split(',').filter(Boolean);
  else
    failGoogle(
      400,
      'missingRequiredParameter',
      'No filter selected. Expected one of: forUsername, managedByMe, categoryId, mine, mySubscribers, id, idParam',
      'youtube.parameter',
    );
  const items = ids
    .map((id) => yt.channels.get(id))
    .filter((c) => c !== undefined)
    .map((c) => {
      const out: Record<string, unknown> = { kind: 'youtube#channel', etag: etag(), id: c.channelId };
      const videos = [...yt.videos.values()].filter((v) => v.channelId === c.channelId && v.uploadStatus === 'processed');
      if (wanted.includes('snippet'))
        out['snippet'] = {
          title: c.title,
          description: c.description,
          customUrl: c.customUrl,
          publishedAt: new Date(ctx.core.opts.startTime - 400 * 86_400_000).toISOString(),
          thumbnails: { default: { url: `https://yt3.ggpht.com/sandbox/${c.channelId}=s88`, width: 88, height: 88 } },
          localized: { title: c.title, description: c.description },
        };
      if (wanted.includes('statistics'))
        out['statistics'] = {
          viewCount: String(videos.reduce((sum, v) => sum + videoNumbers(ctx.core, v).views, 0)),
          subscriberCount: String(followersAt(ctx.core.opts.seed, c.channelId, c.subscriberCount, ctx.core.opts.startTime, ctx.core.clock.now())),
          hiddenSubscriberCount: false,
          videoCount: String(videos.filter((v) => v.status.privacyStatus === 'public').length),
        };
      if (wanted.includes('contentDetails')) out['contentDetails'] = { relatedPlaylists: { likes: '', uploads: `UU${c.channelId.slice(2)}` } };
      if (wanted.includes('status')) out['status'] = { privacyStatus: 'public', isLinked: true, longUploadsStatus: 'eligible', madeForKids: false };
      return out;
    });
  return listResponse('youtube#channelListResponse', items);
}

export function youtubeReadRoutes(): Route[] {
  return [
    { host: 'youtube', method: 'GET', path: '/youtube/v3/videos', endpoint: 'youtube.videos.list', handler: listVideos },
    { host: 'youtube', method: 'GET', path: '/youtube/v3/channels', endpoint: 'youtube.channels.list', handler: listChannels },
  ];
}
