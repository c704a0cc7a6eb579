/**
 * Slugs and regions in config/ are typed from catalog/: a typo does not compile. The
 * `@ts-expect-error` lines are the test — `npm test` runs `tsc` first, and tsc fails if any of them
 * compiles. At run time, every slug the presets use is in the catalog.
 */
import { DATABASE_SIZES } from "../../catalog/databases";
import { DROPLET_SIZES, IMAGES } from "../../catalog/droplets";
import { REGIONS } from "../../catalog/regions";
import { DROPLET_PRESET_NAMES as PRESET_NAMES, DROPLET_PRESETS as PRESETS } from "../../config/presets";
import { PROD_PROFILES, STACK_NAMES, type CacheSpec, type DatabaseEngineConfig, type DropletGroup, type EnvironmentConfig, type PlatformConfig } from "../../config/types";

// @ts-expect-error: not a Droplet size
export const badDroplet: DropletGroup = { count: 1, size: "s-1vcpu-3gb" };
// @ts-expect-error: seed 001's cache slug does not exist
export const badCache: CacheSpec = { size: "db-redis-s-2vcpu-4gb", nodes: 1 };
// @ts-expect-error: not a region
export const badRegion: EnvironmentConfig["region"] = "nyc4";
// @ts-expect-error: seed 001's image does not exist
export const badImage: PlatformConfig["image"] = "docker-20-04";
// @ts-expect-error: MySQL has no version 5.7 on DigitalOcean
export const badVersion: DatabaseEngineConfig = { engine: "mysql", version: "5.7" };
// @ts-expect-error: Redis is retired
export const badEngine: DatabaseEngineConfig = { engine: "redis", version: "7" };

test.each(PRESET_NAMES.flatMap((p) => PROD_PROFILES.map((profile) => [p, profile] as const)))("every slug of preset %s (%s) is in the catalog", (name, profile) => {
  const preset = PRESETS[name];
  expect(IMAGES).toContain(preset.platform.image);
  for (const stack of STACK_NAMES) {
    const env = preset.environments(profile)[stack];
    expect(Object.keys(REGIONS)).toContain(env.region);
    for (const group of [env.app, env.worker]) expect(Object.keys(DROPLET_SIZES)).toContain(group.size);
    const sizes = [env.database.kind === "cluster" ? env.database.size : undefined, env.cache?.size, ...Object.values(env.extraDatabases ?? {}).map((d) => (d.kind === "cluster" ? d.size : undefined))];
    for (const size of sizes.filter((s) => s !== undefined)) expect(Object.keys(DATABASE_SIZES)).toContain(size);
  }
});
