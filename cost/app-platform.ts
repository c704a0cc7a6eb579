/**
 * Prices of App Platform resources: a `digitalocean_app` (each sized component × its instances,
 * autoscaled components at their minimum and their maximum) and a `digitalocean_container_registry`
 * (its subscription tier). A `data.digitalocean_container_registry` is someone else's registry and
 * costs this stack nothing (the estimate reads only `resource`).
 *
 * Assumptions, stated on the lines they price:
 * - a job is priced as if it ran all month (an upper bound: App Platform bills jobs while they run);
 * - static sites at $0 (the account's first three are free; see catalog STATIC_SITES);
 * - functions at $0 (usage-based, assumed within the account's free allowance: catalog FUNCTIONS);
 * - an attached managed database (`production = true`) at $0 here: its cluster is priced as its own
 *   resource; a dev database (`production = false`) has no price in the catalog and is reported.
 */
import { APP_INSTANCE_SIZES, isAppInstanceSize, isRegistryTier, REGISTRY_TIERS, STATIC_SITES } from "../catalog/app-platform";
import type { Block, Json } from "../policy/stack-view";

/** What one priced line needs; `maxCount` only where autoscaling lets the count grow. */
export interface AppLine {
  readonly item: string;
  readonly unitUsd: number;
  readonly count: number;
  readonly maxCount?: number;
}

export interface AppPricing {
  readonly lines: readonly AppLine[];
  readonly unpriced: readonly string[];
}

/** cdktf renders a single nested block as an object or as a one-element list: both read the same. */
export function first(value: Json | undefined): Block | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v && typeof v === "object" && !Array.isArray(v) ? v : undefined;
}

/** Every element of a repeated block (a list, or one object). */
export function each(value: Json | undefined): Block[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.filter((b): b is Block => typeof b === "object" && b !== null && !Array.isArray(b));
}

const SIZED = [
  ["service", ""],
  ["worker", ""],
  ["job", " (priced as if it ran all month: an upper bound)"],
] as const;

export function priceApp(block: Block): AppPricing {
  const lines: AppLine[] = [];
  const unpriced: string[] = [];
  const spec = first(block.spec);
  if (!spec) return { lines, unpriced: ["no spec block: the app's components cannot be priced"] };
  const count = (where: string, what: string, value: Json | undefined, fallback: number): number | undefined => {
    if (value === undefined || value === null) return fallback;
    if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
    unpriced.push(`${where}: ${what} ${JSON.stringify(value)} is not a literal whole number`);
    return undefined;
  };
  for (const [kind, note] of SIZED) {
    each(spec[kind]).forEach((c, i) => {
      const where = `spec.${kind}[${i}] (${String(c.name)})`;
      const size = c.instance_size_slug;
      if (!isAppInstanceSize(size)) {
        unpriced.push(`${where}: instance_size_slug ${JSON.stringify(size)} is not in the catalog (catalog/app-platform.ts APP_INSTANCE_SIZES)`);
        return;
      }
      const unitUsd = APP_INSTANCE_SIZES[size].monthlyUsd;
      const item = `App Platform ${kind} ${String(c.name)} ${size}`;
      const scaling = first(c.autoscaling);
      if (scaling) {
        const min = count(where, "autoscaling.min_instance_count", scaling.min_instance_count, NaN);
        const max = count(where, "autoscaling.max_instance_count", scaling.max_instance_count, NaN);
        if (min === undefined || max === undefined) return;
        if (Number.isNaN(min) || Number.isNaN(max) || max < min) {
          unpriced.push(`${where}: autoscaling needs literal min_instance_count <= max_instance_count (got ${String(scaling.min_instance_count)}, ${String(scaling.max_instance_count)})`);
          return;
        }
        lines.push({ item: `${item}, autoscaled ${min}–${max}${note}`, unitUsd, count: min, maxCount: max });
        return;
      }
      const n = count(where, "instance_count", c.instance_count, 1);
      if (n !== undefined) lines.push({ item: `${item}${note}`, unitUsd, count: n });
    });
  }
  for (const s of each(spec.static_site)) {
    lines.push({ item: `App Platform static site ${String(s.name)} ($0: within the account's ${STATIC_SITES.freePerAccount} free static sites; $${STATIC_SITES.monthlyUsdBeyondFree}/month each beyond)`, unitUsd: 0, count: 1 });
  }
  for (const f of each(spec.function)) {
    lines.push({ item: `App Platform functions ${String(f.name)} ($0: usage-based, assumed within the account's free allowance)`, unitUsd: 0, count: 1 });
  }
  each(spec.database).forEach((d, i) => {
    if (d.production !== true) unpriced.push(`spec.database[${i}] (${String(d.name)}): a dev database (production = false) has no price in the catalog; attach a managed cluster (production = true, cluster_name)`);
  });
  return { lines, unpriced };
}

/** The registry's subscription tier; an unknown tier is unpriced. */
export function priceRegistry(block: Block): { line?: AppLine; unpriced?: string } {
  const tier = block.subscription_tier_slug;
  if (!isRegistryTier(tier)) return { unpriced: `subscription_tier_slug ${JSON.stringify(tier)} is not in the catalog (catalog/app-platform.ts REGISTRY_TIERS)` };
  return { line: { item: `container registry, ${tier} tier`, unitUsd: REGISTRY_TIERS[tier].monthlyUsd, count: 1 } };
}
