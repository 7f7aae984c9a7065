// The policies in force, swapped as a whole and only for a set that validated completely.
// Reloads come from file changes (watched through their directories, so editors that replace a
// file by renaming still trigger one) and from SIGHUP; a bad file keeps the old policies.

import { createHash } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { hasBrand } from '../policy/error-brand.js';
import type { PolicyOptions, Problem } from '../policy/types.js';
import { configProblem, GatewayConfigError, readGatewayConfig } from './gateway-config.js';
import type { GatewayLog } from './gateway-log.js';
import { loadRoutes, type PolicyProblem } from './route-policies.js';
import { RouteTable } from './route-table.js';
import type { GatewayConfig, RouteConfig } from './types.js';

/**
 * The policies in force, as plain data: what a primary hands a new worker so that it starts from
 * the last set that validated, not from whatever the files say now.
 */
export interface PolicySnapshot {
  /** The configured routes (policy files or inline), as last loaded successfully. */
  readonly routes: readonly RouteConfig[];
  /** Each route's validated policy options and where they came from. */
  readonly policies: ReadonlyArray<{
    readonly prefix: string;
    readonly source: string;
    readonly options: unknown;
  }>;
  readonly fingerprint: string;
}

export type ReloadOutcome =
  | { readonly status: 'reloaded' | 'unchanged' }
  | { readonly status: 'rejected'; readonly problems: readonly PolicyProblem[] };

export class PolicyStore {
  #table: RouteTable;
  #routes: readonly RouteConfig[];
  #fingerprint: string;
  #watchers: FSWatcher[] = [];
  #timer: NodeJS.Timeout | undefined;
  #reloading: Promise<ReloadOutcome> | undefined;
  #again = false;
  #watching = false;

  private constructor(
    readonly config: GatewayConfig,
    private readonly log: GatewayLog,
    table: RouteTable,
    fingerprint: string,
  ) {
    this.#table = table;
    this.#routes = config.routes;
    this.#fingerprint = fingerprint;
  }

  /**
   * Loads the configured policies; throws with every problem when any is invalid. With a snapshot,
   * starts from it instead (a worker started by a primary), and reads the files only on reload.
   */
  static async open(config: GatewayConfig, log: GatewayLog, snapshot?: PolicySnapshot): Promise<PolicyStore> {
    if (snapshot) return PolicyStore.#fromSnapshot(config, log, snapshot);
    const fingerprint = await fingerprintOf(config.routes, config.configFile);
    const loaded = await loadRoutes(config.routes, { caseSensitive: config.caseSensitiveRoutes });
    if (!loaded.ok) throw new PolicyLoadError(loaded.problems);
    for (const warning of loaded.warnings) log.event('warn', 'policy warning', problemFields(warning));
    return new PolicyStore(config, log, loaded.table, fingerprint);
  }

