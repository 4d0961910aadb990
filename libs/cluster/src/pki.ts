// The cluster's certificates: a CA and the apiserver's serving certificate signed by it, kept
// under `<stateDir>/pki/` so that kubectl (via the kubeconfig's certificate-authority-data)
// trusts the HTTPS API.
import { X509Certificate, createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import forge from 'node-forge';
import { writeFileAtomic } from '@kubesim/component-base';

export interface PKIOptions {
  /** Extra DNS names or IP addresses the serving certificate must be valid for. */
  extraSANs?: string[];
}

export interface PKIFiles {
  /** `<stateDir>/pki/ca.crt` */
  caFile: string;
  /** `<stateDir>/pki/apiserver.crt` */
  certFile: string;
  /** `<stateDir>/pki/apiserver.key` */
  keyFile: string;
  /** The CA certificate (PEM), as a kubeconfig's certificate-authority-data carries it. */
  caPEM: string;
}

export const CA_COMMON_NAME = 'kubesim-ca';
export const APISERVER_COMMON_NAME = 'kube-apiserver';
/** Names the serving certificate always covers. */
export const DEFAULT_SANS: readonly string[] = ['127.0.0.1', 'localhost', '::1'];

const DAY_MS = 24 * 60 * 60 * 1000;
const CA_VALIDITY_DAYS = 3650;
const SERVING_VALIDITY_DAYS = 365;
/** A certificate this close to expiry is replaced rather than reused. */
const RENEW_BEFORE_MS = 30 * DAY_MS;
/** Back-date notBefore a little so small clock differences do not reject a fresh certificate. */
const BACKDATE_MS = 60 * 60 * 1000;

/** Normalizes a `--san` value: trims, strips IPv6 brackets, lowercases DNS names; throws if invalid. */
export function normalizeSAN(raw: string): string {
  let s = raw.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  if (isIP(s)) return s;
  const name = s.toLowerCase().replace(/\.$/, '');
  const label = '[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?';
  if (name.length > 253 || !new RegExp(`^(\\*\\.)?${label}(\\.${label})*$`).test(name)) {
    throw new Error(`invalid subject alternative name "${raw}": want a DNS name or an IP address`);
  }
  return name;
}

function sanList(extra: string[] | undefined): string[] {
  const out: string[] = [];
  for (const s of [...DEFAULT_SANS, ...(extra ?? [])]) {
    const n = normalizeSAN(s);
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

/** Network-order bytes (a binary string, as forge wants) of an IPv4 or IPv6 address. */
function ipBytes(ip: string): string {
  const v = isIP(ip);
  if (v === 4) return String.fromCharCode(...ip.split('.').map(Number));
  if (v !== 6) throw new Error(`not an IP address: ${ip}`);
  let s = ip.replace(/%.*$/, '');
  // A trailing dotted IPv4 part (::ffff:1.2.3.4) becomes two hex groups.
  const m = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (m) {
    const [a, b, c, d] = m[2]!.split('.').map(Number) as [number, number, number, number];
    s = `${m[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.map((g) => { const n = parseInt(g, 16); return String.fromCharCode(n >> 8, n & 0xff); }).join('');
}

/** A positive random serial number (hex): the top bit is cleared so DER does not read it as negative. */
function serialNumber(): string {
  const b = randomBytes(16);
  b[0] = (b[0]! & 0x7f) | 0x01;
  return b.toString('hex');
}

/** An RSA 2048 key pair made by Node's native crypto (fast), as PEM and as forge keys. */
function newKeyPair(): { keyPEM: string; privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  const { privateKey: keyPEM, publicKey: pubPEM } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return {
    keyPEM,
    privateKey: forge.pki.privateKeyFromPem(keyPEM) as forge.pki.rsa.PrivateKey,
    publicKey: forge.pki.publicKeyFromPem(pubPEM) as forge.pki.rsa.PublicKey,
  };
}

function validity(cert: forge.pki.Certificate, days: number): void {
  const now = Date.now();
  cert.validity.notBefore = new Date(now - BACKDATE_MS);
  cert.validity.notAfter = new Date(now + days * DAY_MS);
}

function createCA(): { certPEM: string; keyPEM: string } {
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  validity(cert, CA_VALIDITY_DAYS);
  const subject = [{ name: 'commonName', value: CA_COMMON_NAME }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', critical: true, keyCertSign: true, cRLSign: true, digitalSignature: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { certPEM: forge.pki.certificateToPem(cert), keyPEM: keys.keyPEM };
}

function createServingCert(caCertPEM: string, caKeyPEM: string, sans: string[]): { certPEM: string; keyPEM: string } {
  const caCert = forge.pki.certificateFromPem(caCertPEM);
  const caKey = forge.pki.privateKeyFromPem(caKeyPEM);
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  validity(cert, SERVING_VALIDITY_DAYS);
  cert.setSubject([{ name: 'commonName', value: APISERVER_COMMON_NAME }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
    {
      name: 'subjectAltName',
      altNames: sans.map((s) => (isIP(s) ? { type: 7, value: ipBytes(s) } : { type: 2, value: s })),
    },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { certPEM: forge.pki.certificateToPem(cert), keyPEM: keys.keyPEM };
}


function readCert(path: string): X509Certificate | undefined {
  try {
    return new X509Certificate(readFileSync(path));
  } catch {
    return undefined;
  }
}

function fresh(cert: X509Certificate): boolean {
  const now = Date.now();
  return Date.parse(cert.validFrom) <= now + BACKDATE_MS && Date.parse(cert.validTo) - RENEW_BEFORE_MS > now;
}

/** The CA pair on disk is usable: both parse, the key belongs to the certificate, and it is not about to expire. */
function usableCA(certFile: string, keyFile: string): boolean {
  const cert = readCert(certFile);
  if (!cert || !cert.ca || !fresh(cert) || !existsSync(keyFile)) return false;
  try {
    return cert.checkPrivateKey(createPrivateKey(readFileSync(keyFile)));
  } catch {
    return false;
  }
}

/** The serving pair on disk is signed by `ca`, matches its key, is fresh and covers every name in `sans`. */
function usableServingCert(ca: X509Certificate, certFile: string, keyFile: string, sans: string[]): boolean {
  const cert = readCert(certFile);
  if (!cert || !fresh(cert) || !existsSync(keyFile)) return false;
  try {
    if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return false;
    if (!cert.checkPrivateKey(createPrivateKey(readFileSync(keyFile)))) return false;
  } catch {
    return false;
  }
  // checkHost/checkIP return the name when the certificate covers it. Subject-CN fallback is off:
  // clients (Go's crypto/x509 included) only look at subjectAltName.
  return sans.every((s) => (isIP(s) ? cert.checkIP(s) !== undefined : cert.checkHost(s, { subject: 'never' }) !== undefined));
}

/**
 * Makes sure `<stateDir>/pki/` holds a CA (`kubesim-ca`, RSA 2048, 10 years) and an apiserver
 * serving certificate signed by it (CN `kube-apiserver`, serverAuth, 1 year) for 127.0.0.1,
 * localhost, ::1 and `extraSANs`. Existing files are reused while valid; the serving certificate
 * (never the CA, unless the CA itself is missing, broken or expiring) is re-issued when it does
 * not cover a requested name, no longer chains to the CA, or nears expiry.
 */
export function ensurePKI(stateDir: string, opts: PKIOptions = {}): PKIFiles {
  const sans = sanList(opts.extraSANs);
  const dir = join(stateDir, 'pki');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caFile = join(dir, 'ca.crt');
  const caKeyFile = join(dir, 'ca.key');
  const certFile = join(dir, 'apiserver.crt');
  const keyFile = join(dir, 'apiserver.key');

  if (!usableCA(caFile, caKeyFile)) {
    const ca = createCA();
    // Key first: a crash in between leaves a CA that fails usableCA() and is regenerated.
    writeFileAtomic(caKeyFile, ca.keyPEM, { mode: 0o600 });
    writeFileAtomic(caFile, ca.certPEM, { mode: 0o644 });
  }
  const caPEM = readFileSync(caFile, 'utf8');
  const ca = new X509Certificate(caPEM);

  if (!usableServingCert(ca, certFile, keyFile, sans)) {
    const serving = createServingCert(caPEM, readFileSync(caKeyFile, 'utf8'), sans);
    writeFileAtomic(keyFile, serving.keyPEM, { mode: 0o600 });
    writeFileAtomic(certFile, serving.certPEM, { mode: 0o644 });
  }
  return { caFile, certFile, keyFile, caPEM };
}

/** When the serving certificate file was last (re)written, in ms since the epoch; 0 if missing. */
export function certWrittenAt(certFile: string): number {
  try {
    return statSync(certFile).mtimeMs;
  } catch {
    return 0;
  }
}
