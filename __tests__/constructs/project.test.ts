import { STACK_NAMES } from "../../config/types";
import { deref, only, resources, synthJson } from "../helpers";

/** Resource types DigitalOcean can put in a project (replicas belong to their source cluster's project). */
const PROJECTABLE = ["digitalocean_droplet", "digitalocean_loadbalancer", "digitalocean_database_cluster", "digitalocean_spaces_bucket", "digitalocean_domain", "digitalocean_reserved_ip"];

describe.each(STACK_NAMES)("project of %s", (stack) => {
  const json = synthJson(stack);

  it("contains every projectable resource of the stack exactly once", () => {
    const project = only(json, "digitalocean_project");
    expect(project).toMatchObject({ name: `bizsocials-${stack}`, purpose: "Web Application" });
    const members = (project.resources as string[]).map((r) => deref(json, r));
    for (const m of members) expect(m.attribute).toBe("urn");
    const expected = PROJECTABLE.flatMap((t) => Object.values(json.resource?.[t] ?? {}));
    expect(members.map((m) => m.block)).toHaveLength(expected.length);
    expect(new Set(members.map((m) => m.block))).toEqual(new Set(expected));
  });

  it("is the only place resources are assigned to a project", () => {
    expect(resources(json, "digitalocean_project_resources")).toHaveLength(0);
    for (const t of ["digitalocean_loadbalancer", "digitalocean_database_cluster"]) {
      for (const r of resources(json, t)) expect(r).not.toHaveProperty("project_id");
    }
  });
});
