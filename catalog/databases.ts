/**
 * Managed databases: engines and their versions, plans with per-node prices, and the rules
 * DigitalOcean applies to standby and read-only nodes, connection pools and cache eviction policies.
 */
import { source } from "./source";

export const DATABASE_SOURCES = {
  plans: source("https://github.com/digitalocean/openapi specification/resources/databases/responses/options.yml (sizes per engine and node count)"),
  standby: source("https://docs.digitalocean.com/products/databases/postgresql/how-to/add-standby-nodes/ (standby needs ≥ 2 GB RAM; caching: one standby at most)"),
  readOnly: source("https://docs.digitalocean.com/products/databases/postgresql/how-to/add-read-only-nodes/ (size equal to or larger than the primary)"),
  versions: source("https://github.com/digitalocean/openapi specification/resources/databases/responses/options.yml (versions, end of availability)"),
  valkey: source("https://docs.digitalocean.com/products/databases/valkey/how-to/choose-eviction-policies/ (eviction policy is set per cluster; default noeviction)"),
  evictionPolicy: source(
    "https://github.com/digitalocean/terraform-provider-digitalocean v2.71.0 digitalocean/database/resource_database_cluster.go " +
      "(CustomizeDiff: eviction_policy only for engines redis and valkey, valkey since PR #1367 / v2.53.0; applied with " +
      "PUT /v2/databases/{id}/eviction_policy once the cluster is online; removing it sets noeviction) and docs/resources/database_cluster.md " +
      "(values); https://docs.digitalocean.com/reference/api/ PUT /v2/databases/{database_cluster_uuid}/eviction_policy " +
      "(\"Configure the eviction policy for a Caching or Valkey cluster\")",
  ),
  pools: source("https://docs.digitalocean.com/products/databases/postgresql/how-to/manage-connection-pools/ (25 connections per GB of RAM, 3 reserved)"),
  storage: source(
    "https://github.com/digitalocean/terraform-provider-digitalocean v2.71.0 digitalocean/database/resource_database_cluster.go " +
      "(storage_size_mib: TypeString, Optional, Computed, not ForceNew; Create sends it as StorageSizeMib, Update sends it with the " +
      "resize request only when it changed) and https://docs.digitalocean.com/reference/doctl/reference/databases/resize " +
      "(\"for PostgreSQL and MySQL clusters ... scale the storage up to 15 TB, depending on your plan. You cannot reduce the storage size\"); " +
      "https://docs.digitalocean.com/reference/doctl/reference/databases/storage-autoscale/update/ (storage grows in 10 GiB increments by default); " +
      "the API's create example pairs db-s-2vcpu-4gb with storage_size_mib 61440 (60 GiB, that plan's base)",
  ),
  /**
   * Included storage per plan and the price of storage beyond it are on
   * www.digitalocean.com/pricing/managed-databases, which was not reachable: the figures below are
   * the published ones as remembered from that page (base disk per plan; additional storage per GiB
   * per month, per node), not re-read. Priced per node so the estimate errs high.
   */
  storagePrices: source("https://www.digitalocean.com/pricing/managed-databases (not reachable when read; see DATABASE_STORAGE)"),
  /** Per-slug prices are on www.digitalocean.com/pricing/managed-databases, which was not reachable. */
  prices: source("third-party price tables agreeing with seed 002's DB tier table ($15 / $30 / $60 / $120 / $240)"),
} as const;

export const ENGINES = {
  mysql: { label: "MySQL", maxStandbyNodes: 2, readOnlyNodes: true },
  pg: { label: "PostgreSQL", maxStandbyNodes: 2, readOnlyNodes: true },
  valkey: { label: "Valkey", maxStandbyNodes: 1, readOnlyNodes: true },
} as const;

export type Engine = keyof typeof ENGINES;
export type SqlEngine = Exclude<Engine, "valkey">;

export function isEngine(value: unknown): value is Engine {
  return typeof value === "string" && Object.hasOwn(ENGINES, value);
}

/**
 * Major versions per engine. `orderable: false` marks versions past DigitalOcean's end of
 * availability on the date the source was read: existing clusters keep running, new ones fail.
 */
