import { sendJson, startSandboxServer, tiktokOk, type SandboxHandle } from './index.js';

describe('sandbox server', () => {
  let sandbox: SandboxHandle;

  beforeAll(async () => {
    sandbox = await startSandboxServer([
      (req, res) => {
        if (req.url !== '/v2/ping/') return false;
        sendJson(res, 200, tiktokOk({ pong: true }));
        return true;
      },
    ]);
  });
  afterAll(() => sandbox.close());

  it('answers a known route with the TikTok envelope over real HTTP', async () => {
    const res = await fetch(`${sandbox.url}/v2/ping/`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: unknown; error: { code: string; log_id: string } };
    expect(body.data).toEqual({ pong: true });
    expect(body.error.code).toBe('ok');
    expect(body.error.log_id).toMatch(/^\d{14}[0-9A-F]{20}$/);
  });

  it('answers an unknown route with a 404 error envelope', async () => {
    const res = await fetch(`${sandbox.url}/v2/nowhere/`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
