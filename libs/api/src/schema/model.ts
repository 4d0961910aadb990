import { RESOURCES } from '../resources.js';
import { TYPES } from './defs.js';

/** One field in `defs.ts`: `[spec, description]` (see the notation there). */
export type FieldDef = readonly [spec: string, description?: string];
/** One type in `defs.ts`: `[description, fields]`. */
export type TypeDef = readonly [description: string, fields: Readonly<Record<string, FieldDef>>];

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/** The value a field holds. */
export type Shape =
  | { readonly kind: 'primitive'; readonly type: 'string' | 'integer' | 'number' | 'boolean'; readonly format?: string }
  /** A type of `TYPES` or a well-known scalar (`Quantity`, `Time`, …), by short name. */
  | { readonly kind: 'named'; readonly name: string }
  /** Any JSON object, kept as is (`x-kubernetes-preserve-unknown-fields`). */
  | { readonly kind: 'free' }
  | { readonly kind: 'array'; readonly items: Shape }
  | { readonly kind: 'map'; readonly values: Shape };

export interface FieldSchema {
  readonly name: string;
  readonly shape: Shape;
  readonly required: boolean;
  readonly description: string;
  /** `merge`, `retainKeys` or `merge,retainKeys`. */
  readonly patchStrategy?: string;
  readonly patchMergeKey?: string;
  readonly listType?: 'atomic' | 'set' | 'map';
  readonly listMapKeys?: readonly string[];
  readonly mapType?: 'atomic';
}

export interface TypeSchema {
  /** Short name, e.g. `PodSpec`. */
  readonly name: string;
  /** OpenAPI definition name, e.g. `io.k8s.api.core.v1.PodSpec`. */
  readonly id: string;
  readonly description: string;
  readonly fields: ReadonlyMap<string, FieldSchema>;
  readonly required: readonly string[];
  /** The kinds this type is served as (`x-kubernetes-group-version-kind`). */
  readonly gvks: readonly GroupVersionKind[];
  /** `x-kubernetes-map-type: atomic`: the struct is replaced as a whole by server-side apply. */
  readonly atomic: boolean;
}

/** Scalars with their own named OpenAPI definition. */
export interface WellKnown {
  readonly name: string;
  readonly id: string;
  readonly description: string;
  readonly v2: Readonly<Record<string, unknown>>;
  readonly v3: Readonly<Record<string, unknown>>;
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

export const WELL_KNOWN: ReadonlyMap<string, WellKnown> = new Map(
  (
    [
      [
        'Quantity',
        'io.k8s.apimachinery.pkg.api.resource.Quantity',
        'Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.',
        { type: 'string' },
        { oneOf: [{ type: 'string' }, { type: 'number' }] },
      ],
      [
        'IntOrString',
        'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
        'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.',
        { type: 'string', format: 'int-or-string' },
        { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] },
      ],
      [
        'Time',
        `${META}.Time`,
        'Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  Wrappers are provided for many of the factory methods that the time package offers.',
        { type: 'string', format: 'date-time' },
        { type: 'string', format: 'date-time' },
      ],
      [
        'MicroTime',
        `${META}.MicroTime`,
        'MicroTime is version of Time with microsecond level precision.',
        { type: 'string', format: 'date-time' },
        { type: 'string', format: 'date-time' },
      ],
      [
        'FieldsV1',
        `${META}.FieldsV1`,
        "FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.\n\nEach key is either a '.' representing the field itself, and will always map to an empty set, or a string representing a sub-field or item. The string will follow one of these four formats: 'f:<name>', where <name> is the name of a field in a struct, or key in a map 'v:<value>', where <value> is the exact json formatted value of a list item 'i:<index>', where <index> is position of a item in a list 'k:<keys>', where <keys> is a map of  a list item's key fields to their unique values If a key maps to an empty Fields value, the field that key represents is part of the set.\n\nThe exact format is defined in sigs.k8s.io/structured-merge-diff",
        { type: 'object' },
        { type: 'object' },
      ],
      [
        'RawExtension',
        'io.k8s.apimachinery.pkg.runtime.RawExtension',
        'RawExtension is used to hold extensions in external versions.',
        { type: 'object' },
        { type: 'object' },
      ],
      [
        'Patch',
        `${META}.Patch`,
        'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.',
        { type: 'object' },
        { type: 'object' },
      ],
    ] as const
  ).map(([name, id, description, v2, v3]) => [name, { name, id, description, v2, v3 }]),
);

