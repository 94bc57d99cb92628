import { createOwnerInBrowser } from './browser';
import {
  apiFromBrowser,
  composeAndPostNow,
  connectAccounts,
  hasFfmpeg,
  journeyFixture,
  laneOf,
  makeVideo,
  pageWithErrors,
  type JourneyStore,
} from './journey-steps';

/** What `/api/system` must report for each store: proof the journey ran where it says. */
const EXPECTED_SYSTEM: Record<JourneyStore, { database: string; queueDriver: string; roles: string[] }> = {
  embedded: { database: 'pglite', queueDriver: 'postgres', roles: ['api', 'worker', 'scheduler'] },
  // The API process posts nothing itself: the lanes can only reach Posted through the worker process.
  'postgres-redis': { database: 'postgres', queueDriver: 'bullmq', roles: ['api'] },
};

describe.each<[string, JourneyStore, string]>([
  ['the embedded database', 'embedded', 'journey-post'],
  ['PostgreSQL + Redis, API and worker in separate processes', 'postgres-redis', 'journey-post-postgres-redis'],
])('the marketer journey in headless Chromium on %s', (_name, store, artifactsName) => {
  const journey = journeyFixture(artifactsName, {}, store);
  const { artifacts } = journey;

  it('setup → connect TikTok and Instagram → upload → compose both → post → lanes reach Posted live', async () => {
    expect(hasFfmpeg()).toBe(true);
    const video = makeVideo();
    const { page, errors } = await pageWithErrors(journey.browser);

    await page.goto(`${journey.server.url}/`);
    await createOwnerInBrowser(page);
    await page.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();
    const system = await apiFromBrowser<{ database: string; queueDriver: string; roles: string[] }>(page, 'GET', '/api/system');
    expect({ database: system.database, queueDriver: system.queueDriver, roles: [...system.roles].sort() }).toEqual({
      ...EXPECTED_SYSTEM[store],
      roles: [...EXPECTED_SYSTEM[store].roles].sort(),
    });

    await connectAccounts(page, ['TikTok', 'Instagram']);
    await artifacts.screenshot(page, 'accounts');

    await composeAndPostNow(page, {
      video: video.file,
      platforms: ['TikTok', 'Instagram'],
      caption: 'Journey test #launch @friend',
      instagramAudio: 'Journey Beat',
      artifacts,
    });
    const instagramLane = laneOf(page, 'Instagram');
    await laneOf(page, 'TikTok')
      .waitFor()
      .catch(async (error: unknown) => {
        await artifacts.screenshot(page, 'no-lane');
        throw new Error(`${String(error)}\nat ${page.url()}, on screen: ${await page.locator('main').innerText()}`);
      });
    await artifacts.screenshot(page, 'queue-scheduled');
    // No reload from here on: the lanes move by themselves.
    await page.waitForFunction(() => document.querySelectorAll('.lane[data-status="posted"]').length >= 2, undefined, { timeout: 150_000, polling: 500 });
    await artifacts.screenshot(page, 'queue-posted');
    // TikTok gives a post id (and so a link) only once moderation made the post public; Instagram links at once.
    const permalink = instagramLane.getByRole('link', { name: 'View on Instagram' });
    await permalink.waitFor();
    expect(await permalink.getAttribute('href')).toMatch(/^https?:\/\//);
    // The Reel's audio name, typed in the composer, reached Instagram as audio_name.
    const created = (await (await fetch(`${journey.server.url}/sandbox/__sandbox/requests?endpoint=instagram.media.create`)).json()) as {
      data: { status: number; body: unknown }[];
    };
    expect(created.data.filter((r) => r.status === 200).map((r) => (r.body as Record<string, unknown>)['audio_name'])).toContain('Journey Beat');
    expect(errors).toEqual([]);
    await page.close();
    video.remove();
  });
});
