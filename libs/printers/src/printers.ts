/**
 * Row printers ported from Kubernetes' `pkg/printers/internalversion/printers.go` (1.33). The
 * apiserver always prints with `Wide: true` (pkg/printers/storage), so every printer emits its
 * priority-1 cells too and kubectl drops them unless asked for `-o wide`.
 *
 * The Go printers run on objects the apiserver has defaulted and converted to the internal
 * version. Where they dereference such a default (RC/RS `spec.replicas`, a Service's `type` and
 * port `protocol`, a Namespace's `status.phase`) or rely on v1→internal conversion (`podIPs` and
 * `clusterIPs` filled from the singular field), the same default is applied here, so an object
 * stored without it still prints as Kubernetes would.
 */
import type {
  Container,
  ContainerStatus,
  Endpoints,
  Event,
  KubeObject,
  Lease,
  Namespace,
  Node,
  Pod,
  PodCondition,
  ReplicaSet,
  ReplicationController,
  Service,
} from '@kubesim/api';
import { formatRFC3339, humanDuration, parseTimestamp, translateTimestampSince } from './duration.js';
import { formatLabels, formatLabelSelector } from './labels.js';
import type { TableCell, TableRowCondition } from './types.js';

/** What a printer produces for one object; printTable adds the row's `object`. */
export interface PrintedRow {
  cells: TableCell[];
  conditions?: TableRowCondition[];
}

// ---------------------------------------------------------------- pods

/** `node.NodeUnreachablePodReason`: set on pods of a node the node lifecycle controller lost. */
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';
const POD_REASON_SCHEDULING_GATED = 'SchedulingGated';

const podSuccessConditions: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
];
const podFailedConditions: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
];

/** Pod fields the printer reads that @kubesim/api does not type (yet). */
interface PodExtras {
  spec?: { readinessGates?: { conditionType: string }[] };
}

