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
export * from './platform.js';
export { OAuthError, type OAuthErrorKind, type OAuthProvider, type OAuthProviderDeps, type RemoteProfile, type TokenSet } from './oauth.js';
export * from './registry.js';
export * from './settings.js';
