import type { components } from '../../../shared/api/client';

/**
 * Account Health reads the war-room state document (its `health` part), which the live stream
 * keeps current (HEALTH_UPDATED after every job outcome), with the document's safety poll behind.
 * Reconnecting is the Accounts page's flow, shared in shared/content/reconnect.
 */
export { useWarRoomState, type AccountHealth, type WarRoomAlert } from '../../../shared/war-room/war-room-state';
export { isReconnectable, useReconnectAccount } from '../../../shared/content/reconnect';

export type FailureDay = components['schemas']['FailureDayDto'];
export type AutomationActivity = components['schemas']['AutomationActivityDto'];
export type WarmupCadence = components['schemas']['WarmupCadenceDto'];
