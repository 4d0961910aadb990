/**
 * Validation as the apiserver runs it after defaulting: k8s.io/kubernetes pkg/apis/core/validation,
 * pkg/apis/apps/validation, pkg/apis/coordination/validation and apimachinery's ObjectMeta and
 * LabelSelector validation, with Kubernetes' field paths, cause types and messages, e.g.
 * `spec.replicas: Invalid value: -1: must be greater than or equal to 0`.
 *
 * Objects are expected to have gone through setDefaults first (as in Kubernetes, where validation
 * sees the defaulted internal object): e.g. a missing restartPolicy is reported as Required.
 */
import { GoSyntax, fieldErrorString, type FieldError } from './errors.js';
import {
  child,
  duplicate,
  forbidden,
  goLabelSelector,
  goQuote,
  goStringMap,
  goStringSlice,
  index,
  internalError,
  invalid,
  key,
  notFound,
  notSupported,
  required,
  tooLong,
} from './field.js';
import { selectorFromLabelSelector, selectorFromSet, type Selector } from './labels.js';
import {
  inclusiveRangeError,
  isConfigMapKey,
  isDNS1123Label,
  isDNS1123Subdomain,
  isHTTPHeaderName,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  type NameValidator,
} from './names.js';
import { decodeNodeIssues, wellTyped } from './decode.js';
import { jsonNode, safeJSONStringify } from './json.js';
import { parseQuantityValue, type Quantity } from './quantity.js';
import { findResource } from './resources.js';
import { schemaForResource } from './schema/model.js';
import type {
  Container,
  ContainerPort,
  EnvVar,
  Event,
  IntOrString,
  KubeObject,
  LabelSelector,
  LabelSelectorRequirement,
  Lease,
  Namespace,
  Node,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  ObjectMeta,
  Pod,
  PodSpec,
  PodTemplateSpec,
  Probe,
  ReplicaSet,
  ReplicationController,
  ResourceRequirements,
  Service,
  Toleration,
} from './types.js';

type Rec = Record<string, unknown>;
type Errs = FieldError[];

/** A JSON object (not null, not an array); typed values keep their type, unknown ones become records. */
function isRec<T extends object>(v: T | null | undefined): v is T;
function isRec(v: unknown): v is Rec;
function isRec(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const arr = <T>(v: readonly T[] | undefined | null): readonly T[] => (Array.isArray(v) ? v : []);
/** A string as Go decodes it: null (or anything else) is the zero value "". */
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
/** A struct as Go decodes it: null is the zero value, an empty struct. */
const rec = <T extends object>(v: T | null | undefined): T => (isRec(v) ? v : ({} as T));
const sortedKeys = (m: Rec | undefined | null): string[] => (isRec(m) ? Object.keys(m).sort() : []);
const MAX_INT32 = 2147483647;

/** apimachineryvalidation.IsNegativeErrorMsg. */
export const IS_NEGATIVE_ERROR_MSG = 'must be greater than or equal to 0';
/** apimachineryvalidation.FieldImmutableErrorMsg. */
export const FIELD_IMMUTABLE_ERROR_MSG = 'field is immutable';
/** The sum of annotation keys and values may not exceed 256 KiB. */
export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * 1024;

// ---------------------------------------------------------------- semantic equality

/**
 * Go-empty: missing, null, an empty list, or a map of empty values. Computed without recursion and
 * memoized in `memo` (values may nest deeply, and semanticEqual asks about every level); a map that
 * contains itself is not empty.
 */
function isEmpty(v: unknown, memo: WeakMap<object, boolean> = new WeakMap()): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.length === 0;
  const stack: [Rec, boolean][] = [[v as Rec, false]];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const [node, expanded] = top;
    const values = Object.values(node);
    if (!expanded) {
      if (memo.has(node)) {
        stack.pop();
        continue;
      }
      memo.set(node, false); // provisional: a cycle back to this map is not empty
      if (values.some((c) => c !== undefined && c !== null && (typeof c !== 'object' || (Array.isArray(c) && c.length > 0)))) {
        stack.pop();
        continue;
      }
      top[1] = true;
      for (const c of values) if (isRec(c) && !memo.has(c)) stack.push([c, false]);
      continue;
    }
    memo.set(node, values.every((c) => c === undefined || c === null || (Array.isArray(c) ? c.length === 0 : memo.get(c as object) === true)));
    stack.pop();
  }
  return memo.get(v) === true;
}

/**
 * apiequality.Semantic.DeepEqual over JSON: missing, null, empty lists and empty maps are equal
 * (Go's nil and empty slices and maps); everything else compares structurally. Iterative, so
 * deeply nested values compare without exhausting the stack.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  let memo: WeakMap<object, boolean> | undefined;
  const empty = (v: unknown) => v === undefined || v === null || (typeof v === 'object' && isEmpty(v, (memo ??= new WeakMap())));
  // Pairs already compared, kept once many pairs have been (values built from YAML anchors may
  // share or cycle); ordinary values compare without the bookkeeping.
  let compared: WeakMap<object, WeakSet<object>> | undefined;
  let pairs = 0;
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) {
      if (empty(x) && empty(y)) continue;
      return false;
    }
    if (++pairs > 1000) {
      compared ??= new WeakMap();
      const done = compared.get(x) ?? new WeakSet<object>();
      if (done.has(y)) continue;
      done.add(y);
      compared.set(x, done);
    }
    const xa = Array.isArray(x);
    if (xa && Array.isArray(y)) {
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) stack.push([x[i], y[i]]);
    } else if (!xa && !Array.isArray(y)) {
      const xr = x as Rec;
      const yr = y as Rec;
      for (const k in xr) stack.push([xr[k], yr[k]]);
      for (const k in yr) if (!Object.prototype.hasOwnProperty.call(xr, k)) stack.push([undefined, yr[k]]);
    } else if (!(empty(x) && empty(y))) return false;
  }
  return true;
}

// ---------------------------------------------------------------- metadata

/** ValidateNonnegativeField. */
export function validateNonnegativeField(value: number | undefined | null, path: string): Errs {
  return typeof value === 'number' && value < 0 ? [invalid(path, value, IS_NEGATIVE_ERROR_MSG)] : [];
}

/** ValidateImmutableField: `Invalid value: <new>: field is immutable`. */
export function validateImmutableField(newVal: unknown, oldVal: unknown, path: string, shown: unknown = newVal): Errs {
  return semanticEqual(newVal, oldVal) ? [] : [invalid(path, shown, FIELD_IMMUTABLE_ERROR_MSG)];
}

/** metav1validation.ValidateLabelName. */
export function validateLabelName(name: string, path: string): Errs {
  return isQualifiedName(name).map((m) => invalid(path, name, m));
}

/** metav1validation.ValidateLabels: errors at `path` itself (e.g. `metadata.labels`), not per key. */
export function validateLabels(labels: Record<string, string> | undefined | null, path: string): Errs {
  const errs: Errs = [];
  for (const k of sortedKeys(labels)) {
    errs.push(...validateLabelName(k, path));
    const v = String(labels![k] ?? '');
    for (const m of isValidLabelValue(v)) errs.push(invalid(path, v, m));
  }
  return errs;
}

/** ValidateAnnotations: qualified-name keys (case-insensitive) and at most 256 KiB in total. */
export function validateAnnotations(annotations: Record<string, string> | undefined | null, path: string): Errs {
  const errs: Errs = [];
  let total = 0;
  for (const k of sortedKeys(annotations)) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, m));
    total += Buffer.byteLength(k) + Buffer.byteLength(String(annotations![k] ?? ''));
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_B) errs.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT_B));
  return errs;
}

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

function validateFinalizerName(name: string, path: string, kube: boolean): Errs {
  const errs = isQualifiedName(name).map((m) => invalid(path, name, m));
  if (kube && !name.includes('/') && !STANDARD_FINALIZERS.has(name)) {
    errs.push(invalid(path, name, 'name is neither a standard finalizer name nor is it fully qualified'));
  }
  return errs;
}

