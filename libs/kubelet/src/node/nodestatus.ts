import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import type { Node, NodeCondition, NodeStatus, NodeSystemInfo, Taint, TaintEffect } from '@kubesim/api';
import { rfc3339 } from '../clock.js';

/** The Kubernetes version the kubelet reports (nodeInfo.kubeletVersion, `kubectl get nodes` VERSION). */
export const KUBELET_VERSION = 'v1.33.1';
/** nodeInfo.containerRuntimeVersion. */
export const CONTAINER_RUNTIME_VERSION = 'kubesim://0.1.0';

/** What the node is, as its kubelet's flags describe it. */
export interface NodeConfig {
  nodeName: string;
  /** The node's InternalIP: the address the kubelet listens on. */
  hostIP: string;
  /** Port of the kubelet's own API (the log service), published in status.daemonEndpoints. */
  kubeletPort: number;
  /** Quantities: cpu "4", memory "8Gi". */
  cpu: string;
  memory: string;
  maxPods: number;
  /** --labels (added to the standard ones). */
  labels?: Record<string, string>;
  /** --register-with-taints; only applied when the Node is created. */
  taints?: Taint[];
  /** The pod IP range. */
  podCIDR?: string;
  /** Changes every time the kubelet starts (a "reboot"). */
  bootID: string;
}

/** runtime.GOARCH for this machine. */
export function goArch(arch: string = process.arch): string {
  switch (arch) {
    case 'x64':
      return 'amd64';
    case 'ia32':
      return '386';
    case 'ppc64':
      return 'ppc64le';
    default:
      return arch;
  }
}

let cachedOsImage: string | undefined;
/** PRETTY_NAME of /etc/os-release, as the kubelet reports osImage. */
export function osImage(): string {
  if (cachedOsImage === undefined) {
    cachedOsImage = 'Linux';
    try {
      const m = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(fs.readFileSync('/etc/os-release', 'utf8'));
      if (m?.[1]) cachedOsImage = m[1];
    } catch {
      /* not Linux, or no os-release */
    }
  }
  return cachedOsImage;
}

function hashHex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function uuidFrom(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function nodeSystemInfo(cfg: NodeConfig): NodeSystemInfo {
  const machine = hashHex(`kubesim-machine:${os.hostname()}:${cfg.nodeName}`);
  return {
    machineID: machine.slice(0, 32),
    systemUUID: uuidFrom(hashHex(`kubesim-system:${machine}`)),
    bootID: cfg.bootID,
    kernelVersion: os.release(),
    osImage: osImage(),
    containerRuntimeVersion: CONTAINER_RUNTIME_VERSION,
    kubeletVersion: KUBELET_VERSION,
    kubeProxyVersion: '',
    operatingSystem: 'linux',
    architecture: goArch(),
  };
}

/** The labels the kubelet sets on its Node (plus --labels). */
export function nodeLabels(cfg: NodeConfig): Record<string, string> {
  const arch = goArch();
  return {
    'beta.kubernetes.io/arch': arch,
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': arch,
    'kubernetes.io/hostname': cfg.nodeName,
    'kubernetes.io/os': 'linux',
    ...(cfg.labels ?? {}),
  };
}

/** The Node object the kubelet registers (kubelet_node_status.go initialNode). */
export function initialNode(cfg: NodeConfig, now: number): Node {
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: cfg.nodeName,
      labels: nodeLabels(cfg),
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: {},
  };
  if (cfg.podCIDR) node.spec!.podCIDR = cfg.podCIDR;
  if (cfg.podCIDR) node.spec!.podCIDRs = [cfg.podCIDR];
  if (cfg.taints?.length) node.spec!.taints = cfg.taints.map((t) => ({ ...t }));
  node.status = computeNodeStatus(node, cfg, now).status;
  return node;
}

export interface NodeEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** A condition the kubelet owns, with its healthy value. */
const CONDITIONS: { type: string; status: 'True' | 'False'; reason: string; message: string }[] = [
  { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
  { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
  { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
];

/** Image entries for status.images (the images pulled onto this node). */
export interface NodeImage {
  names: string[];
  sizeBytes: number;
}

/**
 * The kubelet's node status setters (pkg/kubelet/nodestatus): addresses, capacity and
 * allocatable, nodeInfo, daemon endpoints, images, and the four conditions with heartbeat and
 * transition times carried over from `current`. Returns the events for conditions that changed
 * (NodeHasSufficientMemory, NodeReady, ...).
 */
export function computeNodeStatus(current: Node, cfg: NodeConfig, now: number, images: NodeImage[] = []): { status: NodeStatus; events: NodeEvent[] } {
  const ts = rfc3339(now);
  const events: NodeEvent[] = [];
  const old = new Map((current.status?.conditions ?? []).map((c) => [c.type, c]));
  const conditions: NodeCondition[] = CONDITIONS.map((want) => {
    const prev = old.get(want.type);
    const changed = !prev || prev.status !== want.status;
    if (changed) {
      const reason = want.type === 'Ready' ? 'NodeReady' : `Node${want.reason.replace(/^Kubelet/, '')}`;
      events.push({ type: 'Normal', reason, message: `Node ${cfg.nodeName} status is now: ${reason}` });
    }
    return {
      type: want.type,
      status: want.status,
      lastHeartbeatTime: ts,
      lastTransitionTime: changed ? ts : (prev!.lastTransitionTime ?? ts),
      reason: want.reason,
      message: want.message,
    };
  });
  const resources = { cpu: cfg.cpu, memory: cfg.memory, pods: String(cfg.maxPods) };
  const status: NodeStatus = {
    capacity: { ...resources },
    allocatable: { ...resources },
    conditions,
    addresses: [
      { type: 'InternalIP', address: cfg.hostIP },
      { type: 'Hostname', address: cfg.nodeName },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: cfg.kubeletPort } },
    nodeInfo: nodeSystemInfo(cfg),
  };
  if (images.length) status.images = images.map((i) => ({ names: [...i.names], sizeBytes: i.sizeBytes }));
  return { status, events };
}

/** Whether two node statuses differ in anything but heartbeat times. */
export function nodeStatusChanged(a: NodeStatus | undefined, b: NodeStatus | undefined): boolean {
  const strip = (s: NodeStatus | undefined) =>
    JSON.stringify({ ...(s ?? {}), conditions: (s?.conditions ?? []).map((c) => ({ ...c, lastHeartbeatTime: undefined })) });
  return strip(a) !== strip(b);
}

/** `k=v,k2=v2` → labels. */
export function parseLabels(s: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of (s ?? '').split(',').map((x) => x.trim()).filter(Boolean)) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`invalid label "${item}": want key=value`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

const EFFECTS: TaintEffect[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** `key=value:NoSchedule,key2:NoExecute` → taints (the kubelet's --register-with-taints). */
export function parseTaints(s: string | undefined): Taint[] {
  const out: Taint[] = [];
  for (const item of (s ?? '').split(',').map((x) => x.trim()).filter(Boolean)) {
    const colon = item.lastIndexOf(':');
    if (colon <= 0) throw new Error(`invalid taint "${item}": want key[=value]:Effect`);
    const effect = item.slice(colon + 1) as TaintEffect;
    if (!EFFECTS.includes(effect)) throw new Error(`invalid taint effect "${effect}" in "${item}": want one of ${EFFECTS.join(', ')}`);
    const kv = item.slice(0, colon);
    const eq = kv.indexOf('=');
    const taint: Taint = eq < 0 ? { key: kv, effect } : { key: kv.slice(0, eq), value: kv.slice(eq + 1), effect };
    out.push(taint);
  }
  return out;
}
