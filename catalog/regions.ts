/**
 * DigitalOcean regions and the services this platform uses in each. A region missing a service is
 * a synth error (rule DO-CAT-2), not an apply-time surprise.
 */
import { source } from "./source";

export type Service = "droplets" | "loadBalancers" | "databases" | "spaces";

export const REGION_SOURCES = {
  droplets: source("https://docs.digitalocean.com/products/droplets/ (Basic Droplets: all regions)"),
  spaces: source("https://docs.digitalocean.com/products/spaces/details/availability/"),
  databases: source("https://docs.digitalocean.com/products/databases/mysql/details/availability/ and .../postgresql/details/availability/"),
  loadBalancers: source("https://docs.digitalocean.com/products/networking/load-balancers/ (scaling not offered in NYC2)"),
} as const;

const ALL: readonly Service[] = ["droplets", "loadBalancers", "databases", "spaces"];

/**
 * ATL1 and RIC1 have managed databases only partly (not every plan), so they count as without;
 * NYC1, NYC2 and RIC1 have no Spaces.
 */
export const REGIONS = {
  nyc1: { city: "New York 1", services: ["droplets", "loadBalancers", "databases"] },
  nyc2: { city: "New York 2", services: ["droplets", "databases"] },
  nyc3: { city: "New York 3", services: ALL },
  sfo2: { city: "San Francisco 2", services: ALL },
  sfo3: { city: "San Francisco 3", services: ALL },
  ams3: { city: "Amsterdam 3", services: ALL },
  fra1: { city: "Frankfurt 1", services: ALL },
  lon1: { city: "London 1", services: ALL },
  sgp1: { city: "Singapore 1", services: ALL },
  blr1: { city: "Bangalore 1", services: ALL },
  tor1: { city: "Toronto 1", services: ALL },
  syd1: { city: "Sydney 1", services: ALL },
  atl1: { city: "Atlanta 1", services: ["droplets", "loadBalancers", "spaces"] },
  ric1: { city: "Richmond 1", services: ["droplets", "loadBalancers"] },
} as const satisfies Record<string, { readonly city: string; readonly services: readonly Service[] }>;

export type Region = keyof typeof REGIONS;
export const REGION_SLUGS = Object.keys(REGIONS) as Region[];

export function isRegion(value: unknown): value is Region {
  return typeof value === "string" && Object.hasOwn(REGIONS, value);
}

export function offers(region: Region, service: Service): boolean {
  return (REGIONS[region].services as readonly Service[]).includes(service);
}

export function regionsOffering(service: Service): Region[] {
  return REGION_SLUGS.filter((r) => offers(r, service));
}
