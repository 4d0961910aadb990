export * from './env.js';
export * from './logs.js';
export * from './logwriter.js';
export * from './memory.js';
export * from './runtime.js';
export * from './spares.js';
export * from './leftovers.js';
export * from './watchdog.js';
