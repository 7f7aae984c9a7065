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

let made: TlsCertificate | undefined;

export function selfSignedCertificate(): TlsCertificate {
  if (made) return made;
  const dir = mkdtempSync(join(tmpdir(), 'corskit-tls-'));
  try {
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
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1',
      ],
      { stdio: 'ignore' },
    );
    made = {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
    return made;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
