import { CAT_2 } from "../../../policy/rules/cat-2-region";
import type { RuleCases } from "./types";
import { ref } from "./types";

const BLOCKS: Record<string, object> = {
  digitalocean_droplet: { name: "acme-test-app-1", size: "s-1vcpu-1gb", image: "ubuntu-24-04-x64" },
  digitalocean_vpc: { name: "acme-test-vpc", ip_range: "10.10.0.0/20" },
  digitalocean_loadbalancer: { name: "acme-test-lb", size_unit: 1 },
  digitalocean_database_cluster: { name: "acme-test-mysql", engine: "mysql", version: "8", size: "db-s-1vcpu-1gb", node_count: 1 },
  digitalocean_database_replica: { name: "acme-test-replica", cluster_id: ref("digitalocean_database_cluster.db"), size: "db-s-1vcpu-1gb" },
  digitalocean_spaces_bucket: { name: "acme-test-media-${random_id.storage_suffix.hex}", acl: "private" },
  digitalocean_spaces_bucket_cors_configuration: { bucket: ref("digitalocean_spaces_bucket.storage_bucket", "name"), cors_rule: [{ allowed_methods: ["GET"], allowed_origins: ["https://test.example.com"] }] },
};
const c = (type: string, region: string) => ({ name: `${type.replace("digitalocean_", "")} in ${region}`, json: { resource: { [type]: { it: { ...BLOCKS[type], region } } } }, subject: `${type}.it` });
const bad = (type: string, region: string) => ({ ...c(type, region), attributes: ["region"] });

export const cases: RuleCases = {
  rule: CAT_2,
  compliant: [
    c("digitalocean_droplet", "nyc1"),
    c("digitalocean_vpc", "ric1"),
    c("digitalocean_loadbalancer", "atl1"),
    c("digitalocean_database_cluster", "nyc3"),
    c("digitalocean_database_replica", "fra1"),
    c("digitalocean_spaces_bucket", "ams3"),
    c("digitalocean_spaces_bucket_cors_configuration", "atl1"),
  ],
  nonCompliant: [
    bad("digitalocean_spaces_bucket", "nyc1"),
    bad("digitalocean_spaces_bucket_cors_configuration", "nyc2"),
    bad("digitalocean_database_cluster", "atl1"),
    bad("digitalocean_database_replica", "ric1"),
    bad("digitalocean_loadbalancer", "nyc2"),
    bad("digitalocean_droplet", "nyc4"),
    { ...bad("digitalocean_spaces_bucket", "x"), name: "bucket without a region (the provider would default it)", json: { resource: { digitalocean_spaces_bucket: { it: { name: "b" } } } } },
  ],
  // A region from a variable is not known at synth.
  notApplicable: [c("digitalocean_vpc", "${var.region}")],
};
