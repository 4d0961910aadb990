/** The `/version` document (k8s.io/apimachinery `version.Info`). */
export interface VersionInfo {
  major: string;
  minor: string;
  emulationMajor?: string;
  emulationMinor?: string;
  minCompatibilityMajor?: string;
  minCompatibilityMinor?: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

/** The Kubernetes release kubesim emulates. */
export const KUBERNETES_VERSION = 'v1.33.1';

/**
 * `GET /version`: Kubernetes v1.33.1, build for build as its release binaries report it.
 * `major`/`minor` matter: the gcloud kubectl dispatcher picks `kubectl.1.<minor>` from them, and
 * kubectl's version-skew warning reads `gitVersion`.
 */
export function version(): VersionInfo {
  return {
    major: '1',
    minor: '33',
    emulationMajor: '1',
    emulationMinor: '33',
    minCompatibilityMajor: '1',
    minCompatibilityMinor: '32',
    gitVersion: KUBERNETES_VERSION,
    gitCommit: '8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828',
    gitTreeState: 'clean',
    buildDate: '2025-05-15T08:19:38Z',
    goVersion: 'go1.24.2',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}
