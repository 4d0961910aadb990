export * from './probe.js';
export * from './results.js';
export * from './worker.js';
export * from './manager.js';
