import { FW_1 } from "../../../policy/rules/fw-1-world-ingress";
import type { RuleCases } from "./types";

const firewall = (inbound: object[]) => ({ resource: { digitalocean_firewall: { fw: { name: "fw", inbound_rule: inbound } } } });
const withLb = (json: { resource: object }) => ({ resource: { ...json.resource, digitalocean_loadbalancer: { lb: { name: "lb" } } } });
const ssh = (sources: string[]) => ({ protocol: "tcp", port_range: "22", source_addresses: sources });
const web = (port: string) => ({ protocol: "tcp", port_range: port, source_addresses: ["0.0.0.0/0", "::/0"] });

export const cases: RuleCases = {
  rule: FW_1,
  compliant: [
    { name: "SSH from a variable of admin CIDRs", json: firewall([ssh(["${var.admin_cidrs}"] as never)]), subject: "digitalocean_firewall.fw" },
    { name: "80/443 from anywhere when no load balancer exists", json: firewall([web("80"), web("443")]), subject: "digitalocean_firewall.fw" },
    { name: "80 from the load balancer only", json: withLb(firewall([{ protocol: "tcp", port_range: "80", source_load_balancer_uids: ["${digitalocean_loadbalancer.lb.id}"] }])), subject: "digitalocean_firewall.fw" },
  ],
  nonCompliant: [
    { name: "SSH open to 0.0.0.0/0", json: firewall([ssh(["0.0.0.0/0"])]), subject: "digitalocean_firewall.fw", attributes: ["inbound_rule[0].source_addresses"] },
    { name: "SSH open to ::/0", json: firewall([web("80"), ssh(["10.0.0.0/8", "::/0"])]), subject: "digitalocean_firewall.fw", attributes: ["inbound_rule[1].source_addresses"] },
    { name: "443 from anywhere although a load balancer fronts the Droplets", json: withLb(firewall([web("443")])), subject: "digitalocean_firewall.fw", attributes: ["inbound_rule[0].source_addresses"] },
  ],
};
