/**
 * The platform descriptor (issue 19): everything the app needs to know about one platform, in
 * one value exported by the platform's folder and listed once in `registry.ts`. The app reads
 * these; it never branches on a platform's name.
 */
import type { AccountMediaLimits, CaptionFinding, CaptionLimits, checkMediaQuality, Platform, PublicationStatus, QualityFinding } from '@mwr/domain';

import type { PlatformAnalytics } from './analytics.js';
import type { Checkpoint, MediaDescriptor, Publisher, PublishInput, TokenProvider } from './contract.js';
import type { ErrorEntry } from './errors.js';
import type { OAuthProvider, OAuthProviderDeps } from './oauth.js';
import type { PlatformSettingsById, PlatformSettingsSpec, PlatformSettingValues, SettingsOf } from './settings.js';
import type { TrendSourceDescriptor } from './trend-source.js';

/** The lane statuses a step can show while a publication runs. */
export type StepLaneStatus = Extract<PublicationStatus, 'pending' | 'uploading' | 'processing'>;

/**
 * A budget we respect before the platform has to tell us. `scope`: whose budget it is — a user
 * access token (one per connected account here), the account itself, or the whole app. The
 * limiter key is `key` followed by `:<accountId>` for token and account scopes.
 */
export interface PlatformRateLimit {
  key: string;
  scope: 'token' | 'account' | 'app';
  limit: number;
  /** The window's length (a rolling window; with `resetsAt`, the calendar period's nominal length, for display). */
  windowMs: number;
  /**
   * A quota that resets on the calendar rather than rolling: `daily` names the IANA time zone whose
   * midnight starts each period (YouTube: America/Los_Angeles). The limiter counts per local day and
   * waits until that midnight.
   */
  resetsAt?: { daily: string };
  /** Steps that spend one unit of this budget each time they run. */
  steps: readonly string[];
  /** Where the figure comes from (docs/platform-apis.md section). */
  source: string;
  /** What the timeline says while a job waits for it; default: "Waiting for the <platform> <step> limit (n/ws)". */
  waitMessage?: string;
  /** An integer setting of the platform (its `settings`) the operator may set instead of `limit`. */
  setting?: string;
}

/**
 * What the SPA needs to show an option: its label's i18n key, whether the composer offers it, and
 * the account capability (stored from the platform's profile read, e.g. TikTok creator_info) that
 * limits it — `allowed_values`: the capability lists the values this account may use;
 * `forces_true`: when the capability is true the option must be true (the choice is locked).
 */
export interface ComposerOptionPresentation {
  labelKey: string;
  /** The composer does not offer it (yet); the API still accepts it. */
  hidden?: boolean;
  /**
   * A boolean that is this platform's AI-generated-content disclosure (TikTok `is_aigc`, YouTube
   * `containsSyntheticMedia`, X `made_with_ai`): the composer turns it on for every target when the
   * video is marked AI-generated, even when the option is otherwise hidden. One per platform at most.
   */
  aiDisclosure?: boolean;
  capability?: { name: string; effect: 'allowed_values' | 'forces_true' };
  /** enum: the i18n key prefix of its values' names (`<prefix>.<value>`); without it, a value shows as itself. */
  valueLabelKeyPrefix?: string;
  /**
   * A post made without a person (an automation's re-post) must carry it, where the composer would
   * ask: the automations' forms ask for it per target account, with these i18n keys — `labelKey`
   * (given `handle`), `placeholderKey` (nothing chosen yet), `problemKey` (a target lacks it).
   * `composer.checkUnattended` is the server's check.
   */
  unattended?: { labelKey: string; placeholderKey: string; problemKey: string };
}

