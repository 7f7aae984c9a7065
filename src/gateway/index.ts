// corskit/gateway: a reverse proxy that applies corskit policies in front of a fixed upstream.
export { type DemoUpstream, startDemoUpstream } from './demo-upstream.js';
export { exampleDir, type RunningExample, runExample } from './example.js';
export { type Gateway, type StartOptions, startGateway } from './gateway.js';
export {
  type ConfigProblem,
  GatewayConfigError,
  gatewayConfigFromDocument,
  gatewayConfigFromFlags,
  parseDuration,
  parseSize,
  readGatewayConfig,
} from './gateway-config.js';
export type { AccessEntry, GatewayLog, LogSinks } from './gateway-log.js';
export { PolicyLoadError, type PolicySnapshot, type ReloadOutcome } from './policy-store.js';
export { handleSignals } from './process-signals.js';
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
