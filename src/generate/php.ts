// Plain PHP has no maintained CORS library, so this is the engine's decision written as a front
// snippet of header() calls (required before any output), plus the .htaccess form of the Apache
// config for shared hosting. The snippet reuses the PCRE regexes the nginx/Apache generators use,
// with the D modifier so `$` never matches before a trailing newline.
import { renderApache } from './apache.js';
import type { CorsPlan } from './cors-plan.js';
import { MAX_REQUESTED_HEADERS_LENGTH } from './cors-plan.js';
import { GenerateError } from './generate-error.js';
import type { GeneratedConfig, PolicyInfo } from './generated-config.js';
import { phpSingle, type StackPlan, stackComment } from './stack-plan.js';

/** A PCRE pattern as a PHP single-quoted string with `~` delimiters; `(?i)` prefixes stay inline. */
function pcre(regex: string): string {
  if (regex.includes('~'))
    throw new GenerateError(`refusing regex ${JSON.stringify(regex)}: it contains the delimiter ~`);
  return phpSingle(`~${regex}~D`);
}

function preflightCondition(plan: CorsPlan): string[] {
  const l = [
    '$ok = $originOk',
    `    && preg_match(${pcre(plan.methodRegex)}, $acrm) === 1`,
    `    && strlen($acrh) <= ${MAX_REQUESTED_HEADERS_LENGTH}`,
    `    && preg_match(${pcre(plan.headerListRegex)}, $acrh) === 1`,
  ];
  if (plan.headersWildcard && !plan.authorizationWithWildcard)
    l.push(`    && preg_match(${pcre(plan.authorizationRegex)}, $acrh) !== 1`);
  l.push(plan.config.privateNetwork ? "    && ($pna === null || $pna === 'true');" : '    && $pna === null;');
  return l;
}

function allowHeadersLines(plan: CorsPlan): string[] {
  const named = `preg_match(${pcre(plan.emptyListRegex)}, $acrh) !== 1`;
  if (!plan.headersWildcard) return [`if (${named}) header('Access-Control-Allow-Headers: ' . $acrh);`];
  if (!plan.authorizationWithWildcard) return [`if (${named}) header('Access-Control-Allow-Headers: *');`];
  // `*` never covers authorization: when it is asked for, the names are echoed instead.
  return [
    `if (${named}) header('Access-Control-Allow-Headers: ' . (preg_match(${pcre(plan.authorizationRegex)}, $acrh) === 1 ? $acrh : '*'));`,
  ];
}

function snippet(plan: StackPlan): string[] {
  const c = plan.config;
  const acao = plan.anyOrigin ? "'*'" : '$origin';
  const originOk = plan.anyOrigin
    ? '$origin !== null'
    : `$origin !== null && strlen($origin) <= 326 && preg_match(${pcre(plan.originPcre!)}, $origin) === 1`;
  const grant = [
    `header('Access-Control-Allow-Origin: ' . ${acao});`,
    ...(c.credentials ? ["header('Access-Control-Allow-Credentials: true');"] : []),
  ];
  const varyActual = plan.varyActual.map((v) => phpSingle(v)).join(', ');
  const varyOptions = plan.varyOptions.map((v) => phpSingle(v)).join(', ');
  return [
    '(static function (): void {',
    "    $origin = $_SERVER['HTTP_ORIGIN'] ?? null;",
    "    $method = $_SERVER['REQUEST_METHOD'] ?? 'GET';",
    "    $acrm = $_SERVER['HTTP_ACCESS_CONTROL_REQUEST_METHOD'] ?? null;",
    `    $originOk = ${originOk};`,
    `    $vary = $method === 'OPTIONS' ? [${varyOptions}] : [${varyActual}];`,
    '    // Merged into whatever Vary the application sets, when the headers are sent.',
    '    header_register_callback(static function () use ($vary): void {',
    '        $tokens = [];',
    '        foreach (headers_list() as $line) {',
    "            if (stripos($line, 'Vary:') !== 0) continue;",
    "            foreach (explode(',', substr($line, 5)) as $t) if (trim($t) !== '') $tokens[strtolower(trim($t))] = trim($t);",
    '        }',
    "        if (isset($tokens['*'])) return;",
    '        foreach ($vary as $t) $tokens[strtolower($t)] ??= $t;',
    "        header_remove('Vary');",
    "        if ($tokens !== []) header('Vary: ' . implode(', ', $tokens));",
    '    });',
    "    if ($method === 'OPTIONS' && $origin !== null && $acrm !== null) {",
    "        $acrh = $_SERVER['HTTP_ACCESS_CONTROL_REQUEST_HEADERS'] ?? '';",
    "        $pna = $_SERVER['HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK'] ?? null;",
    ...preflightCondition(plan).map((l) => `        ${l}`),
    '        if (!$ok) {',
    '            http_response_code(403);',
    '            exit;',
    '        }',
    ...grant.map((l) => `        ${l}`),
    "        header('Access-Control-Allow-Methods: ' . $acrm);",
    ...allowHeadersLines(plan).map((l) => `        ${l}`),
    ...(plan.maxAge !== undefined ? [`        header('Access-Control-Max-Age: ${plan.maxAge}');`] : []),
    ...(c.privateNetwork
      ? ["        if ($pna === 'true') header('Access-Control-Allow-Private-Network: true');"]
      : []),
    `        http_response_code(${c.preflightStatus});`,
    '        exit;',
    '    }',
    `    if (${plan.anyOrigin ? 'true' : '$originOk'}) {`,
    ...grant.map((l) => `        ${l}`),
    ...(plan.exposeHeaders
      ? [`        header('Access-Control-Expose-Headers: ${plan.exposeHeaders}');`]
      : []),
    '    }',
    '})();',
  ];
}

/** The Apache generator's two parts, in order; where Apache cannot express the policy, why not. */
function htaccessFor(plan: StackPlan, info: PolicyInfo): string {
  const lead = [
    '# .htaccess (Apache shared hosting, AllowOverride FileInfo; mod_headers, mod_setenvif, mod_rewrite),',
    '# instead of the PHP snippet when PHP runs behind Apache: the two parts of the Apache config, in order.',
  ];
  try {
    return [...lead, ...renderApache(plan, info, {}).parts.map((p) => p.text), ''].join('\n');
  } catch (e) {
    if (!(e instanceof GenerateError)) throw e;
    return [...lead, `# Not available for this policy: ${e.message.replace(/[^\x20-\x7e]/g, '?')}`, ''].join(
      '\n',
    );
  }
}

export function renderPhp(plan: StackPlan, info: PolicyInfo): GeneratedConfig {
  const notes = [
    'None in the responses (690/690 equal in the parity run). It must run before any output and before ' +
      'authentication, so preflights and error responses get the headers too.',
  ];
  const intro =
    "PHP has no maintained CORS library: this snippet makes the corskit engine's decisions itself with header().";
  const header = stackComment('//', 'plain PHP (header() calls)', info.summary, notes, intro);
  const front = [
    '<?php',
    header,
    '// cors.php: require it first in your front controller (index.php).',
    ...snippet(plan),
    '',
  ].join('\n');
  const htaccess = htaccessFor(plan, info);
  const text = `${front}\n${htaccess}`;
  return {
    server: 'php',
    text,
    parts: [
      { where: 'cors.php, required first by index.php', text: front },
      { where: '.htaccess (Apache)', text: htaccess },
    ],
  };
}