/** One option of the composer, declaratively: the API validates with it; the SPA renders from it. */
export type ComposerOptionField = ComposerOptionPresentation &
  (
    | { type: 'boolean'; label: string; default?: boolean }
    | { type: 'enum'; label: string; values: readonly string[] }
    | { type: 'integer'; label: string; min?: number; max?: number; unit?: 'ms' }
    | { type: 'url'; label: string; protocols: readonly string[] }
    | { type: 'list'; label: string; maxItems: number; unique?: boolean; itemPattern: string; itemMessage: string }
    /** One line of text: at most `maxLength` characters (code points), matching `itemPattern` (e.g. a YouTube title). */
    | { type: 'text'; label: string; maxLength: number; itemPattern: string; itemMessage: string }
  );

/** A rule across fields: when `if.field` equals `if.equals`, `then.field` may not be one of `then.notIn`. */
export interface ComposerOptionRule {
  if: { field: string; equals: unknown };
  then: { field: string; notIn: readonly unknown[] };
  message: string;
}

export interface ComposerOptionsSchema {
  fields: Readonly<Record<string, ComposerOptionField>>;
  rules: readonly ComposerOptionRule[];
}

/** The value one option holds, read from its declaration (an enum's declared values, a list's strings…). */
export type ComposerOptionValue<F extends ComposerOptionField> = F extends { type: 'boolean' }
  ? boolean
  : F extends { type: 'enum'; values: readonly (infer V)[] }
    ? V
    : F extends { type: 'integer' }
      ? number
      : F extends { type: 'url' | 'text' }
        ? string
        : F extends { type: 'list' }
          ? string[]
          : never;

/**
 * A target's options as a platform's composer schema declares them (declare the schema `as const
 * satisfies ComposerOptionsSchema` to keep its field names and values): every option may be absent.
 * Given the wide schema type (any platform), it is the stored JSON object.
 */
export type ComposerOptionValues<Schema extends ComposerOptionsSchema> = ComposerOptionsSchema extends Schema
  ? Readonly<Record<string, unknown>>
  : { readonly [K in keyof Schema['fields']]?: ComposerOptionValue<Schema['fields'][K]> };

/** An option the target account itself does not allow (e.g. a TikTok creator's privacy levels). */
export interface AccountOptionProblem {
  option: string;
  message: string;
  /** The values this account accepts for the option. */
  allowed: (string | boolean)[];
}

export interface CaptionRules {
  maxLength: number;
  /** How the length is counted (the domain's caption limits): UTF-16 code units (JS `length`), characters (code points)… */
  counting: CaptionLimits['counting'];
  maxHashtags?: number;
  maxMentions?: number;
  /** The domain's pure check (`checkCaption`) for this platform. */
  check(caption: string): CaptionFinding[];
}

export interface MediaRules {
  containers: readonly string[];
  maxDurationSec: number;
  minDurationSec?: number;
  maxBytes: number;
  /** Width / height accepted, and the one the platform shows best. */
  aspect?: { min: number; max: number; recommended?: number };
  /** The domain's pure quality gate (`checkMediaQuality`) for this platform. */
  check(probe: Parameters<typeof checkMediaQuality>[0], limits?: AccountMediaLimits): QualityFinding[];
}

export interface OAuthFlavour<Settings = PlatformSettingValues> {
  /** e.g. TikTok Login Kit v2, Instagram API with Instagram Login. */
  flavour: string;
  scopes: readonly string[];
  /** Access tokens are refreshed with a refresh token, or by exchanging the long-lived token itself. */
  refresh: 'refresh_token' | 'long_lived_exchange';
  /**
   * Every refresh answer carries a new refresh token and kills the one used (X): the new pair is
   * stored in the refresh's own transaction, refreshes are single-flight per account, and a
   * refresh answer without a new refresh token is refused rather than keeping the dead one.
   */
  refreshTokenRotates?: boolean;
  /**
   * The profile read at connect also says what the platform allows the account (TikTok
   * creator_info: privacy levels, a ban): re-read it on token refresh and on the account test.
   */
  recheckProfile: boolean;
  source: string;
  /**
   * The scopes analytics needs from accounts connected this way, when they differ from
   * `analytics.requiredScopes` (Instagram through Facebook Login: `instagram_manage_insights`).
   */
  analyticsScopes?: readonly string[];
  /**
   * This platform's OAuth client (`<platform>/oauth.ts`): authorize URL, code exchange, refresh,
   * revoke, profile read and its error classification, over the platform client. The app keeps
   * the state storage, the token vault, the callback routes and the single-flight refresh.
   */
  createProvider(deps: OAuthProviderDeps<Settings>): OAuthProvider;
}

