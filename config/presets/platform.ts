import type { Region } from "../../catalog/regions";
import type { RuntimeConfig } from "../../runtimes/types";
import type { DatabaseEngineConfig, PlatformConfig } from "../types";

/**
 * Platform settings of a seed preset: what differs is the name, domain, engine and state region;
 * the rest follows the default system's conventions (prod owns the zone, Ubuntu 24.04, Valkey 8,
 * `<app>_app|_migrate|_readonly` users, `<app>-terraform-state`).
 */
export function presetPlatform(app: string, domain: string, database: DatabaseEngineConfig, stateRegion: Region, runtime: RuntimeConfig): PlatformConfig {
  return {
    app,
    domain,
    dnsZoneOwner: "prod",
    image: "ubuntu-24-04-x64",
    runtime,
    database,
    valkeyVersion: "8",
    databaseUsers: [`${app}_app`, `${app}_migrate`, `${app}_readonly`],
    tempObjectExpiryDays: 1,
    state: { bucket: `${app}-terraform-state`, region: stateRegion },
  };
}
