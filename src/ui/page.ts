// The page: one HTML document with its stylesheet; the script is served from /app.js. Everything
// ships in the package (no CDN, no web font), so the UI works offline.
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="data:,">
<title>corskit ui — CORS doctor</title>
<link rel="stylesheet" href="/app.css">
</head>
<body>
<header><h1>corskit <span>CORS doctor</span></h1></header>
<main>
<form id="doctor" aria-describedby="form-help">
  <p id="form-help" class="help">What the page's script does: <code>fetch(url, { method, headers, credentials })</code> from a page at <em>page origin</em>.</p>
  <div class="field"><label for="url">URL</label><input id="url" name="url" type="url" required placeholder="https://api.example.com/items"></div>
  <div class="field"><label for="origin">Page origin</label><input id="origin" name="origin" required placeholder="https://app.example.com"></div>
  <div class="field"><label for="method">Method</label><input id="method" name="method" list="methods" value="GET" required>
    <datalist id="methods"><option value="GET"><option value="POST"><option value="PUT"><option value="PATCH"><option value="DELETE"><option value="HEAD"></datalist></div>
  <fieldset><legend>Request headers</legend><div id="headers"></div>
    <button type="button" id="add-header">Add header</button></fieldset>
  <div class="field check"><input id="credentials" name="credentials" type="checkbox"><label for="credentials">Send credentials (<code>credentials: "include"</code>)</label></div>
  <div class="actions"><button type="submit" id="diagnose">Diagnose</button>
    <button type="button" id="real">Check in real browsers</button></div>
</form>
<p id="status" role="status" aria-live="polite"></p>
<section id="result" aria-label="Diagnosis" hidden></section>
<section id="real-result" aria-label="Real browsers" hidden></section>
<section id="har" aria-labelledby="har-title">
  <h2 id="har-title">Analyse a HAR file</h2>
  <div id="drop" class="drop"><p>Drop a HAR file here (DevTools: Network → Save all as HAR), or</p>
  <label for="har-file">choose a HAR file</label> <input id="har-file" type="file" accept=".har,application/json"></div>
  <p class="help">Analysed on this machine, with no network. Cookie, Authorization and Set-Cookie values are redacted.</p>
  <div id="har-result" aria-live="polite"></div>
</section>
</main>
<script src="/app.js"></script>
</body>
</html>
`;

export const PAGE_CSS = `
:root { --bg: #fff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa;
  --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; --hl: #ffebe9; --accent: #0969da; color-scheme: light dark; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #30363d;
  --panel: #161b22; --ok: #3fb950; --bad: #f85149; --warn: #d29922; --hl: #3d1418; --accent: #58a6ff; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, sans-serif; }
header { padding: .6rem 1.2rem; border-bottom: 1px solid var(--line); }
h1 { font-size: 1.2rem; margin: 0; } h1 span { color: var(--muted); font-weight: normal; }
main { max-width: 68rem; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
form { display: grid; gap: .6rem; padding: 1rem; border: 1px solid var(--line); border-radius: 8px; background: var(--panel); }
.field { display: grid; grid-template-columns: 8rem 1fr; align-items: center; gap: .6rem; }
.field.check { grid-template-columns: auto 1fr; }
input, select, button { font: inherit; color: inherit; }
input[type=url], input:not([type]), input[type=text] { padding: .35rem .5rem; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); width: 100%; }
fieldset { border: 1px solid var(--line); border-radius: 6px; } legend { padding: 0 .3rem; }
.header-row { display: grid; grid-template-columns: 1fr 2fr auto; gap: .4rem; margin-bottom: .4rem; }
button { padding: .35rem .8rem; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); cursor: pointer; }
button[type=submit] { background: var(--accent); color: var(--bg); border-color: var(--accent); font-weight: 600; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.help { color: var(--muted); margin: 0; }
code, pre, .line { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .86rem; }
.banner { display: flex; gap: 1rem; align-items: baseline; padding: .8rem 1rem; border-radius: 8px; margin: 1rem 0; font-size: 1.1rem; font-weight: 600; }
.banner.blocked { background: var(--hl); color: var(--bad); border: 1px solid var(--bad); }
.banner.allowed { color: var(--ok); border: 1px solid var(--ok); }
.banner a { color: inherit; } .banner > :first-child, .banner a { white-space: nowrap; }
.seq { display: grid; grid-template-columns: 1fr 1fr; gap: .4rem 2rem; margin: .5rem 0 1rem; position: relative; }
.seq .actors { grid-column: 1 / -1; display: flex; justify-content: space-between; font-weight: 600; border-bottom: 2px solid var(--line); padding-bottom: .3rem; }
.msg { border: 1px solid var(--line); border-radius: 6px; padding: .4rem .6rem; background: var(--panel); overflow-wrap: anywhere; }
.msg.req { grid-column: 1; } .msg.res { grid-column: 2; } .msg { position: relative; }
.msg.req::after, .msg.res::after { content: ""; position: absolute; top: .95rem; width: 2rem; border-top: 2px solid var(--muted); }
.msg.req::after { right: calc(-2rem - 1px); } .msg.res::after { left: calc(-2rem - 1px); }
.msg.req::before, .msg.res::before { content: ""; position: absolute; top: calc(.95rem - 5px); border: 6px solid transparent; }
.msg.req::before { right: calc(-2rem - 1px); border-left-color: var(--muted); border-right: 0; }
.msg.res::before { left: -1px; border-left: 0; border-right-color: var(--muted); transform: translateX(-100%); }
.msg.res.none { border-style: dashed; } .msg.res { margin-top: 1.6rem; }
.msg h4 { margin: 0 0 .2rem; font-size: .95rem; }
.msg ul { list-style: none; margin: 0; padding: 0; }
.msg li { font-family: ui-monospace, monospace; font-size: .8rem; }
.msg li.failing, .msg .failing { background: var(--hl); color: var(--bad); font-weight: 600; }
.reason { display: block; font-family: system-ui, sans-serif; font-weight: normal; }
.browsers { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.browsers ol { padding-left: 1.2rem; } .line { overflow-wrap: anywhere; }
.trap { border-left: 4px solid var(--warn); padding: .2rem .8rem; margin: .6rem 0; }
[role=tablist] { display: flex; flex-wrap: wrap; gap: .3rem; border-bottom: 1px solid var(--line); }
[role=tab][aria-selected=true] { border-color: var(--accent); font-weight: 600; }
[role=tabpanel] { position: relative; }
[role=tabpanel] pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .8rem; overflow: auto; }
.copy { position: absolute; right: .5rem; top: .5rem; }
.drop { border: 2px dashed var(--line); border-radius: 8px; padding: 1rem; text-align: center; }
.drop.over { border-color: var(--accent); }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid var(--line); padding: .3rem .4rem; text-align: left; vertical-align: top; }
.v-blocked { color: var(--bad); font-weight: 600; } .v-allowed { color: var(--ok); font-weight: 600; }
.error { color: var(--bad); }
@media (max-width: 720px) { .seq, .browsers { grid-template-columns: 1fr; } .msg.res { grid-column: 1; margin-top: 0; } .msg::before, .msg::after { display: none; } .field { grid-template-columns: 1fr; } }
`;
