import type { Branding } from '../branding/branding.types.js';
import type { NotificationEvent } from './notification-events.js';

export type Locale = 'en' | 'fr';

/** One notification as an e-mail shows it. */
export interface MailedNotification {
  event: NotificationEvent;
  /** The post's title, or its caption's start; absent for account events. */
  itemTitle?: string | null;
  actorName?: string | null;
  /** account_reconnect: the account's name; post_failed: the platform. */
  detail?: string | null;
  /** Where it is in the app (absolute URL). */
  link: string;
}

type Words = { [E in NotificationEvent]: (n: MailedNotification) => string };

const someone = (locale: Locale, name?: string | null) => name ?? (locale === 'fr' ? 'Quelqu’un' : 'Someone');
const post = (locale: Locale, title?: string | null) =>
  title ? (locale === 'fr' ? `« ${title} »` : `"${title}"`) : locale === 'fr' ? 'une publication' : 'a post';

const WORDS: Record<Locale, Words> = {
  en: {
    review_requested: (n) => `${someone('en', n.actorName)} asked for a review of ${post('en', n.itemTitle)}`,
    approved: (n) => `${someone('en', n.actorName)} approved ${post('en', n.itemTitle)}`,
    changes_requested: (n) => `${someone('en', n.actorName)} requested changes to ${post('en', n.itemTitle)}`,
    mentioned: (n) => `${someone('en', n.actorName)} mentioned you on ${post('en', n.itemTitle)}`,
    post_failed: (n) => `${post('en', n.itemTitle)} failed to publish${n.detail ? ` on ${n.detail}` : ''}`,
    account_reconnect: (n) => `The account ${n.detail ?? ''} needs reconnecting`.replace('  ', ' '),
    approval_stalled: (n) => `${post('en', n.itemTitle)} is still waiting for approval`,
    approval_escalated: (n) => `${post('en', n.itemTitle)} has been waiting for approval too long`,
    client_decided: (n) => `The client ${n.detail === 'approved' ? 'approved' : 'requested changes to'} ${post('en', n.itemTitle)}`,
    trend_spike: () => 'A trend you watch is spiking: see the Trend Radar',
  },
  fr: {
    review_requested: (n) => `${someone('fr', n.actorName)} demande une relecture de ${post('fr', n.itemTitle)}`,
    approved: (n) => `${someone('fr', n.actorName)} a approuvé ${post('fr', n.itemTitle)}`,
    changes_requested: (n) => `${someone('fr', n.actorName)} demande des modifications sur ${post('fr', n.itemTitle)}`,
    mentioned: (n) => `${someone('fr', n.actorName)} vous a mentionné sur ${post('fr', n.itemTitle)}`,
    post_failed: (n) => `La publication de ${post('fr', n.itemTitle)} a échoué${n.detail ? ` sur ${n.detail}` : ''}`,
    account_reconnect: (n) => `Le compte ${n.detail ?? ''} doit être reconnecté`.replace('  ', ' '),
    approval_stalled: (n) => `${post('fr', n.itemTitle)} attend toujours une approbation`,
    approval_escalated: (n) => `${post('fr', n.itemTitle)} attend une approbation depuis trop longtemps`,
    client_decided: (n) => `Le client a ${n.detail === 'approved' ? 'approuvé' : 'demandé des modifications sur'} ${post('fr', n.itemTitle)}`,
    trend_spike: () => 'Une tendance que vous suivez s’envole : voyez le radar des tendances',
  },
};

const FRAME: Record<Locale, { digest: (count: number, product: string) => string; open: string; footer: (product: string) => string }> = {
  en: {
    digest: (count, product) => `${product}: your daily digest (${count} notification${count === 1 ? '' : 's'})`,
    open: 'Open',
    footer: (product) => `You get this e-mail from ${product}. Choose what you are told about in Settings → Notifications.`,
  },
  fr: {
    digest: (count, product) => `${product} : votre résumé du jour (${count} notification${count === 1 ? '' : 's'})`,
    open: 'Ouvrir',
    footer: (product) => `Cet e-mail vous est envoyé par ${product}. Choisissez ce dont vous êtes averti dans Paramètres → Notifications.`,
  },
};

/** The default theme's primary (apps/web styles.css --color-accent). Brand colours are validated #rrggbb, safe in a style attribute. */
const DEFAULT_EMAIL_PRIMARY = '#4f46e5';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The sentence a notification reads as, in the person's language (the e-mail and its subject). */
export function notificationText(locale: Locale, n: MailedNotification): string {
  return WORDS[locale][n.event](n);
}

/** One e-mail: a single notification (instant) or the day's (digest), in the person's language. */
export function renderEmail(
  locale: Locale,
  branding: Branding,
  notifications: MailedNotification[],
  digest: boolean,
): { subject: string; text: string; html: string } {
  const frame = FRAME[locale];
  const lines = notifications.map((n) => ({ text: notificationText(locale, n), link: n.link }));
  const subject = digest || lines.length !== 1 ? frame.digest(lines.length, branding.productName) : `${branding.productName}: ${lines[0]!.text}`;
  const text = [...lines.map((l) => `- ${l.text}\n  ${l.link}`), '', frame.footer(branding.productName)].join('\n');
  // The workspace's colours (white-label); the default theme's indigo when it set none.
  const primary = branding.primaryColor ?? DEFAULT_EMAIL_PRIMARY;
  const logo = branding.logoUrl ? `<img src="${escapeHtml(branding.logoUrl)}" alt="" height="32" style="vertical-align:middle;margin-right:8px">` : '';
  const html = [
    `<!doctype html><html lang="${locale}"><body style="font-family:sans-serif">`,
    `<h1 style="font-size:18px;color:${primary};border-bottom:3px solid ${branding.accentColor ?? primary};padding-bottom:6px">${logo}${escapeHtml(branding.productName)}</h1><ul>`,
    ...lines.map(
      (l) =>
        `<li>${escapeHtml(l.text)} — <a href="${escapeHtml(l.link)}" style="background:${primary};color:#ffffff;padding:2px 8px;border-radius:4px;text-decoration:none">${frame.open}</a></li>`,
    ),
    `</ul><p style="color:#555;font-size:12px">${escapeHtml(frame.footer(branding.productName))}</p></body></html>`,
  ].join('');
  return { subject, text, html };
}
