export * from './cluster.js';
export * from './state.js';
export * from './process.js';
export * from './paths.js';
