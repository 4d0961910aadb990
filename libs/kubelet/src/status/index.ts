export * from './containers.js';
export * from './phase.js';
export * from './conditions.js';
export * from './qos.js';
export * from './pod.js';
export * from './manager.js';
