/**
 * DO-CAT-2: each resource's region offers that service.
 * On App Platform: not judged for `digitalocean_app` or `digitalocean_container_registry`. App
 * Platform's `spec.region` takes App Platform's own region slugs (`nyc`, `ams`, `fra`, …), not
 * datacenter slugs, and catalog/regions.ts does not list which of them offer App Platform or the
 * registry; the data tier and the buckets of an App Platform stack are judged as before.
 */
import { isRegion, offers, regionsOffering, type Service } from "../../catalog/regions";
import { verdict, type PolicyRule } from "../rule";
import { oneOf } from "./util";

const SERVICE: Record<string, Service> = {
  digitalocean_droplet: "droplets",
  digitalocean_vpc: "droplets",
  digitalocean_loadbalancer: "loadBalancers",
  digitalocean_database_cluster: "databases",
  digitalocean_database_replica: "databases",
  digitalocean_spaces_bucket: "spaces",
  digitalocean_spaces_bucket_cors_configuration: "spaces",
};

const LABEL: Record<Service, string> = { droplets: "Droplets", loadBalancers: "load balancers", databases: "managed databases", spaces: "Spaces" };

export const CAT_2: PolicyRule = {
  id: "DO-CAT-2",
  title: "Each resource's region offers that service",
  rationale: "Spaces is not in nyc1, managed databases are only partly in atl1: the API says so only at apply.",
  equivalents: [],
  appliesTo: Object.keys(SERVICE),
  evaluate(subject) {
    const service = SERVICE[subject.type]!;
    const region = subject.config.region;
    // A region from an expression (a variable) is not known at synth.
    if (typeof region === "string" && region.includes("${")) return { status: "NOT_APPLICABLE" };
    const ok = isRegion(region) && offers(region, service);
    return verdict(
      ok
        ? []
        : [{
            attribute: "region",
            value: region ?? null,
            problem: isRegion(region)
              ? `${region} does not offer ${LABEL[service]}.`
              : region === undefined
                ? "no region is set, so the provider's default applies."
                : "not a DigitalOcean region.",
            fix: `set region to one with ${LABEL[service]}: ${oneOf(regionsOffering(service))}.`,
          }],
    );
  },
};