export const ENGINE_VERSIONS = {
  mysql: { "8": { orderable: true } },
  pg: {
    "14": { orderable: false, endOfAvailability: "2026-05-12", endOfLife: "2026-11-12" },
    "15": { orderable: true, endOfAvailability: "2027-05-12", endOfLife: "2027-11-11" },
    "16": { orderable: true, endOfAvailability: "2028-05-09", endOfLife: "2028-11-09" },
    "17": { orderable: true, endOfAvailability: "2029-05-08", endOfLife: "2029-11-08" },
  },
  valkey: { "8": { orderable: true } },
} as const satisfies Record<Engine, Record<string, { readonly orderable: boolean; readonly endOfAvailability?: string; readonly endOfLife?: string }>>;

export type EngineVersion<E extends Engine> = keyof (typeof ENGINE_VERSIONS)[E] & string;

export function orderableVersions(engine: Engine): string[] {
  return Object.entries(ENGINE_VERSIONS[engine]).filter(([, v]) => v.orderable).map(([k]) => k);
}

export interface DatabasePlan {
  readonly vcpus: number;
  readonly memoryGib: number;
  /** Price of one node (primary, standby or read-only) per month. */
  readonly monthlyUsdPerNode: number;
  /** Disk included in the plan for MySQL and PostgreSQL (DATABASE_SOURCES.storagePrices); null where the plan is cache-only. */
  readonly includedStorageGib: number | null;
  readonly engines: readonly Engine[];
}

const ALL_ENGINES: readonly Engine[] = ["mysql", "pg", "valkey"];

/**
 * Shared-CPU plans. A standby node is assumed to cost what the primary costs (no public source
 * gives a separate price), so estimates err high, not low.
 */
export const DATABASE_SIZES = {
  "db-s-1vcpu-1gb": { vcpus: 1, memoryGib: 1, monthlyUsdPerNode: 15, includedStorageGib: 10, engines: ALL_ENGINES },
  "db-s-1vcpu-2gb": { vcpus: 1, memoryGib: 2, monthlyUsdPerNode: 30, includedStorageGib: 30, engines: ALL_ENGINES },
  "db-s-2vcpu-4gb": { vcpus: 2, memoryGib: 4, monthlyUsdPerNode: 60, includedStorageGib: 60, engines: ALL_ENGINES },
  "db-s-4vcpu-8gb": { vcpus: 4, memoryGib: 8, monthlyUsdPerNode: 120, includedStorageGib: 140, engines: ALL_ENGINES },
  "db-s-6vcpu-16gb": { vcpus: 6, memoryGib: 16, monthlyUsdPerNode: 240, includedStorageGib: 290, engines: ALL_ENGINES },
  "db-s-8vcpu-32gb": { vcpus: 8, memoryGib: 32, monthlyUsdPerNode: 480, includedStorageGib: null, engines: ["valkey"] },
  "db-s-16vcpu-64gb": { vcpus: 16, memoryGib: 64, monthlyUsdPerNode: 960, includedStorageGib: null, engines: ["valkey"] },
} as const satisfies Record<string, DatabasePlan>;

export type DatabaseSize = keyof typeof DATABASE_SIZES;

export function isDatabaseSize(value: unknown): value is DatabaseSize {
  return typeof value === "string" && Object.hasOwn(DATABASE_SIZES, value);
}

export function sizesFor(engine: Engine): DatabaseSize[] {
  return (Object.keys(DATABASE_SIZES) as DatabaseSize[]).filter((s) => (DATABASE_SIZES[s].engines as readonly Engine[]).includes(engine));
}

/**
 * Storage beyond a plan's included disk (`storage_size_mib`, MySQL and PostgreSQL): added in steps
 * of `stepGib` above the plan's base, up to `maxGib`, never reduced (DATABASE_SOURCES.storage).
 * `monthlyUsdPerGib` is per node (a standby and a read-only node hold the same data).
 */
export const DATABASE_STORAGE = {
  stepGib: 10,
  /** "up to 15 TB, depending on your plan": the per-plan caps are not published where they were read. */
  maxGib: 15 * 1024,
  monthlyUsdPerGib: 0.21,
  /** Engines whose clusters take storage_size_mib here (Valkey keeps its data in memory). */
  engines: ["mysql", "pg"] as readonly Engine[],
} as const;

