export * from './podworkers.js';
export * from './actions.js';
