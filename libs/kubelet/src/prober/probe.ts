import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Container, EnvVar, IntOrString, ProbeHandler } from '@kubesim/api';
import { expand, mappingFuncFor } from '../runtime/env.js';

/** The Kubernetes minor version the kubelet claims in `User-Agent: kube-probe/<version>`. */
export const KUBE_PROBE_VERSION = '1.33';

/** pkg/probe.Result, without Warning: a redirect warning is a success with `warning` set. */
export type ProbeResultKind = 'success' | 'failure' | 'unknown';

export interface ProbeOutcome {
  result: ProbeResultKind;
  /** The probe's output: the text Kubernetes puts after "Liveness probe failed: ". */
  output: string;
  /** A success the kubelet reports as a ProbeWarning event (a redirect it did not follow). */
  warning?: boolean;
  /** A prober error (result unknown): bad port, missing handler, exec that could not start. */
  error?: string;
}

export interface ExecRunResult {
  exitCode: number;
  output: string;
}

export interface ProbeTarget {
  /** status.podIP: the default host for httpGet and tcpSocket. */
  podIP: string;
  /** The container: named ports and static env (for $(VAR) in exec commands). */
  container: Container;
  /** timeoutSeconds (default 1). */
  timeoutSeconds?: number;
  /**
   * Runs a command in the container (ExecSync). Rejects with an error whose `timedOut` is true on
   * timeout, or with any other error when the command could not run.
   */
  exec?: (command: string[], timeoutMs: number) => Promise<ExecRunResult>;
}

const MAX_BODY = 10 * 1024;

/**
 * One agent per scheme for every HTTP probe: no keep-alive (each probe is a new connection, sent
 * with `Connection: close`, as the prober's transport with DisableKeepAlives), no socket limit. A new
 * Agent per probe (`agent: false`) would cost an agent's worth of garbage a probe, every period.
 */
const probeAgents = {
  http: new http.Agent({ keepAlive: false }),
  https: new https.Agent({ keepAlive: false, rejectUnauthorized: false }),
};

/** probe.ResolveContainerPort. */
export function resolveContainerPort(port: IntOrString, container: Container): number {
  let n: number;
  if (typeof port === 'number') {
    n = port;
  } else {
    const named = container.ports?.find((p) => p.name === port);
    if (named) n = named.containerPort;
    else if (/^[+-]?\d+$/.test(port)) n = Number(port);
    else throw new Error(`strconv.Atoi: parsing ${JSON.stringify(port)}: invalid syntax`);
  }
  if (n > 0 && n < 65536) return n;
  throw new Error(`invalid port number: ${n}`);
}

function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Go's net error text for a failed dial. */
function dialError(host: string, port: number, err: NodeJS.ErrnoException): string {
  const addr = joinHostPort(host, port);
  switch (err.code) {
    case 'ECONNREFUSED':
      return `dial tcp ${addr}: connect: connection refused`;
    case 'EHOSTUNREACH':
      return `dial tcp ${addr}: connect: no route to host`;
    case 'ENETUNREACH':
      return `dial tcp ${addr}: connect: network is unreachable`;
    case 'EADDRNOTAVAIL':
      return `dial tcp ${addr}: connect: cannot assign requested address`;
    case 'ETIMEDOUT':
      return `dial tcp ${addr}: i/o timeout`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `dial tcp: lookup ${host}: no such host`;
    case 'ECONNRESET':
      return `read tcp ${addr}: read: connection reset by peer`;
    default:
      return `dial tcp ${addr}: ${err.message}`;
  }
}

/** Runs one probe action, as pkg/kubelet/prober runProbe does. */
export async function probe(handler: ProbeHandler, target: ProbeTarget): Promise<ProbeOutcome> {
  const timeoutMs = Math.max(1, target.timeoutSeconds ?? 1) * 1000;
  try {
    if (handler.exec) return await execProbe(handler.exec.command ?? [], target, timeoutMs);
    if (handler.httpGet) {
      const g = handler.httpGet;
      const scheme = (g.scheme ?? 'HTTP').toLowerCase();
      const host = g.host || target.podIP;
      const port = resolveContainerPort(g.port, target.container);
      const url = formatURL(scheme, host, port, g.path ?? '');
      return await httpProbe(url, g.httpHeaders ?? [], timeoutMs);
    }
    if (handler.tcpSocket) {
      const port = resolveContainerPort(handler.tcpSocket.port, target.container);
      return await tcpProbe(handler.tcpSocket.host || target.podIP, port, timeoutMs);
    }
    if (handler.grpc) {
      return { result: 'unknown', output: '', error: 'grpc probes are not supported by kubesim' };
    }
    return { result: 'unknown', output: '', error: `missing probe handler for ${target.container.name}` };
  } catch (e) {
    return { result: 'unknown', output: '', error: (e as Error).message };
  }
}

/** Builds the probe URL like prober's formatURL (the path may carry a query). */
export function formatURL(scheme: string, host: string, port: number, path: string): string {
  let p = path;
  if (p && !p.startsWith('/')) p = `/${p}`;
  return `${scheme}://${joinHostPort(host, port)}${p}`;
}

// ---------------------------------------------------------------- exec

