import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Each table has one writing module; the others call its service (house style). This pins the
 * owners of the tables #19 moved: automations (the automations module, not the war room),
 * content_items (the calendar, not assets) and workspace_events (the events module).
 */
const MODULES = __dirname;
const OWNERS: Record<string, string> = {
  automations: 'automations',
  content_items: 'calendar',
  workspace_events: 'events',
  // Approvals and comments (issue 25): the calendar reconciles approvals through ReviewsService.afterEdit.
  content_reviews: 'reviews',
  review_decisions: 'reviews',
  content_comments: 'reviews',
  // White-label (issue 25): notifications and review links read it through BrandingService.
  workspace_branding: 'branding',
  // Per-API-key rate limits (issue 26): the buckets without Redis, beside the keys they limit.
  api_key_buckets: 'api-keys',
  // The Trend Radar (issue 33): the board, its ledgers and readings.
  trend_entries: 'trends',
  trend_votes: 'trends',
  trend_items: 'trends',
  trend_settings: 'trends',
  trend_watch_terms: 'trends',
  trend_source_runs: 'trends',
  trend_observations: 'trends',
  instagram_hashtag_searches: 'trends',
  trend_spend: 'trends',
  trend_units: 'trends',
  trend_alerts: 'trends',
  trend_account_baselines: 'trends',
  trend_own_result_counts: 'trends',
  trend_recompute_marks: 'trends',
  // Seen by the analytics ingestion, listed by the radar's platform watch.
  platform_retired_metrics: 'analytics',
};
/**
 * The one exception: the scheduler's set-based statement (queue/ledger.repository.ts, SCHEDULE_DUE_SQL)
 * moves the due items to `publishing` in the same statement that creates their publications and
 * jobs — one statement for thousands of rows (house style), which a service call cannot be. Every
 * other item status the publishing side causes goes through CalendarService.
 */
const PENDING_LEDGER = new Set(['queue/ledger.repository.ts']);

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !/\.(int-)?spec\.ts$/.test(e.name) ? [join(dir, e.name)] : [],
  );

describe('table owners', () => {
  it.each(Object.entries(OWNERS))('only the %s table owner writes it', (table, owner) => {
    const write = new RegExp(`\\b(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+${table}\\b`, 'i');
    const writers = sources(MODULES)
      .map((file) => relative(MODULES, file).split('\\').join('/'))
      .filter((file) => !PENDING_LEDGER.has(file) && write.test(readFileSync(join(MODULES, file), 'utf8')))
      .map((file) => file.split('/')[0]);
    expect([...new Set(writers)]).toEqual([owner]);
  });
});
