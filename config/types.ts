/**
 * Types of the environment matrix. The data lives in `environments.ts` (and `presets/`); what
 * DigitalOcean offers (regions, slugs, versions) lives in `catalog/`, and the slug and region
 * fields here are typed from it, so a typo fails to compile. Nothing here knows about cdktf.
 */
import type { DatabaseSize, EngineVersion, PoolMode, SqlEngine } from "../catalog/databases";
import type { DropletSize, Image } from "../catalog/droplets";
import type { Region } from "../catalog/regions";
import type { ProcessRole, RuntimeConfig } from "../runtimes/types";
import type { AppPlatformComputeConfig, AppPlatformSizing } from "./app-platform";

export const STACK_NAMES = ["dev", "staging", "prod", "dr"] as const;
export type StackName = (typeof STACK_NAMES)[number];

/**
 * Who serves the app. `standby`: prod does, dr stands by (web only, its database a read-only
 * replica). `failover`: dr has taken over (its replica promoted): it runs the jobs and serves prod's
 * hostname, and prod's DNS record points at dr. Selected with PLATFORM_DR_MODE.
 */
export const DR_MODES = ["standby", "failover"] as const;
export type DrMode = (typeof DR_MODES)[number];

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
  /**
   * Disk per node in GiB (`storage_size_mib`), when more than the plan includes: at least the plan's
   * included disk, in steps above it, up to the maximum (catalog/databases.ts DATABASE_STORAGE).
   * Storage is never reduced by DigitalOcean; without it the plan's base disk.
   */
  readonly storageGib?: number;
  /**
   * A read-only node of this cluster in the same region and VPC (`digitalocean_database_replica`),
   * named `<cluster>-read`; its size at least the primary's (DigitalOcean refuses a smaller one).
   */
  readonly readReplica?: { readonly size: DatabaseSize };
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

/** What every stack's column has, whatever runs the app (the data tier, network, budget). */
export interface SharedEnvironmentConfig {
  readonly region: Region;
  readonly vpcCidr: string;
  /**
   * First label of the stack's base name `<hostLabel>.<domain>`, or "@" for the zone apex (the
   * base is `<domain>` itself). Every name of the platform's `hostnames` lives under the base.
   */
  readonly hostLabel: string;
  readonly database: DatabaseSpec;
  /**
   * More clusters with their own purpose (seed 001's audit database): `<app>-<stack>-<engine>-<purpose>`,
   * or a read-only replica of another stack's cluster of the same purpose.
   */
  readonly extraDatabases?: Readonly<Record<string, DatabaseSpec>>;
  /** Valkey, or null for none. */
  readonly cache: CacheSpec | null;
  /** Spaces bucket, or null for none (then no CDN either). */
  readonly bucket: BucketSpec | null;
  readonly cdn: boolean;
  /** Alerts (Droplet or App Platform metrics), the data tier's alerts and the uptime check on the health path. */
  readonly alerting: boolean;
  readonly maintenanceWindow: MaintenanceWindow;
  /** DigitalOcean project environment label. "Production" stacks get destroy protection and stricter policy. */
  readonly projectEnvironment: "Development" | "Staging" | "Production";
  /** Monthly budget in USD; a stack whose estimate exceeds it fails synth (rule DO-COST-1). */
  readonly budgetUsd: number;
  /** Stack-wide policy suppressions; every one needs a reason, which synth prints. */
  readonly suppressions?: readonly { readonly rule: string; readonly reason: string }[];
}

