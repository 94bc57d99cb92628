export * from './errors.js';
export {
  InstagramPublisher,
  createInstagramPublisher,
  INSTAGRAM_CHECKPOINT_SECRETS,
  INSTAGRAM_STEPS,
  INSTAGRAM_MAX_REEL_BYTES,
  type InstagramCheckpoint,
  type InstagramStep,
  type InstagramPublisherConfig,
} from './publisher.js';
export { instagramPlatform } from './platform.js';
export { INSTAGRAM_COMPOSER_OPTIONS, type InstagramComposerOptions, type InstagramPostOptions } from './options.js';
export { INSTAGRAM_SETTINGS, type InstagramSettings } from './settings.js';
export {
  FACEBOOK_LOGIN,
  instagramHashtagSource,
  INSTAGRAM_HASHTAG_LIMIT,
  INSTAGRAM_HASHTAG_SEARCH_KEY,
  INSTAGRAM_HASHTAG_WINDOW_DAYS,
  normaliseHashtag,
} from './trends.js';
