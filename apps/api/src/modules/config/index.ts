export * from './app-config.js';
export * from './config.module.js';
export * from './sandbox-exposure.js';
export * from './url-prefix.js';
