// corskit/generate: nginx, Apache httpd and Caddy configuration from the same policy the engine
// evaluates. Generators read `policy.config` only; anything they cannot express exactly is
// either refused (GenerateError) or explained in the output's header comment.
// First: @corskit/tools refuses a core of another version (src/tools-release/core-version.ts).
import '../tools-release/require-matching-core.js';
import { createPolicy } from '../engine/create-policy.js';
import type { CorsPolicy, PolicyOptions } from '../policy/types.js';
import { renderApache } from './apache.js';
import { renderCaddy } from './caddy.js';
import { guardPath, guardUpstream } from './config-guard.js';
import { planCors } from './cors-plan.js';
import { GenerateError } from './generate-error.js';
import type { GeneratedConfig, PolicyInfo, ServerKind } from './generated-config.js';
import { renderHaproxy } from './haproxy.js';
import { renderNginx } from './nginx.js';
import { renderStack } from './render-stack.js';
import { STACK_KINDS, type StackKind } from './stack-plan.js';

export { GenerateError } from './generate-error.js';
export type { GeneratedConfig, ServerKind, StackKind } from './generated-config.js';
export { SERVER_KINDS } from './generated-config.js';
export { STACK_KINDS } from './stack-plan.js';

export interface GenerateRequest {
  readonly upstream?: string;
  readonly location?: string;
}

/** Builds the config for one server. Throws GenerateError (or CorsPolicyError for an invalid policy). */
export function generateConfig(
  server: ServerKind | StackKind,
  policyOrOptions: CorsPolicy | PolicyOptions,
  request: GenerateRequest = {},
): GeneratedConfig {
  const policy = createPolicy(policyOrOptions);
  if ((STACK_KINDS as readonly string[]).includes(server)) {
    if (request.upstream !== undefined || request.location !== undefined)
      throw new GenerateError(
        `--upstream and --location are for nginx, Apache and Caddy; ${server} applies its CORS settings to the whole app`,
      );
    const out = renderStack(server as StackKind, policy, (c) => summarize(c));
    assertNoControlCharacters(out.text);
    return out;
  }
  const plan = planCors(policy);
  const location = request.location === undefined ? undefined : guardPath('--location', request.location);
  if (location !== undefined && !location.endsWith('/'))
    throw new GenerateError(
      `--location ${JSON.stringify(location)} must end with "/" so /api does not also match /apix`,
    );
  const upstream = request.upstream === undefined ? undefined : guardUpstream(request.upstream);
  const options = { ...(upstream ? { upstream } : {}), ...(location ? { location } : {}) };
  const info: PolicyInfo = { summary: summarize(plan.config) };
  const out =
    server === 'nginx'
      ? renderNginx(plan, info, options)
      : server === 'apache'
        ? renderApache(plan, info, options)
        : server === 'haproxy'
          ? renderHaproxy(plan, info, options)
          : renderCaddy(plan, info, options);
  assertNoControlCharacters(out.text);
  return out;
}

/** Built from already-guarded values only, so it is safe inside a comment line. */
function summarize(c: CorsPolicy['config']): string {
  const origins =
    c.origins === '*'
      ? '*'
      : [
          ...c.origins.exact,
          ...(c.origins.allowNull ? ['null'] : []),
          ...c.origins.patterns.map((p) => p.source),
        ].join(' ');
  const list = (v: '*' | readonly string[]): string => (v === '*' ? '*' : v.length ? v.join(' ') : '-');
  return (
    `origins ${origins}; credentials ${c.credentials}; methods ${list(c.methods)}; request headers ${list(c.requestHeaders)}; ` +
    `exposed ${list(c.exposeHeaders)}; max-age ${c.maxAge ?? '-'}; private network ${c.privateNetwork}; preflight status ${c.preflightStatus}`
  );
}

/** Last line of defence: a config line break or NUL smuggled in by any value. */
function assertNoControlCharacters(text: string): void {
  const bad = /[\0-\x08\x0b-\x1f\x7f]/.exec(text);
  if (bad)
    throw new GenerateError(
      `refusing to print a config containing control character ${JSON.stringify(bad[0])}`,
    );
}
