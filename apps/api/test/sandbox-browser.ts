/**
 * The browser's part of an OAuth dance with the sandbox consent pages, over plain HTTP: the page's
 * form posts back to its own URL with the query as hidden fields plus the user's choice.
 */
export async function consent(authorizeUrl: string, choice: { decision: 'approve' | 'deny'; field: 'open_id' | 'ig_user_id'; value?: string }): Promise<URL> {
  const page = await fetch(authorizeUrl);
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${await page.text()}`);
  const html = await page.text();
  const value = choice.value ?? /name="(?:open_id|ig_user_id)" value="([^"]+)"/.exec(html)?.[1];
  const fields = new URLSearchParams(new URL(authorizeUrl).search);
  fields.set('decision', choice.decision);
  if (value) fields.set(choice.field, value);
  const res = await fetch(authorizeUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
    redirect: 'manual',
  });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`consent answered ${res.status} without a redirect: ${await res.text()}`);
  return new URL(location);
}
