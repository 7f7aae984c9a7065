// corskit/testing: for adapter authors. The shared request table every corskit adapter, the
// gateway and the generators are held to; run it against your own integration to get the same
// guarantees (see test/adapters/support/request-table.ts for how the built-in adapters do it).
export type { CorsResponseHeaderName, RequestTableCase, RequestTableTag } from './engine/request-table.js';
export { CORS_RESPONSE_HEADERS, requestTable } from './engine/request-table.js';
