// The export snapshot: every name each package subpath exports, types and values alike. Adding or
// removing a public name must be a deliberate edit of this list (issue #21: the public API stays
// as small as what users call; internals are imported by path inside the package only).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { exportedNames, root } from './public-exports.js';

const SNAPSHOT: Record<string, readonly string[]> = {
  '.': [
    'CompiledPolicyConfig',
    'CorsDecision',
    'CorsPolicy',
    'CorsPolicyError',
    'CorsRequest',
    'OriginEntry',
    'OriginPatternSpec',
    'OriginPredicate',
    'POLICY_ISSUE_CODES',
    'PolicyIssue',
    'PolicyIssueCode',
    'PolicyOptions',
    'Problem',
    'RefusalReason',
    'SyncCorsPolicy',
    'SyncPolicyOptions',
    'createPolicy',
    'isCorsPolicy',
    'isSynchronous',
    'mergeVary',
    'validatePolicy',
  ],
  './node': ['NodeCorsHandler', 'NodeCorsOptions', 'cors', 'nodeRequest', 'writeDecision'],
  './express': ['CorsMiddleware', 'ExpressCorsOptions', 'PolicyResolver', 'PolicySource', 'cors'],
  './fastify': [
    'FastifyCorsOptions',
    'FastifyCorsPluginOptions',
    'PolicyResolver',
    'PolicySource',
    'cors',
    'corskit',
    'default',
  ],
  './koa': ['KoaCorsOptions', 'PolicyResolver', 'PolicySource', 'cors'],
  './hono': ['HonoCorsOptions', 'PolicyResolver', 'PolicySource', 'cors'],
  './fetch': ['FetchCors', 'FetchCorsOptions', 'FetchHandler', 'PolicyResolver', 'PolicySource', 'cors'],
  './edge': [
    'CompiledPolicyData',
    'CompiledPolicyError',
    'EdgePolicySource',
    'FetchCors',
    'FetchCorsOptions',
    'FetchHandler',
    'PolicyResolver',
    'cors',
    'policyFromCompiled',
  ],
  './next': [
    'NextCorsOptions',
    'NextRouteCors',
    'PolicyResolver',
    'PolicySource',
    'RouteHandlers',
    'cors',
    'corsMiddleware',
  ],
  './compat': [
    'CompatOptions',
    'CorsCompatError',
    'CorsOptionsDelegate',
    'CorsOriginFunction',
    'CorsPackageOptions',
    'CorsStaticOrigin',
    'MappedCorsOptions',
    'OriginCallbackPolicies',
    'cors',
    'default',
    'mapCorsOptions',
  ],
  './browser': [
    'BROWSER_DISPLAY_NAMES',
    'BROWSER_NAMES',
    'BrowserName',
    'BrowserOutcome',
    'CorsErrorCode',
    'Diagnosis',
    'ExchangeStep',
    'ExplainMatch',
    'ExplainMiss',
    'Explanation',
    'FIREFOX_LOCALES',
    'FetchDescription',
    'FirefoxLocale',
    'Fix',
    'HeaderList',
    'NetworkFailure',
    'PreflightCache',
    'SimulateOptions',
    'SimulatedDiagnosis',
    'Transport',
    'WireRequest',
    'WireResponse',
    'classifyRequest',
    'explainCode',
    'explainMessage',
    'needsPreflight',
    'parseBrowserName',
    'simulate',
  ],
  './gateway': [
    'AccessEntry',
    'AccessLogTarget',
    'ConfigProblem',
    'GATEWAY_CONFIG_CODES',
    'Gateway',
    'GatewayConfig',
    'GatewayConfigCode',
    'GatewayConfigError',
    'GatewayLog',
    'LimitsConfig',
    'LogSinks',
    'PolicyLoadError',
    'PolicyProblem',
    'ReloadOutcome',
    'RouteConfig',
    'StartOptions',
    'TimeoutsConfig',
    'TlsConfig',
    'defaultLimits',
    'defaultTimeouts',
    'gatewayConfigFromDocument',
    'readGatewayConfig',
    'startGateway',
  ],
  './generate': [
    'GenerateError',
    'GenerateRequest',
    'GeneratedConfig',
    'SERVER_KINDS',
    'STACK_KINDS',
    'ServerKind',
    'StackKind',
    'generateConfig',
  ],
  './scan': [
    'Finding',
    'FindingClass',
    'Probe',
    'ScanOptions',
    'ScanReport',
    'ScanUnreachableError',
    'Sendability',
    'Severity',
    'scan',
  ],
  './doctor': [
    'DoctorInputError',
    'DoctorOptions',
    'DoctorReport',
    'DoctorResult',
    'DoctorUnreachableError',
    'HttpTransport',
    'HttpTransportOptions',
    'STACK_NAMES',
    'StackEvidence',
    'StackFix',
    'StackName',
    'StepReport',
    'Trap',
    'TrapId',
    'createHttpTransport',
    'runDoctor',
  ],
  './verify': [
    'BrowserMeaning',
    'DEVIATION_KINDS',
    'Deviation',
    'DeviationKind',
    'VerifyFetch',
    'VerifyInputError',
    'VerifyOptions',
    'VerifyReport',
    'VerifyRequest',
    'VerifyUnreachableError',
    'verifyServer',
  ],
  './testing': [
    'CORS_RESPONSE_HEADERS',
    'CorsResponseHeaderName',
    'RequestTableCase',
    'RequestTableTag',
    'requestTable',
  ],
};

const actual = exportedNames();

test('every subpath of package.json has a snapshot, and no snapshot is stale', () => {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(SNAPSHOT).sort());
});

for (const [subpath, names] of Object.entries(SNAPSHOT)) {
  test(`corskit${subpath.slice(1)} exports exactly the snapshot`, () => {
    assert.deepEqual(actual[subpath], [...names].sort());
  });
}

test('@corskit/tools exports exactly what the core forwards under the same names', () => {
  const tools = exportedNames(root, join(root, 'packages', 'tools'));
  assert.deepEqual(Object.keys(tools).sort(), ['./doctor', './gateway', './generate', './scan', './verify']);
  for (const [subpath, names] of Object.entries(tools)) assert.deepEqual(names, actual[subpath], subpath);
});

test('the root exports no header-name abbreviations (ACAO and friends are internals)', () => {
  for (const name of actual['.'] ?? []) assert.doesNotMatch(name, /^AC[A-Z]{1,3}$|^VARY_/);
});