/** What the app has in hand to build one post's input. */
export interface PublishInputArgs<Settings = PlatformSettingValues, Options = Readonly<Record<string, unknown>>> {
  caption: string;
  media: MediaDescriptor;
  /** The target's stored options (validated against `composer.options` when saved), typed from that schema. */
  options: Options;
  account: { remoteAccountId: string; capabilities: Readonly<Record<string, unknown>> };
  /** This platform's settings (its `settings` spec, resolved by the app's typed config). */
  settings: Settings;
  /**
   * Whether the media link the app resolved (never a URL from the user) starts with one of these
   * normalised URL prefixes, e.g. the ones the operator verified with the platform (pull from URL).
   */
  mediaUrlUnder(prefixes: readonly string[]): boolean;
}

/** What a publisher is built from: the token source, and this platform's settings (where its hosts are, its API version…). */
export interface PublisherDeps<Settings = PlatformSettingValues> {
  tokenProvider: TokenProvider;
  settings: Settings;
  /** The account the job publishes to, when known: how it was connected may pick the host (its `capabilities`). */
  account?: { capabilities: Readonly<Record<string, unknown>> };
}

/**
 * `S`: its steps; `C`: its checkpoint; `Spec`: its settings; `Schema`: its composer options (the
 * stored options `publishInput` reads are typed from it); `O`: its publisher's options, declared in
 * its folder (`PublishInput<O>`, what `publishInput` builds and its publisher reads).
 */
export interface PlatformDescriptor<
  S extends string = string,
  C extends Checkpoint = Checkpoint,
  Spec extends PlatformSettingsSpec = PlatformSettingsSpec,
  Schema extends ComposerOptionsSchema = ComposerOptionsSchema,
  O extends object = object,
> {
  id: Platform;
  displayName: string;
  /**
   * Its environment variables (client keys, host URLs, quotas…): the app's typed config reads and
   * checks them for every registered platform and hands the result to `oauth.createProvider`,
   * `createPublisher` and `publishInput` as `settings`.
   */
  settings: Spec;
  /** Every step the publisher emits, and the lane status it shows. */
  steps: Readonly<Record<S, StepLaneStatus>>;
  /** Steps that read the media bytes (the caller passes a MediaSource). */
  mediaSteps: readonly S[];
  limits: readonly PlatformRateLimit[];
  composer: {
    options: Schema;
    /** Options against what the account allows (its stored capabilities); empty when it cannot tell. */
    checkAccount?(options: Readonly<Record<string, unknown>>, capabilities: Readonly<Record<string, unknown>>, handle: string): AccountOptionProblem[];
    /**
     * Options a post made without a person (an automation's re-post) must carry, where the
     * composer would otherwise ask: what is missing or not allowed for this account.
     */
    checkUnattended?(options: Readonly<Record<string, unknown>>, capabilities: Readonly<Record<string, unknown>>, handle: string): AccountOptionProblem[];
  };
  caption: CaptionRules;
  media: MediaRules;
  oauth: OAuthFlavour<SettingsOf<Spec>>;
  /**
   * Other ways to connect the same platform, by key (`?flavour=<key>` on connect): e.g. a login
   * through another vendor that unlocks other endpoints. `oauth` stays the default.
   */
  oauthFlavours?: Readonly<Record<string, OAuthFlavour<SettingsOf<Spec>>>>;
  /** Vendor answers -> error classes (the platform's errors.ts). */
  errors: Readonly<Record<string, Readonly<Record<string, ErrorEntry>>>>;
  links: {
    /** The limit a link lookup spends (its key in `limits`), when it spends one. */
    lookupLimitKey?: string;
    /** Why there is no link when the platform gave none within the deadline. */
    deadlineReason: string;
  };
  publishInput(args: PublishInputArgs<SettingsOf<Spec>, ComposerOptionValues<Schema>>): PublishInput<O>;
  createPublisher(deps: PublisherDeps<SettingsOf<Spec>>): Publisher<C, O>;
  /** Reading our own posts' results (issue 21, analytics.ts); absent: the platform has no analytics yet. */
  analytics?: PlatformAnalytics<SettingsOf<Spec>>;
  /** Its official trend sources (issue 33, trend-source.ts, `<platform>/trends.ts`); absent: none. */
  trendSources?: readonly TrendSourceDescriptor<SettingsOf<Spec>>[];
}

