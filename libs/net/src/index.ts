export { classifyAddress, isPublicAddress, type AddressVerdict } from './address.js';
export {
  guardedFetch,
  normalizeOrigin,
  BlockedUrlError,
  OutboundFetchError,
  type OutboundErrorCode,
  type OutboundRequest,
  type OutboundResponse,
  type Resolver,
} from './guarded-fetch.js';
