// A client that goes away mid-upload or mid-download: the upstream request is cancelled (the
// upstream sees the abort) and no socket is left behind on either side.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { afterEach, describe, test } from 'node:test';
import {
  delay,
  eventually,
  startTestGateway,
  startUpstream,
  type TestGateway,
  type TestUpstream,
  testConfig,
} from './support.js';

const routes = [{ prefix: '/', policy: { origins: '*' as const } }];

describe('client aborts', () => {
  let gateway: TestGateway | undefined;
  let upstream: TestUpstream | undefined;
  afterEach(async () => {
    await gateway?.drain();
    await upstream?.close();
    gateway = undefined;
    upstream = undefined;
  });

  test('mid-upload: the upstream sees its request aborted, nothing leaks', async () => {
    let received = 0;
    let upstreamAborted = false;
    upstream = await startUpstream((req, res) => {
      req.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
      req.on('close', () => {
        upstreamAborted = !req.complete;
      });
      req.on('end', () => res.end('done'));
      req.on('error', () => {});
    });
    gateway = await startTestGateway(testConfig(upstream.url, routes));
    const { port } = new URL(gateway.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('error', () => {});
    socket.write(`POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: ${100 * 1024 * 1024}\r\n\r\n`);
    for (let i = 0; i < 16; i++) socket.write(Buffer.alloc(64 * 1024, 7));
    await eventually(() => received >= 512 * 1024);
    socket.destroy();
    await eventually(() => upstreamAborted);
    await eventually(() => upstream!.openSockets() === 0 && gateway!.inFlight() === 0);
    assert.ok(received < 100 * 1024 * 1024);
    assert.equal(gateway.access.at(-1)?.error, 'client-aborted');
  });

  test('mid-download: the upstream stops producing, nothing leaks', async () => {
    let sent = 0;
    let upstreamSawClose = false;
    upstream = await startUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const timer = setInterval(() => {
        res.write(Buffer.alloc(64 * 1024, 3));
        sent += 64 * 1024;
      }, 5);
      res.on('close', () => {
        clearInterval(timer);
        upstreamSawClose = !res.writableFinished;
      });
    });
    gateway = await startTestGateway(testConfig(upstream.url, routes));
    const { port } = new URL(gateway.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('error', () => {});
    let got = 0;
    socket.on('data', (chunk) => {
      got += chunk.length;
    });
    socket.write('GET /stream HTTP/1.1\r\nHost: x\r\n\r\n');
    await eventually(() => got > 256 * 1024);
    socket.destroy();
    await eventually(() => upstreamSawClose);
    const sentAtAbort = sent;
    await delay(100);
    assert.ok(sent - sentAtAbort <= 64 * 1024, 'the upstream stopped producing');
    await eventually(() => upstream!.openSockets() === 0 && gateway!.inFlight() === 0);
    assert.equal(gateway.access.at(-1)?.error, 'client-aborted');
  });

  test('while waiting for response headers: the upstream request is cancelled', async () => {
    let upstreamSawClose = false;
    upstream = await startUpstream((_req, res) => {
      res.on('close', () => {
        upstreamSawClose = true;
      });
    });
    gateway = await startTestGateway(testConfig(upstream.url, routes));
    const socket = connect(Number(new URL(gateway.url).port), '127.0.0.1');
    socket.on('error', () => {});
    socket.write('GET /wait HTTP/1.1\r\nHost: x\r\n\r\n');
    await eventually(() => upstream!.openSockets() === 1);
    await delay(50);
    socket.destroy();
    await eventually(() => upstreamSawClose);
    await eventually(() => upstream!.openSockets() === 0 && gateway!.inFlight() === 0);
    assert.equal(gateway.access.at(-1)?.status, 499);
  });
});
