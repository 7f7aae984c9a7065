// 1 GiB through the gateway each way, hashed with SHA-256 where it is produced and where it
// arrives. The gateway runs in its own process so its peak RSS (VmHWM) can be read: streaming
// means it stays far below the body size. Bound asserted: < 200 MB.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, test } from 'node:test';
import {
  type GatewayProcess,
  spawnGateway,
  startUpstream,
  type TestUpstream,
  tempDir,
  writePolicy,
} from './support.js';

const GiB = 1024 ** 3;
const CHUNK = 1024 * 1024;
const RSS_BOUND = 200 * 1024 * 1024;

/** 1 GiB of data that is not one block repeated: each 1 MiB chunk carries its own index. */
function gibibyte(): Readable {
  const block = randomBytes(CHUNK);
  return Readable.from(
    (function* () {
      for (let i = 0; i < GiB / CHUNK; i++) {
        const chunk = Buffer.from(block);
        chunk.writeUInt32BE(i, 0);
        yield chunk;
      }
    })(),
    { objectMode: false },
  );
}

function hashing(hash: ReturnType<typeof createHash>) {
  return async function* (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      hash.update(chunk);
      yield chunk;
    }
  };
}

describe('1 GiB each way', { timeout: 180_000 }, () => {
  let upstream: TestUpstream;
  let gateway: GatewayProcess;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const upstreamHashes: string[] = [];

  before(async () => {
    upstream = await startUpstream((req, res) => {
      if (req.method === 'POST') {
        const hash = createHash('sha256');
        let bytes = 0;
        req.on('data', (chunk: Buffer) => {
          hash.update(chunk);
          bytes += chunk.length;
        });
        req.on('end', () => res.end(JSON.stringify({ sha256: hash.digest('hex'), bytes })));
        return;
      }
      const hash = createHash('sha256');
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      pipeline(gibibyte(), hashing(hash), res).then(
        () => upstreamHashes.push(hash.digest('hex')),
        () => {},
      );
    });
    dir = await tempDir();
    const policy = await writePolicy(join(dir.dir, 'cors.json'), { origins: ['https://app.example.com'] });
    gateway = await spawnGateway([
      '--upstream',
      upstream.url,
      '--policy',
      policy,
      '--port',
      '0',
      '--access-log',
      'off',
    ]);
    process.stderr.write(`gateway RSS at start: ${((await gateway.rss()) / 2 ** 20).toFixed(1)} MiB\n`);
  });
  after(async () => {
    await gateway.stop();
    await upstream.close();
    await dir.remove();
  });

  test('upload: the upstream receives exactly the bytes sent', async () => {
    const started = Date.now();
    const sent = createHash('sha256');
    const url = new URL(`${gateway.url}/upload`);
    const response = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'content-length': GiB, origin: 'https://app.example.com' },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c) => {
            text += c;
          });
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      pipeline(gibibyte(), hashing(sent), req).catch(reject);
    });
    process.stderr.write(`1 GiB upload took ${Date.now() - started} ms\n`);
    const received = JSON.parse(response) as { sha256: string; bytes: number };
    assert.equal(received.bytes, GiB);
    assert.equal(received.sha256, sent.digest('hex'));
    const peak = await gateway.peakRss();
    process.stderr.write(`gateway peak RSS after 1 GiB upload: ${(peak / 2 ** 20).toFixed(1)} MiB\n`);
    assert.ok(peak < RSS_BOUND, `peak RSS ${peak} < ${RSS_BOUND}`);
  });

  test('download: the client receives exactly the bytes the upstream produced', async () => {
    const got = createHash('sha256');
    let bytes = 0;
    const started = Date.now();
    const url = new URL(`${gateway.url}/download`);
    await new Promise<void>((resolve, reject) => {
      httpRequest({ host: url.hostname, port: url.port, path: url.pathname }, (res) => {
        res.on('data', (chunk: Buffer) => {
          got.update(chunk);
          bytes += chunk.length;
        });
        res.on('end', resolve);
        res.on('error', reject);
      })
        .on('error', reject)
        .end();
    });
    process.stderr.write(`1 GiB download took ${Date.now() - started} ms\n`);
    assert.equal(bytes, GiB);
    assert.equal(upstreamHashes.length, 1);
    assert.equal(got.digest('hex'), upstreamHashes[0]);
    const peak = await gateway.peakRss();
    process.stderr.write(`gateway peak RSS after 1 GiB each way: ${(peak / 2 ** 20).toFixed(1)} MiB\n`);
    assert.ok(peak < RSS_BOUND, `peak RSS ${peak} < ${RSS_BOUND}`);
  });
});
