// Origin patterns compiled into a tree of reversed host labels per scheme, so matching costs
// one map lookup per label of the request's host, whatever the number of patterns.
import type { OriginPatternSpec } from '../policy/types.js';
import type { RequestOrigin } from './request-origin.js';

interface PortRule {
  any: boolean;
  /** Explicit ports; null stands for "no port" (the scheme default). */
  readonly ports: Set<number | null>;
}

interface LabelNode {
  readonly children: Map<string, LabelNode>;
  /** Patterns `scheme://*.<this host>`: one or more labels in front. */
  subdomains: PortRule | undefined;
  /** Patterns `scheme://<this host>:*`: this host exactly, any port. */
  self: PortRule | undefined;
}

function newNode(): LabelNode {
  return { children: new Map(), subdomains: undefined, self: undefined };
}

function addPort(rule: PortRule | undefined, port: number | '*' | null): PortRule {
  const r = rule ?? { any: false, ports: new Set() };
  if (port === '*') r.any = true;
  else r.ports.add(port);
  return r;
}

function portMatches(rule: PortRule | undefined, port: number | null): boolean {
  return rule !== undefined && (rule.any || rule.ports.has(port));
}

export class OriginPatternTree {
  private readonly roots = new Map<string, LabelNode>();

  constructor(patterns: readonly OriginPatternSpec[]) {
    for (const p of patterns) this.add(p);
  }

  get isEmpty(): boolean {
    return this.roots.size === 0;
  }

  private add(p: OriginPatternSpec): void {
    let node: LabelNode | undefined = this.roots.get(p.scheme);
    if (!node) {
      node = newNode();
      this.roots.set(p.scheme, node);
    }
    // IPv6 hosts have no dots and become one label; IP hosts only ever carry `:*`.
    const labels = p.host.startsWith('[') ? [p.host] : p.host.split('.');
    for (let i = labels.length - 1; i >= 0; i--) {
      const label = labels[i]!;
      let child: LabelNode | undefined = node.children.get(label);
      if (!child) {
        child = newNode();
        node.children.set(label, child);
      }
      node = child;
    }
    if (p.subdomains) node.subdomains = addPort(node.subdomains, p.port);
    else node.self = addPort(node.self, p.port);
  }

  /** True when some pattern covers the (already well-formed) request origin. */
  matches(origin: RequestOrigin): boolean {
    let node = this.roots.get(origin.scheme);
    if (!node) return false;
    const host = origin.host;
    let end = host.length;
    for (;;) {
      const dot = host.startsWith('[') ? -1 : host.lastIndexOf('.', end - 1);
      node = node.children.get(host.slice(dot + 1, end));
      if (!node) return false;
      if (dot === -1) return portMatches(node.self, origin.port);
      if (portMatches(node.subdomains, origin.port)) return true;
      end = dot;
    }
  }
}
