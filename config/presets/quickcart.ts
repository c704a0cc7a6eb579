/**
 * QuickCart (seed 001): its Python app as a container image on port 8000 under docker compose
 * (runtime `container`, health /health as in the seed's compose file), PostgreSQL main + audit
 * databases, Valkey, sgp1 with DR in fra1, seed 001's budgets. Deviations from the seed forced by
 * the catalog: the `docker-20-04` image does not exist (Ubuntu 24.04 with Docker from Ubuntu's
 * archive instead); `db-redis-s-2vcpu-4gb` is not a slug (db-s-2vcpu-4gb on Valkey); a 3-node Redis
 * cluster is not offered (Valkey allows one standby: 2 nodes). Ours: seed 001's `allkeys-lru` is set
 * as `volatile_lru`, which keeps queued jobs; the image is pinned to a version (the seed's `:latest`
 * would make every Droplet run whatever was pushed last; a deploy names the release).
 * dr replicates the main database only; the audit database's recovery is its daily backups (seed
 * 001 asks for streaming replication of "databases" without naming audit). dr can take over
 * (PLATFORM_DR_MODE=failover).
 */
import type { EnvironmentConfig, Preset, ProdProfile, StackName } from "../types";
import { WEEKLY_BACKUPS } from "../types";
import { presetPlatform } from "./platform";

const common = {
  region: "sgp1",
  worker: { count: 0, size: "s-1vcpu-2gb" },
  cdn: false,
  allowSshFromAnywhere: false,
  maintenanceWindow: { day: "sunday", hour: "18:00" },
} as const;

function environments(profile: ProdProfile): Record<StackName, EnvironmentConfig> {
  const prodApp = profile === "growth" ? 4 : 2;
  return {
    dev: {
      ...common,
      vpcCidr: "10.50.0.0/20",
      hostLabel: "dev",
      app: { count: 1, size: "s-1vcpu-1gb" },
      loadBalancerSizeUnit: null,
      database: { kind: "cluster", size: "db-s-1vcpu-1gb", nodes: 1, pool: { mode: "transaction", size: 10 } },
      cache: { size: "db-s-1vcpu-1gb", nodes: 1 },
      bucket: { purpose: "media", versioning: false },
      dropletBackups: false,
      alerting: false,
      allowSshFromAnywhere: true,
      projectEnvironment: "Development",
      budgetUsd: 50,
    },
    staging: {
      ...common,
      vpcCidr: "10.60.0.0/20",
      hostLabel: "staging",
      app: { count: 1, size: "s-1vcpu-2gb" },
      loadBalancerSizeUnit: 1,
      database: { kind: "cluster", size: "db-s-2vcpu-4gb", nodes: 1, pool: { mode: "transaction", size: 20 } },
      cache: { size: "db-s-1vcpu-2gb", nodes: 1 },
      bucket: { purpose: "media", versioning: false },
      dropletBackups: false,
      alerting: true,
      projectEnvironment: "Staging",
      budgetUsd: 150,
    },
    prod: {
      ...common,
      vpcCidr: "10.70.0.0/20",
      hostLabel: "shop",
      app: { count: prodApp, size: "s-2vcpu-4gb" },
      loadBalancerSizeUnit: 1,
      // Seed 001 DATABASE_SCALING: one read replica in sgp1, the primary's region.
      database: { kind: "cluster", size: "db-s-4vcpu-8gb", nodes: 2, pool: { mode: "transaction", size: 20 }, readReplica: { size: "db-s-4vcpu-8gb" } },
      // Seed 001: the audit database's 200 GB ("larger for permanent audit logs"); the plan includes 60.
      extraDatabases: { audit: { kind: "cluster", size: "db-s-2vcpu-4gb", nodes: 2, storageGib: 200 } },
      cache: { size: "db-s-2vcpu-4gb", nodes: 2 },
      bucket: { purpose: "backups", versioning: true, noncurrentVersionExpiryDays: 90 },
      dropletBackups: WEEKLY_BACKUPS,
      alerting: true,
      projectEnvironment: "Production",
      budgetUsd: 800,
    },
    dr: {
      ...common,
      region: "fra1",
      vpcCidr: "10.80.0.0/20",
      hostLabel: "dr",
      app: { count: 1, size: "s-2vcpu-4gb" },
      loadBalancerSizeUnit: 1,
      database: { kind: "replica", of: "prod" },
      // Seed 001's streaming replication of "databases": the audit database too (its size and 200 GB disk follow prod's).
      extraDatabases: { audit: { kind: "replica", of: "prod" } },
      cache: { size: "db-s-1vcpu-1gb", nodes: 1 },
      bucket: { purpose: "backups", versioning: true, noncurrentVersionExpiryDays: 90 },
      // Seed 001: hourly database backups kept 90 days (backup_retention), application data copied
      // across regions daily and kept 90 days (cross_region_backup).
      backupJobs: {
        copy: { from: "prod", schedule: "*-*-* 01:00:00", staleAfterHours: 26 },
        dump: { schedule: "hourly", retentionDays: 90, staleAfterHours: 3 },
      },
      dropletBackups: WEEKLY_BACKUPS,
      alerting: true,
      projectEnvironment: "Production",
      // Seed 001 sets no DR budget; the replica alone matches prod's 8 GB primary ($120). Raised from
      // $250 for the audit replica (db-s-2vcpu-4gb, $60, and its 140 GiB over the plan's disk, $29.40):
      // $270.20 estimated.
      budgetUsd: 300,
    },
  };
}

export const QUICKCART: Preset = {
  name: "quickcart",
  description: "QuickCart (seed 001): a container on :8000 under docker compose, PostgreSQL 17 main + audit with standby, pooler, Valkey, sgp1, DR replica in fra1",
  // State in ams3, outside prod's region: dr's plan reads it in an outage of prod's region (validateStateRegion).
  platform: presetPlatform("quickcart", "quickcart.id", { engine: "pg", version: "17" }, "ams3", {
    kind: "container",
    image: "ghcr.io/quickcart/app:1.0.0",
    port: 8000,
    healthPath: "/health",
    maxUploadMb: 10,
  }),
  environments,
};
