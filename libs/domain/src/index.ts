export * from './platform.js';
export * from './state-machine.js';
export * from './content-item-status.js';
export * from './access.js';
