/**
 * Monthly cost of one synthesized stack, priced from the catalog. It reads the Terraform JSON, not
 * the config, so what is priced is what would be deployed. Bandwidth overage, extra Spaces storage
 * and usage-based charges are not estimated: the figure is the fixed monthly run rate.
 */
import { DATABASE_SIZES, DATABASE_STORAGE, isDatabaseSize } from "../catalog/databases";
import { DROPLET_BACKUPS, DROPLET_SIZES, isDropletSize } from "../catalog/droplets";
import { FREE_RESOURCES, LOAD_BALANCER, RESERVED_IP, SPACES } from "../catalog/networking";
import { priceApp, priceRegistry } from "./app-platform";
import type { Block, Json } from "../policy/stack-view";

export interface CostLine {
  /** Terraform address of the resource. */
  readonly address: string;
  readonly item: string;
  readonly unitUsd: number;
  readonly count: number;
  readonly monthlyUsd: number;
  /** Autoscaled App Platform components only: the count and monthly cost at the maximum. */
  readonly maxCount?: number;
  readonly maxMonthlyUsd?: number;
}

export interface CostEstimate {
  readonly lines: readonly CostLine[];
  /** At the minimum of every autoscaled component (what runs when idle). */
  readonly totalUsd: number;
  /**
   * At the maximum of every autoscaled component; equals totalUsd when nothing autoscales. The
   * budget check (DO-COST-1) judges this one: autoscaling may reach it without a change in review.
   */
  readonly maxTotalUsd: number;
  /** Billable-looking resources the catalog has no price for (their cost is not in the total). */
  readonly unpriced: readonly { readonly address: string; readonly reason: string }[];
}

/** Terraform's own (random ids, terraform_data): nothing is created at DigitalOcean. */
const FREE = new Set<string>([...FREE_RESOURCES, "random_id", "terraform_data", "digitalocean_container_registry_docker_credentials"]);

/** Rounds to cents so sums print and compare exactly. */
export const cents = (usd: number): number => Math.round(usd * 100) / 100;

