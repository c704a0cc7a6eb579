/**
 * What the code knows about DigitalOcean: regions and the slugs the matrix may use.
 * Region and slug fields in the matrix are typed from these lists, so a typo fails to compile.
 * Sources: DigitalOcean "Regional Availability" and pricing pages (read 2026-11).
 */

export const REGIONS = [
  "nyc1",
  "nyc2",
  "nyc3",
  "sfo2",
  "sfo3",
  "ams3",
  "fra1",
  "lon1",
  "sgp1",
  "blr1",
  "tor1",
  "syd1",
  "atl1",
] as const;
export type Region = (typeof REGIONS)[number];

/** Regions that offer Spaces object storage (nyc1 does not, hence nyc3 for the platform). */
export const SPACES_REGIONS: readonly Region[] = ["nyc3", "sfo2", "sfo3", "ams3", "fra1", "lon1", "sgp1", "blr1", "syd1", "atl1"];

export const DROPLET_SIZES = [
  "s-1vcpu-512mb-10gb",
  "s-1vcpu-1gb",
  "s-1vcpu-2gb",
  "s-2vcpu-2gb",
  "s-2vcpu-4gb",
  "s-4vcpu-8gb",
  "s-8vcpu-16gb",
] as const;
export type DropletSize = (typeof DROPLET_SIZES)[number];

export const DATABASE_SIZES = [
  "db-s-1vcpu-1gb",
  "db-s-1vcpu-2gb",
  "db-s-2vcpu-4gb",
  "db-s-4vcpu-8gb",
  "db-s-6vcpu-16gb",
] as const;
export type DatabaseSize = (typeof DATABASE_SIZES)[number];
