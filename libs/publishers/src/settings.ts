/**
 * A platform's own settings (issue 19): the environment variables its descriptor declares — names,
 * defaults, which are secrets, how they are checked. The app's typed config (the only reader of
 * process.env) reads them for every platform in the registry, so adding a platform adds no
 * variable, field or type outside its folder. docs/adding-a-platform.md shows one.
 */

/** Where the platform hosts are: the real ones, or the simulators of the in-process sandbox. */
export type PlatformMode = 'sandbox' | 'live';

interface SettingBase {
  /** The environment variable. Names are stable: the README, docker-compose, .ci/run and the e2e server use them. */
  env: string;
  /** Never logged nor shown (client secrets, webhook tokens). */
  secret?: boolean;
}

/**
 * - `url`: an http(s) base URL; unset, the real host (`live`) or, in sandbox mode, the sandbox
 *   root followed by `sandboxPath` (the simulator's host in libs/platform-sandbox).
 * - `string`: optional text, `pattern`-checked; unset, `default`, or `sandboxDefault` in sandbox
 *   mode (the sandbox's demo client). `pairedWith`: the other setting of a pair (client key and
 *   secret) — both are set or neither.
 * - `integer`: at least `min`; unset, `default`.
 * - `url_prefixes`: a comma list of URL prefixes (`https://host/path/`), normalised; unset, none.
 */
export type PlatformSetting = SettingBase &
  (
    | { type: 'url'; live: string; sandboxPath: string }
    | {
        type: 'string';
        /** A regular expression source the whole value must match, and what the error says after the name. */
        pattern?: { source: string; message: string };
        default?: string;
        sandboxDefault?: string;
        pairedWith?: string;
      }
    | { type: 'integer'; min: number; default: number }
    | { type: 'url_prefixes' }
  );

/** A platform's settings: its key in the resolved settings -> the variable it is read from. */
export type PlatformSettingsSpec = Readonly<Record<string, PlatformSetting>>;

type SettingValue<S extends PlatformSetting> = S extends { type: 'url' }
  ? string
  : S extends { type: 'integer' }
    ? number
    : S extends { type: 'url_prefixes' }
      ? readonly string[]
      : S extends { default: string }
        ? string
        : string | undefined;

/** The resolved settings of a spec, as the typed config hands them to the platform's code. */
export type SettingsOf<Spec extends PlatformSettingsSpec> = { readonly [K in keyof Spec]: SettingValue<Spec[K]> };

/** Any platform's resolved settings. */
export type PlatformSettingValues = SettingsOf<PlatformSettingsSpec>;

/** Every registered platform's resolved settings, keyed by the registry's platform id. */
export type PlatformSettingsById = Readonly<Record<string, PlatformSettingValues>>;
