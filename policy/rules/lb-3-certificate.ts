/**
 * DO-LB-3: every TLS load balancer entry has a certificate.
 * On App Platform: nothing to check; there is no `digitalocean_loadbalancer`, and App Platform
 * issues the certificates of the app's domains (DO-APP-5 keeps those inside the platform's zone).
 */
import { LOAD_BALANCER } from "../../catalog/networking";
import { verdict, type PolicyRule } from "../rule";
import { blocks } from "../stack-view";

const TLS: readonly string[] = LOAD_BALANCER.tlsProtocols;

export const LB_3: PolicyRule = {
  id: "DO-LB-3",
  title: "Every HTTPS, HTTP/2 or HTTP/3 entry has a certificate",
  rationale: "The API rejects a TLS forwarding rule without a certificate only at apply time.",
  equivalents: [],
  appliesTo: ["digitalocean_loadbalancer"],
  evaluate(subject) {
    return verdict(
      blocks(subject.config.forwarding_rule).flatMap((rule, i) =>
        TLS.includes(String(rule.entry_protocol)) && !rule.certificate_name && !rule.certificate_id && rule.tls_passthrough !== true
          ? [{
              attribute: `forwarding_rule[${i}].certificate_name`,
              value: rule.certificate_name ?? null,
              problem: `the ${String(rule.entry_protocol)} entry on port ${String(rule.entry_port)} has no certificate.`,
              fix: "set certificate_name to a digitalocean_certificate's name (LetsEncryptCertificate construct), or use tls_passthrough.",
            }]
          : [],
      ),
    );
  },
};
