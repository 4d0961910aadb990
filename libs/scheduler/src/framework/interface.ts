import type { Pod } from '@kubesim/api';
import type { CycleState } from './cycle-state.js';
import type { ClusterEvent } from './events.js';
import type { NodeToStatus } from './fit-error.js';
import type { Status } from './status.js';
import type { NodeInfo, Snapshot } from './types.js';

/** Scores are integers in [MIN_NODE_SCORE, MAX_NODE_SCORE] after normalization. */
export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

export interface Plugin {
  readonly name: string;
  /**
   * Cluster events after which a pod this plugin rejected may have become schedulable
   * (EnqueueExtensions.EventsToRegister). Absent: only the periodic flush retries such pods.
   */
  readonly events?: readonly ClusterEvent[];
}

/** What a PreFilter plugin returns; `undefined`/omitted fields mean "success, all nodes". */
export interface PreFilterOutcome {
  status?: Status | null;
  /** Restricts the nodes Filter is run on (PreFilterResult.NodeNames). */
  nodeNames?: ReadonlySet<string> | null;
}

export interface PreFilterPlugin extends Plugin {
  /**
   * Runs once per cycle before Filter. Returning a Skip status skips this plugin's Filter; a
   * rejecting status makes the pod unschedulable on every node.
   */
  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): PreFilterOutcome | void;
}

export interface FilterPlugin extends Plugin {
  /** Success, or why the pod cannot run on the node (Unschedulable / UnschedulableAndUnresolvable). */
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status;
}

/** What the framework lends a PostFilter (preemption) plugin. */
export interface PostFilterContext {
  readonly snapshot: Snapshot;
  /** Why each node was rejected in this cycle. */
  readonly nodeToStatus: NodeToStatus;
  /** Runs every (non-skipped) Filter plugin against a possibly modified node info. */
  runFilterPlugins(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status;
  /** The clock preemption uses for pods without a start time. */
  now(): number;
}

export interface PostFilterResult {
  /** The node the pod was nominated to after preemption ('' clears a nomination). */
  nominatedNodeName?: string;
  /** Pods that must be deleted for the nomination to work. */
  victims?: readonly Pod[];
  /** For the trace: node -> why the plugin could not use it (e.g. preemption's per-node verdict). */
  nodeMessages?: Record<string, string>;
}

export interface PostFilterOutcome {
  result?: PostFilterResult | null;
  status: Status;
}

export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: Pod, ctx: PostFilterContext): PostFilterOutcome;
}

export interface PreScorePlugin extends Plugin {
  /** Runs once before Score with the feasible nodes; a Skip status skips this plugin's Score. */
  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | void;
}

export interface NodeScore {
  name: string;
  score: number;
}

export interface ScorePlugin extends Plugin {
  /** Raw score for the node; must be in [0, 100] after normalizeScore (or directly if none). */
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number;
  /** Rewrites the raw scores of all feasible nodes in place. */
  normalizeScore?(state: CycleState, pod: Pod, scores: NodeScore[]): void;
}

export type AnyPlugin = Plugin &
  Partial<
    Pick<PreFilterPlugin, 'preFilter'> &
      Pick<FilterPlugin, 'filter'> &
      Pick<PostFilterPlugin, 'postFilter'> &
      Pick<PreScorePlugin, 'preScore'> &
      Pick<ScorePlugin, 'score' | 'normalizeScore'>
  >;

export function isPreFilterPlugin(p: AnyPlugin): p is PreFilterPlugin {
  return typeof p.preFilter === 'function';
}
export function isFilterPlugin(p: AnyPlugin): p is FilterPlugin {
  return typeof p.filter === 'function';
}
export function isPostFilterPlugin(p: AnyPlugin): p is PostFilterPlugin {
  return typeof p.postFilter === 'function';
}
export function isPreScorePlugin(p: AnyPlugin): p is PreScorePlugin {
  return typeof p.preScore === 'function';
}
export function isScorePlugin(p: AnyPlugin): p is ScorePlugin {
  return typeof p.score === 'function';
}

/** A plugin enabled in a profile, with its score weight (ignored for non-score plugins). */
export interface PluginConfig {
  plugin: AnyPlugin;
  weight?: number;
}
