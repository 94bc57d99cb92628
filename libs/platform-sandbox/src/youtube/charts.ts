/**
 * YouTube trending charts (issue 33, docs/platform-apis.md §11, docs/trend-sources.md):
 * `videos.list?chart=mostPopular&regionCode&videoCategoryId` and `videoCategories.list`, read with
 * an API key (`key=`), 1 unit per page counted per key per Pacific day, `nextPageToken` paging.
 * Since 2025-07-21 only Music (10), Movies (30) and Gaming (20) have a chart; any other category
 * (or none) answers `videoChartNotFound` — 400 by default, 404 when the settings say so (some
 * servers answer 404, §11).
 *
 * The charts are deterministic: a pure function of (sandbox seed, region, category, simulated
 * time). Each chart gets a new video every hour; a video's views follow a saturating curve from
 * its publication, so the chart reshuffles as the clock moves and growth over 24 h / 7 d can be
 * computed from two reads.
 */
import type { Core, Ctx } from '../core/context.js';
import { sandboxError } from '../http/errors.js';
import { json, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { inspectionRoute, jsonBody } from '../inspection/helpers.js';
import { digitsFromHash, unitHash } from '../metrics-growth.js';
import { etag, pacificDay, READ_SCOPES, requireToken } from './common.js';
import { failGoogle } from './errors.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A chart lists at most this many videos (pages of ≤ 50). */
const CHART_SIZE = 200;
/** Videos published in the last 7 days compete for a chart. */
const CHART_WINDOW = 7 * DAY;

/** The categories that still have a trending chart (§11: Music, Movies, Gaming). */
export const CHART_CATEGORIES: Readonly<Record<string, string>> = { '10': 'Music', '20': 'Gaming', '30': 'Movies' };

/** videoCategories.list: YouTube's standard categories (assignable or not). */
const CATEGORIES: readonly [string, string, boolean][] = [
  ['1', 'Film & Animation', true],
  ['2', 'Autos & Vehicles', true],
  ['10', 'Music', true],
  ['15', 'Pets & Animals', true],
  ['17', 'Sports', true],
  ['19', 'Travel & Events', true],
  ['20', 'Gaming', true],
  ['22', 'People & Blogs', true],
  ['23', 'Comedy', true],
  ['24', 'Entertainment', true],
  ['25', 'News & Politics', true],
  ['26', 'Howto & Style', true],
  ['27', 'Education', true],
  ['28', 'Science & Technology', true],
  ['30', 'Movies', false],
  ['44', 'Trailers', false],
];

const WORDS: Readonly<Record<string, readonly string[]>> = {
  '10': ['Midnight', 'Echoes', 'Summer', 'Neon', 'Heartbeat', 'Runaway', 'Golden', 'Paper', 'Velvet', 'Satellite', 'Wildfire', 'Ocean'],
  '20': ['Speedrun', 'Boss Fight', 'Patch Notes', 'Ranked', 'Survival', 'Build Guide', 'Let’s Play', 'Raid', 'Finale', 'Co-op', 'Secret Ending', 'Tier List'],
  '30': [
    'Official Trailer',
    'Teaser',
    'Final Trailer',
    'Clip',
    'Behind the Scenes',
    'First Look',
    'Featurette',
    'Extended Preview',
    'Premiere',
    'Spot',
    'Sneak Peek',
    'Recap',
  ],
};

export interface YouTubeChartSettings {
  /** videoChartNotFound answers with this status (§11: 400; some servers 404). */
  chartNotFoundStatus: 400 | 404;
  /** Units per API key per Pacific day. */
  dailyUnits: number;
  /** `REGION/category` charts that do not exist (not every region has every chart): videoChartNotFound. */
  missingCharts: string[];
}

interface ChartState {
  settings: YouTubeChartSettings;
  /** Valid API keys (the Google Cloud project's). */
  apiKeys: Set<string>;
  /** Units by `<key>|<pacific day>`. */
  units: Map<string, number>;
}

/** The API key the sandbox accepts by default. */
export const SANDBOX_YOUTUBE_API_KEY = 'sbx_youtube_api_key';

const defaultSettings = (): YouTubeChartSettings => ({ chartNotFoundStatus: 400, dailyUnits: 10_000, missingCharts: [] });

// Keyed by the YouTube slice of the state, so a sandbox reset (a new slice) starts afresh.
const STATES = new WeakMap<object, ChartState>();

function chartState(core: Core): ChartState {
  let s = STATES.get(core.state.youtube);
  if (!s) {
    s = { settings: defaultSettings(), apiKeys: new Set([SANDBOX_YOUTUBE_API_KEY]), units: new Map() };
    STATES.set(core.state.youtube, s);
  }
  return s;
}

/**
 * Who pays for the call: `key=` (the API key, what the trend source uses) or, failing that, an
 * OAuth token's project. Charges `cost` units first (an invalid request costs too).
 */
function chargeKey(ctx: Ctx, cost: number): string {
  const s = chartState(ctx.core);
  const key = ctx.query.get('key');
  let payer: string;
  if (key) {
    if (!s.apiKeys.has(key)) failGoogle(400, 'badRequest', 'API key not valid. Please pass a valid API key.', 'global');
    payer = `key:${key}`;
  } else if (ctx.req.headers.authorization) {
    payer = `client:${requireToken(ctx, READ_SCOPES).client.clientId}`;
  } else {
    failGoogle(403, 'forbidden', 'The request is missing a valid API key.', 'global');
  }
  const slot = `${payer}|${pacificDay(ctx.core.clock.now())}`;
  const used = s.units.get(slot) ?? 0;
  if (used + cost > s.settings.dailyUnits)
    failGoogle(
      403,
      'quotaExceeded',
      'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
      'youtube.quota',
    );
  s.units.set(slot, used + cost);
  return payer;
}

function regionOf(ctx: Ctx): string {
  const region = (ctx.query.get('regionCode') ?? 'US').toUpperCase();
  if (!/^[A-Z]{2}$/.test(region))
    failGoogle(400, 'invalidRegionCode', 'The <code>regionCode</code> parameter specifies an invalid region code.', 'youtube.parameter', {
      location: 'regionCode',
      locationType: 'parameter',
    });
  return region;
}

interface ChartVideo {
  id: string;
  slot: number;
  publishedAt: number;
  title: string;
  channelTitle: string;
  durationSec: number;
  views: number;
  likes: number;
  comments: number;
  /** Views gained in the last 24 h: what ranks the chart. */
  momentum: number;
  /** snippet.defaultAudioLanguage: absent when the uploader set none (YouTube then omits the field). */
  audioLanguage?: string;
}

/** The spoken languages a region's chart videos carry (the first most often); English travels everywhere. */
const REGION_LANGUAGES: Readonly<Record<string, readonly string[]>> = {
  FR: ['fr', 'en'],
  US: ['en', 'es'],
  GB: ['en-GB', 'en'],
  DE: ['de', 'en'],
  ES: ['es', 'en'],
  BR: ['pt-BR', 'en'],
  JP: ['ja', 'en'],
};

function audioLanguageOf(key: string, region: string): string | undefined {
  const draw = unitHash(`${key}:lang`);
  // One video in five declares no language: the radar must cope without one.
  if (draw < 0.2) return undefined;
  const languages = REGION_LANGUAGES[region] ?? ['en'];
  return draw < 0.75 ? languages[0] : (languages[1] ?? languages[0]);
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** An 11-character video id, deterministic from its key. */
function videoId(key: string): string {
  let id = '';
  for (let i = 0; i < 11; i++) id += ID_ALPHABET[Math.floor(unitHash(`${key}:id${i}`) * 64)] ?? 'A';
  return id;
}

/** The views of a chart video at `age`: V·(1 − e^(−age/τ)), V and τ from its key. */
function viewsAt(key: string, age: number): number {
  if (age <= 0) return 0;
  const reach = 20_000 + Math.floor(unitHash(`${key}:reach`) ** 3 * 40_000_000);
  const tau = (6 + unitHash(`${key}:tau`) * 66) * HOUR;
  return Math.floor(reach * (1 - Math.exp(-age / tau)));
}

function chartVideo(seed: number, region: string, category: string, slot: number, now: number): ChartVideo {
  const key = `${seed}:yt-chart:${region}:${category}:${slot}`;
  const publishedAt = slot * HOUR + Math.floor(unitHash(`${key}:minute`) * HOUR);
  const age = now - publishedAt;
  const views = viewsAt(key, age);
  const words = WORDS[category] ?? ['Video'];
  const word = (i: number): string => words[Math.floor(unitHash(`${key}:w${i}`) * words.length)] ?? 'Video';
  return {
    id: videoId(key),
    slot,
    publishedAt,
    title: `${word(1)} ${word(2)} (${region} #${slot % 1000})`,
    channelTitle: `${CHART_CATEGORIES[category] ?? 'Sandbox'} Channel ${1 + Math.floor(unitHash(`${key}:ch`) * 40)}`,
    durationSec: category === '10' ? 150 + Math.floor(unitHash(`${key}:d`) * 150) : 60 + Math.floor(unitHash(`${key}:d`) * 1500),
    views,
    likes: Math.floor(views * (0.01 + unitHash(`${key}:l`) * 0.05)),
    comments: Math.floor(views * (0.0005 + unitHash(`${key}:c`) * 0.003)),
    momentum: views - viewsAt(key, age - DAY),
    ...(audioLanguageOf(key, region) ? { audioLanguage: audioLanguageOf(key, region) } : {}),
  };
}

/** The chart at `now`: the last 7 days' videos ranked by views gained over the last 24 h. */
export function chartAt(seed: number, region: string, category: string, now: number): ChartVideo[] {
  const last = Math.floor(now / HOUR);
  const videos: ChartVideo[] = [];
  for (let slot = last; slot > last - CHART_WINDOW / HOUR; slot--) {
    const v = chartVideo(seed, region, category, slot, now);
    if (v.publishedAt <= now) videos.push(v);
  }
  return videos.sort((a, b) => b.momentum - a.momentum || b.slot - a.slot).slice(0, CHART_SIZE);
}

function isoDuration(sec: number): string {
  const m = Math.floor(sec / 60);
  return `PT${m ? `${m}M` : ''}${sec % 60 || !m ? `${sec % 60}S` : ''}`;
}

const CHART_PARTS = ['id', 'snippet', 'contentDetails', 'statistics'];

function pageToken(offset: number): string {
  return Buffer.from(`chart:${offset}`).toString('base64url');
}

function offsetOf(token: string | null): number {
  if (!token) return 0;
  const m = /^chart:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m)
    failGoogle(400, 'invalidPageToken', 'The request specifies an invalid page token.', 'youtube.parameter', {
      location: 'pageToken',
      locationType: 'parameter',
    });
  return Number(m[1]);
}

/** `videos.list?chart=mostPopular` (1 unit per page); called by videos.ts's list for `chart=`. */
export function listChart(ctx: Ctx): Reply {
  chargeKey(ctx, 1);
  const raw = ctx.query.get('part');
  if (!raw) failGoogle(400, 'required', 'Required parameter: part', 'global', { location: 'part', locationType: 'parameter' });
  const wanted = raw.split(',').map((p) => p.trim());
  const unknown = wanted.find((p) => !CHART_PARTS.includes(p));
  if (unknown !== undefined) failGoogle(400, 'unknownPart', `'${unknown}'`, 'youtube.part', { location: 'part', locationType: 'parameter' });
  if (ctx.query.get('chart') !== 'mostPopular')
    failGoogle(400, 'invalidChart', 'The request specifies an invalid chart.', 'youtube.parameter', { location: 'chart', locationType: 'parameter' });
  const region = regionOf(ctx);
  const category = ctx.query.get('videoCategoryId') ?? '';
  if (!(category in CHART_CATEGORIES) || chartState(ctx.core).settings.missingCharts.includes(`${region}/${category}`)) {
    const status = chartState(ctx.core).settings.chartNotFoundStatus;
    failGoogle(status, 'videoChartNotFound', 'The requested video chart is not supported or is not available.', 'youtube.video', {
      location: 'videoCategoryId',
      locationType: 'parameter',
    });
  }
  const maxResults = Number(ctx.query.get('maxResults') ?? '5');
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50)
    failGoogle(400, 'invalidValue', "Invalid value '" + String(ctx.query.get('maxResults')) + "'. Values must be within the range: [1, 50]", 'global', {
      location: 'maxResults',
      locationType: 'parameter',
    });
  const offset = offsetOf(ctx.query.get('pageToken'));
  const now = ctx.core.clock.now();
  const chart = chartAt(ctx.core.opts.seed, region, category, now);
  const page = chart.slice(offset, offset + maxResults);
  const items = page.map((v) => {
    const out: Record<string, unknown> = { kind: 'youtube#video', etag: etag(), id: v.id };
    if (wanted.includes('snippet'))
      out['snippet'] = {
        publishedAt: new Date(v.publishedAt).toISOString(),
        channelId: `UC${digitsFromHash(`${v.channelTitle}`, 22, '1')}`,
        title: v.title,
        description: `${v.title} — sandbox trending video.`,
        thumbnails: { default: { url: `https://i.ytimg.com/vi/${v.id}/default.jpg`, width: 120, height: 90 } },
        channelTitle: v.channelTitle,
        categoryId: category,
        liveBroadcastContent: 'none',
        ...(v.audioLanguage ? { defaultAudioLanguage: v.audioLanguage } : {}),
        localized: { title: v.title, description: `${v.title} — sandbox trending video.` },
      };
    if (wanted.includes('contentDetails'))
      out['contentDetails'] = {
        duration: isoDuration(v.durationSec),
        dimension: '2d',
        definition: 'hd',
        caption: 'false',
        licensedContent: true,
        contentRating: {},
        projection: 'rectangular',
      };
    if (wanted.includes('statistics'))
      out['statistics'] = { viewCount: String(v.views), likeCount: String(v.likes), favoriteCount: '0', commentCount: String(v.comments) };
    return out;
  });
  const next = offset + maxResults < chart.length ? pageToken(offset + maxResults) : undefined;
  const prev = offset > 0 ? pageToken(Math.max(0, offset - maxResults)) : undefined;
  return json(200, {
    kind: 'youtube#videoListResponse',
    etag: etag(),
    ...(next ? { nextPageToken: next } : {}),
    ...(prev ? { prevPageToken: prev } : {}),
    items,
    pageInfo: { totalResults: chart.length, resultsPerPage: maxResults },
  });
}

