/**
 * App Platform instance sizes, static sites, functions and container registry tiers: what the config
 * may name, what the rules check and what `npm run cost` charges. Slugs are the API's
 * (`instance_size_slug`, `subscription_tier_slug`); prices USD per month per instance.
 *
 * DigitalOcean's pricing page (docs.digitalocean.com/products/app-platform/details/pricing/) was not
 * in the reference corpus. The figures come from:
 * - current `apps-s-*` / `apps-d-*` sizes: the API's own example for `apps-s-1vcpu-0.5gb`
 *   ($5.00, SHARED, 512 MiB: DoTs "apps get instancesize") and, for the rest, a published app-spec
 *   guide's size table (shared $5/$12/$25/$50; dedicated $29 … $392). `apps-s-1vcpu-0.5gb` and
 *   `apps-s-1vcpu-1gb-fixed` are single-instance sizes (API: `single_instance_only: true`).
 * - legacy `basic-*` / `professional-*` sizes (the seeds' slugs, still accepted by the API): the
 *   OpenAPI example response of `GET /v2/apps/tiers/instance_sizes`, which gives `cpu_type` and
 *   `usd_per_month` per slug. Note: there `professional-xs/s/m` are SHARED CPU; only
 *   `professional-1l/l/xl` are DEDICATED.
 * `dedicated` is the API's `cpu_type`: this catalog lets only dedicated sizes autoscale (the issue's
 * rule; DigitalOcean has since opened autoscaling to shared sizes of 1 GiB and more, which a
 * looser rule could allow with `autoscales`).
 */
import type { Region } from "./regions";
import { source } from "./source";

export interface AppInstancePlan {
  readonly vcpus: number;
  readonly memoryGib: number;
  readonly monthlyUsd: number;
  /** Dedicated CPU (the API's `cpu_type: DEDICATED`): only these sizes can autoscale here. */
  readonly dedicated: boolean;
}

const READ = "2026-12-03";

export const APP_PLATFORM_SOURCES = [
  source("https://docs.digitalocean.com/reference/dots/reference/apps/apps-get-instancesize/ (apps-s-1vcpu-0.5gb: $5.00, SHARED, single instance only)", READ),
  source("GitHub, DigitalOcean app-spec guide, 'Instance Sizes' table (apps-s-*/apps-d-* monthly prices)", READ),
  source("DigitalOcean OpenAPI example of GET /v2/apps/tiers/instance_sizes (basic-*/professional-*: cpu_type, usd_per_month), as republished in hashimaawan/sdk-portal", READ),
  source("https://docs.digitalocean.com/products/app-platform/details/pricing/ (static sites, functions; page not reachable, figures as DigitalOcean documents them)", READ),
] as const;

export const APP_INSTANCE_SIZES = {
  // Current shared-CPU sizes.
  "apps-s-1vcpu-0.5gb": { vcpus: 1, memoryGib: 0.5, monthlyUsd: 5, dedicated: false },
  "apps-s-1vcpu-1gb-fixed": { vcpus: 1, memoryGib: 1, monthlyUsd: 10, dedicated: false },
  "apps-s-1vcpu-1gb": { vcpus: 1, memoryGib: 1, monthlyUsd: 12, dedicated: false },
  "apps-s-1vcpu-2gb": { vcpus: 1, memoryGib: 2, monthlyUsd: 25, dedicated: false },
  "apps-s-2vcpu-4gb": { vcpus: 2, memoryGib: 4, monthlyUsd: 50, dedicated: false },
  // Current dedicated-CPU sizes.
  "apps-d-1vcpu-0.5gb": { vcpus: 1, memoryGib: 0.5, monthlyUsd: 29, dedicated: true },
  "apps-d-1vcpu-1gb": { vcpus: 1, memoryGib: 1, monthlyUsd: 34, dedicated: true },
  "apps-d-1vcpu-2gb": { vcpus: 1, memoryGib: 2, monthlyUsd: 39, dedicated: true },
  "apps-d-1vcpu-4gb": { vcpus: 1, memoryGib: 4, monthlyUsd: 49, dedicated: true },
  "apps-d-2vcpu-4gb": { vcpus: 2, memoryGib: 4, monthlyUsd: 78, dedicated: true },
  "apps-d-2vcpu-8gb": { vcpus: 2, memoryGib: 8, monthlyUsd: 98, dedicated: true },
  "apps-d-4vcpu-8gb": { vcpus: 4, memoryGib: 8, monthlyUsd: 156, dedicated: true },
  "apps-d-4vcpu-16gb": { vcpus: 4, memoryGib: 16, monthlyUsd: 196, dedicated: true },
  "apps-d-8vcpu-32gb": { vcpus: 8, memoryGib: 32, monthlyUsd: 392, dedicated: true },
  // Legacy slugs (seed 000: basic-xxs/basic-xs; seed 004: basic-xs, basic-s).
  "basic-xxs": { vcpus: 1, memoryGib: 0.5, monthlyUsd: 5, dedicated: false },
  "basic-xs": { vcpus: 1, memoryGib: 1, monthlyUsd: 10, dedicated: false },
  "basic-s": { vcpus: 1, memoryGib: 2, monthlyUsd: 20, dedicated: false },
  "basic-m": { vcpus: 2, memoryGib: 4, monthlyUsd: 40, dedicated: false },
  "professional-xs": { vcpus: 1, memoryGib: 1, monthlyUsd: 12, dedicated: false },
  "professional-s": { vcpus: 1, memoryGib: 2, monthlyUsd: 25, dedicated: false },
  "professional-m": { vcpus: 2, memoryGib: 4, monthlyUsd: 50, dedicated: false },
  "professional-1l": { vcpus: 1, memoryGib: 4, monthlyUsd: 75, dedicated: true },
  "professional-l": { vcpus: 2, memoryGib: 8, monthlyUsd: 150, dedicated: true },
  "professional-xl": { vcpus: 4, memoryGib: 16, monthlyUsd: 300, dedicated: true },
} as const satisfies Record<string, AppInstancePlan>;

