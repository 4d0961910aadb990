import type { Snapshot } from './types.js';

/**
 * Per-cycle scratch space shared by the plugins of one scheduling attempt (framework.CycleState).
 * Plugins store pre-computed data under their own keys in PreFilter/PreScore and read it in
 * Filter/Score. Values must be treated as immutable (clone() is shallow, as every plugin here
 * stores immutable data). Also carries the snapshot being scheduled against, which is how plugins
 * reach "all nodes" (Kubernetes' SnapshotSharedLister).
 */
export class CycleState {
  private readonly data: Map<string, unknown>;
  /** Plugins whose PreFilter returned Skip: their Filter is not run. */
  readonly skipFilterPlugins: Set<string>;
  /** Plugins whose PreScore returned Skip: their Score is not run. */
  readonly skipScorePlugins: Set<string>;
  readonly snapshot: Snapshot;

  constructor(snapshot: Snapshot) {
    this.snapshot = snapshot;
    this.data = new Map();
    this.skipFilterPlugins = new Set();
    this.skipScorePlugins = new Set();
  }

  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }

  delete(key: string): void {
    this.data.delete(key);
  }

  clone(): CycleState {
    const c = new CycleState(this.snapshot);
    for (const [k, v] of this.data) c.data.set(k, v);
    for (const p of this.skipFilterPlugins) c.skipFilterPlugins.add(p);
    for (const p of this.skipScorePlugins) c.skipScorePlugins.add(p);
    return c;
  }
}
