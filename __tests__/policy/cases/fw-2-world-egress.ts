import { FW_2 } from "../../../policy/rules/fw-2-world-egress";
import type { RuleCases } from "./types";

const firewall = (outbound: object[] | undefined) => ({
  resource: { digitalocean_firewall: { fw: { name: "fw", tags: ["${digitalocean_tag.tags_env.name}"], ...(outbound ? { outbound_rule: outbound } : {}) } } },
});
const to = (protocol: string, port: string | undefined, destinations: string[]) => ({ protocol, ...(port ? { port_range: port } : {}), destination_addresses: destinations });
const WORLD = ["0.0.0.0/0", "::/0"];
const FW = "digitalocean_firewall.fw";

export const cases: RuleCases = {
  rule: FW_2,
  compliant: [
    { name: "egress to the VPC range and named resolvers only", json: firewall([to("tcp", "1-65535", ["10.10.0.0/20"]), to("udp", "53", ["1.1.1.1/32", "8.8.8.8/32"])]), subject: FW },
    { name: "egress to a tag and a load balancer (no addresses at all)", json: firewall([{ protocol: "tcp", port_range: "80", destination_tags: ["${digitalocean_tag.tags_app.name}"] }, { protocol: "tcp", port_range: "443", destination_load_balancer_uids: ["${digitalocean_loadbalancer.lb.id}"] }]), subject: FW },
    { name: "no outbound rule at all (all egress blocked)", json: firewall(undefined), subject: FW },
  ],
  nonCompliant: [
    {
      name: "the default allow-all egress (tcp, udp, icmp to the world)",
      json: firewall([to("tcp", "1-65535", WORLD), to("udp", "1-65535", WORLD), to("icmp", undefined, WORLD)]),
      subject: FW,
      attributes: ["outbound_rule[0].destination_addresses", "outbound_rule[1].destination_addresses", "outbound_rule[2].destination_addresses"],
    },
    { name: "HTTPS to ::/0 next to a listed rule", json: firewall([to("udp", "53", ["1.1.1.1/32"]), to("tcp", "443", ["10.10.0.0/20", "::/0"])]), subject: FW, attributes: ["outbound_rule[1].destination_addresses"] },
  ],
};