/** Any platform's descriptor, as the registry lists them. */
export type AnyPlatformDescriptor = PlatformDescriptor<string, Checkpoint>;

/**
 * One platform's settings, typed by its descriptor's spec, out of every platform's (the typed
 * config's `platforms`) — for code that belongs to one platform (its automations).
 */
export function platformSettings<Spec extends PlatformSettingsSpec>(all: PlatformSettingsById, descriptor: { id: string; settings: Spec }): SettingsOf<Spec> {
  const settings = all[descriptor.id];
  if (!settings) throw new Error(`no settings for ${descriptor.id}: the typed config reads them for every registered platform`);
  // The typed config resolved these from this very spec (apps/api config, readPlatformSettings).
  return settings as SettingsOf<Spec>;
}

/** Problems of one target's options against a schema: `{ field: option name, message }`. */
export function validateComposerOptions(schema: ComposerOptionsSchema, options: Readonly<Record<string, unknown>>): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  for (const [field, value] of Object.entries(options)) {
    const spec = schema.fields[field];
    if (value === undefined || !spec) continue;
    const bad = (message: string) => problems.push({ field, message: `${field} ${message}` });
    switch (spec.type) {
      case 'boolean':
        if (typeof value !== 'boolean') bad('must be true or false');
        break;
      case 'enum':
        if (typeof value !== 'string' || !spec.values.includes(value)) bad(`must be one of ${spec.values.join(', ')}`);
        break;
      case 'integer':
        if (typeof value !== 'number' || !Number.isInteger(value)) bad('must be an integer');
        else if (spec.min !== undefined && value < spec.min) bad(`must be at least ${spec.min}`);
        else if (spec.max !== undefined && value > spec.max) bad(`must be at most ${spec.max}`);
        break;
      case 'url': {
        let protocol: string | undefined;
        try {
          protocol = typeof value === 'string' ? new URL(value).protocol.replace(/:$/, '') : undefined;
        } catch {
          protocol = undefined;
        }
        if (!protocol || !spec.protocols.includes(protocol)) bad(`must be an ${spec.protocols.join(' or ')} URL`);
        break;
      }
      case 'list': {
        const pattern = new RegExp(spec.itemPattern, 'u');
        if (!Array.isArray(value)) bad('must be a list');
        else if (value.length > spec.maxItems) bad(`must have at most ${spec.maxItems} items`);
        else if (spec.unique && new Set(value).size !== value.length) bad('must not repeat an item');
        else if (value.some((v) => typeof v !== 'string' || !pattern.test(v))) problems.push({ field, message: spec.itemMessage });
        break;
      }
      case 'text':
        if (typeof value !== 'string') bad('must be text');
        else if ([...value].length > spec.maxLength) bad(`must be at most ${spec.maxLength} characters`);
        else if (!new RegExp(spec.itemPattern, 'u').test(value)) problems.push({ field, message: spec.itemMessage });
        break;
    }
  }
  for (const rule of schema.rules) {
    const then = options[rule.then.field];
    if (options[rule.if.field] === rule.if.equals && then !== undefined && rule.then.notIn.includes(then))
      problems.push({ field: rule.then.field, message: rule.message });
  }
  return problems;
}