const SCALARS: Readonly<Record<string, Shape>> = {
  string: { kind: 'primitive', type: 'string' },
  bytes: { kind: 'primitive', type: 'string', format: 'byte' },
  int32: { kind: 'primitive', type: 'integer', format: 'int32' },
  int64: { kind: 'primitive', type: 'integer', format: 'int64' },
  double: { kind: 'primitive', type: 'number', format: 'double' },
  boolean: { kind: 'primitive', type: 'boolean' },
  object: { kind: 'free' },
  quantity: { kind: 'named', name: 'Quantity' },
  intstr: { kind: 'named', name: 'IntOrString' },
  time: { kind: 'named', name: 'Time' },
  microtime: { kind: 'named', name: 'MicroTime' },
  fieldsv1: { kind: 'named', name: 'FieldsV1' },
  rawext: { kind: 'named', name: 'RawExtension' },
};

const PACKAGE_OF: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    [
      'ObjectMeta',
      'ListMeta',
      'OwnerReference',
      'ManagedFieldsEntry',
      'LabelSelector',
      'LabelSelectorRequirement',
      'Status',
      'StatusDetails',
      'StatusCause',
      'Condition',
      'DeleteOptions',
      'Preconditions',
      'WatchEvent',
    ].map((n) => [n, META]),
  ),
  ...Object.fromEntries(
    ['ReplicaSet', 'ReplicaSetList', 'ReplicaSetSpec', 'ReplicaSetStatus', 'ReplicaSetCondition'].map((n) => [n, 'io.k8s.api.apps.v1']),
  ),
  ...Object.fromEntries(['Lease', 'LeaseList', 'LeaseSpec'].map((n) => [n, 'io.k8s.api.coordination.v1'])),
  ...Object.fromEntries(['Scale', 'ScaleSpec', 'ScaleStatus'].map((n) => [n, 'io.k8s.api.autoscaling.v1'])),
};

/** Structs Kubernetes marks `+structType=atomic`. */
const ATOMIC_STRUCTS = new Set([
  'LabelSelector',
  'NodeSelector',
  'NodeSelectorTerm',
  'LocalObjectReference',
  'ObjectReference',
  'ConfigMapKeySelector',
  'SecretKeySelector',
  'ObjectFieldSelector',
  'ResourceFieldSelector',
  'TypedLocalObjectReference',
]);

function gvk(group: string, version: string, kind: string): GroupVersionKind {
  return { group, version, kind };
}

/** Every group-version kubesim serves, plus autoscaling/v1 for the scale subresource. */
const ALL_GVS = [...new Set(RESOURCES.map((r) => `${r.group}\0${r.version}`)), 'autoscaling\0v1'].map((s) => s.split('\0'));

const GVKS: ReadonlyMap<string, readonly GroupVersionKind[]> = (() => {
  const m = new Map<string, GroupVersionKind[]>();
  const add = (type: string, k: GroupVersionKind) => m.set(type, [...(m.get(type) ?? []), k]);
  for (const r of RESOURCES) {
    add(r.kind, gvk(r.group, r.version, r.kind));
    add(r.listKind, gvk(r.group, r.version, r.listKind));
  }
  add('Scale', gvk('autoscaling', 'v1', 'Scale'));
  add('Binding', gvk('', 'v1', 'Binding'));
  add('Status', gvk('', 'v1', 'Status'));
  // Kubernetes registers the options and watch event types in every group-version it serves.
  for (const [g, v] of ALL_GVS) {
    add('DeleteOptions', gvk(g!, v!, 'DeleteOptions'));
    add('WatchEvent', gvk(g!, v!, 'WatchEvent'));
  }
  return m;
})();

