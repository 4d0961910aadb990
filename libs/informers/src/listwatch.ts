import type { KubeList, KubeObject, WatchEvent } from '@kubesim/api';
import type { ListOptions, ResourceClient, WatchOptions } from '@kubesim/client';

/** Lists and watches one kind of object (cache.ListerWatcher). */
export interface ListerWatcher<T extends KubeObject> {
  list(opts: ListOptions): Promise<KubeList<T>>;
  /** Ends quietly when `opts.signal` aborts; a 410 arrives as a thrown StatusError (isExpired). */
  watch(opts: WatchOptions): AsyncIterable<WatchEvent<T>>;
}

/**
 * A ListerWatcher over a typed client (cache.NewFilteredListWatchFromClient): the client's
 * namespace ('' for all) and fixed label/field selectors are applied to every list and watch.
 */
export function listWatchFromClient<T extends KubeObject>(
  client: ResourceClient<T>,
  selectors: { labelSelector?: string; fieldSelector?: string } = {},
): ListerWatcher<T> {
  const sel = {
    ...(selectors.labelSelector ? { labelSelector: selectors.labelSelector } : {}),
    ...(selectors.fieldSelector ? { fieldSelector: selectors.fieldSelector } : {}),
  };
  return {
    list: (opts) => client.list({ ...opts, ...sel }),
    watch: (opts) => client.watch({ ...opts, ...sel }),
  };
}
