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
    {
      name: "named ports to the internet one by one (HTTPS, HTTP, DNS, NTP), everything else to the VPC only",
      json: firewall([to("tcp", "443", WORLD), to("tcp", "80", WORLD), to("udp", "53", WORLD), to("tcp", "53", WORLD), to("udp", "123", WORLD), to("tcp", "1-65535", ["10.70.0.0/20"])]),
      subject: FW,
    },
  ],
  nonCompliant: [
    {
      name: "the default allow-all egress (tcp, udp, icmp to the world)",
      json: firewall([to("tcp", "1-65535", WORLD), to("udp", "1-65535", WORLD), to("icmp", undefined, WORLD)]),
      subject: FW,
      attributes: ["outbound_rule[0].destination_addresses", "outbound_rule[1].destination_addresses", "outbound_rule[2].destination_addresses"],
    },
    { name: "a port range to ::/0 next to a listed rule", json: firewall([to("udp", "53", ["1.1.1.1/32"]), to("tcp", "8000-9000", ["10.10.0.0/20", "::/0"])]), subject: FW, attributes: ["outbound_rule[1].destination_addresses"] },
    { name: "all ports to the world, spelled `all`, `0` or with no port_range", json: firewall([to("tcp", "all", WORLD), to("udp", "0", WORLD), to("tcp", undefined, ["0.0.0.0/0"])]), subject: FW, attributes: ["outbound_rule[0].destination_addresses", "outbound_rule[1].destination_addresses", "outbound_rule[2].destination_addresses"] },
    { name: "ICMP to the world (it has no ports to name)", json: firewall([to("tcp", "443", WORLD), to("icmp", undefined, WORLD)]), subject: FW, attributes: ["outbound_rule[1].destination_addresses"] },
  ],
};
