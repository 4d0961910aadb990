/**
 * @kubesim/scheduler: the pure-logic core of kube-scheduler — the scheduling framework and its
 * default plugins, the scheduling queue, and the scheduler cache. No I/O: the scheduler process
 * wires these to informers and the binding API.
 */
export * from './framework/index.js';
export * from './plugins/index.js';
export * from './queue/index.js';
export * from './cache/index.js';
export * from './util/clock.js';
export * from './testing.js';