/** `videoCategories.list?part=snippet&regionCode=` (1 unit). */
function listCategories(ctx: Ctx): Reply {
  chargeKey(ctx, 1);
  if (ctx.query.get('part') !== 'snippet') failGoogle(400, 'required', 'Required parameter: part', 'global', { location: 'part', locationType: 'parameter' });
  regionOf(ctx);
  const ids = ctx.query.get('id')?.split(',');
  const items = CATEGORIES.filter(([id]) => !ids || ids.includes(id)).map(([id, title, assignable]) => ({
    kind: 'youtube#videoCategory',
    etag: etag(),
    id,
    snippet: { title, assignable, channelId: 'UCBR8-60-B28hp2BmDPdntcQ' },
  }));
  return json(200, { kind: 'youtube#videoCategoryListResponse', etag: etag(), items });
}

export function youtubeChartRoutes(): Route[] {
  return [{ host: 'youtube', method: 'GET', path: '/youtube/v3/videoCategories', endpoint: 'youtube.videoCategories.list', handler: listCategories }];
}

/** Units spent per payer today, the keys, the settings (GET /__sandbox/youtube/charts). */
export function describeCharts(core: Core): Record<string, unknown> {
  const s = chartState(core);
  const today = pacificDay(core.clock.now());
  const unitsToday = Object.fromEntries([...s.units].filter(([slot]) => slot.endsWith(`|${today}`)).map(([slot, n]) => [slot.split('|')[0], n]));
  return { settings: s.settings, apiKeys: s.apiKeys.size, day: today, unitsToday, chartCategories: CHART_CATEGORIES };
}

