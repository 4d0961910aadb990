import { join } from 'node:path';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

/** The shape of one kubelet `kubesim up` runs (`--node name:cpu=4,memory=8Gi,labels=k=v`). */
export interface NodeOptions {
  name: string;
  cpu?: string;
  memory?: string;
  maxPods?: number;
  /** k=v labels added to the Node. */
  labels?: Record<string, string>;
  /** key[=value]:Effect taints the Node registers with. */
  taints?: string[];
}

const KEYS = ['cpu', 'memory', 'pods', 'labels', 'taints'] as const;

/**
 * Parses `--node` values: `node-2:cpu=4,memory=8Gi,pods=50,labels=disk=ssd,zone=a,taints=gpu=true:NoSchedule`.
 * Labels and taints take several values, separated by `;` or by further commas (an item that is
 * not one of cpu/memory/pods/labels/taints continues the list before it).
 */
export function parseNodeSpec(spec: string): NodeOptions {
  const colon = spec.indexOf(':');
  const name = (colon < 0 ? spec : spec.slice(0, colon)).trim();
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) throw new Error(`invalid node name "${name}" in --node ${spec}`);
  const node: NodeOptions = { name };
  if (colon < 0) return node;
  let list: 'labels' | 'taints' | undefined;
  for (const raw of spec.slice(colon + 1).split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = raw.indexOf('=');
    const key = eq > 0 ? raw.slice(0, eq) : '';
    const value = eq > 0 ? raw.slice(eq + 1) : raw;
    if ((KEYS as readonly string[]).includes(key)) {
      list = undefined;
      switch (key) {
        case 'cpu':
          node.cpu = value;
          break;
        case 'memory':
          node.memory = value;
          break;
        case 'pods':
          node.maxPods = Number(value);
          if (!Number.isInteger(node.maxPods) || node.maxPods < 1) throw new Error(`invalid pods "${value}" in --node ${spec}`);
          break;
        case 'labels':
        case 'taints':
          list = key;
          addItems(node, key, value, spec);
          break;
      }
    } else if (list) {
      addItems(node, list, raw, spec);
    } else {
      throw new Error(`unknown setting "${raw}" in --node ${spec}: want cpu=, memory=, pods=, labels=k=v, taints=k=v:Effect`);
    }
  }
  return node;
}

function addItems(node: NodeOptions, list: 'labels' | 'taints', value: string, spec: string): void {
  for (const item of value.split(';').map((s) => s.trim()).filter(Boolean)) {
    if (list === 'labels') {
      const eq = item.indexOf('=');
      if (eq <= 0) throw new Error(`invalid label "${item}" in --node ${spec}: want k=v`);
      node.labels = { ...(node.labels ?? {}), [item.slice(0, eq)]: item.slice(eq + 1) };
    } else {
      if (!/:(NoSchedule|PreferNoSchedule|NoExecute)$/.test(item)) throw new Error(`invalid taint "${item}" in --node ${spec}: want key[=value]:Effect`);
      node.taints = [...(node.taints ?? []), item];
    }
  }
}

/**
 * The nodes `kubesim up` runs: node-1 … node-N, shaped by `--node` specs of the same name; a spec
 * for another name adds that node.
 */
export function nodeList(count: number | undefined, specs: NodeOptions[] = []): NodeOptions[] {
  const out: NodeOptions[] = [];
  for (let i = 1; i <= (count ?? 0); i++) out.push({ name: `node-${i}` });
  for (const s of specs) {
    const i = out.findIndex((n) => n.name === s.name);
    if (i >= 0) out[i] = { ...out[i], ...s };
    else out.push(s);
  }
  return out;
}

/** The system:node token of the cluster's token file, written alone to `file` for the kubelets. */
export function writeKubeletToken(tokenCSV: string, file: string): void {
  const line = readFileSync(tokenCSV, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.split(',')[1]?.trim() === 'system:node');
  if (!line) throw new Error(`${tokenCSV} has no system:node token`);
  writeFileSync(file, `${line.split(',')[0]!.trim()}\n`, { mode: 0o600 });
}

/**
 * What a kubelet whose root directory is under `dir` may have left running (from /proc): its
 * watchdog processes (`kubesim-watchdog`) and the process groups of its containers, as listed in
 * each root directory's `pgids` file. A group only counts while its leader still carries a pod's
 * environment (`POD_NAME=`), so a reused process-group id is never touched.
 */
export function leftoverContainerProcesses(dir: string): { watchdogs: number[]; groups: number[] } {
  const watchdogs: number[] = [];
  const groups: number[] = [];
  let names: string[] = [];
  try {
    names = readdirSync('/proc');
  } catch {
    return { watchdogs, groups };
  }
  for (const d of names) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (cmd.includes('kubesim-watchdog') && cmd.includes(dir)) watchdogs.push(Number(d));
    } catch {
      /* gone */
    }
  }
  let nodes: string[] = [];
  try {
    nodes = readdirSync(dir);
  } catch {
    return { watchdogs, groups };
  }
  for (const node of nodes) {
    let listed: string[] = [];
    try {
      listed = readFileSync(join(dir, node, 'pgids'), 'utf8').split(/\s+/).filter((x) => /^\d+$/.test(x));
    } catch {
      continue;
    }
    for (const g of listed) {
      try {
        if (readFileSync(`/proc/${g}/environ`, 'utf8').includes('POD_NAME=')) groups.push(Number(g));
      } catch {
        /* gone */
      }
    }
  }
  return { watchdogs, groups };
}
