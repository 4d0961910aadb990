/**
 * @kubesim/informers: client-go's tools/cache. A Reflector lists and then watches from the list's
 * resourceVersion (relisting on 410 Expired) into a SharedIndexInformer, which keeps an Indexer
 * (with a namespace index) and fans changes out to event handlers; Listers read the cache.
 */
export * from './store.js';
export * from './listwatch.js';
export * from './reflector.js';
export * from './shared-informer.js';
export * from './lister.js';
export * from './fake-listwatch.js';
