export * from './tiktok-envelope.js';
export * from './sandbox-server.js';