/** kubecontainer.ExpandContainerCommandOnlyStatic: $(VAR) from the container's literal env values. */
export function expandCommandOnlyStatic(command: string[], env: EnvVar[] | undefined): string[] {
  const vars: Record<string, string> = {};
  for (const e of env ?? []) vars[e.name] = e.value ?? '';
  const mapping = mappingFuncFor(vars);
  return command.map((c) => expand(c, mapping));
}

async function execProbe(command: string[], target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  if (!target.exec) return { result: 'unknown', output: '', error: 'exec probes need a container runtime' };
  const cmd = expandCommandOnlyStatic(command, target.container.env);
  try {
    const r = await target.exec(cmd, timeoutMs);
    return { result: r.exitCode === 0 ? 'success' : 'failure', output: r.output };
  } catch (e) {
    const err = e as Error & { timedOut?: boolean };
    if (err.timedOut) return { result: 'failure', output: err.message };
    return { result: 'unknown', output: '', error: err.message };
  }
}

// ---------------------------------------------------------------- tcp

export function tcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const timer = setTimeout(() => {
      sock.destroy();
      resolve({ result: 'failure', output: `dial tcp ${joinHostPort(host, port)}: i/o timeout` });
    }, timeoutMs);
    sock.once('connect', () => {
      clearTimeout(timer);
      sock.destroy();
      resolve({ result: 'success', output: '' });
    });
    sock.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ result: 'failure', output: dialError(host, port, err) });
    });
  });
}

// ---------------------------------------------------------------- http

interface HttpResponse {
  status: number;
  location?: string;
  body: string;
}

function httpOnce(url: URL, headers: [string, string][], deadline: number): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : http;
    const hostHeader = headers.find(([k]) => k.toLowerCase() === 'host')?.[1];
    const out: Record<string, string | string[]> = {};
    out['Host'] = hostHeader ?? url.host;
    for (const [k, v] of headers) {
      if (k.toLowerCase() === 'host') continue;
      const prev = out[k];
      out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    out['Connection'] = 'close';
    const req = mod.request(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port,
        path: `${url.pathname || '/'}${url.search}`,
        method: 'GET',
        headers: out,
        agent: url.protocol === 'https:' ? probeAgents.https : probeAgents.http,
        rejectUnauthorized: false,
        setHost: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (d: Buffer) => {
          if (size < MAX_BODY) {
            chunks.push(d.subarray(0, MAX_BODY - size));
            size += Math.min(d.length, MAX_BODY - size);
          }
        });
        res.on('end', () => {
          clearTimeout(timer);
          const loc = res.headers.location;
          resolve({ status: res.statusCode ?? 0, location: loc, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (e) => {
          clearTimeout(timer);
          reject(e);
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy(Object.assign(new Error('timeout'), { code: 'KUBESIM_TIMEOUT' }));
    }, Math.max(0, deadline - Date.now()));
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end();
  });
}

/**
 * pkg/probe/http with followNonLocalRedirects=false: redirects to the same host are followed (at
 * most 10), a redirect elsewhere ends the probe as a warning (success), 200–399 succeed and
 * anything else fails with "HTTP probe failed with statuscode: N".
 */
export async function httpProbe(rawUrl: string, httpHeaders: { name: string; value: string }[], timeoutMs: number): Promise<ProbeOutcome> {
  const headers: [string, string][] = httpHeaders.map((h) => [h.name, h.value]);
  const has = (name: string) => headers.some(([k]) => k.toLowerCase() === name.toLowerCase());
  if (!has('User-Agent')) headers.unshift(['User-Agent', `kube-probe/${KUBE_PROBE_VERSION}`]);
  if (!has('Accept')) headers.push(['Accept', '*/*']);
  else {
    // An Accept header overridden to "" is removed.
    for (let i = headers.length - 1; i >= 0; i--) if (headers[i]![0].toLowerCase() === 'accept' && headers[i]![1] === '') headers.splice(i, 1);
  }
  const deadline = Date.now() + timeoutMs;
  let url = new URL(rawUrl);
  const firstHost = url.hostname;
  let shownUrl = rawUrl;
  for (let redirects = 0; ; redirects++) {
    let res: HttpResponse;
    try {
      res = await httpOnce(url, headers, deadline);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'KUBESIM_TIMEOUT') {
        return { result: 'failure', output: `Get "${shownUrl}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` };
      }
      if (err.code === 'ECONNRESET' && err.message === 'socket hang up') return { result: 'failure', output: `Get "${shownUrl}": EOF` };
      const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
      return { result: 'failure', output: `Get "${shownUrl}": ${dialError(url.hostname.replace(/^\[|\]$/g, ''), port, err)}` };
    }
    const isRedirect = [301, 302, 303, 307, 308].includes(res.status) && res.location;
    if (isRedirect) {
      const next = new URL(res.location!, url);
      if (next.hostname === firstHost) {
        if (redirects + 1 >= 10) return { result: 'failure', output: `Get "${next.toString()}": stopped after 10 redirects` };
        url = next;
        shownUrl = next.toString();
        continue;
      }
    }
    if (res.status >= 200 && res.status < 400) {
      if (res.status >= 300) return { result: 'success', warning: true, output: `Probe terminated redirects, Response body: ${res.body}` };
      return { result: 'success', output: res.body };
    }
    return { result: 'failure', output: `HTTP probe failed with statuscode: ${res.status}` };
  }
}
