import { createHash } from 'node:crypto';

/** A parsed container image reference, normalised the way containerd names images. */
export interface ImageReference {
  /** The reference as written in the pod spec. */
  raw: string;
  /** Registry host: docker.io, registry.k8s.io, ghcr.io, ... */
  domain: string;
  /** Repository path inside the registry: library/nginx, luksa/kubia. */
  path: string;
  /** `domain/path`. */
  repository: string;
  /** Tag (`latest` when neither tag nor digest was given). */
  tag?: string;
  digest?: string;
  /** Fully qualified reference: docker.io/library/nginx:latest (what containerd reports as image). */
  normalized: string;
}

/** Parses and normalises an image reference like docker's reference.ParseNormalizedNamed. */
export function parseImageReference(raw: string): ImageReference | undefined {
  const s = raw.trim();
  if (!s || /\s/.test(s)) return undefined;
  let rest = s;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^[a-z0-9]+:[a-f0-9]{32,}$/.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return undefined;
  }
  let domain = 'docker.io';
  let path = rest;
  const firstSlash = rest.indexOf('/');
  if (firstSlash >= 0) {
    const first = rest.slice(0, firstSlash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      domain = first;
      path = rest.slice(firstSlash + 1);
    }
  }
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(path)) return undefined;
  if (!tag && !digest) tag = 'latest';
  const repository = `${domain}/${path}`;
  const normalized = `${repository}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  return { raw, domain, path, repository, tag, digest, normalized };
}

/** imageID / imageRef as containerd reports it: repository@sha256:<digest>. Stable per reference. */
export function imageIdFor(ref: ImageReference): string {
  if (ref.digest) return `${ref.repository}@${ref.digest}`;
  return `${ref.repository}@sha256:${createHash('sha256').update(ref.normalized).digest('hex')}`;
}

/**
 * Whether `pattern` names `ref`. Patterns are image names as a user writes them (`nginx`,
 * `luksa/kubia`, `registry.k8s.io/goproxy:0.1`), normalised the same way; a pattern without a tag
 * matches any tag; `*` matches any run of characters within the repository path.
 */
export function matchesImagePattern(pattern: string, ref: ImageReference): boolean {
  const hasGlob = pattern.includes('*');
  const p = parseImageReference(hasGlob ? pattern.replace(/\*/g, 'x') : pattern);
  if (!p) return false;
  const patternHasTag = /:[^/]+$/.test(pattern) || pattern.includes('@');
  if (hasGlob) {
    // Re-derive the normalised repository of the pattern with the globs in place.
    const globbed = normalizeRepositoryPattern(pattern);
    const re = new RegExp(`^${globbed.split('*').map(escapeRe).join('[^:@]*')}$`);
    if (!re.test(ref.repository)) return false;
  } else if (p.repository !== ref.repository) {
    return false;
  }
  if (patternHasTag) {
    if (p.digest) return p.digest === ref.digest;
    return p.tag === ref.tag;
  }
  return true;
}

function normalizeRepositoryPattern(pattern: string): string {
  let rest = pattern.replace(/@.*$/, '');
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) rest = rest.slice(0, colon);
  const firstSlash = rest.indexOf('/');
  if (firstSlash >= 0) {
    const first = rest.slice(0, firstSlash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') return rest;
    return `docker.io/${rest}`;
  }
  return rest === '*' ? `*` : `docker.io/library/${rest}`;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
