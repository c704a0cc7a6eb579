/**
 * DO-FW-2: no `digitalocean_firewall` outbound rule open to the internet.
 * On App Platform: nothing to check; cloud firewalls do not apply to apps. App Platform's egress
 * setting (`spec.egress.type`, DEDICATED_IP or AUTOASSIGN) chooses the source addresses, not a
 * filter, so it cannot limit outbound traffic the way this rule does for Droplets.
 */
import { verdict, type Finding, type PolicyRule } from "../rule";
import { blocks } from "../stack-view";
import { isWorld, list } from "./util";

/** A port_range naming one port (`443`), as opposed to a range (`1-65535`), `all`, `0` or none (ICMP). */
const onePort = (range: unknown): boolean => typeof range === "string" && /^[1-9]\d{0,4}$/.test(range) && Number(range) <= 65535;

export const FW_2: PolicyRule = {
  id: "DO-FW-2",
  title: "No outbound rule open to the internet on more than one named port",
  rationale:
    "Open egress lets a compromised Droplet exfiltrate data or join a botnet on any port. Egress to any address is allowed only port by port " +
    "(443 to payment and chat APIs, 53 to resolvers): every other port, and ICMP, goes to listed destinations (the VPC) or nowhere.",
  equivalents: ["tfsec DIG002"],
  appliesTo: ["digitalocean_firewall"],
  evaluate(subject) {
    const findings: Finding[] = blocks(subject.config.outbound_rule).flatMap((rule, i) =>
      list(rule.destination_addresses).some(isWorld) && !onePort(rule.port_range)
        ? [{
            attribute: `outbound_rule[${i}].destination_addresses`,
            value: rule.destination_addresses ?? null,
            problem: `${String(rule.protocol)} ${String(rule.port_range ?? "all")} may go to any address.`,
            fix: "name the ports the Droplets need on the internet one rule each (PlatformConfig.egress), list the destinations of the rest, or suppress DO-FW-2 on the firewall saying why they cannot be listed.",
          }]
        : [],
    );
    return verdict(findings);
  },
};
