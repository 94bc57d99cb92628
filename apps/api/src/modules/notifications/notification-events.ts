/** What a person can be told about (issue 25); each has its own delivery preference. */
export const NOTIFICATION_EVENTS = [
  'review_requested',
  'approved',
  'changes_requested',
  'mentioned',
  'post_failed',
  'account_reconnect',
  'approval_stalled',
  'approval_escalated',
  'client_decided',
  // Trend Radar (issue 33): a watch-list term or topic spiked (once per trend per day).
  'trend_spike',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** instant: in-app and an e-mail at once; daily: in-app and the next daily digest; off: nothing. */
export const NOTIFICATION_DELIVERIES = ['instant', 'daily', 'off'] as const;
export type NotificationDelivery = (typeof NOTIFICATION_DELIVERIES)[number];

export const DEFAULT_DELIVERY: NotificationDelivery = 'instant';
