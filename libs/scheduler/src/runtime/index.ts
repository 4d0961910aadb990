export * from './metrics.js';
export * from './event-recorder.js';
export * from './scheduler.js';
