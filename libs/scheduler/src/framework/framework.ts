import type { Pod } from '@kubesim/api';
import { realClock, type Clock, type RandomSource } from '../util/clock.js';
import { CycleState } from './cycle-state.js';
import type { ClusterEvent } from './events.js';
import { Diagnosis, FitError, NoNodesAvailableError, NodeToStatus } from './fit-error.js';
import {
  isFilterPlugin,
  isPostFilterPlugin,
  isPreFilterPlugin,
  isPreScorePlugin,
  isScorePlugin,
  MAX_NODE_SCORE,
  MIN_NODE_SCORE,
  type FilterPlugin,
  type NodeScore,
  type PluginConfig,
  type PostFilterPlugin,
  type PostFilterResult,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
} from './interface.js';
import { Code, Status } from './status.js';
import {
  newTrace,
  PASSED_FILTER_MESSAGE,
  POST_FILTER_NOMINATED_MESSAGE,
  SKIP_MESSAGE,
  SUCCESS_MESSAGE,
  type DecisionTrace,
  type PluginScoreTrace,
} from './trace.js';
import type { NodeInfo, Snapshot } from './types.js';

/** The outcome of a successful scheduling cycle (schedule_one.go's ScheduleResult plus the trace). */
export interface ScheduleResult {
  suggestedHost: string;
  /** Nodes the filters were run on (feasible + rejected). */
  evaluatedNodes: number;
  feasibleNodes: number;
  trace: DecisionTrace;
}

/** Per-call options of `schedule`. */
export interface ScheduleOptions {
  /**
   * Record the decision trace (default true). Without it the result's trace holds only
   * `selectedNode`, and the cycle allocates no per-node verdicts or scores: for a scheduler that
   * does not write the trace annotations. The decision itself is the same.
   */
  trace?: boolean;
}

export type ScheduleOutcome =
  | { ok: true; result: ScheduleResult }
  | { ok: false; error: FitError | NoNodesAvailableError | Error };

export interface FrameworkOptions {
  /** The profile: plugins in extension-point order, with score weights (default 1). */
  plugins: readonly PluginConfig[];
  /** Tie-breaking among the highest-scoring nodes; default Math.random. */
  rand?: RandomSource;
  clock?: Clock;
  /**
   * KubeSchedulerConfiguration.percentageOfNodesToScore; 0 (default) is the adaptive
   * 50% - nodes/125 (at least 5%). Clusters under 100 nodes always evaluate every node.
   */
  percentageOfNodesToScore?: number;
}

/** schedule_one.go's minFeasibleNodesToFind / minFeasibleNodesPercentage. */
const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE = 5;

