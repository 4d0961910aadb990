import { everything, parseSelector, type KubeObject, type Selector } from '@kubesim/api';
import { Indexer, NamespaceIndex } from './store.js';

function toSelector(sel: Selector | string | undefined): Selector {
  if (sel === undefined || sel === '') return everything();
  return typeof sel === 'string' ? parseSelector(sel) : sel;
}

/**
 * Reads from an informer's cache (client-go's generated listers). Returned objects are the cache's
 * own: never modify them.
 */
export class Lister<T extends KubeObject> {
  constructor(private readonly indexer: Indexer<T>) {}

  /** Every object (all namespaces) whose labels match. */
  list(selector?: Selector | string): T[] {
    const s = toSelector(selector);
    return this.indexer.list().filter((o) => s.matches(o.metadata.labels ?? {}));
  }

  /** A cluster-scoped object by name. */
  get(name: string): T | undefined {
    return this.indexer.getByKey(name);
  }

  namespace(namespace: string): NamespaceLister<T> {
    return new NamespaceLister(this.indexer, namespace);
  }
}

export class NamespaceLister<T extends KubeObject> {
  constructor(
    private readonly indexer: Indexer<T>,
    readonly namespace: string,
  ) {}

  list(selector?: Selector | string): T[] {
    const s = toSelector(selector);
    return this.indexer.byIndex(NamespaceIndex, this.namespace).filter((o) => s.matches(o.metadata.labels ?? {}));
  }

  get(name: string): T | undefined {
    return this.indexer.getByKey(`${this.namespace}/${name}`);
  }
}
