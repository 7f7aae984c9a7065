// The verify zoo: real servers, misconfigured in the ways people really misconfigure CORS, each
// with the deviation verify must find; and correct servers on which it must find none.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import expressCors from 'cors';
import express from 'express';
import { cors as corskitNode } from '../../src/adapters/node.js';
import { generateConfig, type ServerKind } from '../../src/generate/index.js';
import type { PolicyOptions } from '../../src/policy/types.js';
import { type VerifyReport, verifyServer } from '../../src/verify/index.js';
import {
  type RunningServer,
  startApache,
  startCaddy,
  startHaproxy,
  startNginx,
  startUpstream,
} from '../generate/support/web-servers.js';
import { APACHE, CADDY, HAPROXY, NGINX, requireBinary } from '../support/binaries.js';

const APP = 'https://app.example.com';
const policy: PolicyOptions = {
  origins: [APP, 'https://*.example.org'],
  credentials: true,
  methods: ['PUT', 'DELETE'],
  requestHeaders: ['content-type', 'authorization'],
  exposeHeaders: ['x-request-id'],
  maxAge: 600,
};

async function listen(server: Server): Promise<{ origin: string; close(): Promise<void> }> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

function kinds(report: VerifyReport): string {
  return JSON.stringify(report.counts);
}

describe('verify zoo: misconfigured and correct real servers', { concurrency: false }, () => {
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  before(async () => {
    upstream = await startUpstream();
  });
  after(() => upstream.close());

  test('a correct corskit server conforms, on 200 and 500 paths alike', async () => {
    const handle = corskitNode(policy);
    const s = await listen(
      createServer((req, res) => {
        if (handle(req, res)) return;
        res.statusCode = req.url?.startsWith('/fail') ? 500 : 200;
        res.end('body');
      }),
    );
    try {
      const report = await verifyServer(s.origin, policy, { paths: ['/items', '/fail'] });
      assert.equal(report.conforms, true, JSON.stringify(report.deviations.slice(0, 3), null, 2));
      assert.ok(
        report.fetches > 40 && report.requests > 100,
        `${report.fetches} fetches, ${report.requests} requests`,
      );
    } finally {
      await s.close();
    }
  });

  test('Express cors({ origin: true, credentials: true }): leaks to every refused origin, with credentials', async () => {
    const app = express();
    app.use(expressCors({ origin: true, credentials: true }));
    app.all('/items', (_req, res) => {
      res.send('secret');
    });
    const s = await listen(createServer(app));
    try {
      const report = await verifyServer(`${s.origin}/items`, policy);
      assert.equal(report.conforms, false);
      const leaks = report.deviations.filter((d) => d.kind === 'leak');
      const origins = new Set(leaks.map((d) => d.fetch?.origin));
      for (const o of [
        'https://app.example.com.corskit-verify.invalid',
        'https://evilapp.example.com',
        'null',
      ])
        assert.ok(origins.has(o), `no leak reported for ${o}: ${[...origins].join(' ')}`);
      assert.ok(
        leaks.some(
          (d) => d.fetch?.credentials && d.actual.headers['access-control-allow-credentials'] === 'true',
        ),
        'a credentialed leak',
      );
      assert.equal(report.counts.blocked, 0, kinds(report));
    } finally {
      await s.close();
    }
  });

  test('an app that reuses the last granted origin: found by the second, reversed pass', async () => {
    const handle = corskitNode(policy);
    let lastGranted: string | undefined;
    const s = await listen(
      createServer((req, res) => {
        if (handle(req, res)) return;
        // The planted bug: module-level state standing in for a shared, mutated headers object.
        const acao = res.getHeader('access-control-allow-origin');
        if (typeof acao === 'string') lastGranted = acao;
        else if (lastGranted) res.setHeader('access-control-allow-origin', lastGranted);
        res.end('x');
      }),
    );
    try {
      const report = await verifyServer(`${s.origin}/stateful`, policy);
      const order = report.deviations.filter((d) => d.kind === 'order');
      assert.ok(order.length > 0, kinds(report));
      assert.ok(order.some((d) => d.problems.some((p) => p.includes('access-control-allow-origin'))));
    } finally {
      await s.close();
    }
  });

  test('a server that stops answering: VerifyUnreachableError, not a report of blocked fetches', async () => {
    let served = 0;
    const s = await listen(
      createServer((req, res) => {
        if (served++ === 0) res.end('first');
        else req.socket.destroy();
      }),
    );
    try {
      await assert.rejects(verifyServer(s.origin, policy), (e: Error) => {
        assert.equal(e.name, 'VerifyUnreachableError');
        assert.match(e.message, /stopped answering \(3 requests in a row\)/);
        return true;
      });
    } finally {
      await s.close();
    }
  });

  const nginx = requireBinary(NGINX);
  test('nginx by hand: add_header … * without always: blocked on the 404', { skip: nginx.skip }, async () => {
    const server = await startNginx(`server {
    listen 80;
    location / {
        add_header Access-Control-Allow-Origin *;
        return 200 "ok";
    }
    location /missing {
        add_header Access-Control-Allow-Origin *;
        return 404;
    }
}
`);
    try {
      const open: PolicyOptions = { origins: '*' };
      const report = await verifyServer(server.origin, open, { paths: ['/ok', '/missing'] });
      const blocked = report.deviations.filter((d) => d.kind === 'blocked');
      assert.ok(blocked.length > 0, kinds(report));
      assert.ok(
        blocked.every((d) => d.path === '/missing'),
        blocked.map((d) => d.path).join(' '),
      );
      assert.ok(
        blocked[0]!.browser!.chromium!.join('\n').includes("No 'Access-Control-Allow-Origin' header"),
      );
      assert.equal(report.counts.leak, 0, kinds(report));
    } finally {
      await server.stop();
    }
  });

  const apache = requireBinary(APACHE);
  // ProxyErrorOverride (branded error pages) turns the app's 500 into a locally generated one,
  // and a locally generated non-2xx response only gets the `always` table of mod_headers.
  test('Apache: Header set without always in front of an app answering 500: blocked on the 500', {
    skip: apache.skip,
  }, async () => {
    const server = await startApache(`<VirtualHost *:80>
    Header set Access-Control-Allow-Origin "${APP}"
    Header set Vary "Origin"
    ProxyErrorOverride On
    ProxyPass "/" "${upstream.origin}/"
</VirtualHost>
`);
    try {
      const simple: PolicyOptions = { origins: [APP] };
      const report = await verifyServer(server.origin, simple, { paths: ['/status/200', '/status/500'] });
      const blocked = report.deviations.filter((d) => d.kind === 'blocked');
      assert.ok(blocked.length > 0, kinds(report));
      assert.ok(
        blocked.every((d) => d.path === '/status/500'),
        blocked.map((d) => d.path).join(' '),
      );
      assert.ok(blocked.some((d) => d.fetch?.origin === APP));
    } finally {
      await server.stop();
    }
  });

  const GENERATED: Record<ServerKind, [string, (config: string) => Promise<RunningServer>]> = {
    nginx: [NGINX, startNginx],
    apache: [APACHE, startApache],
    caddy: [CADDY, startCaddy],
    haproxy: [HAPROXY, startHaproxy],
  };
  for (const [kind, [bin, start]] of Object.entries(GENERATED) as Array<
    [ServerKind, (typeof GENERATED)[ServerKind]]
  >) {
    const b = requireBinary(bin);
    test(`the generated ${kind} config conforms, on 200, 404 and 500 with upstream CORS headers and Vary`, {
      skip: b.skip,
    }, async () => {
      const server = await start(generateConfig(kind, policy, { upstream: upstream.origin }).text);
      try {
        const report = await verifyServer(server.origin, policy, {
          paths: ['/status/200?cors=1', '/status/404', '/status/500?cors=1&vary=Cookie'],
          exactStatus: true,
        });
        assert.equal(report.conforms, true, JSON.stringify(report.deviations.slice(0, 3), null, 2));
      } finally {
        await server.stop();
      }
    });
  }
});
