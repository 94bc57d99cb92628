export * from './chunk-plan.js';
export * from './errors.js';
export {
  TikTokPublisher,
  createTikTokPublisher,
  TIKTOK_CHECKPOINT_SECRETS,
  TIKTOK_STEPS,
  tiktokPermalink,
  type TikTokCheckpoint,
  type TikTokStep,
  type TikTokPublisherConfig,
} from './publisher.js';
export { tiktokPlatform } from './platform.js';
export { TIKTOK_COMPOSER_OPTIONS, TIKTOK_PRIVACY_LEVELS, type TikTokComposerOptions, type TikTokPostOptions, type TikTokPrivacyLevel } from './options.js';
export { TIKTOK_SETTINGS, type TikTokSettings } from './settings.js';
