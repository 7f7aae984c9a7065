// A self-signed certificate for 127.0.0.1 / ::1 / localhost, made at test time with openssl (no
// key material is checked in). Browsers accept it with --ignore-certificate-errors (Chromium) or
// acceptInsecureCerts (Firefox); the doctor with -k.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsCertificate {
  readonly key: string;
  readonly cert: string;
}

/**
 * Writes a self-signed certificate for localhost, 127.0.0.1 and ::1 into `dir` (cert.pem, key.pem)
 * and returns the two paths: for servers configured by file (the gateway's --tls-cert, nginx).
 */
export function writeSelfSignedCertificate(dir: string): TlsCertificate {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1',
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

let made: TlsCertificate | undefined;

/** The certificate's PEM contents (made once per process), for servers configured in code. */
export function selfSignedCertificate(): TlsCertificate {
  if (made) return made;
  const dir = mkdtempSync(join(tmpdir(), 'corskit-tls-'));
  try {
    const files = writeSelfSignedCertificate(dir);
    made = { key: readFileSync(files.key, 'utf8'), cert: readFileSync(files.cert, 'utf8') };
    return made;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
