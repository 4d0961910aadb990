/**
 * @kubesim/scheduler: the pure-logic core of kube-scheduler — the scheduling framework and its
 * default plugins, the scheduling queue, and the scheduler cache — plus `runtime/`, the one part
 * with I/O: the Scheduler that wires them to informers, pods/binding, events and metrics.
 */
export * from './framework/index.js';
export * from './plugins/index.js';
export * from './queue/index.js';
export * from './cache/index.js';
export * from './util/clock.js';
export * from './testing.js';
export * from './runtime/index.js';
