export * from './errors.js';
export {
  YouTubePublisher,
  createYouTubePublisher,
  YOUTUBE_CHECKPOINT_SECRETS,
  YOUTUBE_CHUNK_GRANULE,
  YOUTUBE_DEFAULT_CHUNK,
  YOUTUBE_LOCKED_PRIVATE_NOTICE,
  YOUTUBE_STEPS,
  type YouTubeCheckpoint,
  type YouTubeStep,
  type YouTubePublisherConfig,
} from './publisher.js';
export { youtubePlatform } from './platform.js';
export {
  YOUTUBE_CATEGORIES,
  YOUTUBE_COMPOSER_OPTIONS,
  YOUTUBE_MADE_FOR_KIDS,
  YOUTUBE_PRIVACY_STATUSES,
  type YouTubeComposerOptions,
  type YouTubePostOptions,
  type YouTubePrivacyStatus,
} from './options.js';
export { YOUTUBE_SETTINGS, type YouTubeSettings } from './settings.js';
export { YouTubeOAuth, youtubeCodeChallenge, youtubeCodeVerifier } from './oauth.js';
export { nextPacificMidnight, msUntilNextPacificMidnight } from './pacific.js';
export { checkYouTubeMetadata, defaultYouTubeTitle, isShort, youtubePermalink, youtubeTagsLength } from './rules.js';
export { youtubeChartsSource, YOUTUBE_CHARTS_KEY, YOUTUBE_CHART_CATEGORIES, YOUTUBE_CHART_DAILY_UNITS, YOUTUBE_OTHERS_STATS_TTL_MS } from './trends.js';
