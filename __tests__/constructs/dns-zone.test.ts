import { PLATFORM } from "../../config/environments";
import { STACK_NAMES } from "../../config/types";
import { dataSources, deref, resources, synthJson } from "../helpers";

describe("DNS zone", () => {
  it("is created by exactly one stack, the configured owner, and protected from destroy", () => {
    const owners = STACK_NAMES.filter((s) => resources(synthJson(s), "digitalocean_domain").length > 0);
    expect(owners).toEqual([PLATFORM.dnsZoneOwner]);
    const [zone] = resources(synthJson(PLATFORM.dnsZoneOwner), "digitalocean_domain");
    expect(zone).toMatchObject({ name: "bizsocials.io", lifecycle: { prevent_destroy: true } });
  });

  it.each(STACK_NAMES.filter((s) => s !== PLATFORM.dnsZoneOwner))("%s looks the zone up instead of creating it", (stack) => {
    const json = synthJson(stack);
    expect(dataSources(json, "digitalocean_domain")).toEqual([{ name: "bizsocials.io" }]);
    for (const record of resources(json, "digitalocean_record")) {
      expect(deref(json, record.domain).type).toBe("digitalocean_domain");
    }
  });
});
