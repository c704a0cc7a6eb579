import { Domain } from "@cdktf/provider-digitalocean/lib/domain";
import { DataDigitaloceanDomain } from "@cdktf/provider-digitalocean/lib/data-digitalocean-domain";
import { APP_5 } from "../../../policy/rules/app-5-domains";
import { APP, appStack, spec } from "../app-fixtures";
import type { RuleCases } from "./types";

const ZONE = { domain: "acme.io" };
const domains = (...list: { name: string; zone?: string; type?: string }[]) => appStack(spec({ domain: list }));

export const cases: RuleCases = {
  rule: APP_5,
  compliant: [
    { name: "apex and www in the stack's zone", json: domains({ name: "acme.io", zone: "acme.io", type: "PRIMARY" }, { name: "www.acme.io", zone: "acme.io", type: "ALIAS" }), subject: APP, facts: ZONE },
    {
      name: "zone and hostname spelled through the zone's data source",
      json: appStack((stack) => {
        const zone = new DataDigitaloceanDomain(stack, "dns_zone", { name: "acme.io" });
        return spec({ domain: [{ name: `api.${zone.name}`, zone: zone.name }] });
      }),
      subject: APP,
      facts: ZONE,
    },
    {
      name: "no domain fact: the one zone the stack creates",
      json: appStack((stack) => {
        const zone = new Domain(stack, "dns_zone", { name: "acme.io" });
        return spec({ domain: [{ name: "api.acme.io", zone: zone.name }] });
      }),
      subject: APP,
    },
  ],
  nonCompliant: [
    { name: "a hostname of another domain", json: domains({ name: "api.acme.com", zone: "acme.io" }), subject: APP, facts: ZONE, attributes: ["spec.domain[0].name"] },
    { name: "a hostname that only ends like the zone", json: domains({ name: "notacme.io", zone: "acme.io" }), subject: APP, facts: ZONE, attributes: ["spec.domain[0].name"] },
    { name: "no zone: App Platform does not manage the record", json: domains({ name: "acme.io", zone: "acme.io" }, { name: "www.acme.io" }), subject: APP, facts: ZONE, attributes: ["spec.domain[1].zone"] },
    { name: "the wrong zone", json: domains({ name: "api.acme.io", zone: "io" }), subject: APP, facts: ZONE, attributes: ["spec.domain[0].zone"] },
    { name: "the deprecated domains list outside the zone", json: appStack(spec({ domains: ["api.acme.io", "shop.example.com"] })), subject: APP, facts: ZONE, attributes: ["spec.domains[1]"] },
    { name: "no domain fact and no zone in the stack", json: domains({ name: "api.acme.io", zone: "acme.io" }), subject: APP, attributes: ["spec.domain"] },
  ],
  notApplicable: [{ name: "no domains (the app's ondigitalocean.app address only)", json: appStack(spec()), subject: APP, facts: ZONE }],
};
