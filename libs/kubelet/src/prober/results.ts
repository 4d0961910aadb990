import { EventEmitter } from 'node:events';

/** pkg/kubelet/prober/results.Result. */
export type Result = 'success' | 'failure' | 'unknown';

export interface ResultUpdate {
  containerID: string;
  result: Result;
  podUID: string;
}

/**
 * pkg/kubelet/prober/results.Manager: the latest result per container ID; an 'update' event is
 * emitted only when a container's result changes.
 */
export class ResultsManager extends EventEmitter {
  private readonly cache = new Map<string, Result>();

  get(containerID: string): Result | undefined {
    return this.cache.get(containerID);
  }

  set(containerID: string, result: Result, podUID: string): void {
    if (this.cache.get(containerID) === result) return;
    this.cache.set(containerID, result);
    const update: ResultUpdate = { containerID, result, podUID };
    this.emit('update', update);
  }

  remove(containerID: string): void {
    this.cache.delete(containerID);
  }

  onUpdate(fn: (u: ResultUpdate) => void): () => void {
    this.on('update', fn);
    return () => this.off('update', fn);
  }
}
