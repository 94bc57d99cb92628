/** A fetch-based client that keeps cookies and sends the CSRF header, like the SPA. */
export class HttpSession {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly baseUrl: string,
    private readonly bearer?: string,
  ) {}

  get cookieValues(): string[] {
    return [...this.cookies.values()];
  }

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown; text: string }> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get('mwr_csrf');
    if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      const v = value.join('=');
      if (v) this.cookies.set(name!.trim(), v);
      else this.cookies.delete(name!.trim());
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed, text };
  }
}

export const OWNER = { email: 'owner@example.com', password: 'correct horse battery', name: 'Olive Owner', workspaceName: 'Acme' };
