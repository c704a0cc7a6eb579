/**
 * Which attribute changes make Terraform replace a resource, for every resource type the stacks
 * use: the schema's `ForceNew: true` (or, for resources without an Update function, every argument,
 * which the plugin SDK requires to be ForceNew), and `CustomizeDiff` ForceNew conditions noted
 * where they exist. Read from the provider source, file by file; each entry names the file and the
 * commit read. The store holds several versions of each file and names no tag, so the commit read
 * is recorded; the schemas below did not differ between the versions compared (droplet, database
 * cluster). `__tests__/review/force-new.test.ts` checks the table against real plans'
 * `replace_paths` and covers every type the stacks synthesize.
 */
export interface ForceNewEntry {
  /** Attribute paths whose change forces replacement: top-level names (`user_data`) or dotted nested paths (`grant.bucket`). */
  readonly attributes: readonly string[];
  /** Where this was read: provider source file and commit (or Terraform docs for built-ins). */
  readonly source: string;
  /** What the table cannot express: conditional replacement, or changes that neither update nor replace. */
  readonly notes?: string;
}

const DO = "digitalocean/terraform-provider-digitalocean";

export const FORCE_NEW: Readonly<Record<string, ForceNewEntry>> = {
  digitalocean_droplet: {
    attributes: ["image", "region", "ssh_keys", "user_data", "monitoring", "droplet_agent", "vpc_uuid"],
    source: `${DO} digitalocean/droplet/resource_droplet.go @06e95bc`,
    notes: "CustomizeDiff ForceNewIfChange: ipv6 true → false replaces; size, backups, tags, name update in place (size powers the Droplet off).",
  },
  digitalocean_database_cluster: {
    attributes: ["name", "engine", "private_network_uuid", "project_id"],
    source: `${DO} digitalocean/database/resource_database_cluster.go @83ebdb3 (same at 075f685)`,
    notes: "size, node_count, storage_size_mib resize in place; region migrates in place; version upgrades in place.",
  },
  digitalocean_database_replica: {
    attributes: ["name", "cluster_id", "uuid", "region", "private_network_uuid", "tags"],
    source: `${DO} digitalocean/database/resource_database_replica.go @1975db0`,
    notes:
      "size resizes in place; tags are ForceNew here (unlike the cluster's). storage_size_mib (set on dr's audit replica) is in the v2.71.0 schema " +
      "(@cdktf/provider-digitalocean 13.14.1) but not in the source read here, so whether it replaces is not recorded: the replicas carry prevent_destroy, so a replacing plan fails rather than destroys.",
  },
  digitalocean_database_db: { attributes: ["name", "cluster_id"], source: `${DO} digitalocean/database/resource_database_db.go (no Update function)` },
  digitalocean_database_user: { attributes: ["name", "cluster_id"], source: `${DO} digitalocean/database/resource_database_user.go` },
  digitalocean_database_connection_pool: {
    attributes: ["cluster_id", "name", "user", "mode", "size", "db_name", "skip_if_exists"],
    source: `${DO} digitalocean/database/resource_database_connection_pool.go @114c9d8 (no Update function)`,
  },
  digitalocean_database_firewall: { attributes: ["cluster_id"], source: `${DO} digitalocean/database/resource_database_firewall.go`, notes: "rules update in place." },
  digitalocean_spaces_bucket: {
    attributes: ["region"],
    source: `${DO} digitalocean/spaces/resource_spaces_bucket.go @10cf444`,
    notes: "name is neither ForceNew nor handled by Update: a renamed bucket is not renamed or replaced by the provider. The stacks' buckets carry replace_triggered_by on a terraform_data holding the name (constructs/terraform-data.ts), which review/compare.ts follows.",
  },
  digitalocean_spaces_bucket_cors_configuration: { attributes: ["region"], source: `${DO} digitalocean/spaces/resource_spaces_bucket_cors_configuration.go @2a6fdf8` },
  digitalocean_spaces_key: { attributes: [], source: `${DO} digitalocean/spaces/resource_spaces_key.go and spaces_entities.go spacesKeySchema @2e381ec`, notes: "name and grant update in place." },
  digitalocean_cdn: { attributes: ["origin"], source: `${DO} digitalocean/cdn/resource_cdn.go`, notes: "ttl, custom_domain, certificate_name update in place." },
  digitalocean_certificate: {
    attributes: ["name", "private_key", "leaf_certificate", "certificate_chain", "domains", "type"],
    source: `${DO} digitalocean/certificate/resource_certificate.go (no Update function)`,
  },
  digitalocean_domain: { attributes: ["name", "ip_address"], source: `${DO} digitalocean/domain/resource_domain.go (no Update function)` },
  digitalocean_record: { attributes: ["type", "domain"], source: `${DO} digitalocean/domain/resource_record.go`, notes: "name, value, ttl and the rest update in place." },
  digitalocean_loadbalancer: {
    attributes: ["region", "vpc_uuid", "type", "network_type"],
    source: `${DO} digitalocean/loadbalancer/resource_loadbalancer.go @9386179`,
  },
  digitalocean_reserved_ip: {
    attributes: ["region"],
    source: `${DO} digitalocean/reservedip/resource_reserved_ip.go @48a186e`,
    notes: "droplet_id updates in place (Update assigns the address to the new Droplet, or unassigns it).",
  },
  digitalocean_vpc: { attributes: ["region", "ip_range"], source: `${DO} digitalocean/vpc/resource_vpc.go` },
  digitalocean_firewall: { attributes: [], source: `${DO} digitalocean/firewall/resource_firewall.go (firewallSchema)`, notes: "rules, tags, droplet_ids update in place." },
  digitalocean_project: { attributes: [], source: `${DO} digitalocean/project/resource_project.go` },
  digitalocean_tag: { attributes: ["name"], source: `${DO} digitalocean/tag/resource_tag.go (no Update function)` },
  digitalocean_monitor_alert: { attributes: [], source: `${DO} resource_monitor_alert.go (read in the provider's older single-package layout)` },
  digitalocean_uptime_check: { attributes: [], source: `${DO} resource_uptime_check.go (read in the provider's older single-package layout; only the computed id is ForceNew)` },
  digitalocean_uptime_alert: { attributes: [], source: `${DO} resource_uptime_alert.go (read in the provider's older single-package layout)` },
  digitalocean_app: {
    attributes: [],
    source: `${DO} digitalocean/app/resource_app.go @0bffa39 and digitalocean/app/app_spec.go @05da840 (appSpecSchema: no ForceNew in the spec schema)`,
    notes:
      "No attribute forces replacement and there is no CustomizeDiff: every spec change (name, region, components, domains, env) is an in-place Update that sends the whole spec (Apps.Update) and waits for the new deployment to succeed (waitForAppDeployment), so apply fails if the deployment fails. The app is replaced only on request (terraform apply -replace, taint) or when its address changes; a replacement gets a new id and default ingress.",
  },
  digitalocean_container_registry: {
    attributes: ["name", "region"],
    source: `${DO} digitalocean/registry/resource_container_registry.go @06e95bc`,
    notes: "subscription_tier_slug updates in place (Registries.UpdateSubscription). A replaced registry starts empty: its images (the releases) are gone.",
  },
  digitalocean_container_registry_docker_credentials: {
    attributes: ["registry_name"],
    source: `${DO} digitalocean/registry/resource_container_registry_docker_credentials.go @42df50b`,
    notes: "write and expiry_seconds update in place (new credentials are generated).",
  },
  random_id: {
    attributes: ["keepers", "byte_length"],
    source: "hashicorp/random resource_id.go (keepers, byte_length ForceNew)",
    notes: "prefix is not listed: not verified in the source read.",
  },
  terraform_data: { attributes: ["triggers_replace"], source: "Terraform docs, terraform_data resource: triggers_replace replaces; input updates" },
};

/** Whether changing `attribute` (top-level name or dotted path, list indexes dropped) of a `type` forces replacement. */
export function forcesReplacement(type: string, attribute: string): boolean {
  const entry = FORCE_NEW[type];
  if (!entry) return false;
  return entry.attributes.some((a) => attribute === a || attribute.startsWith(`${a}.`));
}
