export * from './errors.js';
export { XPublisher, createXPublisher, readXRateHeaders, X_STEPS, type XCheckpoint, type XPublisherConfig, type XStep } from './publisher.js';
export { X_COMPOSER_OPTIONS, X_REPLY_SETTINGS, type XComposerOptions, type XPostOptions, type XReplySettings } from './options.js';
export { xPlatform, X_OAUTH_SCOPES } from './platform.js';
export { X_SETTINGS, type XSettings } from './settings.js';
export { XOAuth, xCodeChallenge, xCodeVerifier } from './oauth.js';
export { XAnalyticsClient, createXAnalyticsClient, X_ANALYTICS_BATCH, X_METRIC_NAMES } from './analytics.js';
export { checkXMedia, checkXText, xPermalink, xTextHasLink, X_MAX_BYTES, X_MAX_DURATION_SEC, X_MAX_WEIGHTED_LENGTH, X_MIN_DURATION_SEC } from './rules.js';
export { X_COUNTS_KEY, X_PRICE_PER_CALL_USD, X_REGION_WOEIDS, X_TRENDS_KEY, xCountsSource, xTrendsSource } from './trends.js';
