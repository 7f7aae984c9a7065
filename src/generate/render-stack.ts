// Dispatch from a stack name to its generator (kept apart from index.ts, which the web-server
// generators share, so adding a stack touches one line here).
import type { CorsPolicy } from '../policy/types.js';
import { renderDjango } from './django.js';
import { renderFastapi } from './fastapi.js';
import { renderFlask } from './flask.js';
import type { GeneratedConfig, PolicyInfo, StackKind } from './generated-config.js';
import { renderGo } from './go.js';
import { renderPhp } from './php.js';
import { renderRack } from './rack.js';
import { planStack, type StackPlan } from './stack-plan.js';

const RENDER: Record<StackKind, (plan: StackPlan, info: PolicyInfo) => GeneratedConfig> = {
  django: renderDjango,
  flask: renderFlask,
  fastapi: renderFastapi,
  rack: renderRack,
  go: renderGo,
  php: renderPhp,
};

export function renderStack(
  stack: StackKind,
  policy: CorsPolicy,
  summarize: (c: CorsPolicy['config']) => string,
): GeneratedConfig {
  const plan = planStack(policy);
  return RENDER[stack](plan, { summary: summarize(plan.config) });
}