/**
 * /__sandbox/youtube/charts: GET the units spent; PATCH `{chartNotFoundStatus: 400|404,
 * dailyUnits, missingCharts: ['FR/30'], addApiKey, reset}`.
 */
export function youtubeChartInspectionRoutes(core: Core): Route[] {
  return [
    inspectionRoute('GET', '/youtube/charts', 'youtube.charts', () => json(200, describeCharts(core))),
    inspectionRoute('PATCH', '/youtube/charts', 'youtube.charts.settings', async (ctx) => {
      const b = await jsonBody(ctx);
      const s = chartState(core);
      if (b['reset'] === true) s.settings = defaultSettings();
      if (b['chartNotFoundStatus'] !== undefined) {
        if (b['chartNotFoundStatus'] !== 400 && b['chartNotFoundStatus'] !== 404)
          return sandboxError(400, 'invalid_request', 'chartNotFoundStatus must be 400 or 404');
        s.settings.chartNotFoundStatus = b['chartNotFoundStatus'];
      }
      if (b['dailyUnits'] !== undefined) {
        if (typeof b['dailyUnits'] !== 'number' || !Number.isInteger(b['dailyUnits']) || b['dailyUnits'] < 0)
          return sandboxError(400, 'invalid_request', 'dailyUnits must be a non-negative integer');
        s.settings.dailyUnits = b['dailyUnits'];
      }
      if (b['missingCharts'] !== undefined) {
        const v = b['missingCharts'];
        if (!Array.isArray(v) || !v.every((c) => typeof c === 'string' && /^[A-Z]{2}\/\d+$/.test(c)))
          return sandboxError(400, 'invalid_request', 'missingCharts must be a list of REGION/categoryId');
        s.settings.missingCharts = v as string[];
      }
      if (typeof b['addApiKey'] === 'string' && b['addApiKey']) s.apiKeys.add(b['addApiKey']);
      return json(200, describeCharts(core));
    }),
  ];
}
