import { NET_1 } from "../../../policy/rules/net-1-in-vpc";
import { Vpc } from "@cdktf/provider-digitalocean/lib/vpc";
import { APP, appStack, spec } from "../app-fixtures";
import type { RuleCases } from "./types";
import { ref } from "./types";

const VPC = ref("digitalocean_vpc.network_vpc");
const vpc = { network_vpc: { name: "acme-test-vpc", region: "nyc3", ip_range: "10.10.0.0/20" } };
const stack = (type: string, block: object, withVpc = true) => ({
  resource: { ...(withVpc ? { digitalocean_vpc: vpc } : {}), [type]: { it: { name: "acme-test-it", region: "nyc3", ...block } } },
});
const cluster = { engine: "pg", version: "16", size: "db-s-1vcpu-2gb", node_count: 1 };
const appInVpc = appStack((stack) => spec({ vpc: [{ id: new Vpc(stack, "network_vpc", { name: "acme-test-vpc", region: "nyc3", ipRange: "10.10.0.0/20" }).id }] }));

export const cases: RuleCases = {
  rule: NET_1,
  compliant: [
    { name: "Droplet in the stack's VPC", json: stack("digitalocean_droplet", { size: "s-1vcpu-1gb", image: "ubuntu-24-04-x64", vpc_uuid: VPC }), subject: "digitalocean_droplet.it" },
    { name: "load balancer in the stack's VPC", json: stack("digitalocean_loadbalancer", { size_unit: 1, vpc_uuid: VPC }), subject: "digitalocean_loadbalancer.it" },
    { name: "database cluster on the VPC via private_network_uuid", json: stack("digitalocean_database_cluster", { ...cluster, private_network_uuid: VPC }), subject: "digitalocean_database_cluster.it" },
    { name: "App Platform app in the stack's VPC (spec.vpc.id)", json: appInVpc, subject: APP },
    { name: "replica of another stack's cluster, in this stack's VPC", json: stack("digitalocean_database_replica", { cluster_id: ref("data.digitalocean_database_cluster.source"), size: "db-s-1vcpu-2gb", private_network_uuid: VPC }), subject: "digitalocean_database_replica.it" },
  ],
  nonCompliant: [
    { name: "Droplet pointing at the VPC's urn, not its id", json: stack("digitalocean_droplet", { size: "s-1vcpu-1gb", image: "ubuntu-24-04-x64", vpc_uuid: ref("digitalocean_vpc.network_vpc", "urn") }), subject: "digitalocean_droplet.it", attributes: ["vpc_uuid"] },
    { name: "Droplet without vpc_uuid (region's default VPC)", json: stack("digitalocean_droplet", { size: "s-1vcpu-1gb", image: "ubuntu-24-04-x64" }), subject: "digitalocean_droplet.it", attributes: ["vpc_uuid"] },
    { name: "database cluster with a literal VPC uuid", json: stack("digitalocean_database_cluster", { ...cluster, private_network_uuid: "c7a1b2d3-0000-4000-8000-123456789abc" }), subject: "digitalocean_database_cluster.it", attributes: ["private_network_uuid"] },
    { name: "replica in a VPC found by a data source, not the stack's own", json: { ...stack("digitalocean_database_replica", { cluster_id: ref("digitalocean_database_cluster.db"), size: "db-s-1vcpu-2gb", private_network_uuid: ref("data.digitalocean_vpc.default") }, false), data: { digitalocean_vpc: { default: { name: "default-nyc3" } } } }, subject: "digitalocean_database_replica.it", attributes: ["private_network_uuid"] },
    { name: "App Platform app without spec.vpc (reaches its databases over public hostnames)", json: appStack(spec()), subject: APP, attributes: ["spec.vpc.id"] },
    { name: "App Platform app in a VPC given by a literal id", json: appStack(spec({ vpc: [{ id: "c7a1b2d3-0000-4000-8000-123456789abc" }] })), subject: APP, attributes: ["spec.vpc[0].id"] },
    { name: "load balancer referring to a VPC that is not in the stack", json: stack("digitalocean_loadbalancer", { size_unit: 1, vpc_uuid: VPC }, false), subject: "digitalocean_loadbalancer.it", attributes: ["vpc_uuid"] },
  ],
};
