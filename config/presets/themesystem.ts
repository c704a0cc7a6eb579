/**
 * ThemeSystem (seed 004) on App Platform: a Next.js frontend (port 3000, route `/`) and an API
 * (port 8080, route `/api`) as images from the platform's container registry, theme-processing
 * functions built from the repository, managed PostgreSQL and Valkey attached to the app, Spaces
 * `themesystem-assets` with the CDN and the four prefixes the app writes, alerts, in nyc3 with dr
 * in fra1 (a standby: the app scaled down, a read-only replica of prod's database).
 * Deviations from the seed:
 * - Redis 6 is retired at DigitalOcean (no Redis version is orderable: catalog/databases.ts):
 *   Valkey 8, which speaks the same protocol; REDIS_URL binds the Valkey cluster.
 * - prod's database is the 1 GB plan in the seed; prod needs a standby (rule DO-DB-2) and 1 GB
 *   plans offer none, so prod runs db-s-1vcpu-2gb × 2. Hence prod costs more than the seed's $59.
 * - Images are pinned to a release (the stack's `release` variable, never `latest`), and the
 *   frontend and API are images rather than builds from the repository, so a release is an apply
 *   (README: "Releases on App Platform"). The functions are built from the repository: App
 *   Platform functions cannot run an image (the provider's `function` block has no `image`,
 *   digitalocean/app/app_spec.go at v2.71.0).
 * - The bucket name gets the platform's random suffix (Spaces names are global); its prefixes are
 *   the app's to write (an object key prefix is not a resource): themes-published/, themes-previews/,
 *   themes-drafts/, themes-documentation/.
 * - `NEXT_PUBLIC_*` values reach browser code only when Next.js builds: the frontend's env vars here
 *   serve its server side; CI passes the same values as build arguments when it builds the image
 *   (the release is built once per stack's names: docs/deploying-the-app.md).
 * - The seed's alert policy on Droplet load has no Droplets to watch here: the app's own alerts
 *   (CPU, memory, restarts, failed deployments and domains) and the data tier's alerts replace it.
 * - Scheduled jobs are not expressible: App Platform runs cron jobs (DigitalOcean's "How to Manage
 *   Cron Jobs and Deployment Jobs in App Platform", validated 11 Feb 2026), but the provider's job
 *   block at v2.71.0 has no schedule (its binding, @cdktf/provider-digitalocean 13.14.1 AppSpecJob:
 *   `kind` PRE_DEPLOY, POST_DEPLOY, FAILED_DEPLOY only), so dr has no copy or dump jobs; its
 *   recovery is the replica, the clusters' daily backups and the versioned bucket.
 */
import type { AppComponentConfig } from "../app-platform";
import type { AppPlatformEnvironmentConfig, AppPlatformPreset, ProdProfile, StackName } from "../types";
import { presetSharedPlatform } from "./platform";

export const THEMESYSTEM_COMPONENTS: readonly AppComponentConfig[] = [
  {
    kind: "service",
    name: "frontend",
    source: { kind: "image", repository: "frontend" },
    httpPort: 3000,
    routes: ["/"],
    healthCheck: { path: "/" },
    env: [
      { key: "NODE_ENV", value: "production" },
      { key: "NEXT_PUBLIC_API_URL", stack: "app_url" },
      { key: "NEXT_PUBLIC_SPACES_CDN_URL", stack: "cdn_endpoint" },
    ],
  },
  {
    kind: "service",
    name: "api",
    source: { kind: "image", repository: "api" },
    httpPort: 8080,
    routes: ["/api"],
    // The seed names no health route: the API must answer GET /health (as BulletDrop's does).
    healthCheck: { path: "/health" },
    env: [
      { key: "NODE_ENV", value: "production" },
      { key: "SPACES_KEY", stack: "spaces_access_key_id" },
      { key: "SPACES_SECRET", stack: "spaces_secret_key" },
      { key: "SPACES_ENDPOINT", stack: "bucket_endpoint" },
      { key: "SPACES_BUCKET", stack: "bucket_name" },
      { key: "DATABASE_URL", bind: { service: "database", variable: "DATABASE_URL" } },
      { key: "REDIS_URL", bind: { service: "cache", variable: "DATABASE_URL" } },
    ],
  },
  {
    kind: "function",
    name: "theme-processing",
    source: { kind: "github", repo: "themesystem/themesystem", branch: "main", sourceDir: "functions/theme-processing", deployOnPush: false },
    routes: ["/process"],
    env: [
      { key: "SPACES_BUCKET", stack: "bucket_name" },
      { key: "SPACES_KEY", stack: "spaces_access_key_id" },
      { key: "SPACES_SECRET", stack: "spaces_secret_key" },
    ],
  },
];

