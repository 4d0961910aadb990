/**
 * Defaulting as the apiserver applies it before validation: the generated SetObjectDefaults of
 * k8s.io/kubernetes pkg/apis/core/v1 and apps/v1 (SetDefaults_Pod, SetDefaults_PodSpec,
 * SetDefaults_Container, SetDefaults_Probe, SetDefaults_HTTPGetAction, SetDefaults_Volume,
 * SetDefaults_ResourceList, SetDefaults_ReplicationController, SetDefaults_ReplicaSet,
 * SetDefaults_Service, SetDefaults_Namespace, SetDefaults_NodeStatus, SetDefaults_Endpoints, ...),
 * plus what the default admission chain and conversion add to a created Pod (priority 0,
 * preemptionPolicy, serviceAccountName "default" mirrored into the deprecated serviceAccount).
 *
 * Every function mutates in place, only fills what is unset, and is idempotent, so it is safe to
 * run on updates too. Objects arrive as JSON of any shape: defaulting never throws, and it leaves a
 * value of the wrong type alone (it never replaces one), so that validation reports it.
 */
import { zeroNullsOf } from './decode.js';
import { canonicalQuantityString, isValidQuantity } from './quantity.js';
import type {
  Container,
  Endpoints,
  HTTPGetAction,
  KubeObject,
  Namespace,
  Node,
  Pod,
  PodSpec,
  Probe,
  ReplicaSet,
  ReplicationController,
  ResourceList,
  Service,
  Volume,
} from './types.js';

type Rec = Record<string, unknown>;

/** A JSON object (not null, not an array); typed values keep their type, unknown ones become records. */
function isRec<T extends object>(v: T | null | undefined): v is T;
function isRec(v: unknown): v is Rec;
function isRec(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const arr = <T>(v: T[] | undefined | null): T[] => (Array.isArray(v) ? v : []);
/** Absent: missing or null (Go's nil). */
const absent = (v: unknown): v is undefined | null => v === undefined || v === null;
/** An unset string (Go's ""): absent or empty. A value of another type is not unset. */
const unsetString = (v: unknown): boolean => absent(v) || v === '';
/** An unset number (Go's 0): absent or zero. */
const unsetNumber = (v: unknown): boolean => absent(v) || v === 0;

/** v1.DefaultTerminationGracePeriodSeconds. */
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
/** v1.DefaultSchedulerName. */
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
/** v1.TerminationMessagePathDefault. */
export const TERMINATION_MESSAGE_PATH_DEFAULT = '/dev/termination-log';
/** Label SetDefaults_Namespace puts on every namespace. */
export const LABEL_METADATA_NAME = 'kubernetes.io/metadata.name';

// ---------------------------------------------------------------- image references

const alnum = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alnum}(?:${separator}${alnum})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const referenceRegexp = new RegExp(
  `^((?:${domain}/)?${pathComponent}(?:/${pathComponent})*)(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$`,
);

/**
 * parsers.ParseImageName: repository, tag and digest of an image reference; the tag is "latest"
 * when neither a tag nor a digest is given. Undefined for an unparsable reference.
 */
export function parseImageName(image: string): { repository: string; tag: string; digest: string } | undefined {
  const m = referenceRegexp.exec(image);
  if (!m || m[1]!.length > 255) return undefined;
  const tag = m[2] ?? '';
  const digest = m[3] ?? '';
  return { repository: m[1]!, tag: tag === '' && digest === '' ? 'latest' : tag, digest };
}

/** The pull policy SetDefaults_Container picks: Always for `:latest` (or no tag), else IfNotPresent. */
export function defaultPullPolicy(image: string | undefined): 'Always' | 'IfNotPresent' {
  return parseImageName(image ?? '')?.tag === 'latest' ? 'Always' : 'IfNotPresent';
}

// ---------------------------------------------------------------- building blocks

/** SetDefaults_ResourceList: every quantity rounded up to milli and written canonically. */
export function setDefaultsResourceList(list: ResourceList | undefined): void {
  if (!isRec(list)) return;
  for (const [k, v] of Object.entries(list)) {
    if (typeof v === 'string' || typeof v === 'number') list[k] = canonicalQuantityString(v);
  }
}