export function estimateStack(json: Block): CostEstimate {
  const lines: CostLine[] = [];
  const unpriced: { address: string; reason: string }[] = [];
  let spaces = false;
  const line = (address: string, item: string, unitUsd: number, count: number, maxCount?: number) =>
    lines.push({ address, item, unitUsd, count, monthlyUsd: cents(unitUsd * count), ...(maxCount === undefined ? {} : { maxCount, maxMonthlyUsd: cents(unitUsd * maxCount) }) });
  /** A number the JSON states literally; an expression (`${var.n}`) cannot be priced at synth. */
  const literal = (address: string, what: string, value: Json | undefined, fallback: number): number | undefined => {
    if (value === undefined) return fallback;
    if (typeof value === "number" && Number.isFinite(value)) return value;
    unpriced.push({ address, reason: `${what} ${JSON.stringify(value)} is not a literal number` });
    return undefined;
  };

  for (const [type, byName] of Object.entries(asObject(json.resource))) {
    for (const [name, raw] of Object.entries(asObject(byName))) {
      const block = asObject(raw);
      const address = `${type}.${name}`;
      const size = block.size;
      // `count` multiplies whatever the block costs.
      const copies = literal(address, "count", block.count, 1);
      if (copies === undefined) continue;
      switch (type) {
        case "digitalocean_droplet": {
          if (!isDropletSize(size)) {
            unpriced.push({ address, reason: `unknown Droplet size ${JSON.stringify(size)}` });
            break;
          }
          line(address, `Droplet ${size}`, DROPLET_SIZES[size].monthlyUsd, copies);
          if (block.backups === true) {
            // No backup_policy means daily (provider docs/resources/droplet.md, v2.71.0).
            const plan = asObject(Array.isArray(block.backup_policy) ? block.backup_policy[0] : block.backup_policy).plan;
            const daily = plan === undefined || plan === "daily";
            const surcharge = daily ? DROPLET_BACKUPS.dailySurcharge : DROPLET_BACKUPS.weeklySurcharge;
            line(address, `${daily ? "daily" : "weekly"} backups (+${surcharge * 100}% of ${size})`, cents(DROPLET_SIZES[size].monthlyUsd * surcharge), copies);
          }
          break;
        }
        case "digitalocean_database_cluster":
        case "digitalocean_database_replica": {
          if (!isDatabaseSize(size)) {
            unpriced.push({ address, reason: `unknown database size ${JSON.stringify(size)}` });
            break;
          }
          const nodes = type === "digitalocean_database_replica" ? 1 : literal(address, "node_count", block.node_count, 1);
          if (nodes === undefined) break;
          const what = type === "digitalocean_database_replica" ? "read-only replica" : `${String(block.engine)} cluster`;
          line(address, `${what} ${size}, per node`, DATABASE_SIZES[size].monthlyUsdPerNode, nodes * copies);
          // Disk beyond the plan's included storage, per node (catalog/databases.ts DATABASE_STORAGE).
          if (block.storage_size_mib !== undefined) {
            const mib = typeof block.storage_size_mib === "string" && /^\d+$/.test(block.storage_size_mib) ? Number(block.storage_size_mib) : undefined;
            const base = DATABASE_SIZES[size].includedStorageGib;
            if (mib === undefined || base === null) {
              unpriced.push({ address, reason: `storage_size_mib ${JSON.stringify(block.storage_size_mib)} is not a literal size on a plan with included disk` });
              break;
            }
            const extraGib = Math.max(0, mib / 1024 - base);
            if (extraGib > 0) line(address, `storage +${extraGib} GiB over ${size}'s ${base} GiB, per node`, cents(extraGib * DATABASE_STORAGE.monthlyUsdPerGib), nodes * copies);
          }
          break;
        }
        case "digitalocean_loadbalancer": {
          if (String(block.type ?? "").toUpperCase() === "GLOBAL") {
            unpriced.push({ address, reason: "no sourced price for a global load balancer in the catalog (catalog/networking.ts GLOBAL_LOAD_BALANCER)" });
            break;
          }
          const legacy = typeof size === "string" ? (LOAD_BALANCER.legacySizes as Record<string, number>)[size] : undefined;
          const units = literal(address, "size_unit", block.size_unit, legacy ?? 1);
          if (units === undefined) break;
          line(address, "load balancer, per node", LOAD_BALANCER.monthlyUsdPerNode, units * copies);
          break;
        }
        case "digitalocean_app": {
          const priced = priceApp(block);
          for (const l of priced.lines) line(address, l.item, l.unitUsd, l.count * copies, l.maxCount === undefined ? undefined : l.maxCount * copies);
          for (const reason of priced.unpriced) unpriced.push({ address, reason });
          break;
        }
        case "digitalocean_container_registry": {
          const priced = priceRegistry(block);
          if (priced.line) line(address, priced.line.item, priced.line.unitUsd, copies);
          if (priced.unpriced) unpriced.push({ address, reason: priced.unpriced });
          break;
        }
        case "digitalocean_spaces_bucket":
          spaces = true;
          break;
        case "digitalocean_reserved_ip":
          if (block.droplet_id === undefined || block.droplet_id === null) unpriced.push({ address, reason: "an unassigned reserved IP is billed and the catalog has no price for it (catalog/networking.ts RESERVED_IP)" });
          else line(address, "reserved IPv4, assigned to a Droplet", RESERVED_IP.assignedMonthlyUsd, copies);
          break;
        default:
          if (!FREE.has(type)) unpriced.push({ address, reason: `no price in the catalog for ${type}` });
      }
    }
  }
  if (spaces) line("digitalocean_spaces_bucket", `Spaces subscription (${SPACES.includedStorageGib} GiB, ${SPACES.includedTransferGib} GiB out)`, SPACES.monthlyUsd, 1);
  lines.sort((a, b) => a.address.localeCompare(b.address) || a.item.localeCompare(b.item));
  const totalUsd = cents(lines.reduce((sum, l) => sum + l.monthlyUsd, 0));
  const maxTotalUsd = cents(lines.reduce((sum, l) => sum + (l.maxMonthlyUsd ?? l.monthlyUsd), 0));
  return { lines, totalUsd, maxTotalUsd, unpriced };
}

function asObject(value: Json | undefined): Block {
  return value && typeof value === "object" && !Array.isArray(value) ? value : {};
}
