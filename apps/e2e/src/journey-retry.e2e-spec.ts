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
  waitForLaneStatus,
} from './journey-steps';

/** Instagram's Graph error code 2 ("Service temporarily unavailable"), as the publisher explains it. */
// The platform's reason, and that every automatic attempt was used (the retry promise is dropped).
const OUTAGE_REASON = 'Instagram’s service is down for a moment. Gave up after 8 attempts: use Retry once the problem is solved.';

interface FaultRule {
  id: string;
  fired: number;
}

describe('a failed Instagram publication, retried by hand, in headless Chromium', () => {
  // Short backoff: the 8 automatic attempts against the outage take seconds, not half an hour.
  const journey = journeyFixture('journey-retry', { JOB_BACKOFF_BASE_MS: '100', JOB_BACKOFF_CAP_MS: '400' });
  const { artifacts } = journey;
  const faults = () => `${journey.server.url}/sandbox/__sandbox/faults`;

  it('an Instagram outage fails the lane with its reason → the outage ends → Retry → Posted live', async () => {
    expect(hasFfmpeg()).toBe(true);
    const video = makeVideo();
    const { page, errors } = await pageWithErrors(journey.browser);

    await page.goto(`${journey.server.url}/`);
    await createOwnerInBrowser(page);
    await page.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();
    await connectAccounts(page, ['Instagram']);

    // An Instagram outage at the publisher's first call (the publishing quota read) until told
    // otherwise: every attempt stops there, so no container is created and the job runs out of
    // attempts (Failed with a reason) rather than of containers (which asks a person to review).
    const outage = { match: { host: 'instagram-graph', method: 'GET', pathContains: '/content_publishing_limit' }, kind: 'http_503' };
    const added = await fetch(faults(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(outage) });
    expect(added.status).toBe(201);

    const itemId = await composeAndPostNow(page, { video: video.file, platforms: ['Instagram'], caption: 'Retry journey #launch', artifacts, then: 'post' });
    expect(itemId).toBeDefined();
    const lane = laneOf(page, 'Instagram');
    await lane.waitFor();
    // What the API knows, for a timeout's error message.
    const explain = async () => {
      const item = await apiFromBrowser<{ status: string; publications: { id: string }[] }>(page, 'GET', `/api/content-items/${itemId!}`);
      return {
        item: item.status,
        publications: await Promise.all(item.publications.map((p) => apiFromBrowser(page, 'GET', `/api/publications/${p.id}`))),
        faults: await (await fetch(faults())).json(),
      };
    };
    await artifacts.screenshot(page, 'post-scheduled');

    // "Post now" leaves a minute to change one's mind; then the attempts run out against the outage.
    await waitForLaneStatus(lane, 'failed', 150_000, explain);
    await lane.getByText(OUTAGE_REASON, { exact: true }).waitFor();
    await artifacts.screenshot(page, 'failed-with-reason');
    const rules = (await (await fetch(faults())).json()) as { data: FaultRule[] };
    expect(rules.data[0]?.fired).toBe(8);

    // The outage is over; a person retries, with no reload from here on.
    expect((await fetch(faults(), { method: 'DELETE' })).status).toBe(200);
    await lane.getByRole('button', { name: /^Retry @\S+ on Instagram$/ }).click();
    await lane.getByText(OUTAGE_REASON).waitFor({ state: 'detached' });
    await artifacts.screenshot(page, 'retried');
    await waitForLaneStatus(lane, 'posted', 150_000, explain);
    await artifacts.screenshot(page, 'posted');
    const permalink = lane.getByRole('link', { name: 'View on Instagram' });
    await permalink.waitFor();
    expect(await permalink.getAttribute('href')).toMatch(/^https?:\/\//);
    expect(errors).toEqual([]);
    await page.close();
    video.remove();
  });
});
