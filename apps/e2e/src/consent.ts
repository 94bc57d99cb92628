/**
 * The browser's part of the sandbox consent page, over plain HTTP: its form posts back to its own
 * URL with the query as hidden fields plus the user's choice. Returns where the platform redirects.
 */
export async function approveConsent(authorizeUrl: string, field: 'open_id' | 'ig_user_id' = 'open_id', value?: string): Promise<URL> {
  const html = await (await fetch(authorizeUrl)).text();
  const fields = new URLSearchParams(new URL(authorizeUrl).search);
  fields.set('decision', 'approve');
  fields.set(field, value ?? new RegExp(`name="${field}" value="([^"]+)"`).exec(html)![1]!);
  const res = await fetch(authorizeUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
    redirect: 'manual',
  });
  return new URL(res.headers.get('location')!);
}
