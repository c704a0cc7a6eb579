import type { Region } from "../../catalog/regions";
import type { RuntimeConfig } from "../../runtimes/types";
import type { DatabaseEngineConfig, PlatformConfig, SharedPlatformConfig, StateBackendConfig } from "../types";

/**
 * Platform settings of a seed preset: what differs is the name, domain, engine and state region
 * (never the region of a stack that dr replicates: config/validate.ts validateStateRegion);
 * the rest follows the default system's conventions (prod owns the zone, Ubuntu 24.04, Valkey 8,
 * `<app>_app|_migrate|_readonly` users, state in `<app>-tfstate-nonprod|prod`).
 */
export function presetPlatform(app: string, domain: string, database: DatabaseEngineConfig, stateRegion: Region, runtime: RuntimeConfig): PlatformConfig {
  return { ...presetSharedPlatform(app, domain, database, stateRegion), image: "ubuntu-24-04-x64", runtime };
}

/** The settings of a seed preset that do not depend on what runs the app. */
export function presetSharedPlatform(app: string, domain: string, database: DatabaseEngineConfig, stateRegion: Region): SharedPlatformConfig {
  return {
    app,
    domain,
    dnsZoneOwner: "prod",
    database,
    valkeyVersion: "8",
    databaseUsers: [`${app}_app`, `${app}_migrate`, `${app}_readonly`],
    tempObjectExpiryDays: 1,
    state: stateBackend(app, stateRegion),
  };
}

/**
 * The default state layout: dev and staging in `<app>-tfstate-nonprod`, prod and dr in
 * `<app>-tfstate-prod`, old versions kept 90 days. The bootstrap's only cost is the account's
 * Spaces subscription (counted once per account by `npm run cost`).
 */
export function stateBackend(app: string, region: Region): StateBackendConfig {
  return {
    region,
    bucketPrefix: `${app}-tfstate`,
    buckets: [
      { id: "nonprod", stacks: ["dev", "staging"] },
      { id: "prod", stacks: ["prod", "dr"] },
    ],
    noncurrentVersionDays: 90,
    bootstrapBudgetUsd: 10,
  };
}