function isRestartableInitContainer(c: Container | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

function hasPodReadyCondition(conditions: readonly PodCondition[]): boolean {
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

function isPodInitializedConditionTrue(conditions: readonly PodCondition[]): boolean {
  const c = conditions.find((x) => x.type === 'Initialized');
  return c?.status === 'True';
}

/** `metav1.Time.Before` over parsed timestamps, where undefined is Go's zero time. */
function before(a: number | undefined, b: number | undefined): boolean {
  if (b === undefined) return false;
  return a === undefined || a < b;
}

function lastTerminationFinishedAt(cs: ContainerStatus): number | undefined {
  const t = cs.lastState?.terminated;
  if (!t) return undefined;
  return parseTimestamp(t.finishedAt);
}

/** Go's `%d` of an int32 field the API may have left out. */
function terminatedReason(prefix: string, exitCode: number | undefined, signal: number | undefined): string {
  return signal ? `${prefix}Signal:${signal}` : `${prefix}ExitCode:${exitCode ?? 0}`;
}

/**
 * `printPod`: NAME READY STATUS RESTARTS AGE | IP NODE NOMINATED-NODE READINESS-GATES.
 * STATUS starts from `status.reason` or the phase, is overridden by the first init container that
 * has not completed (`Init:N/M`, `Init:<reason>`, `Init:ExitCode:N`), else by the containers'
 * waiting/terminated reasons (the first container wins), then by `Terminating`/`Unknown` for a pod
 * being deleted. Succeeded and Failed pods carry a `Completed` row condition.
 */
export function printPod(pod: Pod & PodExtras, now: Date): PrintedRow {
  const status = pod.status ?? {};
  const conditions = status.conditions ?? [];
  const initSpecs = pod.spec?.initContainers ?? [];
  let restarts = 0;
  let restartableInitContainerRestarts = 0;
  let totalContainers = pod.spec?.containers?.length ?? 0;
  let readyContainers = 0;
  let lastRestartDate: number | undefined;
  let lastRestartableInitContainerRestartDate: number | undefined;

  const podPhase = status.phase ?? '';
  let reason: string = status.reason || podPhase;

  for (const c of conditions) {
    if (c.type === 'PodScheduled' && c.reason === POD_REASON_SCHEDULING_GATED) reason = POD_REASON_SCHEDULING_GATED;
  }

  const row: PrintedRow = { cells: [] };
  if (podPhase === 'Succeeded') row.conditions = podSuccessConditions.map((c) => ({ ...c }));
  else if (podPhase === 'Failed') row.conditions = podFailedConditions.map((c) => ({ ...c }));

  const initContainers = new Map<string, Container>();
  for (const c of initSpecs) {
    initContainers.set(c.name, c);
    if (isRestartableInitContainer(c)) totalContainers++;
  }

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i]!;
    const restartable = isRestartableInitContainer(initContainers.get(container.name));
    restarts += container.restartCount ?? 0;
    const finished = lastTerminationFinishedAt(container);
    if (before(lastRestartDate, finished)) lastRestartDate = finished;
    if (restartable) {
      restartableInitContainerRestarts += container.restartCount ?? 0;
      if (before(lastRestartableInitContainerRestartDate, finished)) lastRestartableInitContainerRestartDate = finished;
    }
    const state = container.state ?? {};
    if (state.terminated && (state.terminated.exitCode ?? 0) === 0) continue;
    if (restartable && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (state.terminated) {
      // initialization failed
      reason = state.terminated.reason
        ? `Init:${state.terminated.reason}`
        : terminatedReason('Init:', state.terminated.exitCode, state.terminated.signal);
    } else if (state.waiting?.reason && state.waiting.reason !== 'PodInitializing') {
      reason = `Init:${state.waiting.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || isPodInitializedConditionTrue(conditions)) {
    restarts = restartableInitContainerRestarts;
    lastRestartDate = lastRestartableInitContainerRestartDate;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i]!;
      restarts += container.restartCount ?? 0;
      const finished = lastTerminationFinishedAt(container);
      if (before(lastRestartDate, finished)) lastRestartDate = finished;
      const state = container.state ?? {};
      if (state.waiting?.reason) {
        reason = state.waiting.reason;
      } else if (state.terminated?.reason) {
        reason = state.terminated.reason;
      } else if (state.terminated) {
        reason = terminatedReason('', state.terminated.exitCode, state.terminated.signal);
      } else if (container.ready && state.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // change pod status back to "Running" if there is at least one container still reporting as "Running" status
    if (reason === 'Completed' && hasRunning) {
      reason = hasPodReadyCondition(conditions) ? 'Running' : 'NotReady';
    }
  }

  const terminal = podPhase === 'Succeeded' || podPhase === 'Failed';
  if (pod.metadata.deletionTimestamp && status.reason === NODE_UNREACHABLE_POD_REASON) {
    reason = 'Unknown';
  } else if (pod.metadata.deletionTimestamp && !terminal) {
    reason = 'Terminating';
  }

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestartDate !== undefined) {
    restartsStr = `${restarts} (${humanDuration(now.getTime() - lastRestartDate)} ago)`;
  }

  const podIP = status.podIPs?.[0]?.ip || status.podIP || '<none>';
  const nodeName = pod.spec?.nodeName || '<none>';
  const nominatedNodeName = status.nominatedNodeName || '<none>';
  let readinessGates = '<none>';
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length > 0) {
    let trueConditions = 0;
    for (const gate of gates) {
      const c = conditions.find((x) => x.type === gate.conditionType);
      if (c?.status === 'True') trueConditions++;
    }
    readinessGates = `${trueConditions}/${gates.length}`;
  }

  row.cells = [
    pod.metadata.name ?? '',
    `${readyContainers}/${totalContainers}`,
    reason,
    restartsStr,
    translateTimestampSince(pod.metadata.creationTimestamp, now),
    podIP,
    nodeName,
    nominatedNodeName,
    readinessGates,
  ];
  return row;
}

// ---------------------------------------------------------------- replication controllers, replica sets

/** `layoutContainerCells`: container names and images, each joined by `,`. */
export function layoutContainerCells(containers: readonly Container[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}

/** `printReplicationController`: NAME DESIRED CURRENT READY AGE | CONTAINERS IMAGES SELECTOR. */
export function printReplicationController(rc: ReplicationController, now: Date): PrintedRow {
  const [names, images] = layoutContainerCells(rc.spec?.template?.spec?.containers);
  return {
    cells: [
      rc.metadata.name ?? '',
      rc.spec?.replicas ?? 1,
      rc.status?.replicas ?? 0,
      rc.status?.readyReplicas ?? 0,
      translateTimestampSince(rc.metadata.creationTimestamp, now),
      names,
      images,
      formatLabels(rc.spec?.selector),
    ],
  };
}

/** `printReplicaSet`: as the RC, with the selector printed by `metav1.FormatLabelSelector`. */
export function printReplicaSet(rs: ReplicaSet, now: Date): PrintedRow {
  const [names, images] = layoutContainerCells(rs.spec?.template?.spec?.containers);
  return {
    cells: [
      rs.metadata.name ?? '',
      rs.spec?.replicas ?? 1,
      rs.status?.replicas ?? 0,
      rs.status?.readyReplicas ?? 0,
      translateTimestampSince(rs.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(rs.spec?.selector),
    ],
  };
}

// ---------------------------------------------------------------- nodes

const LABEL_NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';
const NODE_LABEL_ROLE = 'kubernetes.io/role';

/** `findNodeRoles`: `node-role.kubernetes.io/<role>` keys and `kubernetes.io/role=<role>` values, sorted, deduplicated. */
export function findNodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith(LABEL_NODE_ROLE_PREFIX)) {
      const role = k.slice(LABEL_NODE_ROLE_PREFIX.length);
      if (role.length > 0) roles.add(role);
    } else if (k === NODE_LABEL_ROLE && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function nodeAddress(node: Node, type: 'InternalIP' | 'ExternalIP'): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}

/**
 * `printNode`: NAME STATUS ROLES AGE VERSION | INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION
 * CONTAINER-RUNTIME. STATUS is `Ready` when the Ready condition is True, `NotReady` when it is
 * anything else (False or Unknown), `Unknown` when there is no Ready condition at all, with
 * `,SchedulingDisabled` appended for a cordoned node.
 */
export function printNode(node: Node, now: Date): PrintedRow {
  // the last Ready condition wins, as in the Go map keyed by type
  let ready: { status: string } | undefined;
  for (const c of node.status?.conditions ?? []) if (c.type === 'Ready') ready = c;
  const status: string[] = [];
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');

  const roles = findNodeRoles(node).join(',') || '<none>';
  const info = node.status?.nodeInfo;
  return {
    cells: [
      node.metadata.name ?? '',
      status.join(','),
      roles,
      translateTimestampSince(node.metadata.creationTimestamp, now),
      info?.kubeletVersion ?? '',
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      info?.osImage || '<unknown>',
      info?.kernelVersion || '<unknown>',
      info?.containerRuntimeVersion || '<unknown>',
    ],
  };
}

// ---------------------------------------------------------------- events

/** Event fields of the events.k8s.io-compatible core/v1 Event that @kubesim/api does not type (yet). */
interface EventExtras {
  series?: { count?: number; lastObservedTime?: string } | null;
}

/** `formatEventSource`: `component, host`, falling back to reportingComponent / reportingInstance. */
function formatEventSource(ev: Event): string {
  const component = ev.source?.component || ev.reportingComponent || '';
  const instance = ev.source?.host || ev.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

/**
 * `printEvent`: LAST SEEN TYPE REASON OBJECT | SUBOBJECT SOURCE | MESSAGE | FIRST SEEN COUNT NAME.
 * LAST SEEN is the age of `lastTimestamp` (else of the first-seen time, which is `firstTimestamp`
 * or else `eventTime`), or of `series.lastObservedTime` for a series; COUNT is `series.count`,
 * `count`, or 1. The server prints plain ages: `(x3 over 2m)` is kubectl's own client-side format
 * (`kubectl events`, describe), never a server cell.
 */
export function printEvent(ev: Event & EventExtras, now: Date): PrintedRow {
  let firstTimestamp = translateTimestampSince(ev.firstTimestamp, now);
  if (parseTimestamp(ev.firstTimestamp) === undefined) firstTimestamp = translateTimestampSince(ev.eventTime, now);

  let lastTimestamp = translateTimestampSince(ev.lastTimestamp, now);
  if (parseTimestamp(ev.lastTimestamp) === undefined) lastTimestamp = firstTimestamp;

  let count = ev.count ?? 0;
  if (ev.series) {
    lastTimestamp = translateTimestampSince(ev.series.lastObservedTime, now);
    count = ev.series.count ?? 0;
  } else if (count === 0) {
    // Singleton events don't have a count set in the new API.
    count = 1;
  }

  const involved = ev.involvedObject ?? {};
  const kind = (involved.kind ?? '').toLowerCase();
  const target = involved.name ? `${kind}/${involved.name}` : kind;

  return {
    cells: [
      lastTimestamp,
      ev.type ?? '',
      ev.reason ?? '',
      target,
      involved.fieldPath ?? '',
      formatEventSource(ev),
      (ev.message ?? '').trim(),
      firstTimestamp,
      count,
      ev.metadata.name ?? '',
    ],
  };
}

// ---------------------------------------------------------------- namespaces, leases

/** `printNamespace`: NAME STATUS AGE. */
export function printNamespace(ns: Namespace, now: Date): PrintedRow {
  // PrepareForCreate sets Active; deletion moves it to Terminating.
  const phase = ns.status?.phase ?? (ns.metadata.deletionTimestamp ? 'Terminating' : 'Active');
  return { cells: [ns.metadata.name ?? '', phase, translateTimestampSince(ns.metadata.creationTimestamp, now)] };
}

/** `printLease`: NAME HOLDER AGE. */
export function printLease(lease: Lease, now: Date): PrintedRow {
  return {
    cells: [
      lease.metadata.name ?? '',
      lease.spec?.holderIdentity ?? '',
      translateTimestampSince(lease.metadata.creationTimestamp, now),
    ],
  };
}

// ---------------------------------------------------------------- services, endpoints

/** Service fields the printer reads that @kubesim/api does not type (yet). */
interface ServiceExtras {
  spec?: { externalIPs?: string[]; externalName?: string };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

/** `loadBalancerStatusStringer` with wide=true (the server never clips): sorted unique IPs/hostnames. */
function loadBalancerStatusString(svc: Service & ServiceExtras): string {
  const result = new Set<string>();
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    if (ing.ip) result.add(ing.ip);
    else if (ing.hostname) result.add(ing.hostname);
  }
  return [...result].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join(',');
}

/** `getServiceExternalIP`. */
function serviceExternalIP(svc: Service & ServiceExtras): string {
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lbIps = loadBalancerStatusString(svc);
      if (externalIPs.length > 0) {
        const results = lbIps.length > 0 ? lbIps.split(',') : [];
        return [...results, ...externalIPs].join(',');
      }
      return lbIps.length > 0 ? lbIps : '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** `makePortString`: `80/TCP`, `80:30080/TCP`, joined by `,`. */
function makePortString(svc: Service): string {
  return (svc.spec?.ports ?? [])
    .map((p) => {
      const protocol = p.protocol ?? 'TCP';
      return p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${protocol}` : `${p.port}/${protocol}`;
    })
    .join(',');
}

/** `printService`: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE | SELECTOR. */
export function printService(svc: Service & ServiceExtras, now: Date): PrintedRow {
  const clusterIPs = svc.spec?.clusterIPs?.length ? svc.spec.clusterIPs : svc.spec?.clusterIP ? [svc.spec.clusterIP] : [];
  const internalIP = clusterIPs[0] ?? '<none>';
  const ports = makePortString(svc) || '<none>';
  return {
    cells: [
      svc.metadata.name ?? '',
      svc.spec?.type ?? 'ClusterIP',
      internalIP,
      serviceExternalIP(svc),
      ports,
      translateTimestampSince(svc.metadata.creationTimestamp, now),
      formatLabels(svc.spec?.selector),
    ],
  };
}

/** Go's `net.JoinHostPort`: brackets an address containing a colon (IPv6). */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * `formatEndpoints` with all ports: up to three `ip:port` entries (bare IPs for a subset without
 * ports), then ` + N more...`; `<none>` without subsets. Not-ready addresses are not listed.
 */
export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      // headless services with no ports
      count += addresses.length;
      for (const addr of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(addr.ip ?? '');
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const addr of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(addr.ip ?? '', port.port));
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

/** `printEndpoints`: NAME ENDPOINTS AGE. */
export function printEndpoints(ep: Endpoints, now: Date): PrintedRow {
  return { cells: [ep.metadata.name ?? '', formatEndpoints(ep), translateTimestampSince(ep.metadata.creationTimestamp, now)] };
}

// ---------------------------------------------------------------- everything else

/** `rest.defaultTableConvertor`: NAME and CREATED AT (raw RFC 3339, UTC). */
export function printDefault(obj: KubeObject): PrintedRow {
  return { cells: [obj.metadata.name ?? '', formatRFC3339(obj.metadata.creationTimestamp)] };
}
