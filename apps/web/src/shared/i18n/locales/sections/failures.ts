import type { Messages } from '../messages';

/** Posts waiting on a person: reasons, reconnect, the disconnect dialog. English is the reference; French has exactly the same keys. */
export const failuresEn = {
  title: 'Waiting for you',
  /** On a lane: the stage a waiting post is at. */
  stage: 'Waiting for you',
  reason: {
    account_disconnected: '@{{handle}} on {{platform}} was disconnected. Reconnect it and this post goes out.',
    account_needs_reconnect: '@{{handle}} on {{platform}} must be reconnected before this post can go out.',
    account_restricted: '{{platform}} restricts @{{handle}}: this post waits until the restriction is lifted.',
    scope_missing: '@{{handle}} on {{platform}} is missing a permission. Reconnect it and accept every permission asked.',
  },
  reconnectOf: 'Reconnect {{who}} to post this',
  /** The nav badge and the queue header. */
  count_one: '{{count}} post waits for you',
  count_other: '{{count}} posts wait for you',
  queueCount_one: '{{count}} waiting for you',
  queueCount_other: '{{count}} waiting for you',
  /** The account card. */
  accountWaiting_one: '{{count}} post waits for this account. It goes out by itself once the account can post again.',
  accountWaiting_other: '{{count}} posts wait for this account. They go out by themselves once the account can post again.',
  disconnect: {
    description: 'Its access is revoked at the platform and its tokens are deleted. Its history stays, and you can reconnect it later.',
    loading: 'Counting the scheduled posts…',
    loadFailed: "Couldn't count the scheduled posts: {{message}}",
    none: 'No scheduled post goes to this account.',
    affects_one: '{{count}} scheduled post goes to this account.',
    affects_other: '{{count}} scheduled posts go to this account.',
    queued_one: '{{count}} more is already in the queue: it waits for you until the account is reconnected.',
    queued_other: '{{count}} more are already in the queue: they wait for you until the account is reconnected.',
    choice: 'What should happen to them?',
    keep: 'Keep them: they wait for you and go out once the account is reconnected',
    pause: 'Pause them: they stay in the calendar, paused, until you put them back on schedule',
    move: 'Move them to another {{platform}} account',
    moveTo: 'Account to move them to',
    noMoveTarget: 'No other connected {{platform}} account to move them to.',
    done_keep: 'Disconnected. Its scheduled posts wait for you until it is reconnected.',
    done_pause: 'Disconnected. Its scheduled posts are paused.',
    done_move: 'Disconnected. Its scheduled posts now go to @{{handle}}.',
  },
  health: {
    restricted: 'Restricted by {{platform}}',
  },
};

export const failuresFr: Messages<typeof failuresEn> = {
  title: 'En attente de votre action',
  stage: 'En attente de vous',
  reason: {
    account_disconnected: '@{{handle}} sur {{platform}} a été déconnecté. Reconnectez-le et cette publication partira.',
    account_needs_reconnect: '@{{handle}} sur {{platform}} doit être reconnecté pour que cette publication parte.',
    account_restricted: '{{platform}} restreint @{{handle}} : cette publication attend la levée de la restriction.',
    scope_missing: 'Il manque une autorisation à @{{handle}} sur {{platform}}. Reconnectez-le en acceptant toutes les autorisations demandées.',
  },
  reconnectOf: 'Reconnecter {{who}} pour publier',
  count_one: '{{count}} publication attend votre action',
  count_other: '{{count}} publications attendent votre action',
  queueCount_one: '{{count}} en attente de vous',
  queueCount_other: '{{count}} en attente de vous',
  accountWaiting_one: '{{count}} publication attend ce compte. Elle partira d’elle-même dès que le compte pourra publier.',
  accountWaiting_other: '{{count}} publications attendent ce compte. Elles partiront d’elles-mêmes dès que le compte pourra publier.',
  disconnect: {
    description: 'Son accès est révoqué auprès de la plateforme et ses jetons sont supprimés. Son historique reste, et vous pourrez le reconnecter plus tard.',
    loading: 'Décompte des publications programmées…',
    loadFailed: 'Impossible de compter les publications programmées : {{message}}',
    none: 'Aucune publication programmée ne va vers ce compte.',
    affects_one: '{{count}} publication programmée va vers ce compte.',
    affects_other: '{{count}} publications programmées vont vers ce compte.',
    queued_one: '{{count}} autre est déjà dans la file : elle vous attendra jusqu’à la reconnexion du compte.',
    queued_other: '{{count}} autres sont déjà dans la file : elles vous attendront jusqu’à la reconnexion du compte.',
    choice: 'Que faire de ces publications ?',
    keep: 'Les garder : elles vous attendent et partiront dès que le compte sera reconnecté',
    pause: 'Les mettre en pause : elles restent dans le calendrier, en pause, jusqu’à leur reprogrammation',
    move: 'Les déplacer vers un autre compte {{platform}}',
    moveTo: 'Compte de destination',
    noMoveTarget: 'Aucun autre compte {{platform}} connecté vers lequel les déplacer.',
    done_keep: 'Compte déconnecté. Ses publications programmées vous attendent jusqu’à sa reconnexion.',
    done_pause: 'Compte déconnecté. Ses publications programmées sont en pause.',
    done_move: 'Compte déconnecté. Ses publications programmées vont désormais vers @{{handle}}.',
  },
  health: {
    restricted: 'Restreint par {{platform}}',
  },
};
