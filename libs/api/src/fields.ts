/**
 * Field selectors as apimachinery's `pkg/fields` implements them (`status.phase=Running,spec.nodeName!=`),
 * the field sets each resource exposes (the registries' GetAttrs / ToSelectableFields) and the
 * field labels each kind accepts (the scheme's field label conversion functions).
 */
import { newBadRequest } from './errors.js';
import { findResource } from './resources.js';
import type { Event, KubeObject, Namespace, Node, Pod, ReplicaSet, ReplicationController, Service } from './types.js';

/** A field set: field label → value. A missing field reads as "". */
export type Fields = Readonly<Record<string, string>>;

/** One term: `=` and `==` are both Equals ("="), `!=` is NotEquals. */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: '=' | '!=';
  readonly value: string;
}

/** fields.Selector. */
export interface FieldSelector {
  /** Whether every term holds for `fields` (missing fields read as ""). */
  matches(fields: Fields | null | undefined): boolean;
  /** True when the selector does not restrict. */
  empty(): boolean;
  /** The terms, in parse order (sorted by their text). */
  readonly requirements: readonly FieldRequirement[];
  /** `f=v,g!=w`, values escaped. */
  toString(): string;
  /** The value an equality term pins `field` to, if any. */
  requiresExactMatch(field: string): string | undefined;
  /** A copy with every term passed through `fn` (terms becoming field "" and value "" are dropped). */
  transform(fn: (field: string, value: string) => [string, string]): FieldSelector;
}

/** fields.EscapeValue: backslash-escapes `\`, `,` and `=`. */
export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/**
 * fields.UnescapeValue. Errors read "invalid field selector: invalid escape sequence: \x" and
 * "invalid field selector: unescaped character in value: 61" (Go prints the rune's code).
 */
export function unescapeFieldValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c === '\\' || c === ',' || c === '=') out += c;
      else throw newBadRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      inSlash = false;
      continue;
    }
    if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') throw newBadRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    else out += c;
  }
  if (inSlash) throw newBadRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

class AndSelector implements FieldSelector {
  readonly requirements: readonly FieldRequirement[];
  constructor(reqs: FieldRequirement[]) {
    this.requirements = Object.freeze(reqs);
  }
  matches(fields: Fields | null | undefined): boolean {
    const f = fields ?? {};
    return this.requirements.every((r) => {
      const v = Object.prototype.hasOwnProperty.call(f, r.field) ? f[r.field]! : '';
      return r.operator === '=' ? v === r.value : v !== r.value;
    });
  }
  empty(): boolean {
    return this.requirements.length === 0;
  }
  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(',');
  }
  requiresExactMatch(field: string): string | undefined {
    return this.requirements.find((r) => r.field === field && r.operator === '=')?.value;
  }
  transform(fn: (field: string, value: string) => [string, string]): FieldSelector {
    const out: FieldRequirement[] = [];
    for (const r of this.requirements) {
      const [field, value] = fn(r.field, r.value);
      if (field === '' && value === '') continue;
      out.push({ field, operator: r.operator, value });
    }
    return new AndSelector(out);
  }
}

/** fields.Everything(). */
export function everythingFields(): FieldSelector {
  return new AndSelector([]);
}

/** fields.OneTermEqualSelector. */
export function oneTermEqualSelector(field: string, value: string): FieldSelector {
  return new AndSelector([{ field, operator: '=', value }]);
}

/** fields.SelectorFromSet. */
export function fieldSelectorFromSet(set: Fields | null | undefined): FieldSelector {
  return new AndSelector(Object.entries(set ?? {}).map(([field, value]) => ({ field, operator: '=' as const, value })));
}

