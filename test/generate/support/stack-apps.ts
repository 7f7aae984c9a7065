// Real framework apps for the stack generators: Django (runserver), Flask (Werkzeug), FastAPI
// (uvicorn), Rack (rackup + WEBrick), Go (net/http + rs/cors, gin) and PHP (php -S), each from
// Debian's packages, each on a loopback port, each with the generated configuration pasted where
// the output says it goes. Every app answers `/status/<code>` with that status and, with
// `?vary=X`, its own Vary header, like the upstream of the nginx/Apache/Caddy parity test.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StackKind } from '../../../src/generate/index.js';
import { freePort, launch, type RunningServer } from './web-servers.js';

/** Debian's Python: the pyenv `python3` on PATH has none of the Debian framework packages. */
export const DEBIAN_PYTHON = '/usr/bin/python3';
export const RUBY = '/usr/bin/ruby';
export const GO = '/usr/bin/go';
export const PHP = '/usr/bin/php';
export const GOCODE = '/usr/share/gocode';

/** The binary each stack needs, for requireBinary(). */
export const STACK_BINARY: Record<StackKind, string> = {
  django: DEBIAN_PYTHON,
  flask: DEBIAN_PYTHON,
  fastapi: DEBIAN_PYTHON,
  rack: RUBY,
  go: GO,
  php: PHP,
};

/** What each app module needs besides the generated text: the framework's own boilerplate. */
const PY_STATUS = `
def _status_and_vary(path, query):
    import re as _re
    m = _re.search(r"/status/(\\d{3})", path)
    return (int(m.group(1)) if m else 200), query.get("vary")
`;

async function tempDir(stack: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `corskit-${stack}-`));
}

async function startPython(
  stack: string,
  files: Record<string, string>,
  main: string,
): Promise<RunningServer> {
  const dir = await tempDir(stack);
  const port = await freePort();
  for (const [name, text] of Object.entries(files))
    await writeFile(join(dir, name), text.replaceAll('__PORT__', String(port)));
  return launch(DEBIAN_PYTHON, [main], dir, port, join(dir, 'none.log'), { PYTHONDONTWRITEBYTECODE: '1' });
}

export function startDjango(generated: string): Promise<RunningServer> {
  const settings = `SECRET_KEY = "corskit-test"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "urls"
INSTALLED_APPS = []
MIDDLEWARE = []
USE_TZ = True
LOGGING = {"version": 1, "disable_existing_loggers": True}
${generated}`;
  const urls = `from django.http import HttpResponse
from django.urls import re_path
${PY_STATUS}
def view(request):
    status, vary = _status_and_vary(request.path, request.GET)
    response = HttpResponse(f"django {status} {request.method}", status=status, content_type="text/plain")
    if vary is not None:
        response["Vary"] = vary
    return response

urlpatterns = [re_path(r"^.*$", view)]
`;
  const main = `import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ["DJANGO_SETTINGS_MODULE"] = "settings"
from django.core.management import execute_from_command_line
execute_from_command_line(["manage.py", "runserver", "--noreload", "--nothreading", "127.0.0.1:__PORT__"])
`;
  return startPython('django', { 'settings.py': settings, 'urls.py': urls, 'main.py': main }, 'main.py');
}

export function startFlask(generated: string): Promise<RunningServer> {
  const app = `import logging
from flask import Flask, request, make_response
logging.getLogger("werkzeug").setLevel(logging.ERROR)
app = Flask(__name__)
${generated}
${PY_STATUS}
@app.route("/", defaults={"path": ""}, methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"])
@app.route("/<path:path>", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"])
def view(path):
    status, vary = _status_and_vary(request.path, request.args)
    response = make_response(f"flask {status} {request.method}", status)
    if vary is not None:
        response.headers["Vary"] = vary
    return response

app.run(host="127.0.0.1", port=__PORT__)
`;
  return startPython('flask', { 'main.py': app }, 'main.py');
}

