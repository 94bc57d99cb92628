import { createHash } from 'node:crypto';

import type { Ctx } from '../core/context.js';
import { sandboxError } from '../http/errors.js';
import { escapeHtml, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { inspectionRoute } from './helpers.js';

/**
 * Profile pictures the sandbox serves itself (issue 20: no broken images offline). The platforms'
 * own avatars live on their CDNs; a simulated account's picture is a small SVG with its initials
 * on a colour drawn from its username, at GET <basePath>/__sandbox/avatars/<username>.svg.
 */
const FILE = /^([A-Za-z0-9._-]{1,64})\.svg$/;
const PALETTE = ['#4f46e5', '#0f766e', '#b45309', '#be185d', '#1d4ed8', '#15803d', '#7c3aed', '#b91c1c'];

function initials(username: string): string {
  const words = username.split(/[._-]+/).filter(Boolean);
  const letters = words.length > 1 ? `${words[0]![0]}${words[1]![0]}` : username.slice(0, 2);
  return letters.toUpperCase();
}

/** The SVG picture of `username` (same name, same picture). */
export function avatarSvg(username: string): string {
  const colour = PALETTE[createHash('sha256').update(username).digest()[0]! % PALETTE.length]!;
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">',
    `<rect width="96" height="96" fill="${colour}"/>`,
    `<text x="48" y="60" font-family="sans-serif" font-size="36" font-weight="600" fill="#ffffff" text-anchor="middle">${escapeHtml(initials(username))}</text>`,
    '</svg>',
  ].join('');
}

/** Where the sandbox serves `username`'s picture, as the request's client reaches the sandbox. */
export function sandboxAvatarUrl(ctx: Ctx, username: string): string {
  return `${ctx.core.urls(ctx.origin).inspectionUrl}/avatars/${encodeURIComponent(username)}.svg`;
}

export function avatarRoutes(): Route[] {
  return [
    inspectionRoute('GET', '/avatars/:file', 'avatar', (ctx): Reply => {
      const match = FILE.exec(ctx.params['file'] ?? '');
      if (!match) return sandboxError(404, 'not_found', 'no such avatar: expected <username>.svg');
      return { status: 200, headers: { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' }, body: avatarSvg(match[1]!) };
    }),
  ];
}