/** One column of docs/SIZING.md for a preset whose app runs on Droplets. */
export interface EnvironmentConfig extends SharedEnvironmentConfig {
  readonly app: DropletGroup;
  /** Worker Droplets (queue workers, the scheduler). With 0, the app Droplets run the workers and one of them the scheduler. */
  readonly worker: DropletGroup;
  /** `size_unit` of the load balancer, or null for no load balancer (DNS points at the app droplet). */
  readonly loadBalancerSizeUnit: number | null;
  /**
   * Droplet backups and their schedule, or false. Always explicit: with `backups = true` and no
   * `backup_policy` the provider backs up daily (docs/resources/droplet.md, v2.71.0: "If omitted
   * and backups is true, the backup plan will default to daily"), which costs more than weekly.
   */
  readonly dropletBackups: false | DropletBackupPolicy;
  /** Copies and dumps into this stack's bucket, as systemd timers on one Droplet of this stack. */
  readonly backupJobs?: BackupJobsConfig;
  /** Whether the admin SSH CIDRs may include the whole internet (only dev). */
  readonly allowSshFromAnywhere: boolean;
  /**
   * An alert on the app Droplets' CPU (by the app role's tag, with alerting) at a level below the
   * general Droplet CPU alert, saying what ops do: where a seed asks for autoscaling that this
   * platform's deploy model cannot do (config/presets/quickcart.ts), this is what replaces it.
   */
  readonly scaleOutAlert?: { readonly cpuPercent: number; readonly action: string };
}

/**
 * One column of docs/SIZING.md for a preset whose app runs on App Platform: the shared rows plus
 * a size and a count (or autoscaling bounds) per component. No Droplet, SSH key, Droplet backup or
 * load balancer: App Platform runs and balances the instances itself.
 */
export interface AppPlatformEnvironmentConfig extends SharedEnvironmentConfig {
  readonly appPlatform: AppPlatformSizing;
}

/** The Droplet-only fields of a column: an App Platform preset that sets one is refused (config/validate-app-platform.ts). */
export const DROPLET_ONLY_ENVIRONMENT_FIELDS = ["app", "worker", "loadBalancerSizeUnit", "dropletBackups", "backupJobs", "allowSshFromAnywhere"] as const;

/** The parts of the prod column that differ between sizing profiles. */
export type ProdProfileSizing = Pick<
  EnvironmentConfig,
  "app" | "worker" | "loadBalancerSizeUnit" | "database" | "cache"
>;

/** A Droplet backup schedule as the API takes it: hour is the start of a 4-hour window, UTC. */
export interface DropletBackupPolicy {
  readonly plan: "daily" | "weekly";
  readonly weekday: "SUN" | "MON" | "TUE" | "WED" | "THU" | "FRI" | "SAT";
  readonly hour: 0 | 4 | 8 | 12 | 16 | 20;
}

/**
 * Jobs that write into this stack's (backups) bucket. They run on this stack's first app Droplet,
 * as systemd timers, with Spaces keys scoped to the buckets they touch; a heartbeat on that Droplet,
 * watched by an uptime check, goes away when a run fails or none succeeded for `staleAfterHours`.
 */
export interface BackupJobsConfig {
  /**
   * Copy `from`'s bucket into this one under `<from>-<purpose>/` (rclone sync: what is deleted or
   * overwritten at the source becomes an old version here, kept `bucket.noncurrentVersionExpiryDays`).
   * The source must be in another region.
   */
  readonly copy?: BackupJobSchedule & { readonly from: StackName };
  /** Dumps of this stack's database (dr: its read-only replica) under `database/YYYY/MM/DD/`, deleted after `retentionDays`. */
  readonly dump?: BackupJobSchedule & { readonly retentionDays: number };
}

export interface BackupJobSchedule {
  /** systemd `OnCalendar=` expression, UTC (the Droplets run in UTC). */
  readonly schedule: string;
  /** Hours without a successful run after which the heartbeat goes away (the uptime check pages). */
  readonly staleAfterHours: number;
}

/** Weekly, Sunday 04:00–08:00 UTC: after the Sunday 03:00 database maintenance window of prod. */
export const WEEKLY_BACKUPS: DropletBackupPolicy = { plan: "weekly", weekday: "SUN", hour: 4 };

