export { useWarRoomState, type AccountHealth, type WarRoomAlert } from '../../../shared/war-room/war-room-state';
