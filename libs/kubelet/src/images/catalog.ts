import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { type ImageReference, imageIdFor, matchesImagePattern, parseImageReference } from './reference.js';

/**
 * Folder holding the built-in images' programs: $KUBESIM_IMAGES_DIR, else libs/kubelet/images, found
 * upwards from this module (libs/kubelet/src or dist, or the kubelet's bundle in apps/kubelet/dist).
 */
export const IMAGES_DIR = process.env.KUBESIM_IMAGES_DIR ? path.resolve(process.env.KUBESIM_IMAGES_DIR) + path.sep : findImagesDir();

function findImagesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = path.join(dir, 'libs', 'kubelet', 'images');
    if (fs.existsSync(candidate)) return candidate + path.sep;
    dir = path.dirname(dir);
  }
  return fileURLToPath(new URL('../../images/', import.meta.url));
}

/**
 * What an image is to kubesim: how to run it on the host. The fields mirror an OCI image config:
 * `command` is the ENTRYPOINT, `defaultArgs` the CMD. `{{tag}}` in `command` is replaced by the
 * reference's tag.
 */
export interface ImageDefinition {
  /** Image names this definition serves (see matchesImagePattern). */
  names: string[];
  /** ENTRYPOINT. */
  command: string[];
  /** CMD. */
  defaultArgs: string[];
  /** The image's ENV. */
  env?: Record<string, string>;
  /** The image's WORKDIR. */
  workingDir?: string;
  /** The image's STOPSIGNAL (default SIGTERM). */
  stopSignal?: NodeJS.Signals;
  /**
   * Executables inside the image: when the container's argv[0] (or its basename) is a key, it is
   * replaced by the value. Everything else runs from the host's PATH.
   */
  binaries?: Record<string, string[]>;
  /** Bytes reported as the image's size in "Successfully pulled image" events. */
  sizeBytes?: number;
  description?: string;
  /** Where the definition came from (a catalog file path, or "builtin"). */
  source?: string;
}

export interface ResolvedImage {
  ref: ImageReference;
  /** The fully qualified name containerd reports in ContainerStatus.image. */
  name: string;
  /** ContainerStatus.imageID. */
  imageID: string;
  definition: ImageDefinition;
}

/**
 * The interpreter of the built-in images' programs (images/*.pl): perl-base is Essential on Debian
 * and Ubuntu, and a Perl server starts in a few ms of CPU and ~8 MB where Node takes ~40 ms and
 * ~46 MB. /usr/bin/perl, else `perl` from the container's PATH.
 */
export const PERL = fs.existsSync('/usr/bin/perl') ? '/usr/bin/perl' : 'perl';

const node = process.execPath;
const img = (file: string) => path.join(IMAGES_DIR, file);
/** argv of a built-in Perl program. */
const pl = (file: string, ...args: string[]) => [PERL, img(file), ...args];

