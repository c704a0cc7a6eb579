/**
 * DO-FW-2: no `digitalocean_firewall` outbound rule open to the internet.
 * On App Platform: nothing to check; cloud firewalls do not apply to apps. App Platform's egress
 * setting (`spec.egress.type`, DEDICATED_IP or AUTOASSIGN) chooses the source addresses, not a
 * filter, so it cannot limit outbound traffic the way this rule does for Droplets.
 */
import { verdict, type Finding, type PolicyRule } from "../rule";
import { blocks } from "../stack-view";
import { isWorld, list } from "./util";

export const FW_2: PolicyRule = {
  id: "DO-FW-2",
  title: "No outbound rule open to the internet",
  rationale: "Open egress lets a compromised Droplet exfiltrate data or join a botnet unhindered.",
  equivalents: ["tfsec DIG002"],
  appliesTo: ["digitalocean_firewall"],
  evaluate(subject) {
    const findings: Finding[] = blocks(subject.config.outbound_rule).flatMap((rule, i) =>
      list(rule.destination_addresses).some(isWorld)
        ? [{
            attribute: `outbound_rule[${i}].destination_addresses`,
            value: rule.destination_addresses ?? null,
            problem: `${String(rule.protocol)} ${String(rule.port_range ?? "all")} may go to any address.`,
            fix: "list the destinations the Droplets need, or suppress DO-FW-2 on the firewall saying why they cannot be listed.",
          }]
        : [],
    );
    return verdict(findings);
  },
};
