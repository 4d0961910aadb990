export * from './interfaces.js';
export { Etcd3Store, describeKey, encodeContinue, decodeContinue, prefixEnd, type Etcd3StoreOptions } from './etcd3-store.js';
export { CacherStore, type CacherOptions, type CacherObserver, type DelegateReason } from './cacher.js';
export { convertToWatchEvent, withResourceVersion } from './watch-event.js';
export { cachedJSONBytes } from './caching-object.js';
export * from './conformance.js';
