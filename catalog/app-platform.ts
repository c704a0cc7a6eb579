/**
 * App Platform instance sizes and container registry tiers: what the config may name, what the
 * rules check and what `npm run cost` charges. Slugs are the API's (`instance_size_slug`,
 * `subscription_tier_slug`); prices USD per month per instance.
 * PROVISIONAL (lead's skeleton): the App Platform helper replaces these figures with sourced ones.
 */
import type { Region } from "./regions";
import { source } from "./source";

export interface AppInstancePlan {
  readonly vcpus: number;
  readonly memoryGib: number;
  readonly monthlyUsd: number;
  /** Dedicated CPU: only these sizes can autoscale. */
  readonly dedicated: boolean;
}

export const APP_INSTANCE_SIZES = {
  "basic-xxs": { vcpus: 1, memoryGib: 0.5, monthlyUsd: 5, dedicated: false },
  "basic-xs": { vcpus: 1, memoryGib: 1, monthlyUsd: 10, dedicated: false },
  "basic-s": { vcpus: 1, memoryGib: 2, monthlyUsd: 20, dedicated: false },
  "basic-m": { vcpus: 2, memoryGib: 4, monthlyUsd: 40, dedicated: false },
  "professional-xs": { vcpus: 1, memoryGib: 1, monthlyUsd: 12, dedicated: true },
  "professional-s": { vcpus: 1, memoryGib: 2, monthlyUsd: 25, dedicated: true },
  "professional-m": { vcpus: 2, memoryGib: 4, monthlyUsd: 50, dedicated: true },
} as const satisfies Record<string, AppInstancePlan>;

export type AppInstanceSize = keyof typeof APP_INSTANCE_SIZES;

export function isAppInstanceSize(value: unknown): value is AppInstanceSize {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(APP_INSTANCE_SIZES, value);
}

export const REGISTRY_TIERS = {
  starter: { monthlyUsd: 0, repositories: 1, storageGib: 0.5 },
  basic: { monthlyUsd: 5, repositories: 5, storageGib: 5 },
  professional: { monthlyUsd: 20, repositories: null, storageGib: 100 },
} as const;

export type RegistryTier = keyof typeof REGISTRY_TIERS;

export const APP_PLATFORM_SOURCES = [source("https://docs.digitalocean.com/products/app-platform/details/pricing/")] as const;

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