function setDefaultsHTTPGet(h: HTTPGetAction | undefined): void {
  if (!isRec(h)) return;
  if (unsetString(h.path)) h.path = '/';
  if (unsetString(h.scheme)) h.scheme = 'HTTP';
}

function setDefaultsHandler(h: Rec | undefined): void {
  if (!isRec(h)) return;
  setDefaultsHTTPGet(h['httpGet'] as HTTPGetAction | undefined);
  const grpc = h['grpc'];
  if (isRec(grpc) && grpc['service'] === undefined) grpc['service'] = '';
}

/** SetDefaults_Probe (+ its handler's HTTPGetAction and GRPCAction defaults). */
export function setDefaultsProbe(p: Probe | undefined): void {
  if (!isRec(p)) return;
  if (unsetNumber(p.timeoutSeconds)) p.timeoutSeconds = 1;
  if (unsetNumber(p.periodSeconds)) p.periodSeconds = 10;
  if (unsetNumber(p.successThreshold)) p.successThreshold = 1;
  if (unsetNumber(p.failureThreshold)) p.failureThreshold = 3;
  setDefaultsHandler(p as unknown as Rec);
}

/** SetDefaults_Container with its generated nested defaults (ports, env, resources, probes, lifecycle). */
export function setDefaultsContainer(c: Container): void {
  if (!isRec(c)) return;
  if (unsetString(c.imagePullPolicy)) c.imagePullPolicy = defaultPullPolicy(typeof c.image === 'string' ? c.image : '');
  if (unsetString(c.terminationMessagePath)) c.terminationMessagePath = TERMINATION_MESSAGE_PATH_DEFAULT;
  if (unsetString(c.terminationMessagePolicy)) c.terminationMessagePolicy = 'File';
  for (const port of arr(c.ports)) if (isRec(port) && unsetString(port.protocol)) port.protocol = 'TCP';
  for (const env of arr(c.env)) {
    const ref = isRec(env) && isRec(env.valueFrom) ? env.valueFrom.fieldRef : undefined;
    if (isRec(ref) && unsetString(ref.apiVersion)) ref.apiVersion = 'v1';
  }
  if (absent(c.resources)) c.resources = {};
  if (isRec(c.resources)) {
    setDefaultsResourceList(c.resources.limits);
    setDefaultsResourceList(c.resources.requests);
  }
  setDefaultsProbe(c.livenessProbe);
  setDefaultsProbe(c.readinessProbe);
  setDefaultsProbe(c.startupProbe);
  if (isRec(c.lifecycle)) {
    setDefaultsHandler(c.lifecycle.postStart as Rec | undefined);
    setDefaultsHandler(c.lifecycle.preStop as Rec | undefined);
  }
}

const DEFAULT_MODE = 0o644; // 420, for secret, configMap, downwardAPI and projected volumes

/** SetDefaults_Volume and the volume source defaults. */
export function setDefaultsVolume(v: Volume): void {
  if (!isRec(v)) return;
  const sources = Object.keys(v).filter((k) => k !== 'name' && v[k] !== undefined && v[k] !== null);
  if (sources.length === 0) v.emptyDir = {};
  if (isRec(v.hostPath) && v.hostPath.type === undefined) v.hostPath.type = '';
  for (const key of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const src = v[key];
    if (isRec(src) && src['defaultMode'] === undefined) src['defaultMode'] = DEFAULT_MODE;
  }
  const downward = v['downwardAPI'];
  for (const item of isRec(downward) ? arr(downward['items'] as unknown[]) : []) {
    if (isRec(item) && isRec(item['fieldRef']) && unsetString((item['fieldRef'] as Rec)['apiVersion'])) (item['fieldRef'] as Rec)['apiVersion'] = 'v1';
  }
}

/**
 * SetDefaults_PodSpec and the nested defaults of everything a PodSpec holds: applied to pods and
 * to pod templates alike.
 */