/** splitTerms: commas split terms unless backslash-escaped. */
function splitTerms(s: string): string[] {
  if (s.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

const TERM_OPERATORS = ['!=', '==', '='] as const;

/**
 * fields.ParseSelector: terms separated by `,`, each `field=value`, `field==value` or
 * `field!=value` (the value may be empty; `\,` `\=` `\\` escape). Terms are sorted. A malformed
 * term raises BadRequest "invalid selector: '<s>'; can't understand '<term>'".
 */
export function parseFieldSelector(s: string): FieldSelector {
  const parts = splitTerms(s).sort();
  const reqs: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    let found: { lhs: string; op: (typeof TERM_OPERATORS)[number]; rhs: string } | undefined;
    for (let i = 0; i < part.length && !found; i++) {
      for (const op of TERM_OPERATORS) {
        if (part.startsWith(op, i)) {
          found = { lhs: part.slice(0, i), op, rhs: part.slice(i + op.length) };
          break;
        }
      }
    }
    if (!found) throw newBadRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    reqs.push({ field: found.lhs, operator: found.op === '!=' ? '!=' : '=', value: unescapeFieldValue(found.rhs) });
  }
  return new AndSelector(reqs).transform((f, v) => [f, v]);
}

// ---------------------------------------------------------------- field sets per resource

function metaFields(obj: KubeObject, namespaced: boolean): Record<string, string> {
  const f: Record<string, string> = { 'metadata.name': obj.metadata?.name ?? '' };
  if (namespaced) f['metadata.namespace'] = obj.metadata?.namespace ?? '';
  return f;
}

/**
 * The field set a resource's registry exposes to field selectors (GetAttrs): `metadata.name` for
 * all, `metadata.namespace` for namespaced kinds, and per kind:
 * pods `spec.nodeName`, `spec.restartPolicy`, `spec.schedulerName`, `spec.serviceAccountName`,
 * `spec.hostNetwork`, `status.phase`, `status.podIP`, `status.nominatedNodeName`;
 * events `involvedObject.*`, `reason`, `reportingComponent`, `source`, `type`;
 * nodes `spec.unschedulable` ("true"/"false"); replicationcontrollers and replicasets
 * `status.replicas`; namespaces `status.phase` (and the legacy `name`); services `spec.clusterIP`, `spec.type`.
 */
export function fieldsForObject(resource: string, obj: KubeObject): Record<string, string> {
  switch (resource) {
    case 'pods': {
      const pod = obj as Pod;
      const spec = pod.spec ?? ({} as Pod['spec']);
      const status = pod.status ?? {};
      return {
        ...metaFields(obj, true),
        'spec.nodeName': spec.nodeName ?? '',
        'spec.restartPolicy': spec.restartPolicy ?? '',
        'spec.schedulerName': spec.schedulerName ?? '',
        'spec.serviceAccountName': spec.serviceAccountName ?? '',
        'spec.hostNetwork': String(spec.hostNetwork === true),
        'status.phase': status.phase ?? '',
        'status.podIP': status.podIPs?.[0]?.ip ?? status.podIP ?? '',
        'status.nominatedNodeName': status.nominatedNodeName ?? '',
      };
    }
    case 'events': {
      const ev = obj as Event;
      const io = ev.involvedObject ?? {};
      return {
        ...metaFields(obj, true),
        'involvedObject.kind': io.kind ?? '',
        'involvedObject.namespace': io.namespace ?? '',
        'involvedObject.name': io.name ?? '',
        'involvedObject.uid': io.uid ?? '',
        'involvedObject.apiVersion': io.apiVersion ?? '',
        'involvedObject.resourceVersion': io.resourceVersion ?? '',
        'involvedObject.fieldPath': io.fieldPath ?? '',
        reason: ev.reason ?? '',
        reportingComponent: ev.reportingComponent ?? '',
        source: ev.source?.component || ev.reportingComponent || '',
        type: ev.type ?? '',
      };
    }
    case 'nodes':
      return { ...metaFields(obj, false), 'spec.unschedulable': String((obj as Node).spec?.unschedulable === true) };
    case 'replicationcontrollers':
      return { ...metaFields(obj, true), 'status.replicas': String((obj as ReplicationController).status?.replicas ?? 0) };
    case 'replicasets':
      return { ...metaFields(obj, true), 'status.replicas': String((obj as ReplicaSet).status?.replicas ?? 0) };
    case 'namespaces': {
      const ns = obj as Namespace;
      return { ...metaFields(obj, false), 'status.phase': ns.status?.phase ?? '', name: ns.metadata?.name ?? '' };
    }
    case 'services': {
      const spec = (obj as Service).spec ?? {};
      return { ...metaFields(obj, true), 'spec.clusterIP': spec.clusterIP ?? '', 'spec.type': spec.type ?? '' };
    }
    default:
      return metaFields(obj, findResource(resource)?.namespaced ?? obj.metadata?.namespace !== undefined);
  }
}

/** Field labels accepted per resource (the kinds' AddFieldLabelConversionFunc tables). */
const FIELD_LABELS: Record<string, readonly string[]> = {
  pods: [
    'metadata.name',
    'metadata.namespace',
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.podIPs',
    'status.nominatedNodeName',
  ],
  nodes: ['metadata.name', 'spec.unschedulable'],
  replicationcontrollers: ['metadata.name', 'metadata.namespace', 'status.replicas'],
  events: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
    'metadata.namespace',
    'metadata.name',
  ],
  namespaces: ['status.phase', 'metadata.name'],
  secrets: ['type', 'metadata.namespace', 'metadata.name'],
  services: ['metadata.namespace', 'metadata.name', 'spec.clusterIP', 'spec.type'],
};

/** The field label conversion of `resource`: the label to match on, or a BadRequest. */
function convertFieldLabel(resource: string, label: string): string {
  const allowed = Object.hasOwn(FIELD_LABELS, resource) ? FIELD_LABELS[resource] : undefined;
  if (!allowed) {
    // runtime.DefaultMetaV1FieldSelectorConversion, for kinds without their own table.
    if (label === 'metadata.name' || label === 'metadata.namespace') return label;
    throw newBadRequest(`"${label}" is not a known field selector: only "metadata.name", "metadata.namespace"`);
  }
  if (resource === 'pods' && label === 'spec.host') return 'spec.nodeName';
  if (allowed.includes(label)) return label;
  throw newBadRequest(`field label not supported: ${label}`);
}

/**
 * Checks every term of `sel` against the field labels `resource` supports and returns the selector
 * with labels converted (pods' legacy `spec.host` becomes `spec.nodeName`). An unsupported label
 * raises BadRequest "field label not supported: <label>" (or, for kinds with only metadata fields,
 * `"<label>" is not a known field selector: only "metadata.name", "metadata.namespace"`).
 */
export function validateFieldSelector(resource: string, sel: FieldSelector): FieldSelector {
  return sel.transform((field, value) => [convertFieldLabel(resource, field), value]);
}
