import { STACK_NAMES } from "../../config/types";
import { deref, resources, synthJson, tagName } from "../helpers";

describe.each(STACK_NAMES)("cache of %s", (stack) => {
  const json = synthJson(stack);
  const caches = resources(json, "digitalocean_database_cluster").filter((c) => c.engine === "valkey");

  it("is one Valkey cluster", () => {
    expect(caches).toHaveLength(1);
    expect(caches[0]).toMatchObject({ name: `bizsocials-${stack}-valkey`, engine: "valkey" });
  });

  it("evicts only keys with a TTL (volatile_lru, the API's spelling), so queued jobs are kept", () => {
    expect(caches.length).toBeGreaterThan(0);
    for (const cache of caches) expect(cache.eviction_policy).toBe("volatile_lru");
  });

  it(`is protected from destroy exactly in production stacks (${stack})`, () => {
    const production = stack === "prod" || stack === "dr";
    expect((caches[0]!.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy ?? false).toBe(production);
  });

  it("has exactly one database firewall, trusting only tags of this stack", () => {
    const firewalls = resources(json, "digitalocean_database_firewall").filter((f) => deref(json, f.cluster_id).block.engine === "valkey");
    expect(firewalls).toHaveLength(1);
    for (const rule of firewalls[0]!.rule as { type: string; value: string }[]) {
      expect(rule.type).toBe("tag");
      expect(tagName(json, rule.value).startsWith(`bizsocials-${stack}-`)).toBe(true);
    }
  });
});
