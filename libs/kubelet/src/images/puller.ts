import type { Container, Pod } from '@kubesim/api';
import { Backoff } from '../backoff.js';
import { type Clock, realClock } from '../clock.js';
import { formatGoDuration } from '../goduration.js';
import { type ImageCatalog, type ResolvedImage, defaultImageCatalog } from './catalog.js';

/** An event the kubelet would record against the container (reason and message are Kubernetes'). */
export interface KubeletEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export type ImagePullErrorReason = 'ErrImagePull' | 'ImagePullBackOff' | 'ErrImageNeverPull' | 'InvalidImageName';

export type EnsureImageResult =
  | { ok: true; image: ResolvedImage; events: KubeletEvent[] }
  | {
      ok: false;
      reason: ImagePullErrorReason;
      message: string;
      events: KubeletEvent[];
      /** When the pull may be worth retrying (the back-off window's end), in ms from now. */
      retryAfterMs?: number;
    };

export interface ImageManagerOptions {
  catalog?: ImageCatalog | (() => ImageCatalog);
  clock?: Clock;
  /** Pull back-off (the kubelet uses the same 10 s / 300 s as for containers). */
  backoff?: Backoff;
  /** Simulated pull duration in ms for an image not yet present (default 0). */
  pullDurationMs?: number;
}

/**
 * The kubelet's image manager (pkg/kubelet/images EnsureImageExists) against the image catalog:
 * a catalog image "pulls" successfully the first time and is then present on the node; any other
 * image fails with ErrImagePull and then backs off with ImagePullBackOff.
 */
export class ImageManager {
  private readonly present = new Set<string>();
  private readonly clock: Clock;
  readonly backoff: Backoff;
  private readonly catalogFn: () => ImageCatalog;
  private readonly pullDurationMs: number;

  constructor(opts: ImageManagerOptions = {}) {
    this.clock = opts.clock ?? realClock;
    this.backoff = opts.backoff ?? new Backoff({ clock: this.clock });
    const c = opts.catalog;
    this.catalogFn = typeof c === 'function' ? c : c ? () => c : () => defaultImageCatalog();
    this.pullDurationMs = opts.pullDurationMs ?? 0;
  }

  /** Names (normalised) of images present on the node, for NodeStatus.images. */
  presentImages(): string[] {
    return [...this.present];
  }

  async ensureImageExists(pod: Pod, container: Container): Promise<EnsureImageResult> {
    const image = container.image ?? '';
    const events: KubeletEvent[] = [];
    const catalog = this.catalogFn();
    const resolved = catalog.resolve(image);
    const parsedOk = image !== '' && !/\s/.test(image) && (resolved !== undefined || looksLikeReference(image));
    if (!parsedOk) {
      const message = `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format`;
      events.push({ type: 'Warning', reason: 'InspectFailed', message });
      events.push({ type: 'Warning', reason: 'Failed', message: 'Error: InvalidImageName' });
      return { ok: false, reason: 'InvalidImageName', message, events };
    }
    const key = resolved?.name ?? image;
    const present = this.present.has(key);
    const policy = container.imagePullPolicy ?? defaultPullPolicy(image);
    const shouldPull = policy === 'Always' || (policy === 'IfNotPresent' && !present);
    if (!shouldPull) {
      if (present && resolved) {
        events.push({ type: 'Normal', reason: 'Pulled', message: `Container image "${image}" already present on machine` });
        return { ok: true, image: resolved, events };
      }
      const message = `Container image "${image}" is not present with pull policy of Never`;
      events.push({ type: 'Warning', reason: 'ErrImageNeverPull', message });
      events.push({ type: 'Warning', reason: 'Failed', message: 'Error: ErrImageNeverPull' });
      return { ok: false, reason: 'ErrImageNeverPull', message, events };
    }
    const backOffKey = `${pod.metadata.uid ?? ''}_${image}`;
    if (this.backoff.isInBackOffSinceUpdate(backOffKey, this.clock.now())) {
      const message = `Back-off pulling image "${image}"`;
      events.push({ type: 'Normal', reason: 'BackOff', message });
      events.push({ type: 'Warning', reason: 'Failed', message: 'Error: ImagePullBackOff' });
      return { ok: false, reason: 'ImagePullBackOff', message, events, retryAfterMs: this.backoff.remainingSinceUpdate(backOffKey, this.clock.now()) };
    }
    events.push({ type: 'Normal', reason: 'Pulling', message: `Pulling image "${image}"` });
    const started = this.clock.now();
    if (this.pullDurationMs > 0) await new Promise((r) => this.clock.setTimer(this.pullDurationMs, () => r(undefined)));
    if (!resolved) {
      const message = pullError(image);
      events.push({ type: 'Warning', reason: 'Failed', message: `Failed to pull image "${image}": ${message}` });
      events.push({ type: 'Warning', reason: 'Failed', message: 'Error: ErrImagePull' });
      this.backoff.next(backOffKey, this.clock.now());
      return { ok: false, reason: 'ErrImagePull', message, events, retryAfterMs: this.backoff.get(backOffKey) };
    }
    const took = formatGoDuration(Math.max(1, this.clock.now() - started));
    const size = resolved.definition.sizeBytes ?? 1_000_000;
    events.push({
      type: 'Normal',
      reason: 'Pulled',
      message: `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${size} bytes.`,
    });
    this.present.add(key);
    this.backoff.reset(backOffKey);
    return { ok: true, image: resolved, events };
  }
}

function looksLikeReference(image: string): boolean {
  return /^[a-z0-9]+([._/:@-][A-Za-z0-9_.-]+)*$/.test(image) && !/[A-Z]/.test(image.split(':')[0] ?? '');
}

/** The API's default pull policy: Always for :latest or no tag, IfNotPresent otherwise. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const tag = colon > lastSlash ? image.slice(colon + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** containerd's error for an image that cannot be resolved. */
function pullError(image: string): string {
  const lastSlash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  let name = image;
  const hasTag = colon > lastSlash || image.includes('@');
  const first = image.split('/')[0] ?? '';
  const hasDomain = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasDomain) name = `docker.io/${image.includes('/') ? '' : 'library/'}${image}`;
  if (!hasTag) name += ':latest';
  if (name.startsWith('docker.io/')) {
    return `rpc error: code = Unknown desc = failed to pull and unpack image "${name}": failed to resolve reference "${name}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
  }
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${name}": failed to resolve reference "${name}": ${name}: not found`;
}
