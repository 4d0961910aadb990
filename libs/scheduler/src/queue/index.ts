export * from './scheduling-queue.js';
