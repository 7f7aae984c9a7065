// corskit/gateway: a reverse proxy that applies corskit policies in front of a fixed upstream.
// What users call: startGateway with a config read from a file or built in code, and the errors
// and problems it reports. Flag parsing, signal handling and the demo belong to the CLI.
// First: @corskit/tools refuses a core of another version (src/tools-release/core-version.ts).
import '../tools-release/require-matching-core.js';

export { type Gateway, type StartOptions, startGateway } from './gateway.js';
export {
  type ConfigProblem,
  GATEWAY_CONFIG_CODES,
  type GatewayConfigCode,
  GatewayConfigError,
  gatewayConfigFromDocument,
  readGatewayConfig,
} from './gateway-config.js';
export type { AccessEntry, GatewayLog, LogSinks } from './gateway-log.js';
export { PolicyLoadError, type ReloadOutcome } from './policy-store.js';
export type { PolicyProblem } from './route-policies.js';
export type {
  AccessLogTarget,
  GatewayConfig,
  LimitsConfig,
  RouteConfig,
  TimeoutsConfig,
  TlsConfig,
} from './types.js';
export { defaultLimits, defaultTimeouts } from './types.js';
