import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '@kubesim/component-base';

/** What `kubesim up` records of one component so that later commands can find and restart it. */
export interface ComponentRecord {
  /** etcd, apiserver, scheduler, controller-manager, kubelet/<node-name>. */
  name: string;
  pid: number;
  /** The address clients use (URL or host:port). */
  address: string;
  /** GET this URL: 200 means healthy. */
  healthUrl: string;
  command: string;
  args: string[];
  logFile: string;
  startedAt: string;
}

export interface ClusterState {
  version: 1;
  dir: string;
  components: ComponentRecord[];
  /**
   * Addresses of the apiserver: gRPC API, plain HTTP (/healthz, /readyz, /metrics) and the HTTPS
   * Kubernetes REST API kubectl uses (absent in state written before kubesim served HTTPS).
   */
  apiserver?: { grpcAddress: string; httpAddress: string; httpsAddress?: string };
  adminTokenFile?: string;
  /** The kubeconfig for kubectl (HTTPS address, CA, admin token). */
  kubeconfig?: string;
}

export class StateDir {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  get stateFile(): string {
    return join(this.dir, 'state.json');
  }
  get logsDir(): string {
    return join(this.dir, 'logs');
  }
  get etcdDataDir(): string {
    return join(this.dir, 'etcd');
  }
  get tokenFile(): string {
    return join(this.dir, 'tokens.csv');
  }
  get adminTokenFile(): string {
    return join(this.dir, 'admin.token');
  }
  get pkiDir(): string {
    return join(this.dir, 'pki');
  }
  get kubeconfigFile(): string {
    return join(this.dir, 'kubeconfig');
  }
  logFile(component: string): string {
    return join(this.logsDir, `${component.replace(/\//g, '-')}.log`);
  }

  ensure(): void {
    mkdirSync(this.logsDir, { recursive: true, mode: 0o700 });
  }

  read(): ClusterState | undefined {
    if (!existsSync(this.stateFile)) return undefined;
    return JSON.parse(readFileSync(this.stateFile, 'utf8')) as ClusterState;
  }

  /** Atomic write: a crash never leaves a torn state file. */
  write(state: ClusterState): void {
    this.ensure();
    writeFileAtomic(this.stateFile, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  }
}
