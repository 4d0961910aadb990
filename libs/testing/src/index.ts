export * from './ports.js';
export * from './etcd.js';
export * from './apiserver.js';
export * from './etcd-raw.js';
export * from './http2-peer.js';