export function setDefaultsPodSpec(spec: PodSpec): void {
  if (!isRec(spec)) return;
  if (unsetString(spec.dnsPolicy)) spec.dnsPolicy = 'ClusterFirst';
  if (unsetString(spec.restartPolicy)) spec.restartPolicy = 'Always';
  if (absent(spec.securityContext)) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) {
    spec.terminationGracePeriodSeconds = DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  }
  if (unsetString(spec.schedulerName)) spec.schedulerName = DEFAULT_SCHEDULER_NAME;
  for (const v of arr(spec.volumes)) setDefaultsVolume(v);
  for (const c of arr(spec.initContainers)) setDefaultsContainer(c);
  for (const c of arr(spec.containers)) setDefaultsContainer(c);
  setDefaultsResourceList(spec.overhead);
  // Conversion to v1 mirrors serviceAccountName into the deprecated serviceAccount (and back).
  if (unsetString(spec.serviceAccountName) && typeof spec.serviceAccount === 'string' && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
}

function requestsFromLimits(containers: Container[]): void {
  for (const c of containers) {
    if (!isRec(c) || !isRec(c.resources) || !isRec(c.resources.limits)) continue;
    // A malformed limit is left for validation to report once (Kubernetes rejects it while decoding).
    const valid = Object.entries(c.resources.limits).filter(([, v]) => (typeof v === 'string' || typeof v === 'number') && isValidQuantity(String(v).trim()));
    if (valid.length === 0) continue;
    if (absent(c.resources.requests)) c.resources.requests = {};
    const requests = c.resources.requests;
    if (!isRec(requests)) continue;
    for (const [k, v] of valid) if (!(k in requests)) requests[k] = v;
  }
}

/**
 * A Pod's defaults: SetDefaults_Pod (requests default to limits, enableServiceLinks true,
 * hostNetwork ports get hostPort = containerPort), the PodSpec defaults, and what admission and
 * conversion add on create: serviceAccountName/serviceAccount "default", priority 0 and
 * preemptionPolicy PreemptLowerPriority when no priorityClassName is given.
 */
export function setDefaultsPod(pod: Pod): void {
  if (absent(pod.spec)) pod.spec = { containers: [] };
  const spec = pod.spec;
  if (!isRec(spec)) return;
  requestsFromLimits(arr(spec.containers));
  requestsFromLimits(arr(spec.initContainers));
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true;
  if (spec.hostNetwork) {
    for (const c of [...arr(spec.containers), ...arr(spec.initContainers)]) {
      for (const p of arr(c?.ports)) if (isRec(p) && !p.hostPort) p.hostPort = p.containerPort;
    }
  }
  setDefaultsPodSpec(spec);
  // ServiceAccount admission.
  if (unsetString(spec.serviceAccountName)) spec.serviceAccountName = 'default';
  spec.serviceAccount = spec.serviceAccountName;
  // Priority admission without a PriorityClass (and no global default class).
  if (unsetString(spec.priorityClassName)) {
    if (absent(spec.priority)) spec.priority = 0;
    if (unsetString(spec.preemptionPolicy)) spec.preemptionPolicy = 'PreemptLowerPriority';
  }
}

/** SetDefaults_ReplicationController: selector and labels from the template's labels, replicas 1, template defaults. */
export function setDefaultsReplicationController(rc: ReplicationController): void {
  if (absent(rc.spec)) rc.spec = {};
  const spec = rc.spec;
  if (!isRec(spec)) return;
  const labels = isRec(spec.template) && isRec(spec.template.metadata) ? spec.template.metadata.labels : undefined;
  const emptyMap = (m: unknown) => absent(m) || (isRec(m) && Object.keys(m).length === 0);
  if (isRec(labels) && Object.keys(labels).length > 0) {
    if (emptyMap(spec.selector)) spec.selector = { ...labels };
    if (isRec(rc.metadata) && emptyMap(rc.metadata.labels)) rc.metadata.labels = { ...labels };
  }
  if (absent(spec.replicas)) spec.replicas = 1;
  if (isRec(spec.template) && isRec(spec.template.spec)) setDefaultsPodSpec(spec.template.spec);
}

/** apps/v1 SetDefaults_ReplicaSet: replicas 1, template defaults. */
export function setDefaultsReplicaSet(rs: ReplicaSet): void {
  if (absent(rs.spec)) rs.spec = {} as ReplicaSet['spec'];
  const spec = rs.spec;
  if (!isRec(spec)) return;
  if (absent(spec.replicas)) spec.replicas = 1;
  if (isRec(spec.template) && isRec(spec.template.spec)) setDefaultsPodSpec(spec.template.spec);
}

