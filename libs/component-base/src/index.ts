export * from './logging.js';
export * from './signals.js';
export * from './healthz.js';
export * from './address.js';
export * from './process.js';
export * from './gcpacer.js';
export * from './background.js';
export * from './files.js';
