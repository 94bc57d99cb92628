/**
 * Steps the Chromium journeys share: a real video, connecting sandbox accounts through their
 * consent pages, composing a post, the lanes of a post, authenticated API calls from the
 * browser's session, and screenshots kept as test artifacts.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import AxeBuilder from '@axe-core/playwright';
import type { Browser, Locator, Page } from 'playwright-core';

import { launchChromium } from './browser';
import { freshDatabase } from './postgres';
import { freePort, ROOT, runApi, startServer, tempDataDir, waitForReady, type ServerProcess } from './server-process';

export type PlatformName = 'TikTok' | 'Instagram';

export interface Artifacts {
  dir: string;
  /** A numbered full-page PNG, so the files sort in the order the journey took them. */
  screenshot(page: Page, name: string): Promise<void>;
}

/**
 * Screenshots of one journey in `$E2E_ARTIFACTS_DIR/<journey>/` (default apps/e2e/artifacts/,
 * ignored by git), emptied first so a CI run keeps only its own.
 */
export function journeyArtifacts(journey: string): Artifacts {
  const dir = join(process.env.E2E_ARTIFACTS_DIR ?? join(ROOT, 'apps/e2e/artifacts'), journey);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let shot = 0;
  return {
    dir,
    screenshot: async (page, name) => {
      shot += 1;
      await page.screenshot({ path: join(dir, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
    },
  };
}

export interface JourneyFixture {
  artifacts: Artifacts;
  /** Set once the describe block's beforeAll ran: the process serving the API and the SPA. */
  server: ServerProcess;
  browser: Browser;
}

/**
 * What a journey runs on. `embedded`: one process with every role on the embedded database and
 * the Postgres queue driver (`npm start`). `postgres-redis`: a fresh PostgreSQL database of its
 * own on 127.0.0.1:5432, BullMQ on Redis, and two processes sharing them (and the data
 * directory, so media and generated keys): the API (`ROLES=api`) and a worker
 * (`ROLES=worker,scheduler`) whose platform URLs point at the API's in-process sandbox.
 */
export type JourneyStore = 'embedded' | 'postgres-redis';

/**
 * Redis database of the split journey's BullMQ queue: one no other suite uses (worker-crash has 10,
 * the queue bench 11), so no other run's worker takes its messages and nothing shared is flushed.
 */
export const JOURNEY_REDIS_URL = 'redis://127.0.0.1:6379/12';

/**
 * What every journey runs on, for the describe block it is called in: the built product (its own
 * data directory, the sandbox platforms; `env` on top) on `store`, and one Chromium; all stopped
 * after it (the database dropped), and the screenshots' folder logged.
 */
export function journeyFixture(journey: string, env: Record<string, string> = {}, store: JourneyStore = 'embedded'): JourneyFixture {
  const data = tempDataDir();
  const fixture = { artifacts: journeyArtifacts(journey) } as JourneyFixture;
  let database: ReturnType<typeof freshDatabase> | undefined;
  let worker: ReturnType<typeof runApi> | undefined;
  beforeAll(async () => {
    if (store === 'embedded') {
      fixture.server = await startServer({ DATA_DIR: data.dir, ...env });
    } else {
      database = freshDatabase(journey.replace(/\W/g, '_'));
      const shared = { DATA_DIR: data.dir, DATABASE_URL: database.url, REDIS_URL: JOURNEY_REDIS_URL, ...env };
      // The API first: it applies the migrations and writes the generated keys the worker reads.
      fixture.server = await startServer({ ...shared, ROLES: 'api' });
      const port = await freePort();
      worker = runApi({ ...shared, ROLES: 'worker,scheduler', PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: fixture.server.url });
      await waitForReady(`http://127.0.0.1:${port}`, worker.exited, worker.output);
    }
    fixture.browser = await launchChromium();
  });
  afterAll(async () => {
    await fixture.browser?.close();
    if (worker && worker.child.exitCode === null) worker.child.kill('SIGTERM');
    await worker?.exited;
    await fixture.server?.stop();
    // The server's own log (warnings and worse) beside the screenshots: what a failed run leaves to read.
    if (fixture.server) writeFileSync(join(fixture.artifacts.dir, 'server.log'), fixture.server.output());
    if (worker) writeFileSync(join(fixture.artifacts.dir, 'worker.log'), worker.output());
    database?.drop();
    data.remove();
    console.log(`journey screenshots: ${fixture.artifacts.dir}`);
  });
  return fixture;
}

/** A new page that records the SPA's uncaught errors (a journey ends by expecting none). */
export async function pageWithErrors(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

/** axe on the page as it is: every violation, whatever its impact, listed by rule and target. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

export function hasFfmpeg(): boolean {
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A real tiny H.264 MP4 (the API probes uploads): 3 s of test pattern, vertical, in a temp dir. */
export function makeVideo(): { file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mwr-video-'));
  const file = join(dir, 'journey.mp4');
  execFileSync('ffmpeg', [
    '-y',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=1080x1920:rate=30',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=44100',
    '-t',
    '3',
    '-pix_fmt',
    'yuv420p',
    '-c:v',
    'libx264',
    '-c:a',
    'aac',
    '-shortest',
    '-movflags',
    '+faststart',
    file,
  ]);
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function mainNavLink(page: Page, name: string): Locator {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

/** Accounts page → Connect → the sandbox's consent page → back with the "connected" banner. */
export async function connectAccounts(page: Page, platforms: readonly PlatformName[]): Promise<void> {
  for (const platform of platforms) {
    await mainNavLink(page, 'Accounts').click();
    await page
      .getByRole('button', { name: `Connect ${platform}` })
      .first()
      .click();
    // The sandbox's consent pages: TikTok says "Approve", Instagram "Allow".
    await page.getByRole('button', { name: /^(Approve|Allow)$/ }).click();
    await page.waitForURL(/\/accounts$/);
    await page.getByText(new RegExp(`${platform} account @\\S+ connected`)).waitFor();
  }
}

/**
 * Queue → New post → upload → tick the platforms → caption → Post now → "Scheduled for" → the
 * queue, or the post's own page (`then: 'post'`). Returns the item's id on the post page.
 */
export async function composeAndPostNow(
  page: Page,
  options: {
    video: string;
    platforms: readonly PlatformName[];
    caption: string;
    artifacts: Artifacts;
    then?: 'queue' | 'post';
    /** The Reel's audio name (Instagram's composer option). */
    instagramAudio?: string;
  },
): Promise<string | undefined> {
  const { artifacts } = options;
  await mainNavLink(page, 'Queue').click();
  await page.getByRole('link', { name: 'New post' }).click();
  await page.getByRole('heading', { level: 1, name: 'New post' }).waitFor();
  await page.getByLabel('Video file').setInputFiles(options.video);
  await page.getByText(/Uploaded \(/).waitFor();
  await artifacts.screenshot(page, 'uploaded');
  await page.getByText(/· ready/).waitFor();

  for (const platform of options.platforms) await page.getByLabel(new RegExp(`on ${platform}$`)).check();
  await page.getByRole('region', { name: 'Quality checks per platform' }).waitFor();
  if (options.platforms.includes('TikTok')) {
    const privacy = page.getByLabel('Who can view this video');
    const choices = await privacy.locator('option:not([disabled])').allTextContents();
    expect(choices.length).toBeGreaterThan(0);
    await privacy.selectOption({ label: choices.includes('Everyone') ? 'Everyone' : choices[0]! });
  }
  await page.getByLabel('Caption', { exact: true }).fill(options.caption);
  if (options.instagramAudio !== undefined) await page.getByLabel('Audio name (optional)', { exact: true }).fill(options.instagramAudio);
  if (options.platforms.includes('TikTok')) await page.getByText("By posting, you agree to TikTok's Music Usage Confirmation.").waitFor();
  await page.getByLabel('Post now').check();
  await artifacts.screenshot(page, 'composed');
  await page.getByRole('button', { name: 'Post now' }).click();
  await page
    .getByText(/Scheduled for/)
    .waitFor()
    .catch(async (error: unknown) => {
      await artifacts.screenshot(page, 'submit-failed');
      const problems = await page.locator('[role="alert"], .form-errors').allTextContents();
      throw new Error(`${String(error)}\nOn screen: ${problems.join(' | ')}`);
    });
  await artifacts.screenshot(page, 'scheduled');

  if (options.then === 'post') {
    await page.getByRole('link', { name: 'Open the post' }).click();
    await page.waitForURL(/\/posts\/[0-9a-f-]{36}$/);
    return /\/posts\/([0-9a-f-]{36})$/.exec(page.url())![1];
  }
  await page.getByRole('link', { name: 'Go to the queue' }).click();
  await page.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();
  return undefined;
}

/** The first lane of a platform (queue, post detail). */
export function laneOf(page: Page, platform: PlatformName): Locator {
  return page.getByRole('group', { name: new RegExp(`^Lane of @.+ on ${platform}$`) }).first();
}

/**
 * Waits until a lane shows a status (`posted`, `failed`…) without reloading the page. On a
 * timeout the error says what the lane showed and, when given, what the API knows.
 */
export async function waitForLaneStatus(lane: Locator, status: string, timeoutMs: number, explain?: () => Promise<unknown>): Promise<void> {
  try {
    await lane.and(lane.page().locator(`[data-status="${status}"]`)).waitFor({ timeout: timeoutMs });
  } catch (error) {
    const shown = await lane.evaluate((el) => `${el.getAttribute('data-status') ?? '?'}: ${el.textContent ?? ''}`).catch(() => 'no lane');
    const known = explain ? JSON.stringify(await explain().catch((e: unknown) => String(e))) : '';
    throw new Error(`${String(error)}\nLane shows ${shown}\n${known}`);
  }
}

/**
 * The API with the browser's session (cookies shared with the page) and its CSRF header, as the
 * SPA sends them. Throws with the answer on a non-2xx status.
 */
export async function apiFromBrowser<T>(page: Page, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((cookie) => cookie.name === 'mwr_csrf')?.value;
  const url = new URL(path, page.url()).toString();
  const res = await page.request.fetch(url, {
    method,
    headers: { ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { data: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok()) throw new Error(`${method} ${path} → ${res.status()}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
