/**
 * BulletDrop (seed 003): a FastAPI app in a venv under gunicorn with uvicorn workers on
 * 127.0.0.1:8000, nginx in front, alembic migrations on deploy (runtime `python`); app Droplets
 * behind a load balancer, managed PostgreSQL, Spaces + CDN, backups and monitoring on, nyc3.
 * Deviations: Python is Ubuntu 24.04's 3.12 (its archive has no 3.11); the seed's prod database is
 * the 1 GB plan on one node, but prod needs a standby (rule DO-DB-2) and DigitalOcean allows none on
 * 1 GB, so prod uses db-s-1vcpu-2gb × 2. The seed has no queue and no cache: no worker Droplets.
 * The app must answer GET /health (the seed names no health route). dr can take over
 * (PLATFORM_DR_MODE=failover). Hostnames (seed 003's subdomain strategy): the frontend's built
 * static files on the apex (an SPA, from `frontend/` of the release archive), www a 301 to the apex,
 * the API (the app: APP_URL, health and uptime checks) on api, the bucket's Spaces CDN on cdn. The
 * seed's img, shots and media served uploads from the Droplet's disk; uploads live in Spaces here,
 * so those names are 301s to cdn, same path (an upload's URL is the CDN's). Every stack serves the
 * same set under its own name (api.staging.bulletdrop.com); dev and dr have no CDN, so no cdn, img,
 * shots or media. The app moved from shots.bulletdrop.com to api.bulletdrop.com.
 */
import type { DropletPreset, EnvironmentConfig, ProdProfile, StackName } from "../types";
import { WEEKLY_BACKUPS } from "../types";
import { presetPlatform } from "./platform";

const common = {
  region: "nyc3",
  cache: null,
  allowSshFromAnywhere: false,
  maintenanceWindow: { day: "sunday", hour: "05:00" },
} as const;

function environments(profile: ProdProfile): Record<StackName, EnvironmentConfig> {
  return {
    dev: {
      ...common,
      vpcCidr: "10.90.0.0/20",
      hostLabel: "dev",
      app: { count: 1, size: "s-1vcpu-1gb" },
      worker: { count: 0, size: "s-1vcpu-2gb" },
      loadBalancerSizeUnit: null,
      database: { kind: "cluster", size: "db-s-1vcpu-1gb", nodes: 1 },
      bucket: { purpose: "media", versioning: false },
      cdn: false,
      dropletBackups: false,
      alerting: false,
      allowSshFromAnywhere: true,
      projectEnvironment: "Development",
      budgetUsd: 50,
    },
    staging: {
      ...common,
      vpcCidr: "10.91.0.0/20",
      hostLabel: "staging",
      app: { count: 1, size: "s-2vcpu-2gb" },
      worker: { count: 0, size: "s-1vcpu-2gb" },
      loadBalancerSizeUnit: 1,
      database: { kind: "cluster", size: "db-s-1vcpu-1gb", nodes: 1 },
      bucket: { purpose: "media", versioning: false },
      cdn: true,
      dropletBackups: false,
      alerting: true,
      projectEnvironment: "Staging",
      budgetUsd: 100,
    },
    prod: {
      ...common,
      vpcCidr: "10.92.0.0/20",
      // Seed 003's names live on the apex: bulletdrop.com, api.bulletdrop.com, cdn.bulletdrop.com…
      hostLabel: "@",
      app: { count: profile === "growth" ? 2 : 1, size: "s-2vcpu-4gb" },
      worker: { count: 0, size: "s-2vcpu-2gb" },
      loadBalancerSizeUnit: 1,
      database: { kind: "cluster", size: "db-s-1vcpu-2gb", nodes: 2 },
      bucket: { purpose: "media", versioning: true, noncurrentVersionExpiryDays: 30 },
      cdn: true,
      dropletBackups: WEEKLY_BACKUPS,
      alerting: true,
      projectEnvironment: "Production",
      budgetUsd: 200,
    },
    dr: {
      ...common,
      region: "sfo3",
      vpcCidr: "10.93.0.0/20",
      hostLabel: "dr",
      app: { count: 1, size: "s-2vcpu-2gb" },
      worker: { count: 0, size: "s-1vcpu-2gb" },
      loadBalancerSizeUnit: 1,
      database: { kind: "replica", of: "prod" },
      bucket: { purpose: "backups", versioning: true, noncurrentVersionExpiryDays: 90 },
      // Seed 003 §Automated Backups: a daily pg_dump and the uploads at 02:00, local copies kept 7 days.
      backupJobs: {
        copy: { from: "prod", schedule: "*-*-* 02:00:00", staleAfterHours: 26 },
        dump: { schedule: "*-*-* 02:15:00", retentionDays: 7, staleAfterHours: 26 },
      },
      cdn: false,
      dropletBackups: WEEKLY_BACKUPS,
      alerting: true,
      projectEnvironment: "Production",
      budgetUsd: 100,
    },
  };
}

export const BULLETDROP: DropletPreset = {
  name: "bulletdrop",
  description: "BulletDrop (seed 003): FastAPI under gunicorn/uvicorn behind nginx and a load balancer, PostgreSQL 17 with standby in prod, Spaces + CDN",
  // State in ams3, outside prod's region: dr's plan reads it in an outage of prod's region (validateStateRegion).
  platform: {
    ...presetPlatform("bulletdrop", "bulletdrop.com", { engine: "pg", version: "17" }, "ams3", {
      kind: "python",
      module: "app.main:app",
      port: 8000,
      workers: 4,
      healthPath: "/health",
      // seed 003: uploads up to 100 MB (client_max_body_size 100M).
      maxUploadMb: 100,
      migrate: { command: ["alembic", "upgrade", "head"] },
    }),
    // Seed 003's subdomain strategy, under every stack's base name (staging: api.staging.bulletdrop.com).
    // Uploads live in Spaces behind the CDN, so the seed's file-serving names redirect to it; dev and
    // dr have no CDN and drop cdn, img, shots and media.
    hostnames: [
      { name: "@", serves: "frontend" },
      { name: "www", serves: "redirect", to: "@" },
      { name: "api", serves: "app" },
      { name: "cdn", serves: "cdn" },
      { name: "img", serves: "redirect", to: "cdn" },
      { name: "shots", serves: "redirect", to: "cdn" },
      { name: "media", serves: "redirect", to: "cdn" },
    ],
  },
  environments,
};