/** The built-in images. */
export const BUILTIN_IMAGES: readonly ImageDefinition[] = [
  {
    names: ['luksa/kubia-unhealthy'],
    command: pl('kubia-unhealthy.pl'),
    defaultArgs: [],
    env: { NODE_VERSION: '7.10.1', YARN_VERSION: '0.24.4' },
    sizeBytes: 250_000_000,
    description: 'Kubernetes in Action: kubia that fails from the sixth request on and ignores SIGTERM',
  },
  {
    names: ['luksa/kubia', 'kubia'],
    command: pl('kubia.pl', '--kubesim-tag={{tag}}'),
    defaultArgs: [],
    env: { NODE_VERSION: '7.10.1', YARN_VERSION: '0.24.4' },
    binaries: { 'app.js': pl('kubia.pl', '--kubesim-tag={{tag}}') },
    sizeBytes: 250_000_000,
    description: 'Kubernetes in Action: "You\'ve hit <hostname>" on port 8080',
  },
  {
    names: ['ghcr.io/c1t1d0s7/go-myweb', 'c1t1d0s7/myweb', 'c1t1d0s7/go-myweb'],
    command: pl('myweb.pl'),
    defaultArgs: [],
    binaries: { myweb: pl('myweb.pl'), '/myweb': pl('myweb.pl') },
    sizeBytes: 7_000_000,
    description: 'web server on 8080 with /health (?code=NNN)',
  },
  {
    names: ['k8s.gcr.io/liveness', 'registry.k8s.io/liveness', 'gcr.io/google_containers/liveness'],
    command: [],
    defaultArgs: ['/server'],
    binaries: { '/server': pl('liveness.pl'), server: pl('liveness.pl') },
    sizeBytes: 2_500_000,
    description: 'HTTP /healthz: 200 for 10 s, then 500',
  },
  {
    names: ['registry.k8s.io/e2e-test-images/agnhost', 'k8s.gcr.io/e2e-test-images/agnhost', 'gcr.io/kubernetes-e2e-test-images/agnhost'],
    command: pl('agnhost.pl'),
    defaultArgs: ['pause'],
    binaries: { '/agnhost': pl('agnhost.pl'), agnhost: pl('agnhost.pl') },
    sizeBytes: 51_000_000,
    description: 'agnhost liveness | netexec | pause',
  },
  {
    names: ['nginx'],
    command: pl('nginx.pl', '--kubesim-tag={{tag}}'),
    defaultArgs: ['nginx', '-g', 'daemon off;'],
    env: { PKG_RELEASE: '1~bookworm', NJS_VERSION: '0.8.9', NJS_RELEASE: '1~bookworm', DYNPKG_RELEASE: '1~bookworm' },
    stopSignal: 'SIGQUIT',
    binaries: {
      nginx: pl('nginx.pl', '--kubesim-tag={{tag}}', '--kubesim-no-entrypoint', 'nginx'),
      '/docker-entrypoint.sh': pl('nginx.pl', '--kubesim-tag={{tag}}'),
    },
    sizeBytes: 72_000_000,
    description: 'nginx welcome page on port 80 (NGINX_PORT or KUBESIM_NGINX_PORT to change)',
  },
  {
    names: ['busybox'],
    command: [],
    defaultArgs: ['sh'],
    sizeBytes: 2_200_000,
    description: "busybox: runs the container's command with the host's tools",
  },
  { names: ['alpine'], command: [], defaultArgs: ['/bin/sh'], sizeBytes: 3_600_000, description: "alpine: host tools" },
  { names: ['ubuntu'], command: [], defaultArgs: ['/bin/bash'], sizeBytes: 29_000_000, description: 'ubuntu: host tools' },
  { names: ['debian'], command: [], defaultArgs: ['bash'], sizeBytes: 48_000_000, description: 'debian: host tools' },
  {
    names: ['polinux/stress'],
    command: [],
    defaultArgs: ['stress'],
    binaries: {
      stress: [node, img('stress.mjs')],
      '/usr/local/bin/stress': [node, img('stress.mjs')],
      '/usr/bin/stress': [node, img('stress.mjs')],
    },
    sizeBytes: 4_000_000,
    description: 'stress --cpu/--io/--vm/--hdd with real allocations',
  },
  {
    names: ['registry.k8s.io/goproxy', 'k8s.gcr.io/goproxy'],
    command: [],
    defaultArgs: ['/goproxy'],
    binaries: { '/goproxy': pl('goproxy.pl'), goproxy: pl('goproxy.pl') },
    sizeBytes: 2_900_000,
    description: 'HTTP proxy (TCP listener) on 8080',
  },
].map((d) => ({ ...d, source: 'builtin' }) as ImageDefinition);

const MAX_RESOLVED = 1024;

/** An ordered list of image definitions; the first match wins. */
export class ImageCatalog {
  /** resolve()'s answers by image name: a node sees the same few images over and over. */
  private readonly resolved = new Map<string, ResolvedImage | undefined>();

  constructor(readonly definitions: ImageDefinition[] = [...BUILTIN_IMAGES]) {}

  /**
   * The definition and normalised names for `image`, or undefined when kubesim cannot run it. The
   * answer is shared between callers: do not modify it.
   */
  resolve(image: string | undefined): ResolvedImage | undefined {
    if (!image) return undefined;
    if (this.resolved.has(image)) return this.resolved.get(image);
    const r = this.lookup(image);
    if (this.resolved.size >= MAX_RESOLVED) this.resolved.clear();
    this.resolved.set(image, r);
    return r;
  }

  private lookup(image: string): ResolvedImage | undefined {
    const ref = parseImageReference(image);
    if (!ref) return undefined;
    for (const definition of this.definitions) {
      if (definition.names.some((n) => matchesImagePattern(n, ref))) {
        return { ref, name: ref.normalized, imageID: imageIdFor(ref), definition };
      }
    }
    return undefined;
  }

  /** A catalog with `defs` consulted before this one's. */
  with(defs: ImageDefinition[]): ImageCatalog {
    return new ImageCatalog([...defs, ...this.definitions]);
  }
}

// ---------------------------------------------------------------- user catalog files

interface RawEntry {
  name?: unknown;
  names?: unknown;
  command?: unknown;
  args?: unknown;
  defaultArgs?: unknown;
  env?: unknown;
  workingDir?: unknown;
  stopSignal?: unknown;
  binaries?: unknown;
  sizeBytes?: unknown;
  description?: unknown;
}

/**
 * Reads a user catalog (YAML or JSON). Format:
 *
 *   images:
 *     - name: example.com/team/app      # or names: [...]
 *       command: ["node", "./app.mjs"]  # ENTRYPOINT; ./ and ../ paths are relative to the file
 *       args: ["--port", "8080"]        # CMD
 *       env: { GREETING: hello }
 *       workingDir: /tmp
 *       stopSignal: SIGTERM
 *       binaries: { app: ["node", "./app.mjs"] }
 *
 * A top-level mapping from image name to entry (`{ "example.com/team/app": { command: [...] } }`)
 * is accepted too.
 */
