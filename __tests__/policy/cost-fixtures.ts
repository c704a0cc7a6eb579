/** Stacks to price, shared by the DO-COST-1 and DO-COST-2 cases. */
import { ref } from "./cases/types";

// Prices (catalog/): Droplet s-1vcpu-1gb $6, s-2vcpu-4gb $24, c-4 $84, weekly backups +20%;
// database nodes db-s-1vcpu-1gb $15, db-s-1vcpu-2gb $30, db-s-2vcpu-4gb $60; LB $12 a node
// (lb-medium = 3 nodes); one Spaces subscription $5 however many buckets.
export const VPC = ref("digitalocean_vpc.vpc");
const free = {
  digitalocean_vpc: { vpc: { name: "acme-test-vpc", region: "nyc3", ip_range: "10.10.0.0/20" } },
  digitalocean_tag: { env: { name: "acme-test" } },
  digitalocean_firewall: { fw: { name: "fw", tags: [ref("digitalocean_tag.env", "name")], inbound_rule: [{ protocol: "tcp", port_range: "22", source_addresses: "${var.admin_cidrs}" }] } },
  random_id: { suffix: { byte_length: 3 } },
};
export const droplet = (size: string, extra: object = {}) => ({ name: "app", size, image: "ubuntu-24-04-x64", region: "nyc3", vpc_uuid: VPC, ...extra });
export const db = (engine: string, size: string, nodes: number) => ({ name: engine, engine, version: "8", size, node_count: nodes, region: "nyc3", private_network_uuid: VPC });
export const bucket = (purpose: string) => ({ name: `acme-test-${purpose}-\${random_id.suffix.hex}`, region: "nyc3", acl: "private" });
export const stack = (priced: object) => ({ resource: { ...free, ...priced } });

