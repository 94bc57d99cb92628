import { Inject, Injectable } from '@nestjs/common';

import { instagramPlatform, platformSettings, sendToPlatform } from '@mwr/publishers';

import { APP_CONFIG, type AppConfig } from '../../config/index.js';

/** The webhook fields the welcome DM needs: the person's DMs and the comments on the account's posts. */
export const IG_WEBHOOK_FIELDS = ['messages', 'comments'] as const;

export type SubscribeResult = { ok: true } | { ok: false; status: number; code: number | null; message: string };

/**
 * Subscribes our app to an Instagram account's webhooks (platform-apis.md §5.6, Instagram Login):
 * `POST /{ig-user-id}/subscribed_apps?subscribed_fields=messages,comments` → `{"success": true}`.
 * Without it Meta delivers nothing for the account, so the welcome DM would never hear anyone.
 */
@Injectable()
export class InstagramSubscriptionClient {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async subscribe(igUserId: string, accessToken: string, fields: readonly string[] = IG_WEBHOOK_FIELDS): Promise<SubscribeResult> {
    const { graphBaseUrl, graphApiVersion } = platformSettings(this.config.platforms, instagramPlatform);
    const url = `${graphBaseUrl.replace(/\/+$/, '')}/${graphApiVersion}/${encodeURIComponent(igUserId)}/subscribed_apps?subscribed_fields=${fields.map(encodeURIComponent).join(',')}`;
    const res = await sendToPlatform(url, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` } }, { timeoutMs: 10_000 });
    if (!res.ok) return { ok: false, status: 0, code: null, message: res.message };
    let body: { success?: boolean; error?: { code?: number; message?: string } } = {};
    try {
      body = (JSON.parse(res.text) as typeof body | null) ?? {};
    } catch {
      // not JSON: judged by the status below
    }
    if (res.status >= 200 && res.status < 300 && body.success === true) return { ok: true };
    return { ok: false, status: res.status, code: body.error?.code ?? null, message: body.error?.message ?? `HTTP ${res.status}` };
  }
}