/**
 * What a public hostname serves. `name` is relative to the stack's base name (`<hostLabel>.<domain>`,
 * or `<domain>` for hostLabel "@"): "@" is the base itself, else one DNS label ("www", "api").
 */
export type HostnameSpec =
  /** The app (through the load balancer, or on the web Droplets without one; on App Platform, its app service). */
  | { readonly name: string; readonly serves: "app" }
  /** The frontend's static files from the release's `frontend/` (an SPA: unknown paths fall back to /index.html; on App Platform, the component routed at "/"). */
  | { readonly name: string; readonly serves: "frontend" }
  /** A 301 to another declared name (not a redirect), same path and query. */
  | { readonly name: string; readonly serves: "redirect"; readonly to: string }
  /** The bucket's CDN custom domain (at most one per platform; needs prod's cdn = true). */
  | { readonly name: string; readonly serves: "cdn" };

/** Settings shared by every stack, whatever runs the app. */
export interface SharedPlatformConfig {
  /** Prefix of every resource name and the app tag. */
  readonly app: string;
  readonly domain: string;
  /**
   * The public hostnames every stack serves under its base name, in order (default: the base
   * serves the app). A stack without a CDN drops the "cdn" entry and the redirects to it.
   */
  readonly hostnames?: readonly HostnameSpec[];
  /** The one stack that owns the DNS zone of `domain` (and the container registry); the others only add records to it. */
  readonly dnsZoneOwner: StackName;
  readonly database: DatabaseEngineConfig;
  readonly valkeyVersion: EngineVersion<"valkey">;
  /** Database users created by Terraform; grants are applied by a SQL migration. */
  readonly databaseUsers: readonly string[];
  /** Days after which objects under `temp/` are deleted. */
  readonly tempObjectExpiryDays: number;
  readonly state: StateBackendConfig;
  /**
   * What the Droplets may reach, where the preset names it (seed 001: "443 and the database"). Without
   * it the Droplet firewall lets everything out and DO-FW-2 is suppressed with the reason. With it:
   * each port here to any address, one rule per port, and TCP to the stack's VPC range only
   * (databases, pools, Valkey: their ports are DigitalOcean's); nothing else, DO-FW-2 applied.
   */
  readonly egress?: EgressConfig;
}

/** Ports the Droplets may open connections to on any address (Cloud Firewalls are stateful: replies to inbound traffic need no rule). */
export interface EgressConfig {
  readonly tcpPorts: readonly number[];
  readonly udpPorts: readonly number[];
}

/** Settings shared by every stack of a preset whose app runs on Droplets. */
export interface PlatformConfig extends SharedPlatformConfig {
  /** Droplets (the default; App Platform presets set `compute` to their components). */
  readonly compute?: undefined;
  readonly image: Image;
  /** What the Droplets run (runtimes/): its kind picks the runtime, the rest configures it. */
  readonly runtime: RuntimeConfig;
}

/** Settings shared by every stack of a preset whose app runs on App Platform. */
export interface AppPlatformConfig extends SharedPlatformConfig {
  readonly compute: AppPlatformComputeConfig;
}

/** The Droplet-only platform fields: an App Platform preset that sets one is refused. */
export const DROPLET_ONLY_PLATFORM_FIELDS = ["image", "runtime"] as const;

export type AnyPlatformConfig = PlatformConfig | AppPlatformConfig;

/** The two kinds of compute a stack can run its app on. */
export const COMPUTE_KINDS = ["droplets", "app-platform"] as const;
export type ComputeKind = (typeof COMPUTE_KINDS)[number];

export function computeKindOf(platform: AnyPlatformConfig): ComputeKind {
  return platform.compute?.kind === "app-platform" ? "app-platform" : "droplets";
}

export function isAppPlatform(platform: AnyPlatformConfig): platform is AppPlatformConfig {
  return computeKindOf(platform) === "app-platform";
}

