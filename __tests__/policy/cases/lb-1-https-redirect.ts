import { LB_1 } from "../../../policy/rules/lb-1-https-redirect";
import type { RuleCases } from "./types";
import { ref } from "./types";

const lb = (rules: object[], redirect?: boolean) => ({
  resource: { digitalocean_loadbalancer: { lb: { name: "acme-test-lb", region: "nyc3", size_unit: 1, forwarding_rule: rules, ...(redirect === undefined ? {} : { redirect_http_to_https: redirect }) } } },
});
const CERT = ref("digitalocean_certificate.cert", "name");
const https = { entry_port: 443, entry_protocol: "https", target_port: 80, target_protocol: "http", certificate_name: CERT };
const http = { entry_port: 80, entry_protocol: "http", target_port: 80, target_protocol: "http" };
const LB = "digitalocean_loadbalancer.lb";

export const cases: RuleCases = {
  rule: LB_1,
  compliant: [
    { name: "https plus an http entry that redirects", json: lb([https, http], true), subject: LB },
    { name: "https only, no http entry", json: lb([https]), subject: LB },
    { name: "TLS passthrough and a TCP entry, no http", json: lb([{ entry_port: 443, entry_protocol: "https", target_port: 443, target_protocol: "https", tls_passthrough: true }, { entry_port: 5432, entry_protocol: "tcp", target_port: 5432, target_protocol: "tcp" }]), subject: LB },
  ],
  nonCompliant: [
    { name: "plain http only", json: lb([http]), subject: LB, attributes: ["forwarding_rule[0].entry_protocol"] },
    { name: "https plus http with redirect_http_to_https = false", json: lb([https, http], false), subject: LB, attributes: ["forwarding_rule[1].entry_protocol"] },
    { name: "http on 80 and 8080 without redirect", json: lb([http, { ...http, entry_port: 8080 }, https]), subject: LB, attributes: ["forwarding_rule[0].entry_protocol", "forwarding_rule[1].entry_protocol"] },
  ],
};
