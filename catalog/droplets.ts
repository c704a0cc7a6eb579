/**
 * Droplet plans and images. Slugs are the API's; prices are USD per month.
 * DigitalOcean publishes per-slug prices only on www.digitalocean.com/pricing/droplets, which was
 * not reachable; the figures below come from a table of the /v2/sizes API output and the 2022
 * price-change list, and agree with seed 002's table where they overlap ($6, $18, $24, $48, $96).
 */
import { source } from "./source";

export const DROPLET_SOURCES = [
  source("https://gist.github.com/banagale/56d1464ebc0035ae08d9710cadf87f6a (/v2/sizes output)"),
  source("https://gist.github.com/colinwilson/cd31bde012f6727b24b2fc4ebee749c0 (2022 price change)"),
  source("https://docs.digitalocean.com/products/droplets/ (Basic Droplets are offered in every region)"),
] as const;

export interface DropletPlan {
  readonly vcpus: number;
  readonly memoryGib: number;
  readonly diskGb: number;
  readonly monthlyUsd: number;
}

export const DROPLET_SIZES = {
  "s-1vcpu-512mb-10gb": { vcpus: 1, memoryGib: 0.5, diskGb: 10, monthlyUsd: 4 },
  "s-1vcpu-1gb": { vcpus: 1, memoryGib: 1, diskGb: 25, monthlyUsd: 6 },
  "s-1vcpu-1gb-amd": { vcpus: 1, memoryGib: 1, diskGb: 25, monthlyUsd: 7 },
  "s-1vcpu-1gb-intel": { vcpus: 1, memoryGib: 1, diskGb: 25, monthlyUsd: 7 },
  "s-1vcpu-2gb": { vcpus: 1, memoryGib: 2, diskGb: 50, monthlyUsd: 12 },
  "s-1vcpu-2gb-amd": { vcpus: 1, memoryGib: 2, diskGb: 50, monthlyUsd: 14 },
  "s-1vcpu-2gb-intel": { vcpus: 1, memoryGib: 2, diskGb: 50, monthlyUsd: 14 },
  "s-2vcpu-2gb": { vcpus: 2, memoryGib: 2, diskGb: 60, monthlyUsd: 18 },
  "s-2vcpu-2gb-amd": { vcpus: 2, memoryGib: 2, diskGb: 60, monthlyUsd: 21 },
  "s-2vcpu-2gb-intel": { vcpus: 2, memoryGib: 2, diskGb: 60, monthlyUsd: 21 },
  "s-2vcpu-4gb": { vcpus: 2, memoryGib: 4, diskGb: 80, monthlyUsd: 24 },
  "s-2vcpu-4gb-amd": { vcpus: 2, memoryGib: 4, diskGb: 80, monthlyUsd: 28 },
  "s-2vcpu-4gb-intel": { vcpus: 2, memoryGib: 4, diskGb: 80, monthlyUsd: 28 },
  "s-4vcpu-8gb": { vcpus: 4, memoryGib: 8, diskGb: 160, monthlyUsd: 48 },
  "s-4vcpu-8gb-amd": { vcpus: 4, memoryGib: 8, diskGb: 160, monthlyUsd: 56 },
  "s-4vcpu-8gb-intel": { vcpus: 4, memoryGib: 8, diskGb: 160, monthlyUsd: 56 },
  "s-8vcpu-16gb": { vcpus: 8, memoryGib: 16, diskGb: 320, monthlyUsd: 96 },
  "s-8vcpu-16gb-amd": { vcpus: 8, memoryGib: 16, diskGb: 320, monthlyUsd: 112 },
  "s-8vcpu-16gb-intel": { vcpus: 8, memoryGib: 16, diskGb: 320, monthlyUsd: 112 },
  "c-2": { vcpus: 2, memoryGib: 4, diskGb: 25, monthlyUsd: 42 },
  "c-4": { vcpus: 4, memoryGib: 8, diskGb: 50, monthlyUsd: 84 },
  "g-2vcpu-8gb": { vcpus: 2, memoryGib: 8, diskGb: 25, monthlyUsd: 63 },
  "g-4vcpu-16gb": { vcpus: 4, memoryGib: 16, diskGb: 50, monthlyUsd: 126 },
} as const satisfies Record<string, DropletPlan>;

export type DropletSize = keyof typeof DROPLET_SIZES;

export function isDropletSize(value: unknown): value is DropletSize {
  return typeof value === "string" && Object.hasOwn(DROPLET_SIZES, value);
}

/** Backups add a share of the Droplet's monthly price. */
export const DROPLET_BACKUPS = {
  weeklySurcharge: 0.2,
  dailySurcharge: 0.3,
  source: source("https://docs.digitalocean.com/products/backups/details/pricing/"),
} as const;

/**
 * Distribution images the platform's cloud-init supports (apt-based, systemd). Marketplace images
 * such as seed 001's `docker-20-04` are not listed: Ubuntu 20.04 reached end of standard support.
 */
export const IMAGES = ["ubuntu-24-04-x64", "ubuntu-22-04-x64", "debian-12-x64"] as const;
export type Image = (typeof IMAGES)[number];
export const IMAGE_SOURCE = source("https://docs.digitalocean.com/products/droplets/details/images/");

export function isImage(value: unknown): value is Image {
  return typeof value === "string" && (IMAGES as readonly string[]).includes(value);
}