function validateOwnerReferences(refs: ObjectMeta['ownerReferences'], path: string): Errs {
  const errs: Errs = [];
  let firstController = '';
  for (const ref of arr(refs)) {
    if (!isRec(ref)) continue;
    const apiVersion = String(ref.apiVersion ?? '');
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
    if (!version) errs.push(invalid(child(path, 'apiVersion'), apiVersion, 'version must not be empty'));
    if (!ref.kind) errs.push(invalid(child(path, 'kind'), ref.kind ?? '', 'must not be empty'));
    if (!ref.name) errs.push(invalid(child(path, 'name'), ref.name ?? '', 'must not be empty'));
    if (!ref.uid) errs.push(invalid(child(path, 'uid'), ref.uid ?? '', 'must not be empty'));
    if (apiVersion === 'v1' && ref.kind === 'Event') errs.push(invalid(path, new GoSyntax(safeJSONStringify(ref)), '/v1, Kind=Event is disallowed from being an owner'));
    if (ref.controller === true) {
      const cur = `${ref.kind}/${ref.name}`;
      if (firstController) {
        errs.push(
          invalid(path, new GoSyntax(safeJSONStringify(refs)), `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${cur}`),
        );
      } else firstController = cur;
    }
  }
  return errs;
}

function validateMetaCommon(meta: ObjectMeta, requiresNamespace: boolean, path: string): Errs {
  const errs: Errs = [];
  if (requiresNamespace) {
    if (!meta.namespace) errs.push(required(child(path, 'namespace')));
    else for (const m of nameIsDNSLabel(meta.namespace, false)) errs.push(invalid(child(path, 'namespace'), meta.namespace, m));
  } else if (meta.namespace) {
    errs.push(forbidden(child(path, 'namespace'), 'not allowed on this type'));
  }
  errs.push(...validateNonnegativeField(meta.generation, child(path, 'generation')));
  errs.push(...validateLabels(meta.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(meta.annotations, child(path, 'annotations')));
  errs.push(...validateOwnerReferences(meta.ownerReferences, child(path, 'ownerReferences')));
  const finalizers = arr(meta.finalizers).map(str);
  for (const f of finalizers) errs.push(...validateFinalizerName(f, child(path, 'finalizers'), false));
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errs.push(invalid(child(path, 'finalizers'), goStringSlice(finalizers), 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  finalizers.forEach((f, i) => errs.push(...validateFinalizerName(f, index(child(path, 'finalizers'), i), true)));
  return errs;
}

/**
 * ValidateObjectMeta (core flavour) for a create: name (or generateName, from which the apiserver
 * generates the name) per `nameFn`, namespace presence, labels, annotations, owner references and
 * finalizers.
 */
export function validateObjectMeta(meta: ObjectMeta | undefined, requiresNamespace: boolean, nameFn: NameValidator, path = 'metadata'): Errs {
  const m: ObjectMeta = isRec(meta) ? meta : {};
  const errs: Errs = [];
  if (m.generateName) for (const msg of nameFn(m.generateName, true)) errs.push(invalid(child(path, 'generateName'), m.generateName, msg));
  if (!m.name) {
    if (!m.generateName) errs.push(required(child(path, 'name'), 'name or generateName is required'));
  } else {
    for (const msg of nameFn(m.name, false)) errs.push(invalid(child(path, 'name'), m.name, msg));
  }
  return [...errs, ...validateMetaCommon(m, requiresNamespace, path)];
}

/**
 * ValidateObjectMetaUpdate: name, namespace, uid, creationTimestamp, deletionTimestamp and
 * deletionGracePeriodSeconds are immutable, generation may not decrease, no finalizer may be added
 * once deletion started. (An update without resourceVersion is checked against the stored one, as
 * Kubernetes' store fills it in before validating an unconditional update.)
 */
export function validateObjectMetaUpdate(meta: ObjectMeta | undefined, old: ObjectMeta | undefined, path = 'metadata'): Errs {
  const n: ObjectMeta = isRec(meta) ? meta : {};
  const o: ObjectMeta = isRec(old) ? old : {};
  const errs: Errs = [];
  if (o.deletionTimestamp) {
    const before = new Set(arr(o.finalizers));
    const extra = [...new Set(arr(n.finalizers))].filter((f) => !before.has(f)).sort();
    if (extra.length) {
      errs.push(forbidden(child(path, 'finalizers'), `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(extra).text}`));
    }
  }
  // The old object is whatever storage held: only numbers compare.
  const generation = (v: unknown) => (typeof v === 'number' ? v : 0);
  if (generation(n.generation) < generation(o.generation)) errs.push(invalid(child(path, 'generation'), n.generation ?? 0, 'must not be decremented'));
  errs.push(...validateImmutableField(n.name ?? '', o.name ?? '', child(path, 'name')));
  errs.push(...validateImmutableField(n.namespace ?? '', o.namespace ?? '', child(path, 'namespace')));
  errs.push(...validateImmutableField(n.uid ?? '', o.uid ?? '', child(path, 'uid')));
  errs.push(...validateImmutableField(n.creationTimestamp ?? null, o.creationTimestamp ?? null, child(path, 'creationTimestamp')));
  errs.push(...validateImmutableField(n.deletionTimestamp ?? null, o.deletionTimestamp ?? null, child(path, 'deletionTimestamp')));
  errs.push(...validateImmutableField(n.deletionGracePeriodSeconds ?? null, o.deletionGracePeriodSeconds ?? null, child(path, 'deletionGracePeriodSeconds')));
  errs.push(...validateLabels(n.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(n.annotations, child(path, 'annotations')));
  errs.push(...validateOwnerReferences(n.ownerReferences, child(path, 'ownerReferences')));
  for (const f of arr(n.finalizers)) errs.push(...validateFinalizerName(str(f), child(path, 'finalizers'), false));
  return errs;
}

// ---------------------------------------------------------------- label selectors

/** metav1validation.ValidateLabelSelectorRequirement. */
export function validateLabelSelectorRequirement(sr: LabelSelectorRequirement, path: string): Errs {
  const errs: Errs = [];
  const values = arr(sr.values);
  switch (sr.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(required(child(path, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(forbidden(child(path, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    default:
      errs.push(invalid(child(path, 'operator'), sr.operator ?? '', 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(str(sr.key), child(path, 'key')));
  values.map(str).forEach((v, i) => {
    for (const m of isValidLabelValue(v)) errs.push(invalid(index(child(path, 'values'), i), v, m));
  });
  return errs;
}

/** metav1validation.ValidateLabelSelector. */
export function validateLabelSelector(ls: LabelSelector | undefined | null, path: string): Errs {
  if (!isRec(ls)) return [];
  const errs = validateLabels(ls.matchLabels, child(path, 'matchLabels'));
  arr(ls.matchExpressions).forEach((e, i) => errs.push(...validateLabelSelectorRequirement(rec(e), index(child(path, 'matchExpressions'), i))));
  return errs;
}

// ---------------------------------------------------------------- containers

function validateDNS1123Label(value: string, path: string): Errs {
  return isDNS1123Label(value).map((m) => invalid(path, value, m));
}

/** ValidatePortNumOrName: a number in 1..65535 or an IANA_SVC_NAME. */
export function validatePortNumOrName(port: IntOrString | undefined, path: string): Errs {
  if (typeof port === 'number') return isValidPortNum(port).map((m) => invalid(path, port, m));
  if (typeof port === 'string') return isValidPortName(port).map((m) => invalid(path, port, m));
  return [internalError(path, `unknown type: ${port === undefined ? 'nil' : typeof port}`)];
}

function validateContainerPorts(ports: readonly ContainerPort[], path: string): Errs {
  const errs: Errs = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = index(path, i);
    if (!isRec(port)) return;
    if (port.name) {
      const msgs = isValidPortName(port.name);
      if (msgs.length) for (const m of msgs) errs.push(invalid(child(p, 'name'), port.name, m));
      else if (names.has(port.name)) errs.push(duplicate(child(p, 'name'), port.name));
      else names.add(port.name);
    }
    if (!port.containerPort) errs.push(required(child(p, 'containerPort')));
    else for (const m of isValidPortNum(port.containerPort)) errs.push(invalid(child(p, 'containerPort'), port.containerPort, m));
    if (port.hostPort) for (const m of isValidPortNum(port.hostPort)) errs.push(invalid(child(p, 'hostPort'), port.hostPort, m));
    if (!port.protocol) errs.push(required(child(p, 'protocol')));
    else if (!['SCTP', 'TCP', 'UDP'].includes(port.protocol)) errs.push(notSupported(child(p, 'protocol'), port.protocol, ['SCTP', 'TCP', 'UDP']));
  });
  return errs;
}

const ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];
const DOWNWARD_API_LABELS = new Set([
  'metadata.annotations',
  'metadata.labels',
  ...ENV_FIELD_PATHS,
  'spec.restartPolicy',
  'spec.schedulerName',
  'status.phase',
  'spec.host',
]);

function validateKeySelector(s: Rec, path: string): Errs {
  const errs: Errs = [];
  const name = String(s['name'] ?? '');
  for (const m of nameIsDNSSubdomain(name, false)) errs.push(invalid(child(path, 'name'), name, m));
  const k = String(s['key'] ?? '');
  if (!k) errs.push(required(child(path, 'key')));
  else for (const m of isConfigMapKey(k)) errs.push(invalid(child(path, 'key'), k, m));
  return errs;
}

function validateEnv(env: readonly EnvVar[] | undefined, path: string): Errs {
  const errs: Errs = [];
  arr(env).forEach((ev, i) => {
    if (!isRec(ev)) return;
    const p = index(path, i);
    const name = String(ev.name ?? '');
    if (!name) errs.push(required(child(p, 'name')));
    for (const m of isRelaxedEnvVarName(name)) errs.push(invalid(child(p, 'name'), name, m));
    const from = ev.valueFrom;
    if (!isRec(from)) return;
    const fp = child(p, 'valueFrom');
    let sources = 0;
    if (isRec(from.fieldRef)) {
      sources++;
      const ref = from.fieldRef;
      const rp = child(fp, 'fieldRef');
      if (!ref.apiVersion) errs.push(required(child(rp, 'apiVersion')));
      else if (!ref.fieldPath) errs.push(required(child(rp, 'fieldPath')));
      else {
        const sub = /^(metadata\.(?:labels|annotations))\['.*'\]$/.exec(ref.fieldPath);
        if (ref.apiVersion !== 'v1') {
          errs.push(invalid(child(rp, 'fieldPath'), ref.fieldPath, `error converting fieldPath: unsupported pod version: ${ref.apiVersion}`));
        } else if (!sub && !DOWNWARD_API_LABELS.has(ref.fieldPath)) {
          errs.push(invalid(child(rp, 'fieldPath'), ref.fieldPath, `error converting fieldPath: field label not supported: ${ref.fieldPath}`));
        } else if (!sub && !ENV_FIELD_PATHS.includes(ref.fieldPath === 'spec.host' ? 'spec.nodeName' : ref.fieldPath)) {
          errs.push(notSupported(child(rp, 'fieldPath'), ref.fieldPath, ENV_FIELD_PATHS));
        }
      }
    }
    if (isRec(from.resourceFieldRef)) {
      sources++;
      if (!from.resourceFieldRef.resource) errs.push(required(child(fp, 'resourceFieldRef', 'resource')));
    }
    if (isRec(from.configMapKeyRef)) {
      sources++;
      errs.push(...validateKeySelector(from.configMapKeyRef as Rec, child(fp, 'configMapKeyRef')));
    }
    if (isRec(from.secretKeyRef)) {
      sources++;
      errs.push(...validateKeySelector(from.secretKeyRef as Rec, child(fp, 'secretKeyRef')));
    }
    if (sources === 0) errs.push(invalid(fp, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
    else if (ev.value) errs.push(invalid(fp, '', 'may not be specified when `value` is not empty'));
    else if (sources > 1) errs.push(invalid(fp, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

function validateVolumeMounts(mounts: Container['volumeMounts'], volumes: ReadonlySet<string>, path: string): Errs {
  const errs: Errs = [];
  const seen = new Set<string>();
  arr(mounts).forEach((m, i) => {
    if (!isRec(m)) return;
    const p = index(path, i);
    if (!m.name) errs.push(required(child(p, 'name')));
    if (!volumes.has(m.name ?? '')) errs.push(notFound(child(p, 'name'), m.name ?? ''));
    if (!m.mountPath) errs.push(required(child(p, 'mountPath')));
    if (seen.has(m.mountPath)) errs.push(invalid(child(p, 'mountPath'), m.mountPath, 'must be unique'));
    seen.add(m.mountPath);
  });
  return errs;
}

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const STANDARD_RESOURCES = new Set([
  ...STANDARD_CONTAINER_RESOURCES,
  'requests.cpu',
  'requests.memory',
  'requests.storage',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
]);
const isHugePages = (name: string) => name.startsWith('hugepages-');
const isNativeResource = (name: string) => !name.includes('/') || name.includes('kubernetes.io/');
/** helper.IsOvercommitAllowed: native resources other than hugepages. */
export const isOvercommitAllowed = (name: string): boolean => isNativeResource(name) && !isHugePages(name);

function validateContainerResourceName(name: string, path: string): Errs {
  const errs = isQualifiedName(name).map((m) => invalid(path, name, m));
  if (errs.length) return errs;
  if (!name.includes('/')) {
    if (!STANDARD_RESOURCES.has(name) && !isHugePages(name)) errs.push(invalid(path, name, 'must be a standard resource type or fully qualified'));
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name)) errs.push(invalid(path, name, 'must be a standard resource for containers'));
  } else if (!isNativeResource(name) && isQualifiedName(`requests.${name}`).length > 0) {
    errs.push(invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

function parseResource(v: unknown, path: string, errs: Errs): Quantity | undefined {
  try {
    if (typeof v !== 'string' && typeof v !== 'number') throw new Error('quantities must be strings or numbers');
    return parseQuantityValue(v);
  } catch (e) {
    errs.push(invalid(path, typeof v === 'string' || typeof v === 'number' ? v : String(v), (e as Error).message));
    return undefined;
  }
}

/**
 * ValidateResourceRequirements: resource names, quantity syntax (`limits[memory]: Invalid value:
 * "abc": quantities must match the regular expression '...'`), non-negative values, and
 * `requests: Invalid value: "2": must be less than or equal to cpu limit of 1`.
 */
export function validateResourceRequirements(res: ResourceRequirements | undefined, path: string): Errs {
  const errs: Errs = [];
  if (!isRec(res)) return errs;
  const limPath = child(path, 'limits');
  const reqPath = child(path, 'requests');
  const limits = new Map<string, Quantity>();
  for (const name of sortedKeys(res.limits)) {
    const p = key(limPath, name);
    errs.push(...validateContainerResourceName(name, p));
    const q = parseResource(res.limits![name], p, errs);
    if (!q) continue;
    limits.set(name, q);
    if (q.sign() < 0) errs.push(invalid(p, q.toString(), IS_NEGATIVE_ERROR_MSG));
  }
  for (const name of sortedKeys(res.requests)) {
    const p = key(reqPath, name);
    errs.push(...validateContainerResourceName(name, p));
    const q = parseResource(res.requests![name], p, errs);
    if (!q) continue;
    if (q.sign() < 0) errs.push(invalid(p, q.toString(), IS_NEGATIVE_ERROR_MSG));
    const lim = limits.get(name);
    if (lim) {
      if (q.cmp(lim) !== 0 && !isOvercommitAllowed(name)) {
        errs.push(invalid(reqPath, q.toString(), `must be equal to ${name} limit of ${lim.toString()}`));
      } else if (q.cmp(lim) > 0) {
        errs.push(invalid(reqPath, q.toString(), `must be less than or equal to ${name} limit of ${lim.toString()}`));
      }
    } else if (!isOvercommitAllowed(name) && !(isRec(res.limits) && name in res.limits)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
  }
  return errs;
}

type Handler = { exec?: { command?: string[] }; httpGet?: Rec; tcpSocket?: Rec; grpc?: Rec; sleep?: { seconds?: number } };

function validateHandler(h: Handler, gracePeriod: number | undefined, path: string): Errs {
  const errs: Errs = [];
  let n = 0;
  const one = (name: keyof Handler, check: () => Errs) => {
    if (h[name] === undefined || h[name] === null) return;
    if (n > 0) errs.push(forbidden(child(path, name), 'may not specify more than 1 handler type'));
    else {
      n++;
      errs.push(...check());
    }
  };
  one('exec', () => (arr(h.exec?.command).length === 0 ? [required(child(path, 'exec', 'command'))] : []));
  one('httpGet', () => {
    const g = h.httpGet as Rec;
    const p = child(path, 'httpGet');
    const e: Errs = [];
    if (!g['path']) e.push(required(child(p, 'path')));
    e.push(...validatePortNumOrName(g['port'] as IntOrString | undefined, child(p, 'port')));
    if (g['scheme'] !== 'HTTP' && g['scheme'] !== 'HTTPS') e.push(notSupported(child(p, 'scheme'), g['scheme'] ?? '', ['HTTP', 'HTTPS']));
    for (const hdr of arr(g['httpHeaders'] as { name?: string }[])) {
      for (const m of isHTTPHeaderName(String(hdr?.name ?? ''))) e.push(invalid(child(p, 'httpHeaders'), hdr?.name ?? '', m));
    }
    return e;
  });
  one('tcpSocket', () => validatePortNumOrName((h.tcpSocket as Rec)['port'] as IntOrString | undefined, child(path, 'tcpSocket', 'port')));
  one('grpc', () => {
    // Lifecycle handlers have no grpc field, so this one was not type-checked.
    const port = (h.grpc as Rec)['port'];
    return validatePortNumOrName(typeof port === 'number' ? port : 0, child(path, 'grpc', 'port'));
  });
  one('sleep', () => {
    const s = h.sleep?.seconds ?? 0;
    return gracePeriod !== undefined && (s < 0 || s > gracePeriod)
      ? [invalid(child(path, 'sleep'), s, `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`)]
      : [];
  });
  if (n === 0) errs.push(required(path, 'must specify a handler type'));
  return errs;
}

function validateProbe(probe: Probe, gracePeriod: number | undefined, path: string): Errs {
  const { exec, httpGet, tcpSocket, grpc } = probe as Handler;
  const errs = validateHandler({ exec, httpGet, tcpSocket, grpc }, gracePeriod, path);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    errs.push(...validateNonnegativeField(probe[f], child(path, f)));
  }
  if (typeof probe.terminationGracePeriodSeconds === 'number' && probe.terminationGracePeriodSeconds <= 0) {
    errs.push(invalid(child(path, 'terminationGracePeriodSeconds'), probe.terminationGracePeriodSeconds, 'must be greater than 0'));
  }
  return errs;
}

function validateProbes(c: Container, gracePeriod: number | undefined, path: string): Errs {
  const errs: Errs = [];
  if (isRec(c.lifecycle)) {
    const { postStart, preStop } = c.lifecycle;
    if (isRec(postStart)) errs.push(...validateHandler(postStart as Handler, gracePeriod, child(path, 'lifecycle', 'postStart')));
    if (isRec(preStop)) errs.push(...validateHandler(preStop as Handler, gracePeriod, child(path, 'lifecycle', 'preStop')));
  }
  if (isRec(c.livenessProbe)) {
    errs.push(...validateProbe(c.livenessProbe, gracePeriod, child(path, 'livenessProbe')));
    if (c.livenessProbe.successThreshold !== 1) errs.push(invalid(child(path, 'livenessProbe', 'successThreshold'), c.livenessProbe.successThreshold ?? 0, 'must be 1'));
  }
  if (isRec(c.readinessProbe)) {
    errs.push(...validateProbe(c.readinessProbe, gracePeriod, child(path, 'readinessProbe')));
    if (c.readinessProbe.terminationGracePeriodSeconds !== undefined && c.readinessProbe.terminationGracePeriodSeconds !== null) {
      errs.push(invalid(child(path, 'readinessProbe', 'terminationGracePeriodSeconds'), c.readinessProbe.terminationGracePeriodSeconds, 'must not be set for readinessProbes'));
    }
  }
  if (isRec(c.startupProbe)) {
    errs.push(...validateProbe(c.startupProbe, gracePeriod, child(path, 'startupProbe')));
    if (c.startupProbe.successThreshold !== 1) errs.push(invalid(child(path, 'startupProbe', 'successThreshold'), c.startupProbe.successThreshold ?? 0, 'must be 1'));
  }
  return errs;
}

function validateContainerCommon(c: Container, volumes: ReadonlySet<string>, path: string): Errs {
  const errs: Errs = [];
  const name = String(c.name ?? '');
  if (!name) errs.push(required(child(path, 'name')));
  else errs.push(...validateDNS1123Label(name, child(path, 'name')));
  if (!c.image) errs.push(required(child(path, 'image')));
  const tmp = c.terminationMessagePolicy;
  if (!tmp) errs.push(required(child(path, 'terminationMessagePolicy')));
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') {
    errs.push(notSupported(child(path, 'terminationMessagePolicy'), tmp, ['File', 'FallbackToLogsOnError']));
  }
  errs.push(...validateContainerPorts(arr(c.ports), child(path, 'ports')));
  errs.push(...validateEnv(c.env, child(path, 'env')));
  errs.push(...validateVolumeMounts(c.volumeMounts, volumes, child(path, 'volumeMounts')));
  const pull = c.imagePullPolicy;
  if (!pull) errs.push(required(child(path, 'imagePullPolicy')));
  else if (!['Always', 'IfNotPresent', 'Never'].includes(pull)) errs.push(notSupported(child(path, 'imagePullPolicy'), pull, ['Always', 'IfNotPresent', 'Never']));
  errs.push(...validateResourceRequirements(c.resources, child(path, 'resources')));
  return errs;
}

function hostPortConflicts(containers: readonly Container[], path: string, seen = new Set<string>()): Errs {
  const errs: Errs = [];
  containers.forEach((c, ci) => {
    arr(c?.ports).forEach((p, pi) => {
      if (!isRec(p) || !p.hostPort) return;
      const id = `${p.protocol ?? ''}/${p.hostIP ?? ''}/${p.hostPort}`;
      if (seen.has(id)) errs.push(duplicate(child(index(child(index(path, ci), 'ports'), pi), 'hostPort'), id));
      else seen.add(id);
    });
  });
  return errs;
}

function validateContainers(containers: readonly Container[] | undefined, volumes: ReadonlySet<string>, gracePeriod: number | undefined, path: string): Errs {
  const list = arr(containers);
  if (list.length === 0) return [required(path)];
  const errs: Errs = [];
  const names = new Set<string>();
  list.forEach((c, i) => {
    const p = index(path, i);
    if (!isRec(c)) return void errs.push(required(p));
    errs.push(...validateContainerCommon(c, volumes, p));
    const name = String(c.name ?? '');
    if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
    else names.add(name);
    errs.push(...validateProbes(c, gracePeriod, p));
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) errs.push(forbidden(child(p, 'restartPolicy'), 'may not be set for non-init containers'));
  });
  errs.push(...hostPortConflicts(list, path));
  return errs;
}

function validateInitContainers(containers: readonly Container[] | undefined, regular: readonly Container[] | undefined, volumes: ReadonlySet<string>, gracePeriod: number | undefined, path: string): Errs {
  const errs: Errs = [];
  const names = new Set(arr(regular).map((c) => String(c?.name ?? '')));
  arr(containers).forEach((c, i) => {
    const p = index(path, i);
    if (!isRec(c)) return void errs.push(required(p));
    errs.push(...validateContainerCommon(c, volumes, p));
    let always = false;
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) {
      if (c.restartPolicy !== 'Always') errs.push(notSupported(child(p, 'restartPolicy'), c.restartPolicy, ['Always']));
      always = c.restartPolicy === 'Always';
    }
    const name = String(c.name ?? '');
    if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
    else if (name) names.add(name);
    errs.push(...hostPortConflicts([c], path));
    if (always) errs.push(...validateProbes(c, gracePeriod, p));
    else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
        if (c[f] !== undefined && c[f] !== null) errs.push(forbidden(child(p, f), 'may not be set for init containers without restartPolicy=Always'));
      }
    }
  });
  return errs;
}

function validateVolumes(volumes: PodSpec['volumes'], path: string): { names: Set<string>; errs: Errs } {
  const errs: Errs = [];
  const names = new Set<string>();
  arr(volumes).forEach((v, i) => {
    const p = index(path, i);
    if (!isRec(v)) return void errs.push(required(p, 'must specify a volume type'));
    const el: Errs = [];
    const sources = Object.keys(v).filter((k) => k !== 'name' && v[k] !== undefined && v[k] !== null);
    if (sources.length === 0) el.push(required(p, 'must specify a volume type'));
    sources.slice(1).forEach((s) => el.push(forbidden(child(p, s), 'may not specify more than 1 volume type')));
    const src = sources[0];
    if (src === 'hostPath' && !(v.hostPath as Rec | undefined)?.['path']) el.push(required(child(p, 'hostPath', 'path')));
    if (src === 'secret' && !(v.secret as Rec | undefined)?.['secretName']) el.push(required(child(p, 'secret', 'secretName')));
    if (src === 'configMap' && !(v.configMap as Rec | undefined)?.['name']) el.push(required(child(p, 'configMap', 'name')));
    const name = String(v.name ?? '');
    if (!name) el.push(required(child(p, 'name')));
    else el.push(...validateDNS1123Label(name, child(p, 'name')));
    if (names.has(name)) el.push(duplicate(child(p, 'name'), name));
    if (el.length === 0) names.add(name);
    errs.push(...el);
  });
  return { names, errs };
}

// ---------------------------------------------------------------- pod spec

/** ValidateTolerations. */
export function validateTolerations(tolerations: readonly Toleration[] | undefined, path: string): Errs {
  const errs: Errs = [];
  arr(tolerations).forEach((t, i) => {
    if (!isRec(t)) return;
    const p = index(path, i);
    if (t.key) errs.push(...validateLabelName(t.key, child(p, 'key')));
    if (!t.key && t.operator !== 'Exists') {
      errs.push(invalid(child(p, 'operator'), t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      errs.push(invalid(child(p, 'effect'), t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (t.operator ?? '') {
      case 'Equal':
      case '': {
        const msgs = isValidLabelValue(t.value ?? '');
        if (msgs.length) errs.push(invalid(child(p, 'operator'), t.value ?? '', msgs.join(';')));
        break;
      }
      case 'Exists':
        if (t.value) errs.push(invalid(child(p, 'operator'), t.value, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(notSupported(child(p, 'operator'), t.operator, ['Equal', 'Exists']));
    }
    if (t.effect) errs.push(...validateTaintEffect(t.effect, true, child(p, 'effect')));
  });
  return errs;
}

function validateTaintEffect(effect: string | undefined, allowEmpty: boolean, path: string): Errs {
  if (!allowEmpty && !effect) return [required(path)];
  return ['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(effect ?? '')
    ? []
    : [notSupported(path, effect ?? '', ['NoSchedule', 'PreferNoSchedule', 'NoExecute'])];
}

function validateNodeSelectorRequirement(rq: NodeSelectorRequirement, path: string): Errs {
  const errs: Errs = [];
  const values = arr(rq.values);
  switch (rq.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(required(child(path, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(forbidden(child(path, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) errs.push(required(child(path, 'values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(invalid(child(path, 'operator'), rq.operator ?? '', 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(str(rq.key), child(path, 'key')));
  values.map(str).forEach((v, i) => {
    for (const m of isValidLabelValue(v)) errs.push(invalid(index(child(path, 'values'), i), v, m));
  });
  return errs;
}

function validateNodeSelectorTerm(term: NodeSelectorTerm, path: string): Errs {
  const errs: Errs = [];
  arr(term?.matchExpressions).forEach((r, j) => errs.push(...validateNodeSelectorRequirement(rec(r), index(child(path, 'matchExpressions'), j))));
  arr(term?.matchFields).forEach((field, j) => {
    const r = rec(field);
    const p = index(child(path, 'matchFields'), j);
    if (r.operator === 'In' || r.operator === 'NotIn') {
      if (arr(r.values).length !== 1) errs.push(required(child(p, 'values'), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
    } else errs.push(invalid(child(p, 'operator'), r.operator ?? '', 'not a valid selector operator'));
    if (r.key !== 'metadata.name') errs.push(invalid(child(p, 'key'), r.key ?? '', 'not a valid field selector key'));
    else arr(r.values).map(str).forEach((v, i) => nameIsDNSSubdomain(v, false).forEach((m) => errs.push(invalid(index(child(p, 'values'), i), v, m))));
  });
  return errs;
}

function validateAffinity(affinity: PodSpec['affinity'], path: string): Errs {
  const errs: Errs = [];
  const na = isRec(affinity) ? affinity.nodeAffinity : undefined;
  if (!isRec(na)) return errs;
  const p = child(path, 'nodeAffinity');
  const req = na.requiredDuringSchedulingIgnoredDuringExecution;
  if (isRec(req)) {
    const tp = child(p, 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms');
    if (arr(req.nodeSelectorTerms).length === 0) errs.push(required(tp, 'must have at least one node selector term'));
    arr(req.nodeSelectorTerms).forEach((t, i) => errs.push(...validateNodeSelectorTerm(t, index(tp, i))));
  }
  arr(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => {
    const t = rec(term);
    const tp = index(child(p, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
    if (!(t.weight > 0 && t.weight <= 100)) errs.push(invalid(child(tp, 'weight'), t.weight ?? 0, 'must be in the range 1-100'));
    errs.push(...validateNodeSelectorTerm(t.preference, child(tp, 'preference')));
  });
  return errs;
}

/** validateRestartPolicy (supported values in Kubernetes' order: Always, OnFailure, Never). */
function validateRestartPolicy(policy: string | undefined, path: string): Errs {
  if (!policy) return [required(path)];
  return ['Always', 'OnFailure', 'Never'].includes(policy) ? [] : [notSupported(path, policy, ['Always', 'OnFailure', 'Never'])];
}

/**
 * ValidatePodSpec: containers and init containers, volumes, restart and DNS policy, node selector,
 * affinity, service account and node names, active deadline, hostname, tolerations, priority.
 * `isPod` is PodValidationOptions.ResourceIsPod (false for templates).
 */
export function validatePodSpec(spec: PodSpec | undefined, path: string, isPod: boolean): Errs {
  const s: PodSpec = isRec(spec) ? spec : ({} as PodSpec);
  const errs: Errs = [];
  if (s.terminationGracePeriodSeconds === undefined || s.terminationGracePeriodSeconds === null) errs.push(required(child(path, 'terminationGracePeriodSeconds')));
  const grace = typeof s.terminationGracePeriodSeconds === 'number' ? s.terminationGracePeriodSeconds : undefined;
  const vols = validateVolumes(s.volumes, child(path, 'volumes'));
  errs.push(...vols.errs);
  errs.push(...validateContainers(s.containers, vols.names, grace, child(path, 'containers')));
  errs.push(...validateInitContainers(s.initContainers, s.containers, vols.names, grace, child(path, 'initContainers')));
  if (s.hostNetwork) {
    arr(s.containers).forEach((c, i) =>
      arr(c?.ports).forEach((port, j) => {
        const hp = port?.hostPort ?? 0;
        if ((isPod || hp !== 0) && hp !== port?.containerPort) {
          errs.push(invalid(child(index(child(index(child(path, 'containers'), i), 'ports'), j), 'hostPort'), hp, 'must match `containerPort` when `hostNetwork` is true'));
        }
      }),
    );
  }
  errs.push(...validateRestartPolicy(s.restartPolicy, child(path, 'restartPolicy')));
  const dns = s.dnsPolicy;
  const dnsValues = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
  if (!dns) errs.push(required(child(path, 'dnsPolicy')));
  else if (!dnsValues.includes(dns)) errs.push(notSupported(child(path, 'dnsPolicy'), dns, dnsValues));
  errs.push(...validateLabels(s.nodeSelector, child(path, 'nodeSelector')));
  errs.push(...validateAffinity(s.affinity, child(path, 'affinity')));
  if (s.serviceAccountName) for (const m of nameIsDNSSubdomain(s.serviceAccountName, false)) errs.push(invalid(child(path, 'serviceAccountName'), s.serviceAccountName, m));
  if (s.nodeName) for (const m of nameIsDNSSubdomain(s.nodeName, false)) errs.push(invalid(child(path, 'nodeName'), s.nodeName, m));
  if (s.activeDeadlineSeconds !== undefined && s.activeDeadlineSeconds !== null) {
    const v = s.activeDeadlineSeconds;
    if (v < 1 || v > MAX_INT32) errs.push(invalid(child(path, 'activeDeadlineSeconds'), v, inclusiveRangeError(1, MAX_INT32)));
  }
  if (s.hostname) errs.push(...validateDNS1123Label(s.hostname, child(path, 'hostname')));
  if (s.subdomain) errs.push(...validateDNS1123Label(s.subdomain, child(path, 'subdomain')));
  if (arr(s.tolerations).length) errs.push(...validateTolerations(s.tolerations, child(path, 'tolerations')));
  if (s.priorityClassName) for (const m of nameIsDNSSubdomain(s.priorityClassName, false)) errs.push(invalid(child(path, 'priorityClassName'), s.priorityClassName, m));
  if (s.preemptionPolicy !== undefined && s.preemptionPolicy !== null) {
    if (!s.preemptionPolicy) errs.push(required(child(path, 'preemptionPolicy')));
    else if (!['PreemptLowerPriority', 'Never'].includes(s.preemptionPolicy)) {
      errs.push(notSupported(child(path, 'preemptionPolicy'), s.preemptionPolicy, ['PreemptLowerPriority', 'Never']));
    }
  }
  return errs;
}

/** ValidatePodTemplateSpec: labels and annotations at `<path>.labels` (sic) and the pod spec. */
export function validatePodTemplateSpec(t: PodTemplateSpec, path: string): Errs {
  const meta = isRec(t.metadata) ? t.metadata : {};
  return [
    ...validateLabels(meta.labels, child(path, 'labels')),
    ...validateAnnotations(meta.annotations, child(path, 'annotations')),
    ...validatePodSpec(t.spec, child(path, 'spec'), false),
  ];
}

function validatePodMetadataAndSpec(pod: Pod): Errs {
  const errs = validateObjectMeta(pod.metadata, true, nameIsDNSSubdomain);
  errs.push(...validatePodSpec(pod.spec, 'spec', true));
  for (const kind of ['containers', 'initContainers'] as const) {
    arr(pod.spec?.[kind]).forEach((c, i) => {
      if (typeof c?.image === 'string' && c.image !== c.image.trim()) {
        errs.push(invalid(child(index(child('spec', kind), i), 'image'), c.image, 'must not have leading or trailing whitespace'));
      }
    });
  }
  return errs;
}

/** The fields Kubernetes lets a pod update change. */
export const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

const goFieldName = (k: string) => k.charAt(0).toUpperCase() + k.slice(1);

/** A go-cmp style diff of two pod specs (Kubernetes appends cmp.Diff, whose layout is unstable by design). */
function podSpecDiff(old: Rec, next: Rec): string {
  const lines = ['  core.PodSpec{'];
  const keys = [...new Set([...Object.keys(old), ...Object.keys(next)])].sort();
  let same = 0;
  for (const k of keys) {
    if (semanticEqual(old[k], next[k])) {
      same++;
      continue;
    }
    if (same) lines.push(`  \t... // ${same} identical fields`);
    same = 0;
    if (!isEmpty(old[k])) lines.push(`- \t${goFieldName(k)}: ${safeJSONStringify(old[k])},`);
    if (!isEmpty(next[k])) lines.push(`+ \t${goFieldName(k)}: ${safeJSONStringify(next[k])},`);
  }
  if (same) lines.push(`  \t... // ${same} identical fields`);
  lines.push('  }');
  return lines.join('\n') + '\n';
}

function validateContainerUpdates(next: readonly Container[], old: readonly Container[], path: string): { errs: Errs; stop: boolean } {
  if (next.length !== old.length) return { errs: [forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const errs: Errs = [];
  next.forEach((c, i) => {
    const image = typeof c?.image === 'string' ? c.image : '';
    if (!image) errs.push(required(child(index(path, i), 'image')));
    if (image.trim() !== image) errs.push(invalid(child(index(path, i), 'image'), image, 'must not have leading or trailing whitespace'));
  });
  return { errs, stop: false };
}

function validateOnlyAddedTolerations(next: readonly Toleration[], old: readonly Toleration[], path: string): Errs {
  for (const o of old) {
    const found = next.some((n) => semanticEqual({ ...o, tolerationSeconds: n?.tolerationSeconds }, n));
    if (!found) return [forbidden(path, 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(next, path);
}

/**
 * ValidatePodUpdate: the create validation of the new pod, immutable metadata, and a spec that
 * changes nothing but container images, activeDeadlineSeconds (only lowered), added tolerations
 * and a negative terminationGracePeriodSeconds set to 1; otherwise
 * `spec: Forbidden: pod updates may not change fields other than ...`.
 */
export function validatePodUpdate(pod: Pod, old: Pod): Errs {
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata);
  errs.push(...validatePodMetadataAndSpec(pod));
  const spec = (isRec(pod.spec) ? pod.spec : {}) as PodSpec;
  const oldSpec = (isRec(old.spec) ? old.spec : {}) as PodSpec;
  for (const kind of ['containers', 'initContainers'] as const) {
    const r = validateContainerUpdates(arr(spec[kind]), arr(oldSpec[kind]), child('spec', kind));
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const ads = spec.activeDeadlineSeconds;
  if (ads !== undefined && ads !== null) {
    if (ads < 0 || ads > MAX_INT32) return [...errs, invalid('spec.activeDeadlineSeconds', ads, inclusiveRangeError(0, MAX_INT32))];
    if (typeof oldSpec.activeDeadlineSeconds === 'number' && oldSpec.activeDeadlineSeconds < ads) {
      return [...errs, invalid('spec.activeDeadlineSeconds', ads, 'must be less than or equal to previous value')];
    }
  } else if (typeof oldSpec.activeDeadlineSeconds === 'number') {
    errs.push(invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  }
  errs.push(...validateOnlyAddedTolerations(arr(spec.tolerations), arr(oldSpec.tolerations), 'spec.tolerations'));
  if (semanticEqual(spec, oldSpec)) return errs;
  // The new spec with the updatable fields set back to the old values (shallow copies: the rest is only compared).
  const munged = { ...spec } as PodSpec & Rec;
  for (const kind of ['containers', 'initContainers'] as const) {
    if (!Array.isArray(spec[kind])) continue;
    munged[kind] = spec[kind].map((c, i) => (isRec(c) ? { ...c, image: arr(oldSpec[kind])[i]?.image as string } : c));
  }
  munged.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds as number;
  munged.tolerations = oldSpec.tolerations as Toleration[];
  if (typeof oldSpec.terminationGracePeriodSeconds === 'number' && oldSpec.terminationGracePeriodSeconds < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = oldSpec.terminationGracePeriodSeconds;
  }
  if (!semanticEqual(munged, oldSpec)) {
    errs.push(
      forbidden('spec', `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}\n${podSpecDiff(oldSpec as unknown as Rec, munged)}`),
    );
  }
  return errs;
}

function isValidIP(ip: string): boolean {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return ip.split('.').every((o) => Number(o) <= 255 && (o === '0' || !o.startsWith('0')));
  return ip.includes(':') && /^[0-9a-fA-F:.]+$/.test(ip) && (ip.match(/::/g) ?? []).length <= 1;
}

/** ValidatePodStatusUpdate (the checks kubesim's writers can trip). */
export function validatePodStatusUpdate(pod: Pod, old: Pod): Errs {
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata);
  if ((pod.spec?.nodeName ?? '') !== (old.spec?.nodeName ?? '')) errs.push(forbidden('status.nodeName', 'may not be changed directly'));
  const nominated = pod.status?.nominatedNodeName ?? '';
  if (nominated && nominated !== (old.status?.nominatedNodeName ?? '')) {
    for (const m of nameIsDNSSubdomain(nominated, false)) errs.push(invalid('status.nominatedNodeName', nominated, m));
  }
  errs.push(...validateImmutableField(pod.status?.qosClass ?? '', old.status?.qosClass ?? '', 'status.qosClass'));
  const policy = old.spec?.restartPolicy;
  if (policy !== 'Always') {
    arr(old.status?.containerStatuses).forEach((o, i) => {
      const term = o?.state?.terminated;
      if (!term || (term.exitCode !== 0 && policy === 'OnFailure')) return;
      for (const n of arr(pod.status?.containerStatuses)) {
        if (n?.name === o.name && !n.state?.terminated) errs.push(forbidden(`status.containerStatuses[${i}].state`, 'may not be transitioned to non-terminated state'));
      }
    });
  }
  arr(pod.status?.podIPs).forEach((p, i) => {
    if (!isValidIP(p?.ip ?? '')) errs.push(invalid(`status.podIPs[${i}]`, p?.ip ?? '', 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  });
  return errs;
}

// ---------------------------------------------------------------- controllers

const TEMPLATE_MISMATCH = '`selector` does not match template `labels`';

function validatePodTemplateForController(t: PodTemplateSpec | undefined, selector: Selector, path: string, kind: 'ReplicationController' | 'ReplicaSet'): Errs {
  if (!isRec(t)) {
    if (kind === 'ReplicationController') return [required(path)];
    t = { spec: {} as PodSpec };
  }
  const errs: Errs = [];
  const labels = isRec(t.metadata) && isRec(t.metadata.labels) ? t.metadata.labels : undefined;
  if (!selector.empty() && !selector.matches(labels ?? {})) errs.push(invalid(child(path, 'metadata', 'labels'), goStringMap(labels), TEMPLATE_MISMATCH));
  errs.push(...validatePodTemplateSpec(t, path));
  const spec = (isRec(t.spec) ? t.spec : {}) as PodSpec;
  if (spec.restartPolicy !== 'Always') errs.push(notSupported(child(path, 'spec', 'restartPolicy'), spec.restartPolicy ?? '', ['Always']));
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    errs.push(
      kind === 'ReplicationController'
        ? forbidden(child(path, 'spec', 'activeDeadlineSeconds'), 'activeDeadlineSeconds in ReplicationController is not Supported')
        : invalid(child(path, 'spec', 'activeDeadlineSeconds'), spec.activeDeadlineSeconds, 'activeDeadlineSeconds in ReplicaSet is not Supported'),
    );
  }
  return errs;
}

/** ValidateReplicationController (metadata and spec). */
export function validateReplicationController(rc: ReplicationController): Errs {
  const errs = validateObjectMeta(rc.metadata, true, nameIsDNSSubdomain);
  const spec = (isRec(rc.spec) ? rc.spec : {}) as NonNullable<ReplicationController['spec']>;
  errs.push(...validateNonnegativeField(spec.minReadySeconds, 'spec.minReadySeconds'));
  const selector = selectorFromSet(isRec(spec.selector) ? spec.selector : undefined);
  if (selector.empty()) errs.push(required('spec.selector'));
  errs.push(...validateNonnegativeField(spec.replicas, 'spec.replicas'));
  errs.push(...validatePodTemplateForController(spec.template, selector, 'spec.template', 'ReplicationController'));
  return errs;
}

/** apps ValidateReplicaSet (metadata and spec). */
export function validateReplicaSet(rs: ReplicaSet): Errs {
  const errs = validateObjectMeta(rs.metadata, true, nameIsDNSSubdomain);
  const spec = (isRec(rs.spec) ? rs.spec : {}) as ReplicaSet['spec'];
  errs.push(...validateNonnegativeField(spec.replicas, 'spec.replicas'));
  errs.push(...validateNonnegativeField(spec.minReadySeconds, 'spec.minReadySeconds'));
  if (!isRec(spec.selector)) errs.push(required('spec.selector'));
  else {
    errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
    if (Object.keys(spec.selector.matchLabels ?? {}).length + arr(spec.selector.matchExpressions).length === 0) {
      errs.push(invalid('spec.selector', goLabelSelector(spec.selector), 'empty selector is invalid for deployment'));
    }
  }
  let selector: Selector;
  try {
    selector = selectorFromLabelSelector(isRec(spec.selector) ? spec.selector : undefined);
  } catch {
    return [...errs, invalid('spec.selector', goLabelSelector(spec.selector), 'invalid label selector')];
  }
  errs.push(...validatePodTemplateForController(spec.template, selector, 'spec.template', 'ReplicaSet'));
  return errs;
}

function validateReplicasStatus(status: ReplicaSet['status'], path: string): Errs {
  const s = isRec(status) ? status : ({ replicas: 0 } as NonNullable<ReplicaSet['status']>);
  const errs: Errs = [];
  for (const f of ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'] as const) {
    errs.push(...validateNonnegativeField(s[f], child(path, f)));
  }
  const replicas = s.replicas ?? 0;
  const msg = 'cannot be greater than status.replicas';
  const fully = s.fullyLabeledReplicas ?? 0;
  const ready = s.readyReplicas ?? 0;
  const available = s.availableReplicas ?? 0;
  if (fully > replicas) errs.push(invalid(child(path, 'fullyLabeledReplicas'), fully, msg));
  if (ready > replicas) errs.push(invalid(child(path, 'readyReplicas'), ready, msg));
  if (available > replicas) errs.push(invalid(child(path, 'availableReplicas'), available, msg));
  if (available > ready) errs.push(invalid(child(path, 'availableReplicas'), available, 'cannot be greater than readyReplicas'));
  return errs;
}

// ---------------------------------------------------------------- other kinds

/** ValidateNamespace: name a DNS-1123 label, spec finalizers qualified names. */
export function validateNamespace(ns: Namespace): Errs {
  const errs = validateObjectMeta(ns.metadata, false, nameIsDNSLabel);
  for (const f of arr(ns.spec?.finalizers)) errs.push(...validateFinalizerName(str(f), 'spec.finalizers', true));
  return errs;
}

function validateTaints(taints: NonNullable<Node['spec']>['taints'], path: string): Errs {
  const errs: Errs = [];
  const unique = new Map<string, Set<string>>();
  arr(taints).forEach((t, i) => {
    const p = index(path, i);
    errs.push(...validateLabelName(String(t?.key ?? ''), child(p, 'key')));
    const msgs = isValidLabelValue(t?.value ?? '');
    if (msgs.length) errs.push(invalid(child(p, 'value'), t?.value ?? '', msgs.join(';')));
    errs.push(...validateTaintEffect(t?.effect, false, child(p, 'effect')));
    const keys = unique.get(t?.effect ?? '') ?? new Set<string>();
    if (keys.has(t?.key ?? '')) {
      const shown = new GoSyntax(`core.Taint{Key:${goQuote(str(t?.key))}, Value:${goQuote(str(t?.value))}, Effect:${goQuote(str(t?.effect))}, TimeAdded:<nil>}`);
      errs.push({ ...duplicate(p, shown), detail: 'taints must be unique by key and effect pair' });
      return;
    }
    keys.add(t?.key ?? '');
    unique.set(t?.effect ?? '', keys);
  });
  return errs;
}

function validateNodeResources(node: Node): Errs {
  const errs: Errs = [];
  for (const list of ['capacity', 'allocatable'] as const) {
    const m = node.status?.[list];
    for (const k of sortedKeys(m)) {
      const q = parseResource(m![k], `status.${list}.${k}`, errs);
      if (q && q.sign() < 0) errs.push(invalid(`status.${list}.${k}`, q.toString(), IS_NEGATIVE_ERROR_MSG));
    }
  }
  return errs;
}

/** ValidateNode: name a DNS-1123 subdomain, taints (reported under metadata.taints, as Kubernetes does), resources. */
export function validateNode(node: Node): Errs {
  const errs = validateObjectMeta(node.metadata, false, nameIsDNSSubdomain);
  if (arr(node.spec?.taints).length) errs.push(...validateTaints(node.spec?.taints, 'metadata.taints'));
  errs.push(...validateNodeResources(node));
  return errs;
}

/** ValidateNodeUpdate. */
export function validateNodeUpdate(node: Node, old: Node): Errs {
  const errs = validateObjectMetaUpdate(node.metadata, old.metadata);
  errs.push(...validateNodeResources(node));
  const seen = new Set<string>();
  arr(node.status?.addresses).forEach((a, i) => {
    const id = `${a?.type}/${a?.address}`;
    if (seen.has(id)) errs.push(duplicate(`status.addresses[${i}]`, new GoSyntax(`core.NodeAddress{Type:${goQuote(str(a?.type))}, Address:${goQuote(str(a?.address))}}`)));
    seen.add(id);
  });
  const oldCIDRs = arr(old.spec?.podCIDRs);
  if (oldCIDRs.length && !semanticEqual(oldCIDRs, arr(node.spec?.podCIDRs))) {
    errs.push(forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'));
  }
  if (old.spec?.providerID && old.spec.providerID !== node.spec?.providerID) {
    errs.push(forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  }
  if (arr(node.spec?.taints).length) errs.push(...validateTaints(node.spec?.taints, 'metadata.taints'));
  return errs;
}

/** legacyValidateEvent: the involved object's namespace must match the event's. */
export function validateEvent(ev: Event): Errs {
  const errs: Errs = [];
  if (!ev.metadata?.name && !ev.metadata?.generateName) errs.push(required('metadata.name', 'name or generateName is required'));
  const ns = ev.metadata?.namespace ?? '';
  const io = isRec(ev.involvedObject) ? ev.involvedObject : {};
  const mismatch = () => errs.push(invalid('involvedObject.namespace', io.namespace ?? '', 'does not match event.namespace'));
  if (!ev.eventTime) {
    if (!io.namespace) {
      if (ns !== '' && ns !== 'default') mismatch();
    } else if (ns !== io.namespace) mismatch();
  } else {
    if (!io.namespace && ns !== 'default' && ns !== 'kube-system') mismatch();
    const rc = ev.reportingComponent ?? '';
    if (!rc) errs.push(required('reportingComponent'));
    for (const m of isQualifiedName(rc)) errs.push(invalid('reportingComponent', rc, m));
    if (!ev.reportingInstance) errs.push(required('reportingInstance'));
    if ((ev.reportingInstance ?? '').length > 128) errs.push(invalid('reportingInstance', '', 'can have at most 128 characters'));
    if (!ev.action) errs.push(required('action'));
    if ((ev.action ?? '').length > 128) errs.push(invalid('action', '', 'can have at most 128 characters'));
  }
  for (const m of isDNS1123Subdomain(ns)) errs.push(invalid('namespace', ns, m));
  return errs;
}

/** coordination ValidateLease. */
export function validateLease(lease: Lease): Errs {
  const errs = validateObjectMeta(lease.metadata, true, nameIsDNSSubdomain);
  const spec = lease.spec ?? {};
  if (typeof spec.leaseDurationSeconds === 'number' && spec.leaseDurationSeconds <= 0) {
    errs.push(invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  if (typeof spec.leaseTransitions === 'number' && spec.leaseTransitions < 0) {
    errs.push(invalid('spec.leaseTransitions', spec.leaseTransitions, IS_NEGATIVE_ERROR_MSG));
  }
  return errs;
}

/** ValidateService (name a DNS-1035 label; ports, selector, type and session affinity). */
export function validateService(svc: Service): Errs {
  const errs = validateObjectMeta(svc.metadata, true, nameIsDNS1035Label);
  const spec = svc.spec ?? {};
  const ports = arr(spec.ports);
  const headless = spec.clusterIP === 'None';
  if (ports.length === 0 && !headless && spec.type !== 'ExternalName') errs.push(required('spec.ports'));
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const sp = rec(port);
    const p = `spec.ports[${i}]`;
    if (ports.length > 1 && !sp.name) errs.push(required(`${p}.name`));
    else if (sp.name) {
      errs.push(...validateDNS1123Label(sp.name, `${p}.name`));
      if (names.has(sp.name)) errs.push(duplicate(`${p}.name`, sp.name));
      else names.add(sp.name);
    }
    for (const m of isValidPortNum(sp.port)) errs.push(invalid(`${p}.port`, sp.port ?? 0, m));
    if (!sp.protocol) errs.push(required(`${p}.protocol`));
    else if (!['SCTP', 'TCP', 'UDP'].includes(sp.protocol)) errs.push(notSupported(`${p}.protocol`, sp.protocol, ['SCTP', 'TCP', 'UDP']));
    errs.push(...validatePortNumOrName(sp.targetPort, `${p}.targetPort`));
    if (spec.type === 'ClusterIP' && sp.nodePort) errs.push(forbidden(`${p}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
  });
  if (spec.selector) errs.push(...validateLabels(spec.selector, 'spec.selector'));
  if (!spec.sessionAffinity) errs.push(required('spec.sessionAffinity'));
  else if (!['ClientIP', 'None'].includes(spec.sessionAffinity)) errs.push(notSupported('spec.sessionAffinity', spec.sessionAffinity, ['ClientIP', 'None']));
  if (!spec.type) errs.push(required('spec.type'));
  else if (!['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'].includes(spec.type)) {
    errs.push(notSupported('spec.type', spec.type, ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']));
  }
  return errs;
}

// ---------------------------------------------------------------- entry points

function resourceNamespaced(resource: string, obj: KubeObject): boolean {
  return findResource(resource)?.namespaced ?? Boolean(obj.metadata?.namespace);
}

function dedupe(errs: Errs): Errs {
  const seen = new Set<string>();
  return errs.filter((e) => {
    const s = fieldErrorString(e);
    if (seen.has(s)) return false;
    seen.add(s);
    return true;
  });
}

// ---------------------------------------------------------------- JSON types

/** field.TypeInvalid, worded as OpenAPI schema validation words it. */
function typeInvalid(path: string, actual: string, expected: string): FieldError {
  const detail = path ? `${path} in body must be of type ${expected}: "${actual}"` : `body must be of type ${expected}: "${actual}"`;
  return { type: 'FieldValueTypeInvalid', field: path, badValue: actual, detail };
}

/**
 * The JSON type errors of `obj` against the schema of `resource`'s kind, as FieldValueTypeInvalid
 * errors: `spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer:
 * "string"` (map keys as `metadata.labels[app]`; integers out of their field's range are `int32`
 * / `int64` errors). null is accepted anywhere, as Go's decoder accepts it. Kubernetes rejects such
 * objects while decoding them (see typeErrors in @kubesim/discovery); this is for objects that did
 * not come through a decoder, such as the result of a patch. Never throws.
 */
export function validateTypes(resource: string, obj: unknown): FieldError[] {
  const r = findResource(resource);
  const t = schemaForResource(resource) ?? (r ? schemaForResource(r.resource) : undefined);
  if (t && wellTyped(t, obj, { syntax: false })) return [];
  const node = jsonNode(obj);
  if (!t) return node.t === 'object' || node.t === 'null' ? [] : [typeInvalid('', node.t === 'bool' ? 'boolean' : node.t, 'object')];
  return decodeNodeIssues(t, node, { syntax: false }).map((i) => typeInvalid(i.field, i.actual, i.expected));
}

/** Type errors of `obj`, or undefined when the checks may go on (a well-typed object). */
function typeErrorsFirst(resource: string, obj: unknown): FieldError[] | undefined {
  const errs = validateTypes(resource, obj);
  if (errs.length) return errs;
  return isRec(obj) ? undefined : [];
}

/** An old object is whatever storage held: anything but an object is taken as an empty one. */
const asOld = (old: unknown): KubeObject => (isRec(old) ? (old as unknown as KubeObject) : ({ metadata: {} } as KubeObject));

/**
 * The create validation of `resource` (plural name) for a defaulted object. Returns Kubernetes'
 * field errors; empty when valid. Feed them to newInvalid for the 422 response. An object with
 * JSON type errors gets those only (see validateTypes). Never throws, whatever the JSON.
 */
export function validateObject(resource: string, obj: KubeObject): FieldError[] {
  const typeErrs = typeErrorsFirst(resource, obj);
  if (typeErrs) return typeErrs;
  switch (resource) {
    case 'pods':
      return validatePodMetadataAndSpec(obj as Pod);
    case 'replicationcontrollers':
      return validateReplicationController(obj as ReplicationController);
    case 'replicasets':
      return validateReplicaSet(obj as ReplicaSet);
    case 'namespaces':
      return validateNamespace(obj as Namespace);
    case 'nodes':
      return validateNode(obj as Node);
    case 'events':
      return validateEvent(obj as Event);
    case 'leases':
      return validateLease(obj as Lease);
    case 'services':
      return validateService(obj as Service);
    default:
      return validateObjectMeta(obj.metadata, resourceNamespaced(resource, obj), nameIsDNSSubdomain);
  }
}

/**
 * The update validation of `resource`: everything validateObject checks on the new object plus
 * immutability against `old` (metadata.name/namespace/uid, pod spec, ReplicaSet spec.selector, ...).
 */
export function validateObjectUpdate(resource: string, obj: KubeObject, old: KubeObject): FieldError[] {
  const typeErrs = typeErrorsFirst(resource, obj);
  if (typeErrs) return typeErrs;
  old = asOld(old);
  switch (resource) {
    case 'pods':
      return validatePodUpdate(obj as Pod, old as Pod);
    case 'replicationcontrollers': {
      const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
      const spec = validateReplicationController(obj as ReplicationController).filter((e) => !e.field.startsWith('metadata.'));
      return dedupe([...errs, ...spec]);
    }
    case 'replicasets': {
      const rs = obj as ReplicaSet;
      const errs = [...validateReplicaSet(rs), ...validateObjectMetaUpdate(obj.metadata, old.metadata)];
      errs.push(...validateImmutableField(rs.spec?.selector ?? null, (old as ReplicaSet).spec?.selector ?? null, 'spec.selector', goLabelSelector(rs.spec?.selector)));
      return dedupe(errs);
    }
    case 'nodes':
      return dedupe([...validateNode(obj as Node), ...validateNodeUpdate(obj as Node, old as Node)]);
    case 'namespaces':
      return dedupe([...validateNamespace(obj as Namespace), ...validateObjectMetaUpdate(obj.metadata, old.metadata)]);
    case 'events':
      return validateEvent(obj as Event);
    default:
      return dedupe([...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateObject(resource, obj)]);
  }
}

/** The validation of a write to the `status` subresource of `resource`. */
export function validateStatusUpdate(resource: string, obj: KubeObject, old: KubeObject): FieldError[] {
  const typeErrs = typeErrorsFirst(resource, obj);
  if (typeErrs) return typeErrs;
  old = asOld(old);
  switch (resource) {
    case 'pods':
      return validatePodStatusUpdate(obj as Pod, old as Pod);
    case 'replicationcontrollers':
    case 'replicasets':
      return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateReplicasStatus((obj as ReplicaSet).status, 'status')];
    case 'nodes':
      return validateNodeUpdate(obj as Node, old as Node);
    case 'namespaces': {
      const ns = obj as Namespace;
      const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
      const phase = ns.status?.phase ?? '';
      if (!ns.metadata?.deletionTimestamp) {
        if (phase !== 'Active') errs.push(invalid('status.Phase', phase, "may only be 'Active' if `deletionTimestamp` is empty"));
      } else if (phase !== 'Terminating') {
        errs.push(invalid('status.Phase', phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
      }
      return errs;
    }
    default:
      return validateObjectMetaUpdate(obj.metadata, old.metadata);
  }
}
