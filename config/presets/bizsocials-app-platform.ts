/**
 * BizSocials (seed 000) on App Platform, its design's first deployment option (selected with
 * PLATFORM_COMPUTE=app-platform): the Laravel API as an image with its health check, the queue
 * worker and the scheduler as workers running the same image, the frontend as a static site built
 * from its repository, MySQL and Valkey attached to the app; the data tier, regions, network and
 * budgets are the Droplet preset's (docs/SIZING.md, "BizSocials on App Platform").
 * Deviations from the seed's app spec:
 * - Migrations run as a PRE_DEPLOY job (`php artisan migrate --force`), as the Droplet runtime runs
 *   them on activate; the seed's spec runs none.
 * - Health: `/up` (Laravel's built-in) rather than `/health`, for the reason the Droplet preset
 *   gives: the seed's /health checks the database and Redis, so an outage of either would restart
 *   every API instance.
 * - Queue worker `--timeout=60` below Laravel's retry_after of 90 s (the seed runs 90 = 90, which
 *   lets a slow job run twice).
 * - The frontend has no instance size (static sites are served by App Platform, not instances).
 * - The API's image is pinned to a release (never a build on push), as on Droplets.
 * - dr stands by without the worker and the scheduler: jobs never run beside a read-only replica
 *   (as on Droplets). Its copy and dump jobs do not exist here: App Platform runs cron jobs, but
 *   the provider's job block at v2.71.0 has no schedule (`kind` PRE_DEPLOY, POST_DEPLOY or
 *   FAILED_DEPLOY only; config/presets/themesystem.ts cites both), so dr's
 *   recovery is the replica, the clusters' daily backups and the versioned bucket.
 */
import type { AppComponentConfig, AppPlatformSizing } from "../app-platform";
import { environments as dropletEnvironments, PLATFORM } from "../environments";
import type { AppPlatformEnvironmentConfig, AppPlatformPreset, EnvironmentConfig, ProdProfile, StackName } from "../types";
import { STACK_NAMES } from "../types";

const image = { kind: "image", repository: "api" } as const;

export const BIZSOCIALS_COMPONENTS: readonly AppComponentConfig[] = [
  {
    kind: "service",
    name: "api",
    source: image,
    // heroku-php-nginx (the seed's run command) listens on $PORT, 8080 by default.
    httpPort: 8080,
    routes: ["/api", "/up"],
    healthCheck: { path: "/up" },
    runCommand: "heroku-php-nginx -C nginx.conf public/",
    env: [
      { key: "APP_ENV", value: "production" },
      { key: "APP_KEY", secretVariable: "app_key" },
      { key: "APP_URL", stack: "app_url" },
      { key: "DB_CONNECTION", value: "mysql" },
      { key: "DB_HOST", bind: { service: "database", variable: "HOSTNAME" } },
      { key: "DB_PORT", bind: { service: "database", variable: "PORT" } },
      { key: "DB_DATABASE", bind: { service: "database", variable: "DATABASE" } },
      { key: "DB_USERNAME", bind: { service: "database", variable: "USERNAME" } },
      { key: "DB_PASSWORD", bind: { service: "database", variable: "PASSWORD" } },
      { key: "REDIS_URL", bind: { service: "cache", variable: "DATABASE_URL" } },
      { key: "QUEUE_CONNECTION", value: "redis" },
      { key: "AWS_BUCKET", stack: "bucket_name" },
      { key: "AWS_ENDPOINT", stack: "bucket_endpoint" },
      { key: "AWS_DEFAULT_REGION", stack: "bucket_region" },
      { key: "AWS_ACCESS_KEY_ID", stack: "spaces_access_key_id" },
      { key: "AWS_SECRET_ACCESS_KEY", stack: "spaces_secret_key" },
    ],
  },
  // Migrations before each deployment goes live, as the Droplet runtime's `activate --migrate` does
  // (DigitalOcean's glossary names database migrations as what deploy-time jobs are for).
  { kind: "job", name: "migrate", when: "PRE_DEPLOY", source: image, runCommand: "php artisan migrate --force" },
  { kind: "worker", name: "worker", source: image, runCommand: "php artisan queue:work --tries=3 --timeout=60" },
  { kind: "worker", name: "scheduler", source: image, runCommand: "php artisan schedule:work" },
  {
    kind: "static_site",
    name: "frontend",
    source: { kind: "github", repo: "bizsocials/bizsocials-frontend", branch: "main", buildCommand: "npm ci && npm run build", deployOnPush: false },
    routes: ["/"],
    outputDir: "dist",
    catchallDocument: "index.html",
  },
];

