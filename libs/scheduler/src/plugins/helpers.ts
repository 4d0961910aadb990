import type {
  Node,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  Pod,
  PreferredSchedulingTerm,
  Taint,
  TaintEffect,
  Toleration,
} from '@kubesim/api';
import type { NodeScore } from '../framework/interface.js';

// ------------------------------------------------------------------ tolerations

/** core/v1 Toleration.ToleratesTaint. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** v1helper.TolerationsTolerateTaint. */
export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/**
 * v1helper.FindMatchingUntoleratedTaint: the first taint (in node order) accepted by `filter` that
 * no toleration tolerates.
 */
export function findMatchingUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[] | undefined,
  filter: (t: Taint) => boolean,
): Taint | undefined {
  return taints.find((t) => filter(t) && !tolerationsTolerateTaint(tolerations, t));
}

export const DO_NOT_SCHEDULE_EFFECTS: readonly TaintEffect[] = ['NoSchedule', 'NoExecute'];

// ------------------------------------------------------------------ node selectors

/** Label-selector requirement as k8s.io/apimachinery/pkg/labels evaluates it. */
function matchExpression(req: NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = labels[req.key];
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return has && values.includes(value as string);
    case 'NotIn':
      return !has || !values.includes(value as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      // Exactly one integer value; the label must parse as an integer too.
      if (!has || values.length !== 1) return false;
      const want = parseInteger(values[0] as string);
      const got = parseInteger(value as string);
      if (want === undefined || got === undefined) return false;
      return req.operator === 'Gt' ? got > want : got < want;
    }
    default:
      return false;
  }
}

function parseInteger(s: string): bigint | undefined {
  return /^[+-]?\d+$/.test(s) ? BigInt(s) : undefined;
}

/**
 * matchFields: only `metadata.name` is supported, with In/NotIn and exactly one value (as the
 * API validates); anything else is a parse error, which makes the term match nothing.
 */
function matchField(req: NodeSelectorRequirement, node: Node): boolean | undefined {
  if (req.key !== 'metadata.name') return undefined;
  const values = req.values ?? [];
  if (values.length !== 1) return undefined;
  const name = node.metadata.name ?? '';
  if (req.operator === 'In') return name === values[0];
  if (req.operator === 'NotIn') return name !== values[0];
  return undefined;
}

/**
 * nodeaffinity.nodeSelectorTerm.match: every matchExpression and matchField must hold. A term with
 * neither matches nothing; a term with an invalid requirement matches nothing.
 */
export function matchNodeSelectorTerm(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  for (const e of exprs) {
    if (!isValidExpression(e)) return false;
    if (!matchExpression(e, labels)) return false;
  }
  for (const f of fields) {
    if (matchField(f, node) !== true) return false;
  }
  return true;
}

function isValidExpression(e: NodeSelectorRequirement): boolean {
  const n = e.values?.length ?? 0;
  switch (e.operator) {
    case 'In':
    case 'NotIn':
      return n > 0;
    case 'Exists':
    case 'DoesNotExist':
      return n === 0;
    case 'Gt':
    case 'Lt':
      return n === 1 && parseInteger((e.values as string[])[0] as string) !== undefined;
    default:
      return false;
  }
}

/**
 * nodeaffinity.GetRequiredNodeAffinity(pod).Match(node): the node must carry every
 * spec.nodeSelector label and match at least one requiredDuringScheduling term (terms are ORed).
 */
export function podMatchesNodeSelectorAndAffinityTerms(pod: Pod, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) {
    if (labels[k] !== v) return false;
  }
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required) {
    return (required.nodeSelectorTerms ?? []).some((t) => matchNodeSelectorTerm(t, node));
  }
  return true;
}

/** Whether the pod restricts nodes at all (spec.nodeSelector or a required node affinity). */
export function podHasRequiredNodeSelection(pod: Pod): boolean {
  const sel = pod.spec?.nodeSelector;
  if (sel && Object.keys(sel).length > 0) return true;
  return pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution !== undefined;
}

/** PreferredSchedulingTerms.Score: sum of the weights of the preferred terms the node matches. */
export function preferredTermsScore(terms: readonly PreferredSchedulingTerm[], node: Node): number {
  let score = 0;
  for (const t of terms) {
    if (t.weight === 0) continue;
    if (matchNodeSelectorTerm(t.preference, node)) score += t.weight;
  }
  return score;
}

// ------------------------------------------------------------------ scores

/**
 * helper.DefaultNormalizeScore: scales scores to [0, maxPriority] by the maximum
 * (score = maxPriority * score / max, integer division), optionally reversed
 * (maxPriority - that). When every score is 0: reversed gives everyone maxPriority, otherwise all
 * stay 0.
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: NodeScore[]): void {
  let maxCount = 0;
  for (const s of scores) if (s.score > maxCount) maxCount = s.score;
  if (maxCount === 0) {
    if (reverse) for (const s of scores) s.score = maxPriority;
    return;
  }
  for (const s of scores) {
    let score = Math.trunc((maxPriority * s.score) / maxCount);
    if (reverse) score = maxPriority - score;
    s.score = score;
  }
}