/** Parses one field spec of `defs.ts`. */
export function parseField(name: string, [spec, description = '']: FieldDef): FieldSchema {
  const [typeToken, ...exts] = spec.split(' ');
  const required = typeToken!.endsWith('!');
  const shape = parseShape(required ? typeToken!.slice(0, -1) : typeToken!);
  let patchStrategy: string | undefined;
  let patchMergeKey: string | undefined;
  let listType: FieldSchema['listType'] = shape.kind === 'array' ? 'atomic' : undefined;
  let listMapKeys: string[] | undefined;
  let mapType: 'atomic' | undefined;
  for (const ext of exts) {
    const [key, value] = ext.split('=') as [string, string | undefined];
    if (key === 'merge') {
      patchStrategy = 'merge';
      patchMergeKey = value;
    } else if (key === 'retainKeys') patchStrategy = patchStrategy ? `${patchStrategy},retainKeys` : 'retainKeys';
    else if (key === 'set') listType = 'set';
    else if (key === 'map') {
      listType = 'map';
      listMapKeys = value!.split(',');
    } else if (key === 'atomic') mapType = 'atomic';
    else throw new Error(`defs.ts: unknown extension ${ext} on ${name}`);
  }
  return { name, shape, required, description, patchStrategy, patchMergeKey, listType, listMapKeys, mapType };
}

function parseShape(t: string): Shape {
  if (t.startsWith('[]')) return { kind: 'array', items: parseShape(t.slice(2)) };
  if (t.startsWith('{}')) return { kind: 'map', values: parseShape(t.slice(2)) };
  const scalar = SCALARS[t];
  if (scalar) return scalar;
  if (!TYPES[t]) throw new Error(`defs.ts: unknown type ${t}`);
  return { kind: 'named', name: t };
}

const cache = new Map<string, TypeSchema>();

/** The schema of a type of `defs.ts` by short name (`PodSpec`); undefined for unknown names. */
export function typeSchema(name: string): TypeSchema | undefined {
  const cached = cache.get(name);
  if (cached) return cached;
  const def = TYPES[name];
  if (!def) return undefined;
  const [description, fieldDefs] = def;
  const fields = new Map(Object.entries(fieldDefs).map(([f, d]) => [f, parseField(f, d)]));
  const schema: TypeSchema = {
    name,
    id: `${PACKAGE_OF[name] ?? 'io.k8s.api.core.v1'}.${name}`,
    description,
    fields,
    required: [...fields.values()].filter((f) => f.required).map((f) => f.name),
    gvks: GVKS.get(name) ?? [],
    atomic: ATOMIC_STRUCTS.has(name),
  };
  cache.set(name, schema);
  return schema;
}

/** The OpenAPI definition name of a named shape (type or well-known scalar). */
export function definitionId(name: string): string {
  return WELL_KNOWN.get(name)?.id ?? typeSchema(name)!.id;
}

/**
 * The schema of the object an `apiVersion`/`kind` pair denotes, if kubesim knows the kind. Values
 * straight from a request body may be of any type: anything but strings denotes no kind.
 */
export function schemaForKind(apiVersion: string, kind: string): TypeSchema | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const slash = apiVersion.indexOf('/');
  const [group, version] = slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
  for (const name of GVKS.keys()) {
    if (GVKS.get(name)!.some((k) => k.group === group && k.version === version && k.kind === kind)) return typeSchema(name);
  }
  return undefined;
}

/** The schema of the kind a resource (plural, as in URLs: `pods`, `replicasets`) holds. */
export function schemaForResource(resource: string): TypeSchema | undefined {
  const r = RESOURCES.find((x) => x.resource === resource);
  return r ? typeSchema(r.kind) : undefined;
}

/**
 * The named shapes reachable from `roots` (types and well-known scalars), sorted by definition
 * id: the `definitions` / `components.schemas` of a document serving those roots.
 */
export function reachable(roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const t = typeSchema(name);
    if (!t) return;
    for (const f of t.fields.values()) visitShape(f.shape);
  };
  const visitShape = (s: Shape): void => {
    if (s.kind === 'named') visit(s.name);
    else if (s.kind === 'array') visitShape(s.items);
    else if (s.kind === 'map') visitShape(s.values);
  };
  roots.forEach(visit);
  return [...seen].sort((a, b) => (definitionId(a) < definitionId(b) ? -1 : 1));
}