export function startFastapi(generated: string): Promise<RunningServer> {
  const app = `from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse
import uvicorn
app = FastAPI()
${PY_STATUS}
@app.api_route("/{path:path}", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
async def view(request: Request, path: str):
    status, vary = _status_and_vary(request.url.path, request.query_params)
    headers = {"Vary": vary} if vary is not None else {}
    return PlainTextResponse(f"fastapi {status} {request.method}", status_code=status, headers=headers)

${generated}
uvicorn.run(app, host="127.0.0.1", port=__PORT__, log_level="warning")
`;
  return startPython('fastapi', { 'main.py': app }, 'main.py');
}

export async function startRack(generated: string): Promise<RunningServer> {
  const dir = await tempDir('rack');
  const port = await freePort();
  const ru = `${generated}
run lambda { |env|
  status = (env["PATH_INFO"][%r{/status/(\\d{3})}, 1] || "200").to_i
  vary = Rack::Utils.parse_query(env["QUERY_STRING"])["vary"]
  headers = { "Content-Type" => "text/plain" }
  headers["Vary"] = vary if vary
  [status, headers, ["rack #{status} #{env["REQUEST_METHOD"]}"]]
}
`;
  await writeFile(join(dir, 'config.ru'), ru);
  return launch(
    '/usr/bin/rackup',
    ['-s', 'webrick', '-o', '127.0.0.1', '-p', String(port), '-E', 'none', '-q', join(dir, 'config.ru')],
    dir,
    port,
    join(dir, 'none.log'),
  );
}

/**
 * The Rails initializer (config/initializers/cors.rb) as Rails would apply it, without Rails (not
 * packaged here): `Rails.application.config.middleware` records the insert_before call, and the
 * recorded middleware and block are then `use`d in front of the app, as Rails' stack does. The
 * middleware (real rack-cors) and the initializer text are unchanged.
 */
export function startRailsInitializer(initializer: string): Promise<RunningServer> {
  const stub = `module Rails
  class Stack
    def initialize; @items = []; end
    attr_reader :items
    def insert_before(_where, klass, *args, &block); @items << [klass, args, block]; end
  end
  Config = Struct.new(:middleware)
  App = Struct.new(:config)
  def self.application; @application ||= App.new(Config.new(Stack.new)); end
end
require "rack/cors"
`;
  const apply =
    'Rails.application.config.middleware.items.each { |klass, args, block| use klass, *args, &block }';
  return startRack(`${stub}${initializer}\n${apply}\n`);
}

export async function startPhp(front: string): Promise<RunningServer> {
  const dir = await tempDir('php');
  const port = await freePort();
  await writeFile(join(dir, 'cors.php'), front);
  await writeFile(
    join(dir, 'index.php'),
    `<?php
require __DIR__ . '/cors.php';
$status = preg_match('~/status/(\\d{3})~', $_SERVER['REQUEST_URI'], $m) ? (int) $m[1] : 200;
http_response_code($status);
header('Content-Type: text/plain');
if (isset($_GET['vary'])) header('Vary: ' . $_GET['vary']);
echo "php $status {$_SERVER['REQUEST_METHOD']}";
`,
  );
  return launch(
    PHP,
    ['-S', `127.0.0.1:${port}`, '-t', dir, join(dir, 'index.php')],
    dir,
    port,
    join(dir, 'none.log'),
  );
}

/**
 * Go: every generated cors.go goes in its own package of one program, so one `go build` (GOPATH
 * mode, Debian's /usr/share/gocode, no network) serves every policy; the compile cache is kept in
 * the temp dir between runs. The only edits to the generated file: its package name and an
 * exported withCORS.
 */
export class GoParityProgram {
  private constructor(
    private readonly dir: string,
    readonly binary: string,
  ) {}

