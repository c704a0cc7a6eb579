import { STACK_NAMES } from "../../config/types";
import { deref, only, resources, synthJson } from "../helpers";

describe.each(STACK_NAMES)("network of %s", (stack) => {
  const json = synthJson(stack);

  it("is one VPC named after the stack", () => {
    expect(only(json, "digitalocean_vpc").name).toBe(`bizsocials-${stack}-vpc`);
  });

  it("holds every Droplet, load balancer, database, replica and cache", () => {
    const vpcRefs = [
      ...["digitalocean_droplet", "digitalocean_loadbalancer"].flatMap((t) => resources(json, t).map((r) => r.vpc_uuid)),
      ...["digitalocean_database_cluster", "digitalocean_database_replica"].flatMap((t) => resources(json, t).map((r) => r.private_network_uuid)),
    ];
    expect(vpcRefs.length).toBeGreaterThanOrEqual(3);
    for (const ref of vpcRefs) expect(deref(json, ref).type).toBe("digitalocean_vpc");
  });
});
