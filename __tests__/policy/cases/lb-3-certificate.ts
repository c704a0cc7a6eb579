import { LB_3 } from "../../../policy/rules/lb-3-certificate";
import type { RuleCases } from "./types";
import { ref } from "./types";

const lb = (rules: object[]) => ({
  resource: { digitalocean_loadbalancer: { lb: { name: "acme-test-lb", region: "nyc3", size_unit: 1, redirect_http_to_https: true, forwarding_rule: rules } } },
});
const entry = (protocol: string, port: number, extra: object = {}) => ({ entry_port: port, entry_protocol: protocol, target_port: 80, target_protocol: "http", ...extra });
const http = entry("http", 80);
const LB = "digitalocean_loadbalancer.lb";

export const cases: RuleCases = {
  rule: LB_3,
  compliant: [
    { name: "https with a certificate_name reference", json: lb([entry("https", 443, { certificate_name: ref("digitalocean_certificate.edge_certificate_certificate", "name") }), http]), subject: LB },
    { name: "http2 with a certificate_id", json: lb([entry("http2", 443, { certificate_id: ref("digitalocean_certificate.cert") })]), subject: LB },
    { name: "https with tls_passthrough", json: lb([entry("https", 443, { target_port: 443, target_protocol: "https", tls_passthrough: true })]), subject: LB },
    { name: "plain http and tcp entries need no certificate", json: lb([http, entry("tcp", 6379, { target_port: 6379, target_protocol: "tcp" })]), subject: LB },
  ],
  nonCompliant: [
    { name: "https without a certificate", json: lb([entry("https", 443), http]), subject: LB, attributes: ["forwarding_rule[0].certificate_name"] },
    { name: "http3 without a certificate after an http entry", json: lb([http, entry("http3", 443)]), subject: LB, attributes: ["forwarding_rule[1].certificate_name"] },
    { name: "https with tls_passthrough = false and an empty certificate_name", json: lb([entry("https", 443, { tls_passthrough: false, certificate_name: "" })]), subject: LB, attributes: ["forwarding_rule[0].certificate_name"] },
  ],
};
