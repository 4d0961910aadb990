export * from './interfaces.js';
export { Etcd3Store, describeKey, encodeContinue, decodeContinue, prefixEnd, type Etcd3StoreOptions } from './etcd3-store.js';
export * from './conformance.js';
