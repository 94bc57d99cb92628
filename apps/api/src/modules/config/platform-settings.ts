import { isURL } from 'class-validator';

import { PLATFORM_DESCRIPTORS, type PlatformMode, type PlatformSetting, type PlatformSettingsById, type PlatformSettingsSpec } from '@mwr/publishers';

import { normalizeUrlPrefix } from './url-prefix.js';

type Env = Record<string, string | undefined>;
type Value = string | number | readonly string[] | undefined;

const HTTP_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

/** The variable's value, trimmed; blank is unset. */
const raw = (env: Env, setting: PlatformSetting): string | undefined => {
  const value = env[setting.env]?.trim();
  return value ? value : undefined;
};

/** What is wrong with a set value, in the words of the other variables' errors, or undefined. */
function problem(setting: PlatformSetting, value: string): string | undefined {
  switch (setting.type) {
    case 'url':
      return isURL(value, HTTP_URL) ? undefined : 'must be an http(s) URL';
    case 'integer': {
      const ok = /^-?\d+$/.test(value) && Number(value) >= setting.min;
      return ok ? undefined : setting.min === 1 ? 'must be a positive integer' : `must be an integer of at least ${setting.min}`;
    }
    case 'string':
      return setting.pattern && !new RegExp(setting.pattern.source).test(value) ? setting.pattern.message : undefined;
    case 'url_prefixes':
      return undefined;
  }
}

function prefixes(setting: PlatformSetting, value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const result = normalizeUrlPrefix(p);
      if ('error' in result) throw new PlatformSettingsError(`${setting.env} ${result.error}`);
      return result.prefix;
    });
}

/** Raised for a problem reported on its own line (a half-set pair, a bad URL prefix); loadConfig words it. */
export class PlatformSettingsError extends Error {}

function resolve(setting: PlatformSetting, value: string | undefined, mode: PlatformMode, sandboxRoot: string): Value {
  switch (setting.type) {
    case 'url':
      return value ?? (mode === 'live' ? setting.live : `${sandboxRoot}${setting.sandboxPath}`);
    case 'integer':
      return value === undefined ? setting.default : Number(value);
    case 'url_prefixes':
      return prefixes(setting, value);
    case 'string':
      return value ?? setting.default ?? (mode === 'sandbox' ? setting.sandboxDefault : undefined);
  }
}

/**
 * Every registered platform's settings (issue 19), read from the variables its descriptor
 * declares: `problems` lists the malformed ones as "NAME must … (got "…")" for loadConfig's
 * one-line error; a half-set pair or a bad URL prefix throws PlatformSettingsError.
 * `sandboxRoot`: where the in-process sandbox answers (PLATFORM_MODE=sandbox).
 */
export function readPlatformSettings(
  env: Env,
  mode: PlatformMode,
  sandboxRoot: string,
  descriptors: readonly { id: string; settings: PlatformSettingsSpec }[] = PLATFORM_DESCRIPTORS,
): { platforms: PlatformSettingsById; problems: string[] } {
  const problems: string[] = [];
  const platforms: Record<string, Record<string, Value>> = {};
  for (const descriptor of descriptors) {
    const specs = Object.entries(descriptor.settings);
    for (const [, setting] of specs) {
      const value = raw(env, setting);
      const wrong = value === undefined ? undefined : problem(setting, value);
      if (wrong) problems.push(`${setting.env} ${wrong} (got ${JSON.stringify(env[setting.env] ?? '')})`);
    }
    if (problems.length > 0) continue;
    for (const [, setting] of specs) {
      if (setting.type !== 'string' || !setting.pairedWith) continue;
      const other = descriptor.settings[setting.pairedWith];
      if (other && (raw(env, setting) === undefined) !== (raw(env, other) === undefined)) {
        const [first, second] = [setting.env, other.env].sort();
        throw new PlatformSettingsError(`set both ${first} and ${second} or neither`);
      }
    }
    platforms[descriptor.id] = Object.fromEntries(specs.map(([key, setting]) => [key, resolve(setting, raw(env, setting), mode, sandboxRoot)]));
  }
  return { platforms, problems };
}
