import { type Container, type Pod, parseQuantity } from '@kubesim/api';

type QOS = 'Guaranteed' | 'Burstable' | 'BestEffort';

const SUPPORTED = ['cpu', 'memory'];

function nonZero(v: string | undefined): boolean {
  if (v === undefined) return false;
  try {
    return !parseQuantity(v).isZero();
  } catch {
    return false;
  }
}

function add(a: Map<string, bigint>, name: string, v: string): void {
  a.set(name, (a.get(name) ?? 0n) + parseQuantity(v).milliValue());
}

/** v1qos.GetPodQOS (ComputePodQOS) over containers and init containers. */
export function getPodQOS(pod: Pod): QOS {
  const requests = new Map<string, bigint>();
  const limits = new Map<string, bigint>();
  let zeroQuantity = true;
  let isGuaranteed = true;
  const all: Container[] = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];
  for (const c of all) {
    // Requests default to limits (as the API's defaulting does).
    const effectiveRequests = { ...(c.resources?.limits ?? {}), ...(c.resources?.requests ?? {}) };
    for (const [name, v] of Object.entries(effectiveRequests)) {
      if (!SUPPORTED.includes(name)) continue;
      if (nonZero(v)) {
        zeroQuantity = false;
        add(requests, name, v);
      }
    }
    const qosLimits = new Set<string>();
    for (const [name, v] of Object.entries(c.resources?.limits ?? {})) {
      if (!SUPPORTED.includes(name)) continue;
      if (nonZero(v)) {
        zeroQuantity = false;
        qosLimits.add(name);
        add(limits, name, v);
      }
    }
    if (!SUPPORTED.every((r) => qosLimits.has(r))) isGuaranteed = false;
  }
  if (zeroQuantity) return 'BestEffort';
  if (isGuaranteed) {
    for (const [name, req] of requests) {
      if (limits.get(name) !== req) {
        isGuaranteed = false;
        break;
      }
    }
  }
  if (isGuaranteed && requests.size === limits.size) return 'Guaranteed';
  return 'Burstable';
}
