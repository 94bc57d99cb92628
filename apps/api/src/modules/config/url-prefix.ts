/**
 * URL-prefix properties (e.g. a platform's pull-from-URL prefixes, platform-apis.md §1.5): `https://host/path/`, and a
 * URL is covered only when it starts with exactly that prefix. Both sides are compared in their
 * WHATWG-normalised form (scheme and host lower-cased, default port dropped, `..` and `%2e%2e`
 * segments resolved), so `https://Media.example.com:443/v/../x` is not taken for `https://media.example.com/v/`.
 */

/** The normalised prefix, or an error message naming what is wrong with it. */
export function normalizeUrlPrefix(raw: string): { prefix: string } | { error: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { error: `${JSON.stringify(raw)} is not a URL` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: `${JSON.stringify(raw)} must be an http(s) URL` };
  if (url.username || url.password) return { error: `${JSON.stringify(raw)} must not carry a user name or password` };
  if (url.search || url.hash || raw.includes('?') || raw.includes('#')) return { error: `${JSON.stringify(raw)} must not have a query or fragment` };
  if (!url.pathname.endsWith('/')) return { error: `${JSON.stringify(raw)} must end with "/" (a URL prefix property is https://host/path/)` };
  return { prefix: url.href };
}

/** Whether `link` (a URL we produced, never one a user typed) starts with one of the normalised prefixes. */
export function matchesUrlPrefix(link: string | undefined, prefixes: readonly string[]): boolean {
  if (!link || prefixes.length === 0) return false;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  const href = url.href;
  return prefixes.some((prefix) => href.startsWith(prefix));
}
