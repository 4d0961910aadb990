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

/**
 * JSON with object keys sorted at every level, as Go's encoding/json marshals maps: the JSON of
 * copies whose keys were inserted in `compareBytes` order. (JavaScript lists keys that are array
 * indices, such as "0" or "17", first and in numeric order; such names do not occur in traces.)
 */
export function sortedJSON(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    // The default sort compares UTF-16 code units, as compareBytes does, without a callback.
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/** A copy of a map of strings with its keys inserted in sorted order. */
function sortedStrings(m: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(m).sort()) out[k] = m[k] as string;
  return out;
}

/** A map of `field` of each plugin's score, as decimal strings, keys sorted. */
function sortedScores(score: Record<string, PluginScoreTrace>, field: 'raw' | 'final'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(score).sort()) out[k] = String((score[k] as PluginScoreTrace)[field]);
  return out;
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
  // The per-node maps are built in sorted order right away (rather than built, then copied sorted).
  const filter: Record<string, Record<string, string>> = {};
  const score: Record<string, Record<string, string>> = {};
  const finalScore: Record<string, Record<string, string>> = {};
  for (const node of Object.keys(trace.nodes).sort()) {
    const t = trace.nodes[node] as NodeTrace;
    filter[node] = sortedStrings(t.filter);
    if (t.score) {
      score[node] = sortedScores(t.score, 'raw');
      finalScore[node] = sortedScores(t.score, 'final');
    }
  }
  return {
    [PreFilterStatusResultAnnotationKey]: sortedJSON(trace.preFilterStatus),
    [PreFilterResultAnnotationKey]: sortedJSON(trace.preFilterResult),
    [FilterResultAnnotationKey]: JSON.stringify(filter),
    [PostFilterResultAnnotationKey]: sortedJSON(trace.postFilter),
    [PreScoreResultAnnotationKey]: sortedJSON(trace.preScore),
    [ScoreResultAnnotationKey]: JSON.stringify(score),
    [FinalScoreResultAnnotationKey]: JSON.stringify(finalScore),
    [SelectedNodeAnnotationKey]: trace.selectedNode,
  };
}
