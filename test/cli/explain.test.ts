// `corskit explain` end to end: pasted console lines in, code/cause/what-to-check/fix out.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isOneLineError, runCli } from './run-cli.js';

const FIREFOX_EN =
  'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/items. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.';
const FIREFOX_ES_SEED = "Motivo: Hace falta la cabecera CORS 'Access-Control-Allow-Origin'";
const CHROMIUM_CREDENTIALS =
  "Access to fetch at 'https://api.example.com/me' from origin 'https://app.example.com' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.";

function withStdin(args: string[], input: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
    });
    child.on('close', (code) => resolve({ code, stdout }));
    child.stdin.end(input);
  });
}

describe('corskit explain', () => {
  test('the whole English Firefox line: code, details, cause, what to check, fix', async () => {
    const run = await runCli(['explain', FIREFOX_EN]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^CORSMissingAllowOrigin/);
    assert.match(run.stdout, /URL: https:\/\/api\.example\.com\/items/);
    assert.match(run.stdout, /status: 200/);
    for (const section of ['Cause', 'What to check', 'Fix', 'nginx:', 'Apache:', 'Express:'])
      assert.ok(run.stdout.includes(section), section);
  });

  test('the Spanish seed message (reason only) is recognised as Firefox es', async () => {
    const run = await runCli(['explain', '--json', FIREFOX_ES_SEED]);
    assert.equal(run.code, 0);
    const out = JSON.parse(run.stdout) as {
      recognised: boolean;
      code: string;
      browser: string;
      locale: string;
    };
    assert.equal(out.recognised, true);
    assert.equal(out.code, 'CORSMissingAllowOrigin');
    assert.equal(out.browser, 'firefox');
    assert.match(out.locale, /^es/);
  });

  test('a Chromium line names the origin and the fix drops the wildcard', async () => {
    const run = await runCli(['explain', '--json', CHROMIUM_CREDENTIALS]);
    assert.equal(run.code, 0);
    const out = JSON.parse(run.stdout) as {
      code: string;
      browser: string;
      origin: string;
      fix: { headers: Array<[string, string]>; express: string };
    };
    assert.equal(out.code, 'CORSNotSupportingCredentials');
    assert.equal(out.browser, 'chromium');
    assert.equal(out.origin, 'https://app.example.com');
    assert.ok(
      out.fix.headers.some(
        ([n, v]) => n === 'Access-Control-Allow-Origin' && v === 'https://app.example.com',
      ),
    );
    assert.match(out.fix.express, /app\.use\(cors\(/);
  });

  test('unknown text: says so, lists the closest matches, exit 1', async () => {
    const run = await runCli(['explain', 'Access-Control-Allow-Origin is kind of broken today']);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /Not recognised/);
    assert.match(run.stdout, /Closest known messages:\n\s+CORS\w+/);
    const json = await runCli(['explain', '--json', 'completely unrelated words']);
    assert.equal(json.code, 1);
    const out = JSON.parse(json.stdout) as { recognised: boolean; closest: unknown[] };
    assert.equal(out.recognised, false);
    assert.ok(Array.isArray(out.closest));
  });

  test('the message can be piped on stdin', async () => {
    const run = await withStdin(['explain'], `${FIREFOX_EN}\n`);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^CORSMissingAllowOrigin/);
  });

  test('no message → one line, exit 2', async () => {
    const run = await runCli(['explain', '   ']);
    assert.equal(run.code, 2);
    assert.ok(isOneLineError(run, 'explain'), run.stderr);
  });

  test('a Safari (WebKit) line: recognised as Safari, the status feeds the error-status trap', async () => {
    const run = await runCli([
      'explain',
      'Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: 502',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^CORSMissingAllowOrigin/);
    assert.match(run.stdout, /recognised: Safari \(WebKit\) console line/);
    assert.match(run.stdout, /status: 502/);
    assert.match(run.stdout, /answered 502 without any CORS headers/);
  });

  test("Safari's script-side 'TypeError: Load failed': the reason is in the console; the doctor reproduces it", async () => {
    const text = await runCli(['explain', 'TypeError: Load failed']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /names no CORS reason/);
    assert.match(text.stdout, /corskit doctor/);
    const json = await runCli(['explain', '--json', 'TypeError: Load failed']);
    const out = JSON.parse(json.stdout) as { recognised: boolean; code: null; note?: string };
    assert.equal(json.code, 0);
    assert.equal(out.recognised, true);
    assert.equal(out.code, null);
    assert.match(out.note ?? '', /console/);
  });

  test('--help has examples', async () => {
    const run = await runCli(['explain', '--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /Examples:[\s\S]*Motivo/);
  });

  test('issue 12: whole lines, cut lines and fragments answer as the issue asks', async () => {
    const at =
      'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:5000/api.';
    const token = await runCli([
      'explain',
      `${at} (Reason: missing token ‘x-custom’ in CORS header ‘Access-Control-Allow-Headers’ from CORS preflight channel).`,
    ]);
    assert.equal(token.code, 0);
    assert.match(token.stdout, /^CORSMissingAllowHeaderFromPreflight/);
    assert.match(
      token.stdout,
      /corskit doctor http:\/\/localhost:5000\/api --origin <page-origin> -H 'x-custom: x'/,
    );
    for (const cut of ['Cross-Origin Request', at]) {
      const run = await runCli(['explain', cut]);
      assert.equal(run.code, 1, cut);
      assert.match(run.stdout, /cut before its reason/);
      assert.match(run.stdout, /whole line/);
      assert.doesNotMatch(run.stdout, /CORSDisabled/);
    }
    const ambiguous = await runCli(['explain', 'Access-Control-Allow-Origin']);
    assert.equal(ambiguous.code, 1);
    assert.match(
      ambiguous.stdout,
      /several CORS messages[\s\S]*CORSMissingAllowOrigin[\s\S]*CORSMultipleAllowOriginNotAllowed/,
    );
  });

  test('issue 12: the script-side error exits 1 and points to the console line and the doctor', async () => {
    const run = await runCli(['explain', 'TypeError: Failed to fetch']);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /hide the reason[\s\S]*console[\s\S]*corskit doctor/);
  });

  test('issue 12: --lang, and the answer follows the language of the pasted line', async () => {
    const es = await runCli([
      'explain',
      "Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en http://localhost:5000/api (razón: falta la cabecera CORS 'Access-Control-Allow-Origin'). Código de estado: 401.",
    ]);
    assert.equal(es.code, 0);
    assert.match(
      es.stdout,
      /^CORSMissingAllowOrigin {2}falta la cabecera CORS 'Access-Control-Allow-Origin'/,
    );
    assert.match(es.stdout, /Causa\n\s+El servidor respondió 401/);
    assert.match(
      es.stdout,
      /Siguiente paso[\s\S]*corskit doctor http:\/\/localhost:5000\/api --origin <page-origin>/,
    );
    const forced = await runCli(['explain', '--lang', 'es', CHROMIUM_CREDENTIALS]);
    assert.match(forced.stdout, /Causa/);
    assert.match(forced.stdout, /Access-Control-Allow-Origin/);
    const english = await runCli(['explain', '--lang', 'en', FIREFOX_ES_SEED]);
    assert.match(english.stdout, /\nCause\n/);
    const bad = await runCli(['explain', '--lang', 'xx', FIREFOX_EN]);
    assert.equal(bad.code, 2);
    assert.ok(isOneLineError(bad, 'explain'), bad.stderr);
    // A name every object has is no language either.
    const inherited = await runCli(['explain', '--lang', 'constructor', FIREFOX_EN]);
    assert.equal(inherited.code, 2);
    assert.ok(isOneLineError(inherited, 'explain'), inherited.stderr);
  });
});