export function loadImageCatalogFile(file: string): ImageDefinition[] {
  const text = fs.readFileSync(file, 'utf8');
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new Error(`image catalog ${file}: ${(e as Error).message}`);
  }
  const dir = path.dirname(path.resolve(file));
  let entries: RawEntry[];
  if (doc && typeof doc === 'object' && Array.isArray((doc as { images?: unknown }).images)) {
    entries = (doc as { images: RawEntry[] }).images;
  } else if (Array.isArray(doc)) {
    entries = doc as RawEntry[];
  } else if (doc && typeof doc === 'object') {
    entries = Object.entries(doc as Record<string, RawEntry>).map(([name, e]) => ({ ...(e ?? {}), name }));
  } else {
    throw new Error(`image catalog ${file}: expected a list of images`);
  }
  return entries.map((e, i) => toDefinition(e, i, file, dir));
}

function toDefinition(e: RawEntry, i: number, file: string, dir: string): ImageDefinition {
  const where = `image catalog ${file}: entry ${i}`;
  const strList = (v: unknown, field: string): string[] | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return [v];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' && typeof x !== 'number')) {
      throw new Error(`${where}: ${field} must be a list of strings`);
    }
    return v.map(String);
  };
  const rel = (argv: string[]) => argv.map((a) => (a.startsWith('./') || a.startsWith('../') ? path.resolve(dir, a) : a));
  const names = strList(e.names, 'names') ?? strList(e.name, 'name');
  if (!names?.length) throw new Error(`${where}: name is required`);
  const command = strList(e.command, 'command') ?? [];
  const defaultArgs = strList(e.args, 'args') ?? strList(e.defaultArgs, 'defaultArgs') ?? [];
  if (!command.length && !defaultArgs.length) throw new Error(`${where}: command or args is required`);
  const env: Record<string, string> = {};
  if (e.env && typeof e.env === 'object') {
    if (Array.isArray(e.env)) {
      for (const kv of e.env as { name: string; value?: string }[]) env[kv.name] = String(kv.value ?? '');
    } else {
      for (const [k, v] of Object.entries(e.env as Record<string, unknown>)) env[k] = String(v ?? '');
    }
  }
  const binaries: Record<string, string[]> = {};
  if (e.binaries && typeof e.binaries === 'object') {
    for (const [k, v] of Object.entries(e.binaries as Record<string, unknown>)) {
      binaries[k] = rel(strList(v, `binaries.${k}`) ?? []);
    }
  }
  const def: ImageDefinition = {
    names,
    command: rel(command),
    defaultArgs: rel(defaultArgs),
    env,
    binaries,
    source: file,
  };
  if (typeof e.workingDir === 'string') def.workingDir = e.workingDir;
  if (typeof e.stopSignal === 'string') def.stopSignal = e.stopSignal as NodeJS.Signals;
  if (typeof e.sizeBytes === 'number') def.sizeBytes = e.sizeBytes;
  if (typeof e.description === 'string') def.description = e.description;
  return def;
}

let cached: { file: string; mtimeMs: number; catalog: ImageCatalog } | undefined;
let builtinCatalog: ImageCatalog | undefined;

/**
 * The catalog in force: the user catalog named by `file` (default: $KUBESIM_IMAGE_CATALOG), whose
 * entries win, followed by the built-in images. Re-read when the file changes.
 */
export function defaultImageCatalog(file: string | undefined = process.env.KUBESIM_IMAGE_CATALOG): ImageCatalog {
  if (!file) return (builtinCatalog ??= new ImageCatalog());
  const mtimeMs = fs.statSync(file).mtimeMs;
  if (cached && cached.file === file && cached.mtimeMs === mtimeMs) return cached.catalog;
  const catalog = new ImageCatalog().with(loadImageCatalogFile(file));
  cached = { file, mtimeMs, catalog };
  return catalog;
}

/** Resolves `image` against the default catalog (built-ins plus $KUBESIM_IMAGE_CATALOG). */
export function resolveImage(image: string | undefined, catalog: ImageCatalog = defaultImageCatalog()): ResolvedImage | undefined {
  return catalog.resolve(image);
}

/**
 * The argv a container runs, from the image and the (already $(VAR)-expanded) container
 * command/args, as the runtime merges them: `command` replaces the ENTRYPOINT (and drops the CMD),
 * `args` replace the CMD. argv[0] is then mapped through the image's binaries.
 */
export function containerArgv(resolved: ResolvedImage, command: string[] | undefined, args: string[] | undefined): string[] {
  const def = resolved.definition;
  const tag = resolved.ref.tag ?? 'latest';
  const sub = (xs: string[]) => xs.map((x) => x.split('{{tag}}').join(tag));
  let argv: string[];
  if (command && command.length) argv = [...command, ...(args ?? [])];
  else if (args && args.length) argv = [...sub(def.command), ...args];
  else argv = [...sub(def.command), ...def.defaultArgs];
  if (!argv.length) return argv;
  const bins = def.binaries ?? {};
  const exe = argv[0]!;
  const mapped = bins[exe] ?? (exe.includes('/') ? bins[path.posix.basename(exe)] : undefined);
  if (mapped) argv = [...sub(mapped), ...argv.slice(1)];
  return argv;
}
