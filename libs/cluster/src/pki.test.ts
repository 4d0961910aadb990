// ensurePKI with real files in a temp dir, checked by Node's own X.509 and TLS code.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type RequestOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensurePKI, normalizeSAN } from './pki.js';

const root = mkdtempSync(join(tmpdir(), 'kubesim-pki-'));
let n = 0;
const freshDir = () => join(root, `s${n++}`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const cert = (file: string) => new X509Certificate(readFileSync(file));
const mode = (file: string) => statSync(file).mode & 0o777;

describe('ensurePKI', () => {
  it('creates a CA and a serving certificate it signed, for the loopback names and the extra SANs', () => {
    const dir = freshDir();
    const pki = ensurePKI(dir, { extraSANs: ['kubesim.example', '10.20.30.40', '[fd00::7]'] });

    expect(pki.caFile).toBe(join(dir, 'pki', 'ca.crt'));
    expect(pki.certFile).toBe(join(dir, 'pki', 'apiserver.crt'));
    expect(pki.keyFile).toBe(join(dir, 'pki', 'apiserver.key'));
    expect(readFileSync(pki.caFile, 'utf8')).toBe(pki.caPEM);
    expect(mode(join(dir, 'pki', 'ca.key'))).toBe(0o600);
    expect(mode(pki.keyFile)).toBe(0o600);
    expect(mode(join(dir, 'pki'))).toBe(0o700);

    const ca = new X509Certificate(pki.caPEM);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe('CN=kubesim-ca');
    expect(ca.verify(ca.publicKey)).toBe(true);
    const years = (Date.parse(ca.validTo) - Date.now()) / (365 * 24 * 3600 * 1000);
    expect(years).toBeGreaterThan(9.9);
    expect(ca.publicKey.asymmetricKeyType).toBe('rsa');
    expect(ca.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(ca.checkPrivateKey(createPrivateKey(readFileSync(join(dir, 'pki', 'ca.key'))))).toBe(true);

    const srv = cert(pki.certFile);
    expect(srv.ca).toBe(false);
    expect(srv.subject).toBe('CN=kube-apiserver');
    expect(srv.checkIssued(ca)).toBe(true);
    expect(srv.verify(ca.publicKey)).toBe(true);
    expect(srv.checkPrivateKey(createPrivateKey(readFileSync(pki.keyFile)))).toBe(true);
    expect(srv.keyUsage).toContain('1.3.6.1.5.5.7.3.1'); // extKeyUsage serverAuth
    expect(srv.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(srv.checkIP('::1')).toBe('::1');
    expect(srv.checkHost('localhost', { subject: 'never' })).toBe('localhost');
    expect(srv.checkHost('kubesim.example', { subject: 'never' })).toBe('kubesim.example');
    expect(srv.checkIP('10.20.30.40')).toBe('10.20.30.40');
    expect(srv.checkIP('fd00::7')).toBe('fd00::7');
    expect(srv.checkIP('10.20.30.41')).toBeUndefined();
    expect(srv.checkHost('other.example', { subject: 'never' })).toBeUndefined();
    // Both kinds of entries, so clients that only read subjectAltName (Go) accept it.
    expect(srv.subjectAltName).toMatch(/DNS:localhost/);
    expect(srv.subjectAltName).toMatch(/IP Address:127\.0\.0\.1/);
    // Not signed by some other CA.
    const other = new X509Certificate(ensurePKI(freshDir(), {}).caPEM);
    expect(srv.verify(other.publicKey)).toBe(false);
  });

  it('reuses the files while they cover the requested names, and re-issues only the serving certificate for a new SAN', () => {
    const dir = freshDir();
    const first = ensurePKI(dir, { extraSANs: ['a.example'] });
    const files = () => ({
      ca: readFileSync(first.caFile, 'utf8'),
      caKey: readFileSync(join(dir, 'pki', 'ca.key'), 'utf8'),
      cert: readFileSync(first.certFile, 'utf8'),
      key: readFileSync(first.keyFile, 'utf8'),
    });
    const before = files();

    // Same names, fewer names, different spelling of a covered name: nothing changes.
    expect(ensurePKI(dir, { extraSANs: ['a.example'] })).toEqual(first);
    ensurePKI(dir, {});
    ensurePKI(dir, { extraSANs: ['A.Example.', '127.0.0.1', 'localhost'] });
    expect(files()).toEqual(before);

    // A new name: new serving certificate and key, same CA.
    const second = ensurePKI(dir, { extraSANs: ['b.example', '192.0.2.9'] });
    const after = files();
    expect(second.caPEM).toBe(first.caPEM);
    expect(after.ca).toBe(before.ca);
    expect(after.caKey).toBe(before.caKey);
    expect(after.cert).not.toBe(before.cert);
    expect(after.key).not.toBe(before.key);
    const srv = new X509Certificate(after.cert);
    expect(srv.verify(new X509Certificate(after.ca).publicKey)).toBe(true);
    expect(srv.checkHost('b.example', { subject: 'never' })).toBe('b.example');
    expect(srv.checkIP('192.0.2.9')).toBe('192.0.2.9');
    expect(srv.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(mode(first.keyFile)).toBe(0o600);
  });

  it('repairs broken files: a lost CA key means a new CA and a new serving certificate', () => {
    const dir = freshDir();
    const first = ensurePKI(dir, {});
    const oldCert = readFileSync(first.certFile, 'utf8');

    writeFileSync(first.certFile, 'garbage');
    const repaired = ensurePKI(dir, {});
    expect(repaired.caPEM).toBe(first.caPEM);
    expect(cert(first.certFile).verify(new X509Certificate(first.caPEM).publicKey)).toBe(true);

    unlinkSync(join(dir, 'pki', 'ca.key'));
    const again = ensurePKI(dir, {});
    expect(again.caPEM).not.toBe(first.caPEM);
    const srv = cert(again.certFile);
    expect(srv.toString()).not.toBe(oldCert);
    expect(srv.verify(new X509Certificate(again.caPEM).publicKey)).toBe(true);
  });

  it('rejects names that are neither DNS names nor IPs', () => {
    expect(() => ensurePKI(freshDir(), { extraSANs: ['not a name'] })).toThrow(/invalid subject alternative name "not a name"/);
    expect(() => normalizeSAN('')).toThrow(/invalid subject alternative name/);
    expect(() => normalizeSAN('a..b')).toThrow(/invalid/);
    expect(normalizeSAN(' [::1] ')).toBe('::1');
    expect(normalizeSAN('*.Apps.Example')).toBe('*.apps.example');
  });

  it('serves HTTPS that a client trusting only the CA accepts, and that others reject', async () => {
    const pki = ensurePKI(freshDir(), { extraSANs: ['kubesim.example'] });
    const server = createServer({ cert: readFileSync(pki.certFile), key: readFileSync(pki.keyFile) }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const get = (opts: RequestOptions) =>
      new Promise<string>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/', agent: false, ...opts }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c));
          res.on('end', () => resolve(body));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      expect(await get({ ca: pki.caPEM })).toBe('ok');
      expect(await get({ ca: pki.caPEM, servername: 'localhost' })).toBe('ok');
      expect(await get({ ca: pki.caPEM, servername: 'kubesim.example' })).toBe('ok');
      // Not trusted without the CA; not valid for names it was not issued for.
      await expect(get({})).rejects.toMatchObject({ code: expect.stringMatching(/SELF_SIGNED|UNABLE_TO_GET_ISSUER|UNABLE_TO_VERIFY/) });
      await expect(get({ ca: pki.caPEM, servername: 'other.example' })).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
