/**
 * Trends are read from the war-room state document: the API has no trend endpoints of its own
 * yet (entries are added by the team and by internal analytics on the server side).
 */
export { useWarRoomState, type Trend } from '../../../shared/war-room/war-room-state';
