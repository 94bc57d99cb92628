import type { Rng } from '../core/rng.js';

export const FAULT_KINDS = [
  'http_500',
  'http_502',
  'http_503',
  'rate_limit_429',
  'connection_reset',
  'timeout_before',
  'timeout_after',
  'truncated_json',
  'slow',
  'stuck_processing',
  'token_revoked',
  'content_rejected',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultMatcher {
  /** Host key, e.g. 'tiktok', 'tiktok-upload', 'instagram-graph'. */
  host?: string;
  /** Endpoint name ('tiktok.video.init') or a prefix ending in '*' ('tiktok.*'). */
  endpoint?: string;
  method?: string;
  pathContains?: string;
}

export interface FaultRuleInput {
  match?: FaultMatcher;
  kind: FaultKind;
  /** Fire with this probability per matching call (seeded RNG). */
  probability?: number;
  /** Fire on the Nth matching call (1-based). */
  nth?: number;
  /** Max number of firings (default 1 with nth, unlimited otherwise). */
  count?: number;
  /** slow: response delay; timeouts: how long to hang before destroying the socket. */
  delayMs?: number;
  /** rate_limit_429 / http_503: Retry-After seconds. */
  retryAfterSec?: number;
  /** Answer http_500/503 with an HTML page instead of the platform's JSON. */
  html?: boolean;
}

export interface FaultRule extends FaultRuleInput {
  id: string;
  match: FaultMatcher;
  seen: number;
  fired: number;
}

export interface ActiveFault {
  kind: FaultKind;
  delayMs?: number;
  retryAfterSec?: number;
  html?: boolean;
  source: string;
}

export function isFaultKind(v: unknown): v is FaultKind {
  return typeof v === 'string' && (FAULT_KINDS as readonly string[]).includes(v);
}

/** `x-sandbox-fault: rate_limit_429; retry-after=3` or `slow; delay=250`. */
export function parseFaultHeader(value: string): ActiveFault | string {
  const [kindRaw, ...rest] = value.split(';').map((s) => s.trim());
  if (!isFaultKind(kindRaw)) return `unknown fault kind '${kindRaw ?? ''}'; kinds: ${FAULT_KINDS.join(', ')}`;
  const fault: ActiveFault = { kind: kindRaw, source: 'header' };
  for (const part of rest) {
    const [k, v] = part.split('=').map((s) => s.trim());
    const n = Number(v);
    if (k === 'delay' || k === 'delay-ms') fault.delayMs = n;
    else if (k === 'retry-after') fault.retryAfterSec = n;
    else if (k === 'html') fault.html = v !== 'false';
  }
  return fault;
}

export function validateRule(input: unknown, id: string): FaultRule | string {
  if (!input || typeof input !== 'object') return 'rule must be an object';
  const r = input as Record<string, unknown>;
  if (!isFaultKind(r['kind'])) return `kind must be one of ${FAULT_KINDS.join(', ')}`;
  const match = (r['match'] ?? {}) as Record<string, unknown>;
  if (typeof match !== 'object' || Array.isArray(match)) return 'match must be an object';
  for (const key of Object.keys(match)) {
    if (!['host', 'endpoint', 'method', 'pathContains'].includes(key)) return `unknown matcher field '${key}'`;
    if (typeof match[key] !== 'string') return `match.${key} must be a string`;
  }
  const num = (k: string, min: number, max: number): number | undefined | string => {
    const v = r[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) return `${k} must be a number in [${min}, ${max}]`;
    return v;
  };
  const probability = num('probability', 0, 1);
  const nth = num('nth', 1, Number.MAX_SAFE_INTEGER);
  const count = num('count', 1, Number.MAX_SAFE_INTEGER);
  const delayMs = num('delayMs', 0, 600_000);
  const retryAfterSec = num('retryAfterSec', 0, 86_400);
  for (const v of [probability, nth, count, delayMs, retryAfterSec]) if (typeof v === 'string') return v;
  const rule: FaultRule = { id, kind: r['kind'], match: match as FaultMatcher, seen: 0, fired: 0 };
  if (typeof probability === 'number') rule.probability = probability;
  if (typeof nth === 'number') rule.nth = nth;
  if (typeof count === 'number') rule.count = count;
  if (typeof delayMs === 'number') rule.delayMs = delayMs;
  if (typeof retryAfterSec === 'number') rule.retryAfterSec = retryAfterSec;
  if (r['html'] === true) rule.html = true;
  return rule;
}

function matches(m: FaultMatcher, host: string, endpoint: string, method: string, path: string): boolean {
  if (m.host && m.host !== host) return false;
  if (m.method && m.method.toUpperCase() !== method) return false;
  if (m.pathContains && !path.includes(m.pathContains)) return false;
  if (m.endpoint) {
    if (m.endpoint.endsWith('*')) {
      if (!endpoint.startsWith(m.endpoint.slice(0, -1))) return false;
    } else if (m.endpoint !== endpoint) return false;
  }
  return true;
}

/** Picks the first rule that fires for this call; every matching rule counts the call. */
export function pickFault(rules: FaultRule[], rng: Rng, host: string, endpoint: string, method: string, path: string): ActiveFault | undefined {
  let chosen: ActiveFault | undefined;
  for (const rule of rules) {
    if (!matches(rule.match, host, endpoint, method, path)) continue;
    rule.seen += 1;
    if (chosen) continue;
    const maxFirings = rule.count ?? (rule.nth !== undefined ? 1 : Infinity);
    if (rule.fired >= maxFirings) continue;
    let fire: boolean;
    if (rule.nth !== undefined) fire = rule.seen >= rule.nth;
    else if (rule.probability !== undefined) fire = rng.next() < rule.probability;
    else fire = true;
    if (!fire) continue;
    rule.fired += 1;
    chosen = { kind: rule.kind, source: rule.id };
    if (rule.delayMs !== undefined) chosen.delayMs = rule.delayMs;
    if (rule.retryAfterSec !== undefined) chosen.retryAfterSec = rule.retryAfterSec;
    if (rule.html) chosen.html = true;
  }
  return chosen;
}
