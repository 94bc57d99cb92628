/** `/compose?item=<id>`: edit that content item instead of composing a new one. */
export interface ComposeSearch {
  item?: string;
}

/** The route's `validateSearch`: an unknown id is the item query's 404 to show, not a silent new post. */
export function validateComposeSearch(search: Record<string, unknown>): ComposeSearch {
  return typeof search.item === 'string' && search.item.trim() ? { item: search.item.trim() } : {};
}