const common = {
  region: "nyc3",
  cdn: true,
  maintenanceWindow: { day: "sunday", hour: "06:00" },
} as const;

function environments(profile: ProdProfile): Record<StackName, AppPlatformEnvironmentConfig> {
  return {
    dev: {
      ...common,
      vpcCidr: "10.100.0.0/20",
      hostLabel: "dev",
      appPlatform: { components: { frontend: { size: "basic-xxs", count: 1 }, api: { size: "basic-xxs", count: 1 } } },
      database: { kind: "cluster", size: "db-s-1vcpu-1gb", nodes: 1 },
      cache: { size: "db-s-1vcpu-1gb", nodes: 1 },
      bucket: { purpose: "media", versioning: false },
      cdn: false,
      alerting: false,
      projectEnvironment: "Development",
      budgetUsd: 60,
    },
    staging: {
      ...common,
      vpcCidr: "10.101.0.0/20",
      hostLabel: "staging",
      appPlatform: { components: { frontend: { size: "basic-xs", count: 1 }, api: { size: "basic-s", count: 1 } } },
      database: { kind: "cluster", size: "db-s-1vcpu-1gb", nodes: 1 },
      cache: { size: "db-s-1vcpu-1gb", nodes: 1 },
      bucket: { purpose: "media", versioning: false },
      alerting: true,
      projectEnvironment: "Staging",
      budgetUsd: 120,
    },
    prod: {
      ...common,
      vpcCidr: "10.102.0.0/20",
      hostLabel: "@",
      // launch: the seed's Starter scale (2 Basic each); growth: its Growth scale (3 Professional), the API
      // on dedicated CPU so it can autoscale (App Platform autoscales dedicated sizes only).
      appPlatform:
        profile === "growth"
          ? { components: { frontend: { size: "professional-xs", count: 3 }, api: { size: "apps-d-1vcpu-2gb", autoscale: { min: 3, max: 6, cpuPercent: 70 } } } }
          : { components: { frontend: { size: "basic-xs", count: 2 }, api: { size: "basic-s", count: 2 } } },
      database: { kind: "cluster", size: profile === "growth" ? "db-s-2vcpu-4gb" : "db-s-1vcpu-2gb", nodes: 2 },
      cache: { size: profile === "growth" ? "db-s-1vcpu-2gb" : "db-s-1vcpu-1gb", nodes: 1 },
      bucket: { purpose: "media", versioning: true, noncurrentVersionExpiryDays: 30 },
      alerting: true,
      projectEnvironment: "Production",
      budgetUsd: 500,
    },
    dr: {
      ...common,
      region: "fra1",
      vpcCidr: "10.103.0.0/20",
      hostLabel: "dr",
      appPlatform: { components: { frontend: { size: "basic-xs", count: 1 }, api: { size: "basic-s", count: 1 } } },
      database: { kind: "replica", of: "prod" },
      cache: { size: "db-s-1vcpu-1gb", nodes: 1 },
      bucket: { purpose: "media", versioning: true, noncurrentVersionExpiryDays: 90 },
      cdn: false,
      alerting: true,
      projectEnvironment: "Production",
      budgetUsd: 200,
    },
  };
}

export const THEMESYSTEM: AppPlatformPreset = {
  name: "themesystem",
  description: "ThemeSystem (seed 004): Next.js frontend and API on App Platform from a container registry, theme-processing functions, PostgreSQL 17 with standby in prod, Valkey, Spaces + CDN",
  // State in ams3, outside prod's region (validateStateRegion).
  platform: {
    ...presetSharedPlatform("themesystem", "themesystem.com", { engine: "pg", version: "17" }, "ams3"),
    // The seed's names: the frontend on the apex, www to it, the API on api (App Platform writes the
    // records in the zone and obtains the certificates). Every stack serves them under its own name.
    hostnames: [
      { name: "@", serves: "frontend" },
      { name: "www", serves: "redirect", to: "@" },
      { name: "api", serves: "app" },
      // The bucket's CDN on a name of its own (stacks with a CDN: staging, prod).
      { name: "cdn", serves: "cdn" },
    ],
    compute: { kind: "app-platform", components: THEMESYSTEM_COMPONENTS, registry: { name: "themesystem", tier: "basic" } },
  },
  environments,
};