export type AppInstanceSize = keyof typeof APP_INSTANCE_SIZES;

export function isAppInstanceSize(value: unknown): value is AppInstanceSize {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(APP_INSTANCE_SIZES, value);
}

/**
 * Static sites: the first three per account are free (third-party hosting lists agree:
 * cloudcommunity/free-hosting, mackenly/quickbiolinks HOSTING.md), each further one $3 per month
 * (DigitalOcean's pricing page: not reachable here, so NOT verified). The estimate prices a stack's
 * static sites at $0 and says so: which three are free is account-wide.
 */
export const STATIC_SITES = { freePerAccount: 3, monthlyUsdBeyondFree: 3 } as const;

/**
 * Functions components are billed by use: GiB-seconds of memory × run time beyond a free monthly
 * allowance per account (docs.digitalocean.com/products/functions/details/pricing/ "free allowance …
 * overage charges"; the figures below are DigitalOcean's published ones as remembered, NOT verified
 * here: the page was not reachable). Not a run rate: the estimate shows $0 with that assumption
 * stated, so a heavy functions workload is outside the budget check.
 */
export const FUNCTIONS = { freeGibSecondsPerMonth: 90_000, usdPerGibSecond: 0.0000185 } as const;

/**
 * Container registry subscription tiers (one registry per account). From the API's registry
 * subscription example (basic: 5 repositories, 5 GiB storage, 5 GiB transfer, $5.00) and the
 * provider's tier list (`starter`, `basic`, `professional`: docs resources/container_registry.md).
 * `repositories: null` = unlimited (the API's `included_repositories: 0`).
 */
export const REGISTRY_TIERS = {
  starter: { monthlyUsd: 0, repositories: 1, storageGib: 0.5 },
  basic: { monthlyUsd: 5, repositories: 5, storageGib: 5 },
  professional: { monthlyUsd: 20, repositories: null, storageGib: 100 },
} as const;

export type RegistryTier = keyof typeof REGISTRY_TIERS;

/** App Platform's region slugs (`spec.region`), as the app spec schema enumerates them. */
export const APP_PLATFORM_REGION_SLUGS = ["atl", "nyc", "sfo", "tor", "ams", "fra", "lon", "blr", "sgp", "syd"] as const;
export type AppPlatformRegion = (typeof APP_PLATFORM_REGION_SLUGS)[number];

/**
 * The App Platform region (`spec.region`) that runs an app next to a Droplet/VPC datacenter. App
 * Platform names regions, not datacenters; each region lists its datacenters (`GET /v2/apps/regions`,
 * `doctl apps list-regions`; the API reference's example shows ams → ams3, nyc → nyc1 and nyc3,
 * fra → fra1). The other regions have one datacenter of the same city; sfo is mapped from sfo3 only
 * (whether it lists sfo2 was not verified). nyc2, sfo2 and ric1 are left out, so the construct refuses
 * a stack there rather than put its app in a region whose datacenter may not hold the stack's VPC.
 * Open: DigitalOcean's digitalocean-labs/do-app-platform-skills (skills/networking/SKILL.md) pairs
 * App Platform's `nyc` with VPCs in nyc1 only. The App Platform presets run in nyc3 (Spaces is not
 * offered in nyc1); the first apply in dev shows whether `nyc` attaches a nyc3 VPC, and if not, the
 * presets move to a region with one datacenter (ams3, fra1, sgp1, …).
 * Region slugs: the app spec schema's `region` enum (../shared/reference/do-app-spec/models/app_spec.yml).
 */
export const APP_PLATFORM_REGION_OF: Readonly<Partial<Record<Region, AppPlatformRegion>>> = {
  nyc1: "nyc",
  nyc3: "nyc",
  sfo3: "sfo",
  tor1: "tor",
  atl1: "atl",
  ams3: "ams",
  fra1: "fra",
  lon1: "lon",
  blr1: "blr",
  sgp1: "sgp",
  syd1: "syd",
};

export const APP_PLATFORM_REGION_SOURCES = [
  source("https://docs.digitalocean.com/reference/api/digitalocean/#tag/Apps/operation/apps_list_regions"),
  source("https://docs.digitalocean.com/reference/doctl/reference/apps/list-regions"),
] as const;

export function isRegistryTier(value: unknown): value is RegistryTier {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(REGISTRY_TIERS, value);
}

export const REGISTRY_SOURCES = [
  source("https://docs.digitalocean.com/reference/dots/reference/container-registries/registries-get-subscription/ (basic tier: 5 repositories, 5 GiB, $5.00)", READ),
  source("https://docs.digitalocean.com/reference/terraform/reference/resources/container_registry/ (tiers starter, basic, professional)", READ),
] as const;
