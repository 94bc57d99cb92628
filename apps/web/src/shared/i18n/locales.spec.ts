import { describe, expect, it } from 'vitest';

import { en } from './locales/en';
import { fr } from './locales/fr';

/** "a.b.c" for every leaf; a leaf that is not a non-empty string is reported as such. */
function flatten(tree: unknown, prefix = ''): Map<string, unknown> {
  const keys = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'object' && value !== null) {
      for (const [leaf, leafValue] of flatten(value, path)) keys.set(leaf, leafValue);
    } else {
      keys.set(path, value);
    }
  }
  return keys;
}

function placeholders(text: unknown): string[] {
  return typeof text === 'string' ? [...text.matchAll(/\{\{\s*(\w+)\s*\}\}|<(\w+)>/g)].map((m) => m[1] ?? m[2] ?? '').sort() : [];
}

describe('locales', () => {
  const english = flatten(en);
  const french = flatten(fr);

  it('has every English key in French', () => {
    expect([...english.keys()].filter((key) => !french.has(key))).toEqual([]);
  });

  it('has no French key that English lacks', () => {
    expect([...french.keys()].filter((key) => !english.has(key))).toEqual([]);
  });

  it('has a non-empty text for every key in both languages', () => {
    const empty = [...english, ...french].filter(([, value]) => typeof value !== 'string' || value.trim() === '');
    expect(empty.map(([key]) => key)).toEqual([]);
  });

  it('uses the same placeholders and tags in both languages', () => {
    const mismatched = [...english].filter(([key, value]) => placeholders(value).join() !== placeholders(french.get(key)).join());
    expect(mismatched.map(([key]) => key)).toEqual([]);
  });
});
