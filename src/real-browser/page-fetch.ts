// What runs inside the page: the user's fetch(), reporting whether the script could read the
// response. Serialized into the page, so it must be self-contained.
export interface PageFetchInit {
  readonly url: string;
  readonly method: string;
  readonly headers: Array<[string, string]>;
  readonly credentials: 'include' | 'same-origin';
}

export interface PageFetchOutcome {
  readonly readable: boolean;
  /** null when fetch() rejected. */
  readonly status: number | null;
  readonly error: string | null;
}

export async function fetchInPage(init: PageFetchInit): Promise<PageFetchOutcome> {
  try {
    const response = await fetch(init.url, {
      method: init.method,
      headers: init.headers,
      credentials: init.credentials,
      mode: 'cors',
    });
    const readable = response.type === 'basic' || response.type === 'cors';
    if (readable) await response.arrayBuffer();
    return { readable, status: response.status, error: null };
  } catch (error) {
    return { readable: false, status: null, error: String(error) };
  }
}

/** The blank page served at the user's origin by request interception. */
export const BLANK_PAGE =
  '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>corskit --real</title></head><body></body></html>';