/**
 * Where Terraform state lives. The `bootstrap` stack (local backend, run once) creates one private,
 * versioned bucket per entry of `buckets`, named `<bucketPrefix>-<id>`, and a Spaces key scoped to
 * each; every environment stack's S3 backend points at the bucket that lists it. Production and
 * non-production state never share a bucket, so the key that can run dev cannot read prod's
 * state (and the database passwords in it).
 */
export interface StateBackendConfig {
  readonly region: Region;
  /** Bucket names are `<bucketPrefix>-<id>` (Spaces bucket names are global: override with PLATFORM_STATE_BUCKET_PREFIX). */
  readonly bucketPrefix: string;
  readonly buckets: readonly StateBucketConfig[];
  /** Days the bootstrap buckets keep superseded state versions (a bad apply can be rolled back). */
  readonly noncurrentVersionDays: number;
  /** Monthly budget of the bootstrap stack in USD (rule DO-COST-1 applies to it as to any stack). */
  readonly bootstrapBudgetUsd: number;
}

export interface StateBucketConfig {
  /** Suffix of the bucket name and prefix of the bootstrap's outputs: `nonprod`, `prod`. */
  readonly id: string;
  /** The stacks whose state this bucket holds; every stack is in exactly one bucket. */
  readonly stacks: readonly StackName[];
}

/** The stack that creates the state buckets; synthesized only when selected by name. */
export const BOOTSTRAP_STACK = "bootstrap";

/** One Droplet of the stack and the processes it runs (delivered by the deploy command, not cloud-init). */
export interface DropletPlan {
  /** Construct id and name suffix: `app-1`, `worker-1`. */
  readonly id: string;
  readonly group: "app" | "worker";
  readonly roles: readonly ProcessRole[];
}

/** Everything a stack needs, fully resolved (profiles applied, replicas resolved). */
export interface ResolvedEnvironment extends Omit<EnvironmentConfig, "database" | "extraDatabases"> {
  readonly stack: StackName;
  /** The app's own public hostname: the first name that serves "app" (APP_URL, the uptime check, the health host). */
  readonly hostname: string;
  /**
   * Every name the web tier answers and its entry point's certificate covers (all but "cdn"): the
   * app's hostname first, its other names, then those of the stack it stands by for.
   */
  readonly hostnames: readonly string[];
  /** Every public name this stack serves, declared order: its own, then (standby) the source's but its CDN. */
  readonly publicHostnames: readonly ResolvedHostname[];
  /** The hostname the app is reached at right now (APP_URL): prod's while dr stands by, until failover. */
  readonly appHostname: string;
  readonly database: ResolvedDatabase;
  /** Extra clusters by purpose, resolved like the main one. */
  readonly extraDatabases: Readonly<Record<string, ResolvedDatabase>>;
  /** Every Droplet with its roles: exactly one scheduler where jobs run, none where they do not. */
  readonly droplets: readonly DropletPlan[];
  /** The takeover pair this stack belongs to (dr and the stack it stands by for), with the mode. */
  readonly takeover?: Takeover;
  /** The backup jobs, resolved: which Droplet runs them and where the copy's source bucket is. */
  readonly backups?: ResolvedBackupJobs;
}

/** One public name as a stack serves it. */
export interface ResolvedHostname {
  readonly fqdn: string;
  readonly serves: HostnameSpec["serves"];
  /** For "redirect": the fqdn it redirects to. */
  readonly redirectTo?: string;
  /** The stack whose name it is: this one, or (on the standby) the stack it stands by for. */
  readonly of: StackName;
  /** The construct id of its DNS record (own names but "cdn"): `host` for the app's hostname, else `host-<name>`. */
  readonly recordId?: string;
}

