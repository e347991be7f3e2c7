// Fault injection for client resilience tests: latency (before the server acts, or after it acted
// and before it answers: a slow write), error statuses, 429 + Retry-After and dropped connections
// (before handling, or after the state already changed).

export interface FaultRule {
  method?: string;
  path?: string; // JS regex source tested against the raw (still percent-encoded) path
  rate?: number; // 0..1, default 1
  count?: number; // max applications, default unlimited
  latencyMs?: number; // before handling: the server acts late (still acts if the client gave up)
  answerLatencyMs?: number; // after handling: the server has acted, its answer comes late
  status?: number;
  body?: string;
  retryAfter?: number;
  drop?: "before" | "after";
}

interface LiveRule {
  rule: FaultRule;
  re?: RegExp;
  remaining: number;
  index: number;
}

/** mulberry32: small seeded PRNG so a `rate` makes reproducible runs. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultSet {
  private rules: LiveRule[] = [];
  private rand: () => number = mulberry32(1);

  /** Validates and replaces the rule set. Throws on bad input. */
  set(rules: FaultRule[], seed?: number): void {
    if (!Array.isArray(rules)) throw new Error("rules must be an array");
    this.rules = rules.map((rule, index) => {
      if (rule.drop !== undefined && rule.drop !== "before" && rule.drop !== "after") throw new Error(`rule ${index}: drop must be "before" or "after"`);
      return { rule, re: rule.path !== undefined ? new RegExp(rule.path) : undefined, remaining: rule.count ?? Infinity, index };
    });
    this.rand = mulberry32(seed ?? 1);
  }

  clear(): void {
    this.rules = [];
  }

  /** The first matching rule with remaining count whose rate roll succeeds; consumes one count. */
  pick(method: string, rawPath: string): { rule: FaultRule; describe(): string } | undefined {
    for (const live of this.rules) {
      if (live.remaining <= 0) continue;
      if (live.rule.method && live.rule.method.toUpperCase() !== method) continue;
      if (live.re && !live.re.test(rawPath)) continue;
      const rate = live.rule.rate ?? 1;
      if (rate < 1 && this.rand() >= rate) continue;
      live.remaining--;
      const r = live.rule;
      return {
        rule: r,
        describe: () =>
          r.drop
            ? `drop-${r.drop}`
            : r.status !== undefined
              ? `status-${r.status}`
              : r.answerLatencyMs
                ? `answer-latency-${r.answerLatencyMs}`
                : r.latencyMs
                  ? `latency-${r.latencyMs}`
                  : `rule-${live.index}`,
      };
    }
    return undefined;
  }

  snapshot(): unknown {
    return this.rules.map((l) => ({ ...l.rule, remaining: Number.isFinite(l.remaining) ? l.remaining : null }));
  }
}
