import { type Container, type EnvVar, type Pod, parseQuantity } from '@kubesim/api';

/**
 * third_party/forked/golang/expansion: `$(VAR)` is replaced by the mapping, `$$` is an escaped
 * `$`, and references to unknown variables (or incomplete ones) are left as written.
 */
export function expand(input: string, mapping: (name: string) => string): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] === '$' && cursor + 1 < input.length) {
      out += input.slice(checkpoint, cursor);
      const [read, isVar, advance] = tryReadVariableName(input.slice(cursor + 1));
      out += isVar ? mapping(read) : read;
      cursor += advance;
      checkpoint = cursor + 1;
    }
  }
  return out + input.slice(checkpoint);
}

function tryReadVariableName(input: string): [string, boolean, number] {
  switch (input[0]) {
    case '$':
      return ['$', false, 1];
    case '(':
      for (let i = 1; i < input.length; i++) if (input[i] === ')') return [input.slice(1, i), true, i + 1];
      return ['$(', false, 1];
    default:
      return ['$' + input[0], false, 1];
  }
}

/** expansion.MappingFuncFor: the first context defining the name wins; unknown names stay `$(NAME)`. */
export function mappingFuncFor(...contexts: Record<string, string>[]): (name: string) => string {
  return (name) => {
    for (const ctx of contexts) if (Object.prototype.hasOwnProperty.call(ctx, name)) return ctx[name]!;
    return `$(${name})`;
  };
}

/** ExpandContainerCommandAndArgs. */
export function expandCommandAndArgs(container: Container, env: Record<string, string>): { command?: string[]; args?: string[] } {
  const mapping = mappingFuncFor(env);
  return {
    command: container.command?.length ? container.command.map((c) => expand(c, mapping)) : undefined,
    args: container.args?.length ? container.args.map((a) => expand(a, mapping)) : undefined,
  };
}

/** Values from ConfigMaps and Secrets, which need the API; the caller supplies them. */
export interface EnvSourceResolver {
  configMapKey?(namespace: string, name: string, key: string): string | undefined | { notFound: true };
  secretKey?(namespace: string, name: string, key: string): string | undefined | { notFound: true };
}

export interface EnvContext {
  podIP?: string;
  podIPs?: string[];
  hostIP?: string;
  hostIPs?: string[];
  nodeName?: string;
  /** Node allocatable, used for resourceFieldRef limits that are not set. */
  nodeAllocatable?: Record<string, string>;
  resolver?: EnvSourceResolver;
}

/** An error that becomes the CreateContainerConfigError waiting message. */
export class ContainerConfigError extends Error {}

/**
 * makeEnvironmentVariables: the container's `env` in order, each `value` expanded against the
 * variables defined before it, `valueFrom` resolved from the downward API (and ConfigMaps/Secrets
 * through `resolver`). Returns only the spec's variables (what $(VAR) in command/args may use).
 */
export function makeEnvironmentVariables(pod: Pod, container: Container, ctx: EnvContext): Record<string, string> {
  const tmp: Record<string, string> = {};
  const mapping = mappingFuncFor(tmp);
  const ns = pod.metadata.namespace ?? 'default';
  for (const ev of container.env ?? []) {
    let value = ev.value ?? '';
    if (value !== '') {
      value = expand(value, mapping);
    } else if (ev.valueFrom) {
      const v = valueFrom(pod, container, ev, ns, ctx);
      if (v === undefined) continue; // optional source that is missing
      value = v;
    }
    tmp[ev.name] = value;
  }
  return tmp;
}

function valueFrom(pod: Pod, container: Container, ev: EnvVar, ns: string, ctx: EnvContext): string | undefined {
  const src = ev.valueFrom!;
  if (src.fieldRef) return fieldRefValue(pod, src.fieldRef.fieldPath, ctx);
  if (src.resourceFieldRef) {
    const target =
      src.resourceFieldRef.containerName && src.resourceFieldRef.containerName !== container.name
        ? [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].find((c) => c.name === src.resourceFieldRef!.containerName)
        : container;
    if (!target) throw new ContainerConfigError(`container ${src.resourceFieldRef.containerName} not found`);
    return resourceFieldValue(target, src.resourceFieldRef.resource, src.resourceFieldRef.divisor, ctx);
  }
  if (src.configMapKeyRef) {
    const { name = '', key, optional } = src.configMapKeyRef;
    const v = ctx.resolver?.configMapKey?.(ns, name, key);
    if (v === undefined || typeof v === 'object') {
      if (optional) return undefined;
      if (v === undefined && ctx.resolver?.configMapKey) throw new ContainerConfigError(`couldn't find key ${key} in ConfigMap ${ns}/${name}`);
      throw new ContainerConfigError(`configmap "${name}" not found`);
    }
    return v;
  }
  if (src.secretKeyRef) {
    const { name = '', key, optional } = src.secretKeyRef;
    const v = ctx.resolver?.secretKey?.(ns, name, key);
    if (v === undefined || typeof v === 'object') {
      if (optional) return undefined;
      if (v === undefined && ctx.resolver?.secretKey) throw new ContainerConfigError(`couldn't find key ${key} in Secret ${ns}/${name}`);
      throw new ContainerConfigError(`secret "${name}" not found`);
    }
    return v;
  }
  return '';
}

/** podFieldSelectorRuntimeValue + fieldpath.ExtractFieldPathAsString. */
export function fieldRefValue(pod: Pod, fieldPath: string, ctx: EnvContext): string {
  const podIPs = ctx.podIPs ?? (ctx.podIP ? [ctx.podIP] : []);
  const hostIPs = ctx.hostIPs ?? (ctx.hostIP ? [ctx.hostIP] : []);
  switch (fieldPath) {
    case 'spec.nodeName':
      return pod.spec.nodeName ?? ctx.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec.serviceAccountName ?? '';
    case 'status.hostIP':
      return hostIPs[0] ?? '';
    case 'status.hostIPs':
      return hostIPs.join(',');
    case 'status.podIP':
      return podIPs[0] ?? '';
    case 'status.podIPs':
      return podIPs.join(',');
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'metadata.labels':
      return formatMap(pod.metadata.labels);
    case 'metadata.annotations':
      return formatMap(pod.metadata.annotations);
  }
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
  if (m) {
    const map = m[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations;
    return map?.[m[2]!] ?? '';
  }
  throw new ContainerConfigError(`unsupported fieldPath: ${fieldPath}`);
}

function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(m![k])}`)
    .join('\n');
}

/** resource.ExtractContainerResourceValue: ceil(quantity / divisor). */
function resourceFieldValue(c: Container, resource: string, divisor: string | undefined, ctx: EnvContext): string {
  const [kind, name] = resource.split('.', 2) as [string, string];
  const list = kind === 'limits' ? c.resources?.limits : c.resources?.requests;
  let q = list?.[name];
  if (q === undefined && kind === 'limits') q = ctx.nodeAllocatable?.[name];
  if (q === undefined) q = '0';
  const div = parseQuantity(divisor && divisor !== '' ? divisor : name === 'cpu' ? '1' : '1');
  const qv = parseQuantity(q);
  // Work in milli-units so that cpu divisors like 1m are exact.
  const num = qv.milliValue();
  const den = div.milliValue();
  if (den === 0n) throw new ContainerConfigError(`invalid divisor ${divisor}`);
  const v = (num + den - 1n) / den;
  return (name === 'cpu' && v === 0n && num > 0n ? 1n : v).toString();
}
