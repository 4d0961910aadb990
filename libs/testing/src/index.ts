export * from './ports.js';
export * from './etcd.js';
export * from './apiserver.js';
