/**
 * The two selector formatters the printers use: apimachinery's `labels.FormatLabels` (a map, as in
 * an RC's or a Service's selector) and `metav1.FormatLabelSelector` (a LabelSelector, as in a
 * ReplicaSet's).
 */
import type { LabelSelector, LabelSelectorRequirement } from '@kubesim/api';

/** Go's `sort.Strings` order: byte-wise, not locale-aware. */
function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `labels.FormatLabels`: `k=v` pairs joined by `,`, sorted as whole `k=v` strings (that is what
 * `labels.Set.String` sorts), or `<none>` for an empty or missing map.
 */
export function formatLabels(labels: Record<string, string> | null | undefined): string {
  const pairs = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`);
  pairs.sort(byteCompare);
  const s = pairs.join(',');
  return s === '' ? '<none>' : s;
}

/** One `labels.Requirement` as `Requirement.String` prints it, or undefined when `NewRequirement` would reject it. */
function requirementString(key: string, operator: string, values: readonly string[]): string | undefined {
  const sorted = [...values].sort(byteCompare);
  switch (operator) {
    case 'In':
    case 'NotIn':
      if (sorted.length === 0) return undefined;
      return `${key} ${operator === 'In' ? 'in' : 'notin'} (${sorted.join(',')})`;
    case 'Exists':
      if (sorted.length !== 0) return undefined;
      return key;
    case 'DoesNotExist':
      if (sorted.length !== 0) return undefined;
      return `!${key}`;
    case 'Equals':
      if (sorted.length !== 1) return undefined;
      return `${key}=${sorted[0]}`;
    default:
      return undefined;
  }
}

/**
 * `metav1.FormatLabelSelector`: the selector as `LabelSelectorAsSelector(...).String()` renders it,
 * requirements sorted by key (`app=kubia,env in (production,staging)`, `!canary`, `tier`);
 * `<none>` for a nil or empty selector, `<error>` for one that does not convert (an unknown
 * operator, `In` without values, `Exists` with values).
 */
export function formatLabelSelector(selector: LabelSelector | null | undefined): string {
  if (!selector) return '<none>';
  const reqs: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    const text = requirementString(key, 'Equals', [value]);
    if (text === undefined) return '<error>';
    reqs.push({ key, text });
  }
  for (const expr of selector.matchExpressions ?? ([] as LabelSelectorRequirement[])) {
    const text = requirementString(expr.key, expr.operator, expr.values ?? []);
    if (text === undefined) return '<error>';
    reqs.push({ key: expr.key, text });
  }
  // internalSelector.Add sorts by key; keep insertion order among equal keys.
  reqs.sort((a, b) => byteCompare(a.key, b.key));
  const s = reqs.map((r) => r.text).join(',');
  return s === '' ? '<none>' : s;
}