/** How many feasible nodes to find before stopping the filter pass (numFeasibleNodesToFind). */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE) percentage = MIN_FEASIBLE_NODES_PERCENTAGE;
  }
  const n = Math.trunc((numAllNodes * percentage) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

interface WeightedScorePlugin {
  plugin: ScorePlugin;
  weight: number;
}

/** Per-node totals produced by prioritizeNodes. */
export interface NodePluginScores {
  name: string;
  totalScore: number;
}

function intersect(a: ReadonlySet<string> | null, b: ReadonlySet<string>): Set<string> {
  return a ? new Set([...a].filter((n) => b.has(n))) : new Set(b);
}

function setsList(s: Iterable<string>): string {
  // fmt.Sprintf("%v", []string{...}) prints "[a b]".
  return `[${[...s].join(' ')}]`;
}

/**
 * One scheduling profile (frameworkImpl) plus the generic scheduling algorithm of schedule_one.go:
 * PreFilter -> Filter (per node, first failing plugin wins) -> [PostFilter on failure] ->
 * PreScore -> Score -> NormalizeScore -> weight -> sum -> pick the highest total, ties at random.
 * Pure: it reads only the snapshot it is given and never mutates it.
 */
export class Framework {
  readonly preFilterPlugins: readonly PreFilterPlugin[];
  readonly filterPlugins: readonly FilterPlugin[];
  readonly postFilterPlugins: readonly PostFilterPlugin[];
  readonly preScorePlugins: readonly PreScorePlugin[];
  readonly scorePlugins: readonly WeightedScorePlugin[];
  private readonly rand: RandomSource;
  private readonly clock: Clock;
  private readonly percentageOfNodesToScore: number;
  private readonly pluginConfigs: readonly PluginConfig[];
  /** Where the next filter pass starts, so that every node gets evaluated over time. */
  private nextStartNodeIndex = 0;

  constructor(opts: FrameworkOptions) {
    const names = new Set<string>();
    for (const { plugin, weight } of opts.plugins) {
      if (names.has(plugin.name)) throw new Error(`plugin "${plugin.name}" already registered`);
      names.add(plugin.name);
      if (weight !== undefined && (!Number.isInteger(weight) || weight < 0)) {
        throw new Error(`plugin "${plugin.name}" has an invalid weight ${weight}`);
      }
    }
    this.pluginConfigs = opts.plugins;
    const ps = opts.plugins.map((c) => c.plugin);
    this.preFilterPlugins = ps.filter(isPreFilterPlugin);
    this.filterPlugins = ps.filter(isFilterPlugin);
    this.postFilterPlugins = ps.filter(isPostFilterPlugin);
    this.preScorePlugins = ps.filter(isPreScorePlugin);
    // A weight of 0 means "unset" and defaults to 1, as in the scheduler's configuration.
    this.scorePlugins = opts.plugins
      .filter((c) => isScorePlugin(c.plugin))
      .map((c) => ({ plugin: c.plugin as ScorePlugin, weight: c.weight || 1 }));
    this.rand = opts.rand ?? Math.random;
    this.clock = opts.clock ?? realClock;
    this.percentageOfNodesToScore = opts.percentageOfNodesToScore ?? 0;
  }

  /** Plugin name -> the cluster events it registered (the queue's requeueing map). */
  queueingHints(): Map<string, readonly ClusterEvent[]> {
    const m = new Map<string, readonly ClusterEvent[]>();
    for (const { plugin } of this.pluginConfigs) if (plugin.events) m.set(plugin.name, plugin.events);
    return m;
  }

  /**
   * Runs one scheduling cycle for `pod` against `snapshot`. Returns the chosen node; throws a
   * FitError (message: Kubernetes' FailedScheduling text) when no node fits, NoNodesAvailableError
   * for an empty cluster, and a plain Error when a plugin fails.
   */
  schedule(pod: Pod, snapshot: Snapshot, opts: ScheduleOptions = {}): ScheduleResult {
    if (snapshot.numNodes === 0) throw new NoNodesAvailableError();
    const trace = newTrace();
    const record = opts.trace === false ? undefined : trace;
    const state = new CycleState(snapshot);
    const diagnosis = new Diagnosis();

    const feasible = this.findNodesThatFitPod(state, pod, snapshot, diagnosis, record);
    if (feasible.length === 0) {
      throw this.fitError(state, pod, snapshot, diagnosis, trace, record !== undefined);
    }
    const evaluatedNodes = feasible.length + diagnosis.nodeToStatus.size;
    if (feasible.length === 1) {
      const host = (feasible[0] as NodeInfo).name;
      trace.selectedNode = host;
      return { suggestedHost: host, evaluatedNodes, feasibleNodes: 1, trace };
    }
    const scores = this.prioritizeNodes(state, pod, feasible, record);
    const host = this.selectHost(scores);
    trace.selectedNode = host;
    return { suggestedHost: host, evaluatedNodes, feasibleNodes: feasible.length, trace };
  }

  /** `schedule` without exceptions. */
  trySchedule(pod: Pod, snapshot: Snapshot, opts: ScheduleOptions = {}): ScheduleOutcome {
    try {
      return { ok: true, result: this.schedule(pod, snapshot, opts) };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e : new Error(String(e)) };
    }
  }

  private fitError(state: CycleState, pod: Pod, snapshot: Snapshot, diagnosis: Diagnosis, trace: DecisionTrace, record: boolean): FitError {
    let result: PostFilterResult | null = null;
    if (this.postFilterPlugins.length > 0) {
      const out = this.runPostFilterPlugins(state, pod, diagnosis.nodeToStatus, snapshot);
      diagnosis.postFilterMsg = out.status.message();
      result = out.result;
      const plugin = out.status.plugin || (this.postFilterPlugins[0] as PostFilterPlugin).name;
      if (record) {
        for (const n of snapshot.list()) trace.postFilter[n.name] = {};
        for (const [node, msg] of Object.entries(result?.nodeMessages ?? {})) {
          (trace.postFilter[node] ??= {})[plugin] = msg;
        }
        if (result?.nominatedNodeName) {
          (trace.postFilter[result.nominatedNodeName] ??= {})[plugin] = POST_FILTER_NOMINATED_MESSAGE;
        }
      }
    }
    const err = new FitError(pod, snapshot.numNodes, diagnosis);
    if (result?.nominatedNodeName) err.nominatedNodeName = result.nominatedNodeName;
    if (result?.victims) err.victims = result.victims;
    err.trace = trace;
    return err;
  }

  // ------------------------------------------------------------------ filtering

  private findNodesThatFitPod(
    state: CycleState,
    pod: Pod,
    snapshot: Snapshot,
    diagnosis: Diagnosis,
    trace: DecisionTrace | undefined,
  ): NodeInfo[] {
    const allNodes = snapshot.list();
    const pre = this.runPreFilterPlugins(state, pod, allNodes, trace);
    if (!pre.status.isSuccess()) {
      if (!pre.status.isRejected()) throw pre.status.asError();
      // Every node gets the PreFilter's status, so that preemption can see it.
      diagnosis.nodeToStatus.setAbsentNodesStatus(pre.status);
      diagnosis.preFilterMsg = pre.status.message();
      diagnosis.addPluginStatus(pre.status);
      return [];
    }

    let nodes: readonly NodeInfo[] = allNodes;
    if (pre.nodeNames) {
      const names = pre.nodeNames;
      nodes = allNodes.filter((n) => names.has(n.name));
      diagnosis.nodeToStatus.setAbsentNodesStatus(
        Status.unresolvable(`node(s) didn't satisfy plugin(s) ${setsList([...pre.unscheduledPlugins].sort())}`),
      );
      // kubesim: remember the restricting plugins so the queue can requeue on their events.
      for (const p of pre.unscheduledPlugins) diagnosis.unschedulablePlugins.add(p);
    }
    const feasible = this.findNodesThatPassFilters(state, pod, diagnosis, nodes, trace);
    const processed = feasible.length + diagnosis.nodeToStatus.size;
    this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % allNodes.length;
    if (feasible.length > 0 && pre.nodeNames) {
      // Nodes were found; the restriction did not make the pod unschedulable.
      for (const p of pre.unscheduledPlugins) diagnosis.unschedulablePlugins.delete(p);
    }
    return feasible;
  }

  /** RunPreFilterPlugins: the first rejecting plugin stops the cycle; node-name results are intersected. */
  runPreFilterPlugins(
    state: CycleState,
    pod: Pod,
    nodes: readonly NodeInfo[],
    trace?: DecisionTrace,
  ): { status: Status; nodeNames: Set<string> | null; unscheduledPlugins: string[] } {
    let nodeNames: Set<string> | null = null;
    const pluginsWithNodes: string[] = [];
    for (const pl of this.preFilterPlugins) {
      let out;
      try {
        out = pl.preFilter(state, pod, nodes) ?? {};
      } catch (e) {
        throw new Error(`running PreFilter plugin "${pl.name}": ${(e as Error).message}`);
      }
      const s = out.status ?? Status.success();
      if (s.isSkip()) {
        state.skipFilterPlugins.add(pl.name);
        if (trace) trace.preFilterStatus[pl.name] = SKIP_MESSAGE;
        continue;
      }
      if (trace) trace.preFilterStatus[pl.name] = s.isSuccess() ? SUCCESS_MESSAGE : s.message();
      if (!s.isSuccess()) {
        const withPlugin = s.withPlugin(pl.name);
        if (s.isRejected()) return { status: withPlugin, nodeNames: null, unscheduledPlugins: [] };
        throw new Error(`running PreFilter plugin "${pl.name}": ${s.message()}`);
      }
      const restrict = out.nodeNames;
      if (restrict) {
        if (trace) trace.preFilterResult[pl.name] = [...restrict].sort();
        pluginsWithNodes.push(pl.name);
        nodeNames = intersect(nodeNames, restrict);
        if (nodeNames.size === 0) {
          const msg =
            pluginsWithNodes.length === 1
              ? `node(s) didn't satisfy plugin ${pluginsWithNodes[0]}`
              : `node(s) didn't satisfy plugin(s) ${setsList(pluginsWithNodes)} simultaneously`;
          return { status: Status.unschedulable(msg), nodeNames: null, unscheduledPlugins: [] };
        }
      }
    }
    return { status: Status.success(), nodeNames, unscheduledPlugins: pluginsWithNodes };
  }

  private findNodesThatPassFilters(
    state: CycleState,
    pod: Pod,
    diagnosis: Diagnosis,
    nodes: readonly NodeInfo[],
    trace: DecisionTrace | undefined,
  ): NodeInfo[] {
    const numAll = nodes.length;
    if (numAll === 0) return [];
    const toFind = numFeasibleNodesToFind(this.percentageOfNodesToScore, numAll);
    const feasible: NodeInfo[] = [];
    if (this.filterPlugins.length === 0) {
      for (let i = 0; i < toFind; i++) feasible.push(nodes[(this.nextStartNodeIndex + i) % numAll] as NodeInfo);
      return feasible;
    }
    // The plugins whose PreFilter did not skip them, once per cycle rather than once per node.
    const filters = state.skipFilterPlugins.size === 0 ? this.filterPlugins : this.filterPlugins.filter((pl) => !state.skipFilterPlugins.has(pl.name));
    for (let i = 0; i < numAll && feasible.length < toFind; i++) {
      const nodeInfo = nodes[(this.nextStartNodeIndex + i) % numAll] as NodeInfo;
      let record: Record<string, string> | undefined;
      if (trace) trace.nodes[nodeInfo.name] = { filter: (record = {}) };
      const status = this.runFilters(filters, state, pod, nodeInfo, record);
      if (status.isSuccess()) {
        feasible.push(nodeInfo);
      } else if (status.isRejected()) {
        diagnosis.nodeToStatus.set(nodeInfo.name, status);
        diagnosis.addPluginStatus(status);
      } else {
        throw status.asError();
      }
    }
    return feasible;
  }

  /**
   * RunFilterPlugins: runs the (non-skipped) filters in order and returns the first failure,
   * tagged with its plugin. `record` collects each plugin's verdict for the trace.
   */
  runFilterPlugins(state: CycleState, pod: Pod, nodeInfo: NodeInfo, record?: Record<string, string>): Status {
    const filters = state.skipFilterPlugins.size === 0 ? this.filterPlugins : this.filterPlugins.filter((pl) => !state.skipFilterPlugins.has(pl.name));
    return this.runFilters(filters, state, pod, nodeInfo, record);
  }

  private runFilters(filters: readonly FilterPlugin[], state: CycleState, pod: Pod, nodeInfo: NodeInfo, record: Record<string, string> | undefined): Status {
    for (let j = 0; j < filters.length; j++) {
      const pl = filters[j] as FilterPlugin;
      let s: Status;
      try {
        s = pl.filter(state, pod, nodeInfo) ?? Status.success();
      } catch (e) {
        s = Status.fromError(e);
      }
      if (record) record[pl.name] = s.isSuccess() ? PASSED_FILTER_MESSAGE : s.message();
      if (!s.isSuccess()) {
        if (!s.isRejected()) {
          return Status.fromError(new Error(`running "${pl.name}" filter plugin: ${s.message()}`)).withPlugin(pl.name);
        }
        return s.withPlugin(pl.name);
      }
    }
    return Status.success();
  }

  /** RunPostFilterPlugins: the first plugin to succeed (or to give up for good) decides. */
  runPostFilterPlugins(
    state: CycleState,
    pod: Pod,
    nodeToStatus: NodeToStatus,
    snapshot: Snapshot,
  ): { result: PostFilterResult | null; status: Status } {
    const ctx = {
      snapshot,
      nodeToStatus,
      runFilterPlugins: (st: CycleState, p: Pod, n: NodeInfo) => this.runFilterPlugins(st, p, n),
      now: () => this.clock.now(),
    };
    let result: PostFilterResult | null = null;
    const reasons: string[] = [];
    let rejector = '';
    for (const pl of this.postFilterPlugins) {
      const out = pl.postFilter(state, pod, ctx);
      const s = out.status;
      if (s.isSuccess()) return { result: out.result ?? null, status: s };
      if (s.code === Code.UnschedulableAndUnresolvable) return { result: out.result ?? null, status: s.withPlugin(pl.name) };
      if (!s.isRejected()) return { result: null, status: Status.fromError(s.asError()).withPlugin(pl.name) };
      if (out.result) result = out.result;
      reasons.push(...s.reasons);
      if (!rejector) rejector = pl.name;
    }
    return { result, status: new Status(Code.Unschedulable, reasons, rejector) };
  }

  // ------------------------------------------------------------------ scoring

  private prioritizeNodes(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], trace: DecisionTrace | undefined): NodePluginScores[] {
    if (this.scorePlugins.length === 0) {
      // No score plugins: every node scores 1 and the choice is random.
      return nodes.map((n) => {
        const t = trace?.nodes[n.name];
        if (t) t.totalScore = 1;
        return { name: n.name, totalScore: 1 };
      });
    }
    this.runPreScorePlugins(state, pod, nodes, trace);
    return this.runScorePlugins(state, pod, nodes, trace);
  }

  runPreScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], trace?: DecisionTrace): void {
    for (const pl of this.preScorePlugins) {
      let s: Status;
      try {
        s = pl.preScore(state, pod, nodes) ?? Status.success();
      } catch (e) {
        s = Status.fromError(e);
      }
      if (s.isSkip()) {
        state.skipScorePlugins.add(pl.name);
        if (trace) trace.preScore[pl.name] = SKIP_MESSAGE;
        continue;
      }
      if (trace) trace.preScore[pl.name] = s.isSuccess() ? SUCCESS_MESSAGE : s.message();
      if (!s.isSuccess()) throw new Error(`running PreScore plugin "${pl.name}": ${s.message()}`);
    }
  }

  /**
   * RunScorePlugins: raw scores per node, NormalizeScore per plugin, range check [0, 100], then
   * weight and sum.
   */
  runScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], trace?: DecisionTrace): NodePluginScores[] {
    const n = nodes.length;
    const totals: NodePluginScores[] = new Array(n);
    // One NodeScore per node, reused by every plugin: its raw scores, then its normalized ones.
    const scores: NodeScore[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const name = (nodes[i] as NodeInfo).name;
      totals[i] = { name, totalScore: 0 };
      scores[i] = { name, score: 0 };
    }
    const raw = trace ? new Array<number>(n) : undefined;
    for (const { plugin, weight } of this.scorePlugins) {
      if (state.skipScorePlugins.has(plugin.name)) continue;
      for (let i = 0; i < n; i++) {
        let v: number;
        try {
          v = plugin.score(state, pod, nodes[i] as NodeInfo);
        } catch (e) {
          throw new Error(`running Score plugins: plugin "${plugin.name}" failed with: ${(e as Error).message}`);
        }
        (scores[i] as NodeScore).score = v;
        if (raw) raw[i] = v;
      }
      plugin.normalizeScore?.(state, pod, scores);
      for (let i = 0; i < n; i++) {
        const s = scores[i] as NodeScore;
        if (!Number.isInteger(s.score) || s.score > MAX_NODE_SCORE || s.score < MIN_NODE_SCORE) {
          throw new Error(
            `applying score defaultWeights on Score plugins: plugin "${plugin.name}" returns an invalid score ${s.score}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`,
          );
        }
        const weighted = s.score * weight;
        (totals[i] as NodePluginScores).totalScore += weighted;
        const t = trace?.nodes[s.name];
        if (t) {
          const entry: PluginScoreTrace = { raw: (raw as number[])[i] as number, normalized: s.score, weight, final: weighted };
          (t.score ??= {})[plugin.name] = entry;
        }
      }
    }
    if (trace) {
      for (const t of totals) {
        const nt = trace.nodes[t.name];
        if (nt) nt.totalScore = t.totalScore;
      }
    }
    return totals;
  }

  /**
   * selectHost: the highest total wins; among equal totals each node is equally likely
   * (reservoir sampling with the injected random source).
   */
  selectHost(scores: readonly NodePluginScores[]): string {
    if (scores.length === 0) throw new Error('empty priorityList');
    let best = scores[0] as NodePluginScores;
    let cntOfMaxScore = 1;
    for (let i = 1; i < scores.length; i++) {
      const s = scores[i] as NodePluginScores;
      if (s.totalScore > best.totalScore) {
        best = s;
        cntOfMaxScore = 1;
      } else if (s.totalScore === best.totalScore) {
        cntOfMaxScore++;
        if (Math.floor(this.rand() * cntOfMaxScore) === 0) best = s;
      }
    }
    return best.name;
  }
}
