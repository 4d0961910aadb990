// kubeconfig files for the stock kubectl: the cluster's own `<dir>/kubeconfig`, and merging it
// into the user's ~/.kube/config the way `kind` does (replace our entries, keep everything else).
import { existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { Document, isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { writeFileAtomic } from '@kubesim/component-base';

export interface KubeconfigOptions {
  /** `https://127.0.0.1:PORT` */
  server: string;
  /** PEM of the CA that signed the apiserver's serving certificate. */
  caPEM: string;
  /** Bearer token of the user. */
  token: string;
  /** Name of the cluster and of the context; the user is `<name>-admin`. Default `kubesim`. */
  name?: string;
  /** Namespace of the context. Default `default`. */
  namespace?: string;
}

/** The kubeconfig (`kind: Config`) `writeKubeconfig` writes, as data. */
export interface Kubeconfig {
  apiVersion: 'v1';
  kind: 'Config';
  preferences: Record<string, unknown>;
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { name: string; user: { token: string } }[];
  contexts: { name: string; context: { cluster: string; user: string; namespace: string } }[];
  'current-context': string;
}

const SECTIONS = ['clusters', 'users', 'contexts'] as const;
/** Never fold long values (certificate data, tokens) onto several lines. */
const YAML_OPTIONS = { lineWidth: 0 } as const;

/** The kubeconfig `writeKubeconfig` writes, as data. */
export function buildKubeconfig(opts: KubeconfigOptions): Kubeconfig {
  const name = opts.name ?? 'kubesim';
  const user = `${name}-admin`;
  return {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name, cluster: { server: opts.server, 'certificate-authority-data': Buffer.from(opts.caPEM).toString('base64') } }],
    users: [{ name: user, user: { token: opts.token } }],
    contexts: [{ name, context: { cluster: name, user, namespace: opts.namespace ?? 'default' } }],
    'current-context': name,
  };
}

/** Atomic write with mode 0600 (also when replacing a file that had a wider mode). */
function writePrivate(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileAtomic(path, text, { mode: 0o600 });
}

/**
 * Writes a kubeconfig with one cluster (`name`, CA data), one user (`<name>-admin`, token) and one
 * context (`name`, namespace default) that is the current context. Mode 0600.
 */
export function writeKubeconfig(path: string, opts: KubeconfigOptions): void {
  writePrivate(path, new Document(buildKubeconfig(opts)).toString(YAML_OPTIONS));
}

/**
 * Where `kubesim kubeconfig --merge` writes: the first entry of $KUBECONFIG when set, else
 * ~/.kube/config.
 */
export function defaultKubeconfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const first = (env['KUBECONFIG'] ?? '').split(delimiter).find((p) => p.trim() !== '');
  return resolve(first ?? join(homedir(), '.kube', 'config'));
}

function loadDocument(path: string): Document {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (text.trim() === '') return new Document({ apiVersion: 'v1', kind: 'Config', preferences: {}, clusters: [], users: [], contexts: [], 'current-context': '' });
  const doc = parseDocument(text);
  if (doc.errors.length) throw new Error(`${path} is not valid YAML: ${doc.errors[0]!.message}`);
  if (doc.contents === null) return new Document({ apiVersion: 'v1', kind: 'Config' });
  if (!isMap(doc.contents)) throw new Error(`${path} is not a kubeconfig: its top level is not a mapping`);
  return doc;
}

function section(doc: Document, key: string, path: string): YAMLSeq {
  const node = doc.get(key, true);
  if (node === undefined || node === null || (node as { value?: unknown }).value === null) {
    const seq = doc.createNode([]) as YAMLSeq;
    doc.set(key, seq);
    return seq;
  }
  if (!isSeq(node)) throw new Error(`${path}: "${key}" is not a list`);
  return node;
}

export interface MergeResult {
  /** The file written. */
  path: string;
  /** Its current context now. */
  currentContext: string;
}

/**
 * Merges the clusters, users and contexts of the kubeconfig at `source` into `target` (default:
 * {@link defaultKubeconfigPath}), as `kind` does: entries with the same name are replaced, all
 * others (and comments, order, other keys) are kept, and current-context becomes the source's.
 * Creates the target (and its folder) if missing; the result has mode 0600.
 */
export function mergeKubeconfig(target: string | undefined, source: string): MergeResult {
  const path = resolve(target ?? defaultKubeconfigPath());
  const src = parseDocument(readFileSync(source, 'utf8'));
  if (src.errors.length || !isMap(src.contents)) throw new Error(`${source} is not a kubeconfig`);
  const from = src.toJS() as Record<string, unknown>;

  const doc = loadDocument(path);
  for (const key of SECTIONS) {
    const seq = section(doc, key, path);
    const entries = from[key] ?? [];
    if (!Array.isArray(entries)) throw new Error(`${source}: "${key}" is not a list`);
    for (const entry of entries as { name?: unknown }[]) {
      if (typeof entry?.name !== 'string' || !entry.name) throw new Error(`${source}: an entry of "${key}" has no name`);
      const node = doc.createNode(entry);
      const i = seq.items.findIndex((item) => isMap(item) && (item as YAMLMap).get('name') === entry.name);
      if (i >= 0) seq.items[i] = node;
      else seq.items.push(node);
    }
    // `contexts: []` in the file would otherwise print our entries in flow style on one line.
    if (entries.length) seq.flow = false;
  }
  const current = from['current-context'];
  if (typeof current === 'string' && current) doc.set('current-context', current);
  if (!doc.has('apiVersion')) doc.set('apiVersion', 'v1');
  if (!doc.has('kind')) doc.set('kind', 'Config');
  // Write through a symlinked ~/.kube/config (dotfile managers) instead of replacing the link.
  writePrivate(existsSync(path) ? realpathSync(path) : path, doc.toString(YAML_OPTIONS));
  return { path, currentContext: String(doc.get('current-context') ?? '') };
}
