import { COST_2 } from "../../../policy/rules/cost-2-priced";
import type { RuleCases } from "./types";
import { ref } from "./types";

// Prices (catalog/): Droplet s-1vcpu-1gb $6, s-2vcpu-4gb $24, c-4 $84, weekly backups +20%;
// database nodes db-s-1vcpu-1gb $15, db-s-1vcpu-2gb $30, db-s-2vcpu-4gb $60; LB $12 a node
// (lb-medium = 3 nodes); one Spaces subscription $5 however many buckets.
const VPC = ref("digitalocean_vpc.vpc");
const free = {
  digitalocean_vpc: { vpc: { name: "acme-test-vpc", region: "nyc3", ip_range: "10.10.0.0/20" } },
  digitalocean_tag: { env: { name: "acme-test" } },
  digitalocean_firewall: { fw: { name: "fw", tags: [ref("digitalocean_tag.env", "name")], inbound_rule: [{ protocol: "tcp", port_range: "22", source_addresses: "${var.admin_cidrs}" }] } },
  random_id: { suffix: { byte_length: 3 } },
};
const droplet = (size: string, extra: object = {}) => ({ name: "app", size, image: "ubuntu-24-04-x64", region: "nyc3", vpc_uuid: VPC, ...extra });
const db = (engine: string, size: string, nodes: number) => ({ name: engine, engine, version: "8", size, node_count: nodes, region: "nyc3", private_network_uuid: VPC });
const bucket = (purpose: string) => ({ name: `acme-test-${purpose}-\${random_id.suffix.hex}`, region: "nyc3", acl: "private" });
const stack = (priced: object) => ({ resource: { ...free, ...priced } });

export const cases: RuleCases = {
  rule: COST_2,
  compliant: [
    {
      name: "Droplets, databases, a load balancer and buckets: all priced",
      json: stack({
        digitalocean_droplet: { app: droplet("s-2vcpu-4gb", { count: 2, backups: true }) },
        digitalocean_database_cluster: { db: db("pg", "db-s-1vcpu-2gb", 2) },
        digitalocean_loadbalancer: { lb: { name: "lb", region: "nyc3", size_unit: 2, vpc_uuid: VPC } },
        digitalocean_spaces_bucket: { media: bucket("media") },
      }),
      subject: "stack",
    },
    { name: "only free resources", json: stack({}), subject: "stack" },
  ],
  nonCompliant: [
    {
      name: "a node_count from a variable cannot be priced",
      json: stack({
        digitalocean_droplet: { app: droplet("s-2vcpu-4gb", { count: 3, backups: true, backup_policy: { plan: "daily", weekday: "SUN", hour: 4 } }) },
        digitalocean_database_cluster: { db: { ...db("pg", "db-s-6vcpu-16gb", 1), node_count: "${var.nodes}" } },
      }),
      subject: "stack",
      attributes: ["digitalocean_database_cluster.db"],
    },
    {
      name: "a volume, which the catalog has no price for",
      json: stack({ digitalocean_droplet: { app: droplet("s-1vcpu-1gb") }, digitalocean_volume: { data: { name: "data", region: "nyc3", size: 100 } } }),
      subject: "stack",
      attributes: ["digitalocean_volume.data"],
    },
    {
      name: "a Droplet of unknown size and a database of unknown size",
      json: stack({ digitalocean_droplet: { app: droplet("s-1vcpu-512mb") }, digitalocean_database_cluster: { cache: db("valkey", "db-redis-s-2vcpu-4gb", 1) } }),
      subject: "stack",
      attributes: ["digitalocean_droplet.app", "digitalocean_database_cluster.cache"],
    },
  ],
};
