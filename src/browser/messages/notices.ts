// Lines people paste that are not a CORS refusal from a catalogue but still have a known meaning:
// the script-side error (which never says why), Chromium's file:// refusal, Private/Local Network
// Access, and the network line Chromium prints next to a refusal. Each is recognised by a pattern
// and explained by explain's own sentences (see the CLI's language tables).

export type NoticeId = 'script-side' | 'file-scheme' | 'private-network' | 'companion-only';

export interface NoticeRule {
  readonly id: NoticeId;
  readonly browser: 'firefox' | 'chromium' | 'any';
  readonly pattern: RegExp;
  /** Whether the notice is a diagnosis (exit 0) or only a pointer to the line that would be one. */
  readonly diagnosis: boolean;
}

export const NOTICE_RULES: readonly NoticeRule[] = [
  {
    // Chromium: "Access to fetch at 'file:///…' from origin 'null' has been blocked by CORS policy:
    // Cross origin requests are only supported for protocol schemes: chrome, …, http, https, …"
    id: 'file-scheme',
    browser: 'chromium',
    pattern: /cross origin requests are only supported for protocol schemes/i,
    diagnosis: true,
  },
  {
    // Private Network Access (Chromium 94–141) and Local Network Access (142+): a page fetching a
    // more private address space (a public site calling localhost or 192.168.x.x).
    id: 'private-network',
    browser: 'chromium',
    pattern:
      /more-private address space|(?:private|local|loopback)'? address space|address space '?(?:private|local|loopback)|access-control-allow-private-network|private network access|local network access/i,
    diagnosis: true,
  },
  {
    // What the page's script sees: Chromium "TypeError: Failed to fetch", Firefox "TypeError:
    // NetworkError when attempting to fetch resource.", WebKit "TypeError: Load failed".
    id: 'script-side',
    browser: 'any',
    pattern: /failed to fetch|networkerror when attempting to fetch resource|typeerror: load failed/i,
    diagnosis: false,
  },
];

/** Chromium's network line, as DevTools shows it: "GET https://x/y net::ERR_FAILED 500 (Internal Server Error)". */
export const CHROMIUM_NETWORK_LINE =
  /(?:^|\s)(?<method>[A-Z]{3,7}) (?<url>\S+) net::(?<error>ERR_[A-Z_]+)(?: (?<status>\d{3})(?: \([^)]*\))?)?/;

/** The same line through CDP, and Chromium's error-status line. */
export const CHROMIUM_STATUS_LINE = /the server responded with a status of (?<status>\d{3})/i;
