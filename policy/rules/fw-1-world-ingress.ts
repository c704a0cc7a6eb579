/**
 * DO-FW-1: no `digitalocean_firewall` inbound rule open to the internet, except 80/443 without a load balancer.
 * On App Platform: nothing to check. Cloud firewalls select Droplets (by tag or id); App Platform
 * components sit behind App Platform's own edge and take no `digitalocean_firewall`. What does apply
 * there is the database firewall trusting the app (DO-DB-1).
 */
import { COMPLIANT, verdict, type Finding, type PolicyRule } from "../rule";
import { blocks } from "../stack-view";
import { isWorld, list } from "./util";

const PUBLIC_WEB = ["80", "443"];

export const FW_1: PolicyRule = {
  id: "DO-FW-1",
  title: "No inbound rule open to the internet, except 80/443 when no load balancer fronts the Droplets",
  rationale: "A port open to 0.0.0.0/0 or ::/0 is found by scanners within minutes; only a public web service may be.",
  equivalents: ["tfsec DIG001", "checkov CKV_DIO_4"],
  appliesTo: ["digitalocean_firewall"],
  evaluate(subject, stack) {
    const hasLoadBalancer = stack.ofType("digitalocean_loadbalancer").length > 0;
    const findings: Finding[] = [];
    blocks(subject.config.inbound_rule).forEach((rule, i) => {
      const open = list(rule.source_addresses).filter(isWorld);
      if (open.length === 0) return;
      const webPort = rule.protocol === "tcp" && PUBLIC_WEB.includes(String(rule.port_range));
      if (webPort && !hasLoadBalancer) return;
      findings.push({
        attribute: `inbound_rule[${i}].source_addresses`,
        value: rule.source_addresses ?? null,
        problem: webPort
          ? `port ${String(rule.port_range)} is open to the internet although a load balancer fronts the Droplets.`
          : `${String(rule.protocol)} ${String(rule.port_range ?? "all")} is open to the internet.`,
        fix: webPort
          ? "allow the port from the load balancer only (source_load_balancer_uids)."
          : "list the admin or VPN CIDRs (Terraform variable admin_cidrs), a tag, or a load balancer instead of 0.0.0.0/0 and ::/0.",
      });
    });
    return findings.length ? verdict(findings) : COMPLIANT;
  },
};
