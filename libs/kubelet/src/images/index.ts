export * from './reference.js';
export * from './catalog.js';
export * from './puller.js';
