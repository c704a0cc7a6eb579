/**
 * The sizing matrix of the default system (BizSocials, seed 000): one entry per stack, one line per
 * cell of docs/SIZING.md. Change a size here and in its doc row; the tests compare the two.
 * Budgets: seed 001's dev $50 / staging $150 / prod $800; dr $150 (ours: a warm standby sized like
 * staging, with room for the growth profile's larger replica).
 */
import { stateBackend } from "./presets/platform";
import type { EnvironmentConfig, PlatformConfig, ProdProfile, ProdProfileSizing, StackName } from "./types";
import { WEEKLY_BACKUPS } from "./types";

export const PLATFORM: PlatformConfig = {
  app: "bizsocials",
  domain: "bizsocials.io",
  dnsZoneOwner: "prod",
  image: "ubuntu-24-04-x64",
  // seed 000 §4: Laravel on PHP 8.3-FPM. Health: Laravel 11's built-in /up (seed 000's /health route
  // sits in routes/api.php, so it answers /api/health and checks the database and Redis: a database
  // outage would take every backend out of the load balancer). Uploads: media posts, 100 MB.
  runtime: {
    kind: "laravel",
    healthPath: "/up",
    maxUploadMb: 100,
    // Laravel's default retry_after is 90 s; --timeout stays 30 s below it (seed 000 ran 90 = 90).
    queue: { processes: 2, tries: 3, timeoutSeconds: 60, retryAfterSeconds: 90 },
  },
  database: { engine: "mysql", version: "8" },
  valkeyVersion: "8",
  databaseUsers: ["bizsocials_app", "bizsocials_migrate", "bizsocials_readonly"],
  tempObjectExpiryDays: 1,
  state: stateBackend("bizsocials", "ams3"),
};

export const PROD_PROFILE_SIZING: Readonly<Record<ProdProfile, ProdProfileSizing>> = {
  launch: {
    app: { count: 2, size: "s-2vcpu-2gb" },
    worker: { count: 1, size: "s-1vcpu-2gb" },
    loadBalancerSizeUnit: 1,
    database: { kind: "cluster", size: "db-s-1vcpu-2gb", nodes: 2 },
    cache: { size: "db-s-1vcpu-1gb", nodes: 1 },
  },
  growth: {
    app: { count: 4, size: "s-2vcpu-4gb" },
    worker: { count: 2, size: "s-1vcpu-2gb" },
    loadBalancerSizeUnit: 2,
    database: { kind: "cluster", size: "db-s-2vcpu-4gb", nodes: 2 },
    cache: { size: "db-s-1vcpu-2gb", nodes: 1 },
  },
};

export const DEFAULT_PROD_PROFILE: ProdProfile = "launch";

export function environments(profile: ProdProfile): Record<StackName, EnvironmentConfig> {
  return {
    dev: {
      region: "nyc3",
      vpcCidr: "10.10.0.0/20",
      hostLabel: "dev",
      app: { count: 1, size: "s-1vcpu-1gb" },
      worker: { count: 0, size: "s-1vcpu-2gb" },
      loadBalancerSizeUnit: null,
      database: { kind: "cluster", size: "db-s-1vcpu-1gb", nodes: 1 },
      cache: { size: "db-s-1vcpu-1gb", nodes: 1 },
      bucket: { purpose: "media", versioning: false },
      cdn: false,
      dropletBackups: false,
      alerting: false,
      allowSshFromAnywhere: true,
      maintenanceWindow: { day: "saturday", hour: "03:00" },
      projectEnvironment: "Development",
      budgetUsd: 50,
    },
    staging: {
      region: "nyc3",
      vpcCidr: "10.20.0.0/20",
      hostLabel: "staging",
      app: { count: 1, size: "s-2vcpu-2gb" },
      worker: { count: 1, size: "s-1vcpu-2gb" },
      loadBalancerSizeUnit: 1,
      database: { kind: "cluster", size: "db-s-1vcpu-1gb", nodes: 1 },
      cache: { size: "db-s-1vcpu-1gb", nodes: 1 },
      bucket: { purpose: "media", versioning: false },
      cdn: true,
      dropletBackups: false,
      alerting: true,
      allowSshFromAnywhere: false,
      maintenanceWindow: { day: "saturday", hour: "03:00" },
      projectEnvironment: "Staging",
      budgetUsd: 150,
    },
    prod: {
      region: "nyc3",
      vpcCidr: "10.30.0.0/20",
      hostLabel: "app",
      ...PROD_PROFILE_SIZING[profile],
      bucket: { purpose: "media", versioning: true, noncurrentVersionExpiryDays: 30 },
      cdn: true,
      dropletBackups: WEEKLY_BACKUPS,
      alerting: true,
      allowSshFromAnywhere: false,
      maintenanceWindow: { day: "sunday", hour: "03:00" },
      projectEnvironment: "Production",
      budgetUsd: 800,
    },
    dr: {
      region: "fra1",
      vpcCidr: "10.40.0.0/20",
      hostLabel: "dr",
      app: { count: 1, size: "s-2vcpu-2gb" },
      worker: { count: 0, size: "s-1vcpu-2gb" },
      loadBalancerSizeUnit: 1,
      database: { kind: "replica", of: "prod" },
      cache: { size: "db-s-1vcpu-1gb", nodes: 1 },
      bucket: { purpose: "backups", versioning: true, noncurrentVersionExpiryDays: 90 },
      // Seed 000 §11: media synced to a backup bucket, and a weekly mysqldump kept 30 days.
      backupJobs: {
        copy: { from: "prod", schedule: "*-*-* 01:30:00", staleAfterHours: 26 },
        dump: { schedule: "Sun *-*-* 05:00:00", retentionDays: 30, staleAfterHours: 170 },
      },
      cdn: false,
      dropletBackups: WEEKLY_BACKUPS,
      alerting: true,
      allowSshFromAnywhere: false,
      maintenanceWindow: { day: "sunday", hour: "04:00" },
      projectEnvironment: "Production",
      budgetUsd: 150,
    },
  };
}
