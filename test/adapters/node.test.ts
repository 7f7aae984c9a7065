// corskit/node on the shared request table, like every other adapter: a plain node:http server,
// real HTTP over loopback.
import { cors } from '../../src/adapters/node.js';
import { listen } from './support/listen.js';
import { APP_BODY, PRIOR_VARY_HEADER, testRequestTable } from './support/request-table.js';

testRequestTable('node', async (policy) => {
  const handleCors = cors(policy);
  return listen(async (req, res) => {
    const vary = req.headers[PRIOR_VARY_HEADER];
    if (typeof vary === 'string') res.setHeader('Vary', vary);
    if (await handleCors(req, res)) return;
    res.writeHead(200).end(APP_BODY);
  });
});