/** storage_size_mib as the provider takes it: a string of MiB. */
export const gibToMib = (gib: number): string => String(gib * 1024);

/**
 * Why `storageGib` is not allowed for a plan and engine, or undefined when it is: at least the
 * plan's included disk, a whole number of steps above it, at most the maximum.
 */
export function storageProblem(size: DatabaseSize, engine: Engine, storageGib: number): string | undefined {
  const base = DATABASE_SIZES[size].includedStorageGib;
  if (!DATABASE_STORAGE.engines.includes(engine) || base === null) {
    return `no storageGib: ${size} on ${engine} has no additional storage (${DATABASE_STORAGE.engines.join(", ")} plans with included disk only)`;
  }
  const steps: number[] = [];
  for (let g = base; g <= DATABASE_STORAGE.maxGib && steps.length < 4; g += DATABASE_STORAGE.stepGib) steps.push(g);
  const allowed = `${base} GiB (${size}'s included disk) up to ${DATABASE_STORAGE.maxGib} GiB in steps of ${DATABASE_STORAGE.stepGib} GiB (${steps.join(", ")}, …), or no storageGib`;
  const ok = Number.isInteger(storageGib) && storageGib >= base && storageGib <= DATABASE_STORAGE.maxGib && (storageGib - base) % DATABASE_STORAGE.stepGib === 0;
  return ok ? undefined : allowed;
}

/** Standby nodes need at least 2 GB of RAM: the smallest plan runs a primary only. */
export const MIN_STANDBY_MEMORY_GIB = 2;

export function allowsStandby(size: DatabaseSize): boolean {
  return DATABASE_SIZES[size].memoryGib >= MIN_STANDBY_MEMORY_GIB;
}

/** PgBouncer pools (PostgreSQL only) share 25 connections per GB of RAM, less 3 reserved. */
export function poolConnectionLimit(size: DatabaseSize): number {
  return 25 * DATABASE_SIZES[size].memoryGib - 3;
}

export const POOL_MODES = ["transaction", "session", "statement"] as const;
export type PoolMode = (typeof POOL_MODES)[number];

/**
 * `digitalocean_database_cluster.eviction_policy` (source: DATABASE_SOURCES.evictionPolicy).
 *
 * Provider v2.71.0, digitalocean/database/resource_database_cluster.go, CustomizeDiff:
 * `cachingEngine := engine == redisDBEngineSlug || engine == valkeyDBEngineSlug; if hasEvictionPolicy
 * && !cachingEngine { return fmt.Errorf("eviction_policy is only supported for Redis or Valkey Database
 * Clusters") }` (Valkey since PR #1367, v2.53.0). The provider applies the policy with
 * `PUT /v2/databases/{database_cluster_uuid}/eviction_policy` ("Configure the eviction policy for a
 * Caching or Valkey cluster") once the cluster is online.
 */
export const EVICTION_POLICY_ENGINES = ["redis", "valkey"] as const;

/**
 * The values the API accepts, spelled its way (underscores, not Redis's `allkeys-lru`). The provider
 * schema only checks `NoZeroValues`, so `terraform validate` passes any string; the list is
 * docs/resources/database_cluster.md's.
 */
export const EVICTION_POLICIES = ["noeviction", "allkeys_lru", "allkeys_random", "volatile_lru", "volatile_random", "volatile_ttl"] as const;
export type EvictionPolicy = (typeof EVICTION_POLICIES)[number];

/** DigitalOcean's default, and what the provider sets when the attribute is removed: a full cache refuses every write. */
export const DEFAULT_EVICTION_POLICY: EvictionPolicy = "noeviction";

/**
 * The policy of every Valkey cluster here. `volatile_lru` evicts only keys with a TTL (cache entries,
 * sessions) when memory is full, and keeps keys without one: Laravel stores queued jobs without an
 * expiry, so they are never evicted. `noeviction` (the default) would make a full cache refuse every
 * write, so the application errors; the seeds' `allkeys-lru` (Redis spelling) could evict queued jobs.
 */
export const CACHE_EVICTION_POLICY: EvictionPolicy = "volatile_lru";
