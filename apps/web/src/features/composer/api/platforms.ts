// The registry's query lives in shared/content (Bot Control reads it too).
export {
  platformsQueryOptions,
  usePlatforms,
  type CaptionRules,
  type OptionField,
  type OptionRule,
  type PlatformInfo,
} from '../../../shared/content/platforms';
