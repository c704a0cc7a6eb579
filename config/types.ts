/**
 * Types of the environment matrix. The data lives in `environments.ts` (and `presets/`); what
 * DigitalOcean offers (regions, slugs, versions) lives in `catalog/`, and the slug and region
 * fields here are typed from it, so a typo fails to compile. Nothing here knows about cdktf.
 */
import type { DatabaseSize, EngineVersion, PoolMode, SqlEngine } from "../catalog/databases";
import type { DropletSize, Image } from "../catalog/droplets";
import type { Region } from "../catalog/regions";

export const STACK_NAMES = ["dev", "staging", "prod", "dr"] as const;
export type StackName = (typeof STACK_NAMES)[number];

/** Sizing profiles of the prod stack. `launch` is the default. */
export const PROD_PROFILES = ["launch", "growth"] as const;
export type ProdProfile = (typeof PROD_PROFILES)[number];

export interface DropletGroup {
  readonly count: number;
  readonly size: DropletSize;
}

export interface MaintenanceWindow {
  readonly day: "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";
  /** UTC, HH:MM */
  readonly hour: string;
}

/** A primary managed SQL cluster owned by this stack (engine and version are platform-wide). */
export interface DatabaseClusterSpec {
  readonly kind: "cluster";
  readonly size: DatabaseSize;
  /** 1 = primary only, 2 = primary + one standby, 3 = primary + two standbys. */
  readonly nodes: number;
  /** A PgBouncer connection pool for the app (PostgreSQL only): apps connect to the pool, not the cluster. */
  readonly pool?: { readonly mode: PoolMode; readonly size: number };
}

/** A read-only replica of another stack's cluster, found by that cluster's deterministic name. */
export interface DatabaseReplicaSpec {
  readonly kind: "replica";
  readonly of: StackName;
}

export type DatabaseSpec = DatabaseClusterSpec | DatabaseReplicaSpec;

/** Engine and major version of every SQL cluster of the platform; a version typo fails to compile. */
export type DatabaseEngineConfig =
  | { readonly engine: "mysql"; readonly version: EngineVersion<"mysql"> }
  | { readonly engine: "pg"; readonly version: EngineVersion<"pg"> };

export interface CacheSpec {
  readonly size: DatabaseSize;
  readonly nodes: number;
}

export type BucketPurpose = "media" | "backups";

export interface BucketSpec {
  readonly purpose: BucketPurpose;
  readonly versioning: boolean;
  /** Days after which non-current object versions are deleted (only meaningful with versioning). */
  readonly noncurrentVersionExpiryDays?: number;
}

/** One column of docs/SIZING.md. */
export interface EnvironmentConfig {
  readonly region: Region;
  readonly vpcCidr: string;
  /** First label of the public hostname: `<hostLabel>.<domain>`. */
  readonly hostLabel: string;
  readonly app: DropletGroup;
  /** Queue + scheduler droplets. With 0, the app droplets run the queue worker and scheduler too. */
  readonly worker: DropletGroup;
  /** `size_unit` of the load balancer, or null for no load balancer (DNS points at the app droplet). */
  readonly loadBalancerSizeUnit: number | null;
  readonly database: DatabaseSpec;
  /** More clusters with their own purpose (seed 001's audit database): `<app>-<stack>-<engine>-<purpose>`. */
  readonly extraDatabases?: Readonly<Record<string, DatabaseClusterSpec>>;
  /** Valkey, or null for none. */
  readonly cache: CacheSpec | null;
  /** Spaces bucket, or null for none (then no CDN either). */
  readonly bucket: BucketSpec | null;
  readonly cdn: boolean;
  readonly dropletBackups: boolean;
  /** CPU / memory / disk monitor alerts and the uptime check on /health. */
  readonly alerting: boolean;
  /** Whether the admin SSH CIDRs may include the whole internet (only dev). */
  readonly allowSshFromAnywhere: boolean;
  readonly maintenanceWindow: MaintenanceWindow;
  /** DigitalOcean project environment label. "Production" stacks get destroy protection and stricter policy. */
  readonly projectEnvironment: "Development" | "Staging" | "Production";
  /** Monthly budget in USD; a stack whose estimate exceeds it fails synth (rule DO-COST-1). */
  readonly budgetUsd: number;
  /** Stack-wide policy suppressions; every one needs a reason, which synth prints. */
  readonly suppressions?: readonly { readonly rule: string; readonly reason: string }[];
}

/** The parts of the prod column that differ between sizing profiles. */
export type ProdProfileSizing = Pick<
  EnvironmentConfig,
  "app" | "worker" | "loadBalancerSizeUnit" | "database" | "cache"
>;

/** Settings shared by every stack. */
export interface PlatformConfig {
  /** Prefix of every resource name and the app tag. */
  readonly app: string;
  readonly domain: string;
  /** The one stack that owns the DNS zone of `domain`; the others only add records to it. */
  readonly dnsZoneOwner: StackName;
  readonly image: Image;
  readonly database: DatabaseEngineConfig;
  readonly valkeyVersion: EngineVersion<"valkey">;
  /** Database users created by Terraform; grants are applied by a SQL migration. */
  readonly databaseUsers: readonly string[];
  /** Days after which objects under `temp/` are deleted. */
  readonly tempObjectExpiryDays: number;
  readonly state: StateBackendConfig;
}

export interface StateBackendConfig {
  readonly bucket: string;
  readonly region: Region;
}

/** Everything a stack needs, fully resolved (profiles applied, replicas resolved). */
export interface ResolvedEnvironment extends Omit<EnvironmentConfig, "database" | "extraDatabases"> {
  readonly stack: StackName;
  readonly hostname: string;
  readonly database: ResolvedDatabase;
  /** Extra clusters by purpose, resolved like the main one. */
  readonly extraDatabases: Readonly<Record<string, ResolvedDatabase>>;
}

export type ResolvedDatabase =
  | (DatabaseClusterSpec & { readonly name: string; readonly engine: SqlEngine; readonly version: string })
  | {
      readonly kind: "replica";
      /** Name of the source cluster, looked up with a data source (never remote state). */
      readonly sourceClusterName: string;
      /** Same size as the source's primary: DigitalOcean requires ≥ primary. */
      readonly size: DatabaseSize;
      readonly name: string;
      readonly engine: SqlEngine;
    };

/** One system the constructs can build: the shared settings plus the matrix, per prod profile. */
export interface Preset {
  readonly name: string;
  /** The seed document the preset expresses, and what it leaves out. */
  readonly description: string;
  readonly platform: PlatformConfig;
  environments(profile: ProdProfile): Record<StackName, EnvironmentConfig>;
}