/** SetDefaults_Service (type, sessionAffinity, port protocol and targetPort, traffic policies). */
export function setDefaultsService(svc: Service): void {
  if (absent(svc.spec)) svc.spec = {};
  const spec = svc.spec;
  if (!isRec(spec)) return;
  if (unsetString(spec.sessionAffinity)) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    // Go: config == nil || config.ClientIP == nil || config.ClientIP.TimeoutSeconds == nil.
    const config: unknown = spec.sessionAffinityConfig;
    const clientIP: unknown = isRec(config) ? (config as Rec)['clientIP'] : undefined;
    if (absent(config) || (isRec(config) && (absent(clientIP) || (isRec(clientIP) && absent((clientIP as Rec)['timeoutSeconds']))))) {
      spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
    }
  }
  if (unsetString(spec.type)) spec.type = 'ClusterIP';
  for (const p of arr(spec.ports)) {
    if (!isRec(p)) continue;
    if (unsetString(p.protocol)) p.protocol = 'TCP';
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  const externallyAccessible =
    spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && arr(spec.externalIPs).length > 0);
  if (externallyAccessible && unsetString(spec.externalTrafficPolicy)) spec.externalTrafficPolicy = 'Cluster';
  if (unsetString(spec.internalTrafficPolicy) && (spec.type === 'NodePort' || spec.type === 'LoadBalancer' || spec.type === 'ClusterIP')) {
    spec.internalTrafficPolicy = 'Cluster';
  }
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) spec.allocateLoadBalancerNodePorts = true;
}

/** SetDefaults_Namespace (the kubernetes.io/metadata.name label) and SetDefaults_NamespaceStatus (phase Active). */
export function setDefaultsNamespace(ns: Namespace): void {
  const meta = ns.metadata;
  if (isRec(meta) && typeof meta.name === 'string' && meta.name && (absent(meta.labels) || isRec(meta.labels))) {
    meta.labels = { ...(meta.labels ?? {}), [LABEL_METADATA_NAME]: meta.name };
  }
  if (absent(ns.status)) ns.status = {};
  if (isRec(ns.status) && unsetString(ns.status.phase)) ns.status.phase = 'Active';
}

/** SetDefaults_NodeStatus: allocatable defaults to capacity; quantities canonical. */
export function setDefaultsNode(node: Node): void {
  const status = node.status;
  if (!isRec(status)) return;
  setDefaultsResourceList(status.capacity);
  setDefaultsResourceList(status.allocatable);
  if (absent(status.allocatable) && isRec(status.capacity)) status.allocatable = { ...status.capacity };
}

/** SetDefaults_Endpoints: port protocol TCP. */
export function setDefaultsEndpoints(ep: Endpoints): void {
  for (const ss of arr(ep.subsets)) for (const p of arr(ss?.ports)) if (isRec(p) && unsetString(p.protocol)) p.protocol = 'TCP';
}

/**
 * Applies Kubernetes' defaults for `resource` (plural name) to `obj` in place, after turning its
 * nulls into Go zero values as decoding would (see zeroNulls: `ports: [null]` is `ports: [{}]`, a
 * null field is absent). Resources without defaults (events, leases, ...) get only that.
 */
export function setDefaults(resource: string, obj: KubeObject): void {
  if (!isRec(obj)) return;
  // Decoding comes first in Kubernetes: nulls are zero values by the time defaults apply.
  zeroNullsOf(resource, obj);
  if (absent(obj.metadata)) obj.metadata = {};
  // A mistyped object is not defaulted at all: validation reports its types.
  if (!isRec(obj.metadata)) return;
  switch (resource) {
    case 'pods':
      return setDefaultsPod(obj as Pod);
    case 'replicationcontrollers':
      return setDefaultsReplicationController(obj as ReplicationController);
    case 'replicasets':
      return setDefaultsReplicaSet(obj as ReplicaSet);
    case 'services':
      return setDefaultsService(obj as Service);
    case 'namespaces':
      return setDefaultsNamespace(obj as Namespace);
    case 'nodes':
      return setDefaultsNode(obj as Node);
    case 'endpoints':
      return setDefaultsEndpoints(obj as Endpoints);
    default:
      return;
  }
}
