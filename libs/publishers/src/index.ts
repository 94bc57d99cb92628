export * from './tiktok-chunk-plan.js';
