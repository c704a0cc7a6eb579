/** Load balancers and Spaces: the limits and prices the rules and the cost estimate use. */
import { source } from "./source";

export const LOAD_BALANCER = {
  /** USD per node per month. The last official figure read was $10 (older docs); $12 is the current list price. */
  monthlyUsdPerNode: 12,
  sizeUnit: { min: 1, max: 200 },
  /** Legacy `size` slugs and the node counts they equal. Only one of `size` and `size_unit` may be set. */
  legacySizes: { "lb-small": 1, "lb-medium": 3, "lb-large": 6 },
  /** Entry protocols that need a certificate. */
  tlsProtocols: ["https", "http2", "http3"],
  sources: [
    source("https://docs.digitalocean.com/products/networking/load-balancers/how-to/resize/ (up to 200 nodes)"),
    source("https://github.com/digitalocean/terraform-provider-digitalocean docs/resources/loadbalancer.md (size xor size_unit)"),
    source("https://docs.digitalocean.com/products/networking/load-balancers/ (per-node pricing; $10 in the copy read)"),
  ],
} as const;

/**
 * Global load balancers (`type = "GLOBAL"`, provider v2.71.0 loadbalancer/resource_loadbalancer.go:
 * `target_load_balancer_ids`, `glb_settings` with `region_priorities` and `failover_threshold`,
 * `domains`). No price is recorded: DigitalOcean's docs read only say the create page shows the
 * projected cost, so a stack with one fails DO-COST-2 until a sourced price is added here. The
 * platform moves traffic to dr with a DNS switch instead (docs/disaster-recovery.md).
 */
export const GLOBAL_LOAD_BALANCER = {
  monthlyUsd: null,
  sources: [
    source("https://docs.digitalocean.com/products/networking/load-balancers/how-to/create-global-load-balancer/ (cost shown in the create page's summary; no figure in the docs)"),
    source("https://github.com/digitalocean/terraform-provider-digitalocean v2.71.0 digitalocean/loadbalancer/resource_loadbalancer.go (type GLOBAL, glb_settings, domains; region must be empty)"),
  ],
} as const;

export const SPACES = {
  /** One subscription per account covers every bucket: 250 GiB stored and 1 TiB outbound. */
  monthlyUsd: 5,
  includedStorageGib: 250,
  includedTransferGib: 1024,
  sources: [
    source("https://www.digitalocean.com/community/questions/prices-explanation-5-per-space-or-5-for-spaces"),
    source("https://docs.digitalocean.com/products/spaces/details/availability/ (CDN in every Spaces region, no extra charge)"),
  ],
} as const;

/**
 * Reserved IPv4 addresses: no charge while assigned to a Droplet; an unassigned one is billed
 * ("because of the IPv4 address shortage, unassigned reserved IP addresses incur charges"). The
 * stacks' reserved IP always names its Droplet (`droplet_id`), so it is priced at 0; one without a
 * `droplet_id` stays unpriced (no sourced figure here), which DO-COST-2 refuses.
 */
export const RESERVED_IP = {
  assignedMonthlyUsd: 0,
  sources: [
    source("https://docs.digitalocean.com/reference/doctl/reference/compute/floating-ip/create (doctl compute reserved-ip create: unassigned reserved IP addresses incur charges)"),
    source("https://docs.digitalocean.com/reference/doctl/reference/compute/reserved-ip-action/unassign/ (unassigned ones accumulate charges)"),
  ],
} as const;

/** Billed at no extra cost: VPC, cloud firewalls, DNS, projects, tags, certificates, monitoring and alerts, CDN. */
export const FREE_RESOURCES = [
  "digitalocean_vpc",
  "digitalocean_firewall",
  "digitalocean_database_firewall",
  "digitalocean_domain",
  "digitalocean_record",
  "digitalocean_project",
  "digitalocean_tag",
  "digitalocean_certificate",
  "digitalocean_monitor_alert",
  "digitalocean_uptime_check",
  "digitalocean_uptime_alert",
  "digitalocean_cdn",
  "digitalocean_spaces_bucket_cors_configuration",
  "digitalocean_database_db",
  "digitalocean_database_user",
  "digitalocean_database_connection_pool",
  // An access key is a credential, not a product: the Spaces pricing page bills the subscription
  // (SPACES above) and storage/transfer, nothing per key.
  "digitalocean_spaces_key",
] as const;
export const FREE_SOURCE = source("https://docs.digitalocean.com/products/networking/firewalls/reference/ and the monitoring glossary");