/** The workers, the scheduler and the migrations read the API's settings too. */
const WITH_API_ENV: readonly AppComponentConfig[] = BIZSOCIALS_COMPONENTS.map((c) =>
  c.kind === "worker" || c.kind === "job" ? { ...c, env: BIZSOCIALS_COMPONENTS[0]!.env } : c,
);

/** The migration job: one small instance for the minutes it runs (dr runs none: its database is read-only). */
const MIGRATE = { size: "basic-xxs", count: 1 } as const;

const SIZING: Readonly<Record<StackName, (profile: ProdProfile) => AppPlatformSizing>> = {
  dev: () => ({ components: { api: { size: "basic-xxs", count: 1 }, migrate: MIGRATE, worker: { size: "basic-xxs", count: 1 }, scheduler: { size: "basic-xxs", count: 1 } } }),
  staging: () => ({ components: { api: { size: "basic-xs", count: 1 }, migrate: MIGRATE, worker: { size: "basic-xs", count: 1 }, scheduler: { size: "basic-xxs", count: 1 } } }),
  // launch: the seed's app spec (api basic-xs × 2, worker basic-xs, scheduler basic-xxs).
  prod: (profile) =>
    profile === "growth"
      ? { components: { api: { size: "apps-d-1vcpu-1gb", autoscale: { min: 2, max: 6, cpuPercent: 70 } }, migrate: MIGRATE, worker: { size: "basic-xs", count: 2 }, scheduler: { size: "basic-xxs", count: 1 } } }
      : { components: { api: { size: "basic-xs", count: 2 }, migrate: MIGRATE, worker: { size: "basic-xs", count: 1 }, scheduler: { size: "basic-xxs", count: 1 } } },
  dr: () => ({ components: { api: { size: "basic-xs", count: 1 } } }),
};

/** The Droplet preset's column without its Droplet rows, plus the app's sizing. */
function onAppPlatform(stack: StackName, env: EnvironmentConfig, profile: ProdProfile): AppPlatformEnvironmentConfig {
  const { app: _app, worker: _worker, loadBalancerSizeUnit: _lb, dropletBackups: _backups, backupJobs: _jobs, allowSshFromAnywhere: _ssh, suppressions: _s, ...shared } = env;
  // dr's bucket holds backups on Droplets; here the standby app writes media like prod's.
  const bucket = stack === "dr" && shared.bucket ? { ...shared.bucket, purpose: "media" as const } : shared.bucket;
  // dev: the migration job is priced as if it ran all month (cost/app-platform.ts: an upper bound),
  // which puts dev $5 over the Droplet preset's $50; it runs for minutes per deployment.
  const budgetUsd = stack === "dev" ? 60 : shared.budgetUsd;
  return { ...shared, bucket, budgetUsd, appPlatform: SIZING[stack](profile) };
}

function environments(profile: ProdProfile): Record<StackName, AppPlatformEnvironmentConfig> {
  const droplets = dropletEnvironments(profile);
  return Object.fromEntries(STACK_NAMES.map((s) => [s, onAppPlatform(s, droplets[s], profile)])) as Record<StackName, AppPlatformEnvironmentConfig>;
}

export const BIZSOCIALS_APP_PLATFORM: AppPlatformPreset = {
  name: "bizsocials",
  description: "BizSocials (seed 000) on App Platform (PLATFORM_COMPUTE=app-platform): Laravel API, queue worker and scheduler from the registry, static frontend, MySQL 8 with standby, Valkey, Spaces + CDN",
  platform: {
    app: PLATFORM.app,
    domain: PLATFORM.domain,
    dnsZoneOwner: PLATFORM.dnsZoneOwner,
    database: PLATFORM.database,
    valkeyVersion: PLATFORM.valkeyVersion,
    databaseUsers: PLATFORM.databaseUsers,
    tempObjectExpiryDays: PLATFORM.tempObjectExpiryDays,
    state: PLATFORM.state,
    compute: { kind: "app-platform", components: WITH_API_ENV, registry: { name: "bizsocials", tier: "basic" } },
  },
  environments,
};