export interface ResolvedBackupJobs {
  /** The Droplet (plan id, `app-1`) whose user_data holds the timers: exactly one per stack. */
  readonly host: string;
  readonly copy?: BackupJobSchedule & {
    readonly from: StackName;
    /**
     * Where the source stack's state lives (its `bucket_name` output names the source bucket, whose
     * suffix is random): the state bucket, key and region, never the source's own region.
     */
    readonly sourceState: { readonly bucket: string; readonly key: string; readonly region: Region };
    /** The source bucket's region (for the copy job's endpoint; nothing in the plan reads it). */
    readonly sourceRegion: Region;
    /** Key prefix in this stack's bucket, `<from>-<purpose>/`. */
    readonly prefix: string;
  };
  readonly dump?: BackupJobSchedule & { readonly retentionDays: number; readonly prefix: string };
}

/**
 * A stack that holds a read-only replica of another stack's database and has a load balancer can
 * take over that stack's hostname. Both sides know the pair: the standby (dr) and the source (prod).
 */
export interface Takeover {
  readonly mode: DrMode;
  /** This stack's side. */
  readonly side: "standby" | "source";
  readonly standby: StackName;
  readonly source: StackName;
  /** The source's public hostname, which the standby serves after failover. */
  readonly hostname: string;
  /** Name of the standby's load balancer, which the source's DNS record points at after failover. */
  readonly standbyLoadBalancer: string;
  /** TXT record (relative name) the standby writes on failover; both sides refuse standby mode while it exists. */
  readonly marker: string;
}

export type ResolvedDatabase =
  | (DatabaseClusterSpec & { readonly name: string; readonly engine: SqlEngine; readonly version: string })
  | {
      readonly kind: "replica";
      /** Name of the source cluster, looked up with a data source (never remote state). */
      readonly sourceClusterName: string;
      /** Same size as the source's primary: DigitalOcean requires ≥ primary. */
      readonly size: DatabaseSize;
      /** The source's disk (GiB) where it has more than its plan includes: the replica holds the same data. */
      readonly storageGib?: number;
      readonly name: string;
      readonly engine: SqlEngine;
    }
  | {
      /**
       * The replica after `doctl databases replica promote`: a cluster of its own, found by the name
       * the operator gives (PLATFORM_DR_PROMOTED_CLUSTER), not by the name the replica had: nothing
       * documents that a promoted replica keeps its name.
       */
      readonly kind: "promoted";
      readonly name: string;
      readonly engine: SqlEngine;
    };

/** One system the constructs can build on Droplets: the shared settings plus the matrix, per prod profile. */
export interface DropletPreset {
  readonly name: string;
  /** The seed document the preset expresses, and what it leaves out. */
  readonly description: string;
  readonly platform: PlatformConfig;
  environments(profile: ProdProfile): Record<StackName, EnvironmentConfig>;
}

/** One system the constructs can build on App Platform. */
export interface AppPlatformPreset {
  readonly name: string;
  readonly description: string;
  readonly platform: AppPlatformConfig;
  environments(profile: ProdProfile): Record<StackName, AppPlatformEnvironmentConfig>;
}

export type Preset = DropletPreset | AppPlatformPreset;

export function isAppPlatformPreset(preset: Preset): preset is AppPlatformPreset {
  return preset.platform.compute?.kind === "app-platform";
}

/** The resolved environment of an App Platform stack: shared rows resolved as for Droplets. */
export interface ResolvedAppPlatformEnvironment extends Omit<AppPlatformEnvironmentConfig, "database" | "extraDatabases"> {
  readonly stack: StackName;
  readonly hostname: string;
  readonly hostnames: readonly string[];
  readonly appHostname: string;
  /** The stack's public names and what each serves (App Platform domains and ingress). */
  readonly publicHostnames: readonly ResolvedHostname[];
  readonly database: ResolvedDatabase;
  readonly extraDatabases: Readonly<Record<string, ResolvedDatabase>>;
}

export type AnyResolvedEnvironment = ResolvedEnvironment | ResolvedAppPlatformEnvironment;
