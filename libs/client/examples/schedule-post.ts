/**
 * Schedule a post end to end with the generated client (issue #26), against a running installation:
 *
 *   MWR_URL=http://localhost:3000 MWR_API_KEY=mwr_… MWR_VIDEO=./clip.mp4 npm run example -w @mwr/client
 *
 * The key needs the scopes content:read, content:write and accounts:read; the video goes to the
 * first connected account (MWR_ACCOUNT_ID to choose), a minute from now (MWR_IN_SECONDS), and the
 * script waits until it is live. Every response is checked by the client's generated zod schemas.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

import { createContentItem, createMwrClient, getAsset, getContentItem, listAccounts } from '@mwr/client';

const baseUrl = process.env.MWR_URL ?? 'http://localhost:3000';
const apiKey = process.env.MWR_API_KEY ?? '';
const videoPath = process.env.MWR_VIDEO ?? '';
const inSeconds = Number(process.env.MWR_IN_SECONDS ?? 60);
if (!apiKey || !videoPath) throw new Error('Set MWR_API_KEY and MWR_VIDEO (and MWR_URL unless the API is at http://localhost:3000)');

const client = createMwrClient({ baseUrl, apiKey });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// 1. The account to post to.
const accounts = (await listAccounts({ client, throwOnError: true })).data;
const account = accounts.find((a) => a.id === (process.env.MWR_ACCOUNT_ID ?? a.id));
if (!account) throw new Error('No connected account: connect one in the app first');

// 2. The video, uploaded by tus (two requests: create, then send the bytes).
const video = readFileSync(videoPath);
const tus = { authorization: `Bearer ${apiKey}`, 'tus-resumable': '1.0.0' };
const upload = await fetch(`${baseUrl}/api/uploads`, {
  method: 'POST',
  headers: { ...tus, 'upload-length': String(video.length), 'upload-metadata': `filename ${Buffer.from(basename(videoPath)).toString('base64')}` },
});
const sent = await fetch(new URL(upload.headers.get('location') ?? '', baseUrl), {
  method: 'PATCH',
  headers: { ...tus, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
  body: new Uint8Array(video),
});
const assetId = sent.headers.get('mwr-asset-id') ?? '';
while ((await getAsset({ client, path: { id: assetId }, throwOnError: true })).data.status !== 'ready') await sleep(500);

// 3. The post, scheduled (TikTok needs a privacy level; Instagram takes none).
const item = (
  await createContentItem({
    client,
    throwOnError: true,
    headers: { 'Idempotency-Key': crypto.randomUUID() },
    body: {
      title: 'Scheduled from the API',
      caption: 'Hello from @mwr/client',
      assetId,
      status: 'scheduled',
      scheduledAt: new Date(Date.now() + inSeconds * 1000).toISOString(),
      timeZone: 'UTC',
      targets: [{ accountId: account.id, options: account.platform === 'tiktok' ? { privacyLevel: 'SELF_ONLY' } : {} }],
    },
  })
).data;
console.log(`scheduled: ${item.id} at ${item.scheduledAt}`);

// 4. Wait until it is live (or failed).
for (;;) {
  const publication = (await getContentItem({ client, path: { id: item.id }, throwOnError: true })).data.publications[0];
  if (publication?.status === 'posted') {
    console.log(`posted: ${item.id} ${publication.permalink ?? ''}`);
    break;
  }
  if (publication?.status === 'failed') throw new Error(`failed: ${publication.errorCode} ${publication.errorMessage}`);
  await sleep(1_000);
}
