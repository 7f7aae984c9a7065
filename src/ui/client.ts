// The page's script, written as one self-contained function so it is type-checked with the rest
// and shipped as compiled JavaScript (served by `clientScript()`), with no bundler. It only builds
// DOM nodes with textContent: nothing the server or a HAR says is ever parsed as HTML.
import { FAILING_HEADER } from '../doctor/failing-header.js';

type Pair = [string, string];
interface Step {
  request: { method: string; url: string; headers: Pair[] };
  response: { status: number; headers: Pair[] } | null;
}
interface Report {
  url: string;
  origin: string;
  preflight: Step | null;
  actual: Step | null;
  redirects: Step[];
  verdict: 'allowed' | 'blocked';
  code: string | null;
  messages: Record<'firefox' | 'chromium', string[] | null>;
  browsers: Record<'firefox' | 'chromium', { verdict: string; warnings?: string[] }>;
  cause: string | null;
  traps: Array<{ id: string; title: string; explanation: string }>;
  whatToCheck: string[];
  fix: { summary: string } | null;
}
interface Tab {
  id: string;
  label: string;
  text: string;
}

// biome-ignore lint/suspicious/noExplicitAny: the API's JSON, read field by field below
type Api = any;

export function clientMain(failingHeaders: Record<string, string>): void {
  const $ = (id: string) => document.getElementById(id)!;
  const el = (tag: string, attrs: Record<string, string> = {}, ...children: Array<Node | string>) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    for (const child of children) node.append(child);
    return node;
  };
  const form = $('doctor') as HTMLFormElement;
  const status = $('status');
  const result = $('result');
  const input = (id: string) => $(id) as HTMLInputElement;
  let rows = 0;

  function addHeaderRow(name = '', value = ''): void {
    const n = ++rows;
    const nameInput = el('input', {
      id: `hn${n}`,
      type: 'text',
      value: '',
      placeholder: 'Name',
    }) as HTMLInputElement;
    const valueInput = el('input', { id: `hv${n}`, type: 'text', placeholder: 'value' }) as HTMLInputElement;
    nameInput.value = name;
    valueInput.value = value;
    const remove = el('button', { type: 'button', 'aria-label': `Remove header ${n}` }, 'Remove');
    const row = el('div', { class: 'header-row', 'data-header-row': '' }, nameInput, valueInput, remove);
    // The placeholders say it visually; aria-labels say it to assistive technology.
    nameInput.setAttribute('aria-label', `Header ${n} name`);
    valueInput.setAttribute('aria-label', `Header ${n} value`);
    remove.addEventListener('click', () => {
      row.remove();
      input('url').focus();
    });
    $('headers').append(row);
  }

  function formValues() {
    const headers: Pair[] = [];
    for (const row of Array.from(document.querySelectorAll('[data-header-row]'))) {
      const [name, value] = Array.from(row.querySelectorAll('input'));
      if (name && value && name.value.trim()) headers.push([name.value.trim(), value.value]);
    }
    return {
      url: input('url').value.trim(),
      origin: input('origin').value.trim(),
      method: input('method').value.trim() || 'GET',
      headers,
      credentials: input('credentials').checked,
    };
  }

  function toQuery(v: ReturnType<typeof formValues>): string {
    const q = new URLSearchParams({ url: v.url, origin: v.origin, method: v.method });
    for (const [n, val] of v.headers) q.append('header', `${n}: ${val}`);
    if (v.credentials) q.set('credentials', '1');
    return `?${q}`;
  }

  async function post(path: string, body: unknown): Promise<{ ok: boolean; status: number; json: Api }> {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { ok: response.ok, status: response.status, json: await response.json() };
  }

  async function diagnose(): Promise<void> {
    const values = formValues();
    history.replaceState(null, '', toQuery(values));
    status.textContent = 'Diagnosing…';
    result.hidden = true;
    const answer = await post('/api/diagnose', values).catch((e: unknown) => ({
      ok: false,
      status: 0,
      json: { error: String(e) },
    }));
    if (!answer.ok) {
      status.textContent = '';
      status.append(
        el('span', { class: 'error', 'data-error': '' }, answer.json.error ?? `HTTP ${answer.status}`),
      );
      return;
    }
    status.textContent = 'Done.';
    renderReport(answer.json.report as Report, answer.json.fixTabs as Tab[]);
  }

  function renderReport(report: Report, tabs: Tab[]): void {
    result.replaceChildren();
    result.dataset.verdict = report.verdict;
    result.dataset.code = report.code ?? '';
    const banner = el('div', { class: `banner ${report.verdict}`, id: 'verdict' });
    banner.append(el('span', {}, report.verdict === 'allowed' ? '✓ Allowed' : '✗ Blocked'));
    if (report.code) {
      banner.append(
        el(
          'a',
          {
            href: `https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/${report.code}`,
            rel: 'noreferrer',
            target: '_blank',
          },
          report.code,
        ),
      );
    }
    banner.append(el('span', {}, `${firstMethod(report)} ${report.url} from ${report.origin}`));
    result.append(banner);
    for (const trap of report.traps)
      result.append(
        el(
          'div',
          { class: 'trap', 'data-trap': trap.id },
          el('strong', {}, `Trap: ${trap.title}`),
          el('p', {}, trap.explanation),
        ),
      );
    result.append(el('h2', {}, 'The exchange'), sequence(report));
    result.append(el('h2', {}, 'What the browsers print'), consoles(report));
    if (report.verdict === 'allowed') result.append(el('p', {}, 'The script can read the response.'));
    if (report.cause) result.append(el('h2', {}, 'Cause'), el('p', { id: 'cause' }, report.cause));
    if (report.whatToCheck.length)
      result.append(
        el('h2', {}, 'What to check'),
        el('ul', {}, ...report.whatToCheck.map((w) => el('li', {}, w))),
      );
    if (report.fix && tabs.length)
      result.append(el('h2', {}, 'The fix'), el('p', {}, report.fix.summary), fixTabs(tabs));
    result.hidden = false;
  }

  function firstMethod(report: Report): string {
    if (report.actual) return report.actual.request.method;
    const asked = report.preflight?.request.headers.find(
      ([n]) => n.toLowerCase() === 'access-control-request-method',
    );
    return asked?.[1] ?? 'GET';
  }

  function sequence(report: Report): HTMLElement {
    const steps: Array<[string, Step]> = [];
    if (report.preflight) steps.push(['Preflight', report.preflight]);
    if (report.actual) steps.push(['Request', report.actual]);
    for (const s of report.redirects) steps.push(['Redirected request', s]);
    let failing = -1;
    if (report.verdict === 'blocked')
      for (let i = steps.length - 1; i >= 0 && failing < 0; i--) if (steps[i]![1].response) failing = i;
    const failingHeader = report.code ? failingHeaders[report.code] : undefined;
    const host = new URL(report.url).host;
    const box = el('div', { class: 'seq', role: 'list', 'aria-label': 'Sequence of requests and responses' });
    box.append(
      el(
        'div',
        { class: 'actors' },
        el('span', {}, `Page ${report.origin}`),
        el('span', {}, `Server ${host}`),
      ),
    );
    steps.forEach(([label, step], i) => {
      const req = el('div', { class: 'msg req', role: 'listitem', 'data-step': label.toLowerCase() });
      req.append(
        el('h4', {}, `${2 * i + 1}. ${label}: ${step.request.method} ${step.request.url}`),
        headerList(step.request.headers, null, ''),
      );
      box.append(req);
      const res = el('div', { class: `msg res${step.response ? '' : ' none'}`, role: 'listitem' });
      if (!step.response) {
        res.append(el('h4', { class: 'failing' }, `${2 * i + 2}. No response (network error)`));
      } else {
        const isFailing = i === failing;
        const statusIsCause = isFailing && !failingHeader;
        res.append(
          el('h4', statusIsCause ? { class: 'failing' } : {}, `${2 * i + 2}. ${step.response.status}`),
        );
        if (statusIsCause && report.cause) res.append(el('span', { class: 'reason failing' }, report.cause));
        res.append(
          headerList(step.response.headers, isFailing ? (failingHeader ?? null) : null, report.cause ?? ''),
        );
      }
      box.append(res);
    });
    return box;
  }

  function headerList(headers: Pair[], failing: string | null, reason: string): HTMLElement {
    const list = el('ul');
    let seen = false;
    for (const [name, value] of headers) {
      const isFailing = failing !== null && name.toLowerCase() === failing;
      seen ||= isFailing;
      const item = el('li', isFailing ? { class: 'failing', 'data-failing': '' } : {}, `${name}: ${value}`);
      if (isFailing) item.append(el('span', { class: 'reason' }, reason));
      list.append(item);
    }
    if (failing && !seen)
      list.append(
        el(
          'li',
          { class: 'failing', 'data-failing': '' },
          `${failing}: (missing)`,
          el('span', { class: 'reason' }, reason),
        ),
      );
    return list;
  }

  function consoles(report: Report): HTMLElement {
    const box = el('div', { class: 'browsers' });
    for (const [browser, title] of [
      ['firefox', 'Firefox'],
      ['chromium', 'Chromium'],
    ] as const) {
      const lines = report.messages[browser] ?? [];
      const panel = el(
        'div',
        { 'data-browser': browser },
        el('h3', {}, `${title}: ${report.browsers[browser]?.verdict ?? report.verdict}`),
      );
      if (lines.length === 0) panel.append(el('p', { class: 'help' }, 'Prints nothing.'));
      else
        panel.append(
          el('ol', {}, ...lines.map((line) => el('li', { class: 'line', 'data-line': '' }, line))),
        );
      for (const warning of report.browsers[browser]?.warnings ?? [])
        panel.append(el('p', { class: 'help' }, `Warning: ${warning}`));
      box.append(panel);
    }
    return box;
  }

  function fixTabs(tabs: Tab[]): HTMLElement {
    const box = el('div', { class: 'fix' });
    const list = el('div', { role: 'tablist', 'aria-label': 'The fix as' });
    const panels: HTMLElement[] = [];
    const buttons: HTMLElement[] = [];
    const select = (index: number, focus: boolean) => {
      buttons.forEach((b, i) => {
        b.setAttribute('aria-selected', String(i === index));
        b.tabIndex = i === index ? 0 : -1;
        panels[i]!.hidden = i !== index;
      });
      if (focus) buttons[index]!.focus();
    };
    tabs.forEach((tab, i) => {
      const button = el(
        'button',
        {
          type: 'button',
          role: 'tab',
          id: `tab-${tab.id}`,
          'aria-controls': `panel-${tab.id}`,
          'data-tab': tab.id,
        },
        tab.label,
      );
      button.addEventListener('click', () => select(i, false));
      button.addEventListener('keydown', (e) => {
        const key = (e as KeyboardEvent).key;
        if (key === 'ArrowRight') select((i + 1) % tabs.length, true);
        if (key === 'ArrowLeft') select((i - 1 + tabs.length) % tabs.length, true);
      });
      const copy = el('button', { type: 'button', class: 'copy', 'data-copy': tab.id }, 'Copy');
      copy.addEventListener('click', async () => {
        await navigator.clipboard.writeText(tab.text);
        copy.textContent = 'Copied';
        setTimeout(() => {
          copy.textContent = 'Copy';
        }, 1500);
      });
      const panel = el(
        'div',
        { role: 'tabpanel', id: `panel-${tab.id}`, 'aria-labelledby': `tab-${tab.id}`, tabindex: '0' },
        copy,
        el('pre', {}, el('code', {}, tab.text)),
      );
      buttons.push(button);
      panels.push(panel);
      list.append(button);
    });
    box.append(list, ...panels);
    select(0, false);
    return box;
  }

  async function checkReal(): Promise<void> {
    const box = $('real-result');
    const answer = await post('/api/real', formValues());
    box.replaceChildren(el('h2', {}, 'Real browsers'));
    if (!answer.ok) {
      box.append(el('p', { class: 'help', 'data-real-unavailable': '' }, answer.json.error));
      box.hidden = false;
      return;
    }
    // One block per browser that ran: what it did and printed, beside the model's prediction.
    const observed = (answer.json.observed ?? {}) as Record<string, { verdict: string; lines: string[] }>;
    for (const [browser, seen] of Object.entries(observed)) {
      const predicted = answer.json.prediction?.verdict;
      box.append(
        el(
          'section',
          { 'data-real-browser': browser, 'data-real-verdict': seen.verdict },
          el('h3', {}, `${browser}: ${seen.verdict} (predicted: ${predicted})`),
          ...seen.lines.map((line) => el('pre', { 'data-real-line': '' }, line)),
        ),
      );
    }
    for (const difference of answer.json.disagreements ?? [])
      box.append(el('p', { class: 'error', 'data-real-disagreement': '' }, String(difference)));
    box.hidden = false;
  }

  async function analyseHar(text: string): Promise<void> {
    const out = $('har-result');
    out.replaceChildren(el('p', {}, 'Analysing…'));
    const answer = await post('/api/har', text);
    if (!answer.ok) {
      out.replaceChildren(el('p', { class: 'error', 'data-error': '' }, answer.json.error));
      return;
    }
    const { summary, requests } = answer.json as {
      summary: {
        requests: number;
        allowed: number;
        blocked: number;
        failures: Array<{ reason: string; title: string; entries: number[] }>;
      };
      requests: Array<Report & { entry: number; method: string }>;
    };
    out.replaceChildren();
    out.dataset.blocked = String(summary.blocked);
    out.append(
      el(
        'p',
        { class: 'summary' },
        `${summary.requests} cross-origin requests: ${summary.allowed} allowed, ${summary.blocked} blocked.`,
      ),
    );
    if (summary.failures.length)
      out.append(
        el(
          'ul',
          {},
          ...summary.failures.map((f) =>
            el('li', { 'data-reason': f.reason }, `${f.entries.length} × ${f.title}`),
          ),
        ),
      );
    const table = el(
      'table',
      {},
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', {}, '#'),
          el('th', {}, 'Verdict'),
          el('th', {}, 'Request'),
          el('th', {}, 'What the browsers print'),
        ),
      ),
    );
    const body = el('tbody');
    for (const r of requests) {
      const lines = el('td');
      for (const [browser, title] of [
        ['firefox', 'Firefox'],
        ['chromium', 'Chromium'],
      ] as const) {
        const msgs = r.messages[browser] ?? [];
        if (msgs.length)
          lines.append(
            el(
              'div',
              { 'data-browser': browser },
              el('strong', {}, `${title}: `),
              ...msgs.map((m) => el('div', { class: 'line', 'data-line': '' }, m)),
            ),
          );
      }
      if (r.verdict === 'blocked' && r.cause) lines.append(el('p', { class: 'help' }, r.cause));
      body.append(
        el(
          'tr',
          { 'data-entry': String(r.entry), 'data-verdict': r.verdict, 'data-code': r.code ?? '' },
          el('td', {}, String(r.entry)),
          el('td', { class: `v-${r.verdict}` }, `${r.verdict}${r.code ? ` ${r.code}` : ''}`),
          el('td', {}, `${r.method} ${r.url}`),
          lines,
        ),
      );
    }
    table.append(body);
    out.append(table);
  }

  const drop = $('drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', async (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const file = (e as DragEvent).dataTransfer?.files[0];
    if (file) await analyseHar(await file.text());
  });
  input('har-file').addEventListener('change', async () => {
    const file = input('har-file').files?.[0];
    if (file) await analyseHar(await file.text());
  });
  $('add-header').addEventListener('click', () => {
    addHeaderRow();
    (document.querySelector('[data-header-row]:last-child input') as HTMLInputElement | null)?.focus();
  });
  $('real').addEventListener('click', () => void checkReal());
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void diagnose();
  });

  // The URL contract: /?url=…&origin=…&method=…&header=Name:%20value&credentials=1
  const query = new URLSearchParams(location.search);
  input('url').value = query.get('url') ?? '';
  input('origin').value = query.get('origin') ?? '';
  input('method').value = query.get('method') ?? 'GET';
  input('credentials').checked = query.get('credentials') === '1';
  for (const header of query.getAll('header')) {
    const colon = header.indexOf(':');
    if (colon > 0) addHeaderRow(header.slice(0, colon).trim(), header.slice(colon + 1).trim());
  }
  if (rows === 0) addHeaderRow();
  if (query.get('url') && query.get('origin')) void diagnose();
}

/** The script as served: the compiled function, called with the data it needs. */
export function clientScript(): string {
  // tsx/esbuild may wrap named functions in `__name(…)` to keep their names: give it a no-op.
  return `"use strict";var __name=function(f){return f};(${clientMain.toString()})(${JSON.stringify(FAILING_HEADER)});\n`;
}
