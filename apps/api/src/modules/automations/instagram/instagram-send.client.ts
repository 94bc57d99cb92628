import { Inject, Injectable } from '@nestjs/common';

import { instagramPlatform, platformSettings, sendToPlatform } from '@mwr/publishers';

import { APP_CONFIG, type AppConfig } from '../../config/index.js';

export type SendRecipient = { id: string } | { comment_id: string };

export type SendResult = { ok: true; messageId: string } | { ok: false; status: number; code: number | null; subcode: number | null; message: string };

/**
 * The Instagram Send API (platform-apis.md §5.1): the only outbound messaging call of the product.
 * It takes exactly one recipient, a person who wrote first or whose comment we answer privately;
 * callers pass ComplianceRules before reaching it.
 */
@Injectable()
export class InstagramSendClient {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async send(igUserId: string, accessToken: string, recipient: SendRecipient, text: string): Promise<SendResult> {
    const { graphBaseUrl, graphApiVersion } = platformSettings(this.config.platforms, instagramPlatform);
    const url = `${graphBaseUrl.replace(/\/+$/, '')}/${graphApiVersion}/${encodeURIComponent(igUserId)}/messages`;
    const res = await sendToPlatform(
      url,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ recipient, message: { text } }),
      },
      { timeoutMs: 10_000 },
    );
    if (!res.ok) return { ok: false, status: 0, code: null, subcode: null, message: res.message };
    const body = parseObject(res.text) as { message_id?: string; error?: { code?: number; error_subcode?: number; message?: string } };
    if (res.status >= 200 && res.status < 300 && typeof body.message_id === 'string') return { ok: true, messageId: body.message_id };
    return {
      ok: false,
      status: res.status,
      code: body.error?.code ?? null,
      subcode: body.error?.error_subcode ?? null,
      message: body.error?.message ?? `HTTP ${res.status}`,
    };
  }
}

function parseObject(text: string): object {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? value : {};
  } catch {
    return {};
  }
}
