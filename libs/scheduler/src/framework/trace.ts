import { compareBytes } from './fit-error.js';

/**
 * A scheduling decision, recorded the way kube-scheduler-simulator's debuggable scheduler records
 * it, so it can be written to pod annotations with the simulator's keys and formats.
 */
export const ANNOTATION_PREFIX = 'kube-scheduler-simulator.sigs.k8s.io/';
export const PreFilterStatusResultAnnotationKey = `${ANNOTATION_PREFIX}prefilter-result-status`;
export const PreFilterResultAnnotationKey = `${ANNOTATION_PREFIX}prefilter-result`;
export const FilterResultAnnotationKey = `${ANNOTATION_PREFIX}filter-result`;
export const PostFilterResultAnnotationKey = `${ANNOTATION_PREFIX}postfilter-result`;
export const PreScoreResultAnnotationKey = `${ANNOTATION_PREFIX}prescore-result`;
export const ScoreResultAnnotationKey = `${ANNOTATION_PREFIX}score-result`;
export const FinalScoreResultAnnotationKey = `${ANNOTATION_PREFIX}finalscore-result`;
export const SelectedNodeAnnotationKey = `${ANNOTATION_PREFIX}selected-node`;

/** Recorded for a node that passed a filter plugin. */
export const PASSED_FILTER_MESSAGE = 'passed';
/** Recorded for a PreFilter/PreScore plugin that returned Success. */
export const SUCCESS_MESSAGE = 'success';
/** Recorded for a PreFilter/PreScore plugin that returned Skip (the simulator would record ''). */
export const SKIP_MESSAGE = 'skip';
/** Recorded under postfilter-result for the node preemption nominated. */
export const POST_FILTER_NOMINATED_MESSAGE = 'preemption victim';

export interface PluginScoreTrace {
  /** What Score returned. */
  raw: number;
  /** After NormalizeScore (equal to raw for plugins without one). */
  normalized: number;
  weight: number;
  /** normalized × weight: the plugin's contribution to the node's total. */
  final: number;
}

export interface NodeTrace {
  /**
   * Filter plugin -> "passed" or the rejection message. Only plugins that ran appear: the framework
   * stops at a node's first failing filter, and plugins skipped by their PreFilter never run.
   */
  filter: Record<string, string>;
  /** Score plugin -> scores, for feasible nodes when scoring ran. */
  score?: Record<string, PluginScoreTrace>;
  /** Sum of the `final` scores. */
  totalScore?: number;
}

/** Plain JSON: `JSON.stringify(trace)` round-trips. */
export interface DecisionTrace {
  /** PreFilter plugin -> "success", "skip" or the rejection message. */
  preFilterStatus: Record<string, string>;
  /** PreFilter plugin -> the node names it restricted the cycle to. */
  preFilterResult: Record<string, string[]>;
  /** Per evaluated node. */
  nodes: Record<string, NodeTrace>;
  /** Node -> PostFilter plugin -> "preemption victim" (nominated node) or why preemption can't use it. */
  postFilter: Record<string, Record<string, string>>;
  /** PreScore plugin -> "success", "skip" or message. */
  preScore: Record<string, string>;
  /** The chosen node; '' when the pod was not scheduled. */
  selectedNode: string;
}

export function newTrace(): DecisionTrace {
  return { preFilterStatus: {}, preFilterResult: {}, nodes: {}, postFilter: {}, preScore: {}, selectedNode: '' };
}

/** JSON with object keys sorted at every level, as Go's encoding/json marshals maps. */
export function sortedJSON(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort(compareBytes)) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/**
 * The simulator's annotations for a trace: JSON maps whose values are strings (scores are
 * formatted as decimal strings, as strconv.FormatInt does), keys sorted.
 *
 *   filter-result:     {"node":{"Plugin":"passed" | reason}}
 *   score-result:      {"node":{"Plugin":"<raw score>"}}
 *   finalscore-result: {"node":{"Plugin":"<normalized score × weight>"}}
 *   selected-node:     node name
 *   prefilter-result-status, prefilter-result, postfilter-result, prescore-result likewise.
 */
export function traceAnnotations(trace: DecisionTrace): Record<string, string> {
  const filter: Record<string, Record<string, string>> = {};
  const score: Record<string, Record<string, string>> = {};
  const finalScore: Record<string, Record<string, string>> = {};
  for (const [node, t] of Object.entries(trace.nodes)) {
    filter[node] = { ...t.filter };
    if (t.score) {
      score[node] = {};
      finalScore[node] = {};
      for (const [plugin, s] of Object.entries(t.score)) {
        (score[node] as Record<string, string>)[plugin] = String(s.raw);
        (finalScore[node] as Record<string, string>)[plugin] = String(s.final);
      }
    }
  }
  return {
    [PreFilterStatusResultAnnotationKey]: sortedJSON(trace.preFilterStatus),
    [PreFilterResultAnnotationKey]: sortedJSON(trace.preFilterResult),
    [FilterResultAnnotationKey]: sortedJSON(filter),
    [PostFilterResultAnnotationKey]: sortedJSON(trace.postFilter),
    [PreScoreResultAnnotationKey]: sortedJSON(trace.preScore),
    [ScoreResultAnnotationKey]: sortedJSON(score),
    [FinalScoreResultAnnotationKey]: sortedJSON(finalScore),
    [SelectedNodeAnnotationKey]: trace.selectedNode,
  };
}
