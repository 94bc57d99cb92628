import { createOwnerInBrowser, UI_CEILING_MS } from './browser';
import { apiFromBrowser, connectAccounts, journeyFixture, mainNavLink } from './journey-steps';

/** The workspace plans in New York while the browser runs in Tokyo: the calendar must use the workspace's zone. */
const WORKSPACE_ZONE = 'America/New_York';
const BROWSER_ZONE = 'Asia/Tokyo';

interface Item {
  id: string;
  scheduledAt: string | null;
  scheduledAtLocal: string | null;
  version: number;
  status: string;
}

/** "YYYY-MM-DD HH:mm" of an instant on a zone's wall clock. */
function wallClock(instant: string | number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** The instant a wall-clock time ("YYYY-MM-DD", "HH:mm") has in a zone (two passes settle the offset). */
function zonedInstant(day: string, time: string, timeZone: string): number {
  const wanted = Date.parse(`${day}T${time}:00Z`);
  let instant = wanted;
  for (let pass = 0; pass < 2; pass++) {
    const shown = Date.parse(`${wallClock(instant, timeZone).replace(' ', 'T')}:00Z`);
    instant += wanted - shown;
  }
  return instant;
}

describe('rescheduling by drag and drop in the calendar, in headless Chromium', () => {
  const journey = journeyFixture('journey-calendar');
  const { artifacts } = journey;

  it('drags a scheduled post three days later: the API has the new day at the same local time in the workspace zone', async () => {
    const context = await journey.browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: BROWSER_ZONE, locale: 'en-US' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(`${journey.server.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Create the owner account' }).waitFor();
    await page.getByLabel('Time zone').selectOption(WORKSPACE_ZONE);
    await createOwnerInBrowser(page);
    await page.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();
    await connectAccounts(page, ['TikTok']);

    // A post on the 10th of next month at 09:30 in New York, moved to the 13th: always ahead, always in one month's grid.
    const nextMonth = wallClock(Date.now(), WORKSPACE_ZONE).slice(0, 7).split('-').map(Number) as [number, number];
    const month = nextMonth[1] === 12 ? `${nextMonth[0] + 1}-01` : `${nextMonth[0]}-${String(nextMonth[1] + 1).padStart(2, '0')}`;
    const fromDay = `${month}-10`;
    const toDay = `${month}-13`;
    const [account] = await apiFromBrowser<{ id: string; platform: string }[]>(page, 'GET', '/api/accounts');
    const created = await apiFromBrowser<Item>(page, 'POST', '/api/content-items', {
      title: 'Moving day',
      caption: 'Calendar journey',
      scheduledAt: new Date(zonedInstant(fromDay, '09:30', WORKSPACE_ZONE)).toISOString(),
      timeZone: WORKSPACE_ZONE,
      status: 'scheduled',
      targets: [{ accountId: account!.id }],
    });
    expect(wallClock(created.scheduledAt!, WORKSPACE_ZONE)).toBe(`${fromDay} 09:30`);

    await mainNavLink(page, 'Calendar').click();
    await page.getByRole('heading', { level: 1, name: 'Calendar', exact: true }).waitFor();
    await page.getByText(`Times in ${WORKSPACE_ZONE.replaceAll('_', ' ')}`).waitFor();
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    const dayCell = (day: string) => page.locator(`[role="gridcell"][data-day="${day}"]`);
    const chip = page.getByRole('button', { name: /Moving day/ });
    await dayCell(fromDay)
      .getByRole('button', { name: /Moving day/ })
      .waitFor();
    // The chip shows the workspace's wall clock, not the browser's (Tokyo would say 22:30 or 23:30).
    expect(
      await dayCell(fromDay)
        .getByRole('button', { name: /Moving day/ })
        .textContent(),
    ).toContain('9:30');
    await artifacts.screenshot(page, 'calendar-before');

    // Real mouse drag and drop (Chromium's native HTML5 drag events).
    await chip.dragTo(dayCell(toDay));
    await dayCell(toDay)
      .getByRole('button', { name: /Moving day/ })
      .waitFor();
    await artifacts.screenshot(page, 'calendar-dropped');

    let moved: Item | undefined;
    // Until the move is saved (the ceiling only stops a hung test).
    const deadline = Date.now() + UI_CEILING_MS;
    while (Date.now() < deadline) {
      moved = await apiFromBrowser<Item>(page, 'GET', `/api/content-items/${created.id}`);
      if (moved.version !== created.version) break;
      await page.waitForTimeout(200);
    }
    expect(moved?.version).toBe(created.version + 1);
    expect(moved?.status).toBe('scheduled');
    expect(wallClock(moved!.scheduledAt!, WORKSPACE_ZONE)).toBe(`${toDay} 09:30`);
    expect(moved!.scheduledAtLocal).toMatch(new RegExp(`^${toDay}T09:30(:00)?[+-]\\d{2}:\\d{2}$`));
    // Three days later on the wall clock: 72 h, or 71/73 h across a daylight-saving change.
    const hours = (Date.parse(moved!.scheduledAt!) - Date.parse(created.scheduledAt!)) / 3_600_000;
    expect([71, 72, 73]).toContain(hours);

    // It stays there after a reload (the server's answer, not the optimistic update).
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Calendar', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await dayCell(toDay)
      .getByRole('button', { name: /Moving day/ })
      .waitFor();
    expect(
      await dayCell(fromDay)
        .getByRole('button', { name: /Moving day/ })
        .count(),
    ).toBe(0);
    await artifacts.screenshot(page, 'calendar-after-reload');

    expect(errors).toEqual([]);
    await context.close();
  });
});
