export * from './contract.js';
export { buildError, exhaustedExplanation, TRANSPORT_ERRORS, type ErrorEntry, type ErrorDetails } from './errors.js';
export { fileMediaSource, bufferMediaSource, describeMedia, type MediaSource } from './media.js';
export {
  retryAfterFromHeader,
  retryAfterFromBusinessUseCase,
  usageFromHeaders,
  send as sendToPlatform,
  type HttpResult as PlatformHttpResult,
} from './http.js';
export * from './tiktok/index.js';
export * from './instagram/index.js';
export * from './youtube/index.js';
export * from './x/index.js';
export * from './platform.js';
export { OAuthError, type OAuthErrorKind, type OAuthProvider, type OAuthProviderDeps, type RemoteProfile, type TokenSet } from './oauth.js';
export * from './registry.js';
export * from './settings.js';
export * from './analytics.js';
export * from './trend-source.js';
export {
  createTikTokAnalyticsClient,
  TikTokAnalyticsClient,
  TIKTOK_ANALYTICS_BATCH,
  TIKTOK_MATCH_WINDOW_SEC,
  TIKTOK_METRIC_NAMES,
  type TikTokAnalyticsDeps,
} from './tiktok/analytics.js';
export {
  createInstagramAnalyticsClient,
  InstagramAnalyticsClient,
  INSTAGRAM_MEDIA_METRICS_BY_VERSION,
  INSTAGRAM_METRIC_NAMES,
  instagramMediaMetrics,
  type InstagramAnalyticsDeps,
} from './instagram/analytics.js';
export {
  createYouTubeAnalyticsClient,
  YouTubeAnalyticsClient,
  YOUTUBE_ANALYTICS_BATCH,
  YOUTUBE_METRIC_NAMES,
  type YouTubeAnalyticsDeps,
} from './youtube/analytics.js';