  /** `generated`: cors.go files (rs/cors); `gin`: the Gin parts, started as `gin<i>`. */
  static async build(generated: readonly string[], gin: readonly string[] = []): Promise<GoParityProgram> {
    const dir = await tempDir('go');
    const src = join(dir, 'src', 'corskitparity');
    const imports: string[] = [];
    const cases: string[] = [];
    for (const [i, text] of generated.entries()) {
      await mkdir(join(src, `p${i}`), { recursive: true });
      const pkg = text
        .replace(/^package main$/m, `package p${i}`)
        .replace('func withCORS(', 'func WithCORS(');
      await writeFile(join(src, `p${i}`, 'cors.go'), pkg);
      imports.push(`\tp${i} "corskitparity/p${i}"`);
      cases.push(`\tcase "${i}":\n\t\thandler = p${i}.WithCORS(http.HandlerFunc(app))`);
    }
    for (const [i, text] of gin.entries()) {
      await mkdir(join(src, `g${i}`), { recursive: true });
      await writeFile(join(src, `g${i}`, 'cors.go'), ginPackage(i, text));
      imports.push(`\tg${i} "corskitparity/g${i}"`);
      cases.push(`\tcase "gin${i}":\n\t\thandler = ginApp(g${i}.Register)`);
    }
    await writeFile(join(src, 'main.go'), goMain(imports, cases, gin.length > 0));
    const binary = join(dir, 'parity');
    const result = spawnSync(GO, ['build', '-o', binary, 'corskitparity'], {
      cwd: src,
      env: goEnv(dir),
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (result.status !== 0) throw new Error(`go build failed:\n${result.stderr}${result.stdout}`);
    return new GoParityProgram(dir, binary);
  }

  async start(index: number | string): Promise<RunningServer> {
    const dir = await tempDir('go-run');
    const port = await freePort();
    return launch(this.binary, [String(index), `127.0.0.1:${port}`], dir, port, join(dir, 'none.log'));
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** GOPATH mode against Debian's packaged sources only: no module proxy, no network. */
export function goEnv(dir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: dir,
    GO111MODULE: 'off',
    GOPATH: `${dir}:${GOCODE}`,
    GOPROXY: 'off',
    GOFLAGS: '',
    GOTOOLCHAIN: 'local',
    GOCACHE: join(tmpdir(), 'corskit-go-cache'),
    CGO_ENABLED: '0',
  };
}

/**
 * The Gin part of the generated output as a package: its package-level lines, then its `r.Use(…)`
 * inside Register. Only the package clause, imports and the Register wrapper are added.
 */
function ginPackage(i: number, part: string): string {
  const body = part.split('\n').filter((l) => !l.startsWith('//'));
  const use = body.findIndex((l) => l.startsWith('r.Use('));
  return [
    `package g${i}`,
    '',
    'import (',
    '\t"regexp"',
    '\t"time"',
    '',
    '\t"github.com/gin-contrib/cors"',
    '\t"github.com/gin-gonic/gin"',
    ')',
    '',
    'var _ = regexp.MustCompile',
    'var _ = time.Second',
    '',
    ...body.slice(0, use),
    '',
    'func Register(r *gin.Engine) {',
    ...body.slice(use).map((l) => `\t${l}`),
    '}',
    '',
  ].join('\n');
}

function goMain(imports: string[], cases: string[], withGin: boolean): string {
  const ginImport = withGin ? '\n\t"github.com/gin-gonic/gin"' : '';
  const ginApp = withGin
    ? `
func ginApp(register func(*gin.Engine)) http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	register(r)
	r.Any("/*path", func(c *gin.Context) { app(c.Writer, c.Request) })
	return r
}
`
    : '';
  return `package main

import (
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strconv"
${ginImport}
${imports.join('\n')}
)

var statusPath = regexp.MustCompile(\`/status/(\\d{3})\`)

func app(w http.ResponseWriter, r *http.Request) {
	status := 200
	if m := statusPath.FindStringSubmatch(r.URL.Path); m != nil {
		status, _ = strconv.Atoi(m[1])
	}
	if vary := r.URL.Query().Get("vary"); r.URL.Query().Has("vary") {
		w.Header().Add("Vary", vary)
	}
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(status)
	fmt.Fprintf(w, "go %d %s", status, r.Method)
}
${ginApp}
func main() {
	var handler http.Handler
	switch os.Args[1] {
${cases.join('\n')}
	}
	if err := http.ListenAndServe(os.Args[2], handler); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`;
}

/** Starts one server per call for the Python, Ruby and PHP stacks (Go uses GoParityProgram). */
export const START_STACK: Record<Exclude<StackKind, 'go'>, (generated: string) => Promise<RunningServer>> = {
  django: startDjango,
  flask: startFlask,
  fastapi: startFastapi,
  rack: startRack,
  php: startPhp,
};