  static async #fromSnapshot(
    config: GatewayConfig,
    log: GatewayLog,
    snapshot: PolicySnapshot,
  ): Promise<PolicyStore> {
    const inline = snapshot.policies.map((p) => ({ prefix: p.prefix, policy: p.options as PolicyOptions }));
    const loaded = await loadRoutes(inline, { caseSensitive: config.caseSensitiveRoutes });
    if (!loaded.ok) throw new PolicyLoadError(loaded.problems);
    const sources = new Map(snapshot.policies.map((p) => [p.prefix, p.source]));
    const table = new RouteTable(
      loaded.table.routes.map((r) => ({ ...r, source: sources.get(r.prefix) ?? r.source })),
      { caseSensitive: config.caseSensitiveRoutes },
    );
    const store = new PolicyStore(config, log, table, snapshot.fingerprint);
    store.#routes = snapshot.routes;
    return store;
  }

  snapshot(): PolicySnapshot {
    return {
      routes: this.#routes,
      policies: this.#table.routes.map((r) => ({ prefix: r.prefix, source: r.source, options: r.options })),
      fingerprint: this.#fingerprint,
    };
  }

  get table(): RouteTable {
    return this.#table;
  }

  /** Re-reads every policy (and the config file's routes); swaps only if all are valid. */
  reload(reason: string): Promise<ReloadOutcome> {
    if (this.#reloading) {
      // A change arrived mid-reload: run once more afterwards so the last write always wins.
      this.#again = true;
      return this.#reloading;
    }
    this.#reloading = this.#reloadOnce(reason).finally(() => {
      this.#reloading = undefined;
      if (this.#again) {
        this.#again = false;
        void this.reload(reason);
      }
    });
    return this.#reloading;
  }

  async #reloadOnce(reason: string): Promise<ReloadOutcome> {
    let routes = this.#routes;
    try {
      if (this.config.configFile) routes = (await readGatewayConfig(this.config.configFile)).routes;
    } catch (error) {
      const problems: readonly Problem[] =
        error instanceof GatewayConfigError
          ? error.problems
          : [configProblem('config-unreadable', '', String(error))];
      return this.#reject(
        reason,
        problems.map((p) => ({ source: this.config.configFile!, prefix: '', ...p })),
      );
    }
    const fingerprint = await fingerprintOf(routes, this.config.configFile);
    if (fingerprint === this.#fingerprint) return { status: 'unchanged' };
    const loaded = await loadRoutes(routes, { caseSensitive: this.config.caseSensitiveRoutes });
    if (!loaded.ok) return this.#reject(reason, loaded.problems);
    for (const warning of loaded.warnings) this.log.event('warn', 'policy warning', problemFields(warning));
    this.#table = loaded.table;
    this.#routes = routes;
    this.#fingerprint = fingerprint;
    this.rewatch();
    this.log.event('info', 'policies reloaded', {
      reason,
      routes: loaded.table.routes.map((r) => ({ prefix: r.prefix, source: r.source })),
    });
    return { status: 'reloaded' };
  }

  #reject(reason: string, problems: readonly PolicyProblem[]): ReloadOutcome {
    for (const problem of problems) {
      this.log.event('error', 'policy reload rejected, keeping the previous policies', {
        reason,
        ...problemFields(problem),
      });
    }
    return { status: 'rejected', problems };
  }

  /** Watches every policy file and the config file; a change schedules a reload. */
  watch(): void {
    this.#watching = true;
    this.rewatch();
  }

  private rewatch(): void {
    if (!this.#watching) return;
    for (const watcher of this.#watchers) watcher.close();
    this.#watchers = [];
    const files = [
      ...this.#routes.flatMap((r) => (r.policyFile ? [r.policyFile] : [])),
      this.config.configFile,
    ];
    const byDir = new Map<string, Set<string>>();
    for (const file of files) {
      if (!file) continue;
      const names = byDir.get(dirname(file)) ?? new Set();
      names.add(basename(file));
      byDir.set(dirname(file), names);
    }
    for (const [dir, names] of byDir) {
      try {
        const watcher = watch(dir, { persistent: false }, (_event, name) => {
          if (name && names.has(String(name))) this.#schedule();
        });
        watcher.on('error', (error) =>
          this.log.event('warn', 'cannot watch policy files', { dir, error: String(error) }),
        );
        this.#watchers.push(watcher);
      } catch (error) {
        this.log.event('warn', 'cannot watch policy files; reload with SIGHUP', {
          dir,
          error: String(error),
        });
      }
    }
  }

  #schedule(): void {
    // Editors write in several steps; wait for the burst to end before reading.
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.reload('file changed');
    }, 100);
  }

  unwatch(): void {
    for (const watcher of this.#watchers) watcher.close();
    this.#watchers = [];
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#watching = false;
  }
}

const POLICY_LOAD_ERROR_BRAND = Symbol.for('corskit.PolicyLoadError');

export class PolicyLoadError extends Error {
  /** Branded: `instanceof` holds across duplicate copies of corskit (see error-brand.ts). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, POLICY_LOAD_ERROR_BRAND);
  }
  readonly [POLICY_LOAD_ERROR_BRAND] = true;
  constructor(readonly problems: readonly PolicyProblem[]) {
    super(
      `invalid policy: ${problems.map((p) => `${p.source}${p.path ? ` ${p.path}` : ''}: ${p.message}`).join('; ')}`,
    );
    this.name = 'PolicyLoadError';
  }
}

/** A digest of everything a reload reads, so touching a file without changing it does nothing. */
async function fingerprintOf(
  routes: readonly RouteConfig[],
  configFile: string | undefined,
): Promise<string> {
  const hash = createHash('sha256');
  const files = [configFile, ...routes.map((r) => r.policyFile)];
  for (const file of files) {
    hash.update('\0');
    if (!file) continue;
    hash.update(file);
    try {
      hash.update(await readFile(file));
    } catch {
      hash.update('missing');
    }
  }
  hash.update(JSON.stringify(routes.map((r) => [r.prefix, r.policy ?? null])));
  return hash.digest('hex');
}

/** A problem as log fields; its text goes under `problem` so it cannot clash with the event's message. */
export function problemFields(p: PolicyProblem): Record<string, unknown> {
  return {
    source: p.source,
    prefix: p.prefix,
    path: p.path,
    problem: p.message,
    hint: p.hint,
    severity: p.severity,
  };
}
