/**
 * DO-CAT-1: Droplet and database sizes are plans offered for that engine.
 * On App Platform: the databases are unchanged; App Platform instance sizes are DO-APP-3's
 * (catalog/app-platform.ts), since they are another catalog.
 */
import { DATABASE_SIZES, isDatabaseSize, isEngine, sizesFor } from "../../catalog/databases";
import { DROPLET_SIZES, isDropletSize } from "../../catalog/droplets";
import { verdict, type PolicyRule } from "../rule";
import { oneOf } from "./util";

export const CAT_1: PolicyRule = {
  id: "DO-CAT-1",
  title: "Droplet and database sizes are plans DigitalOcean offers for that engine",
  rationale: "An unknown slug (seed 001's db-redis-s-2vcpu-4gb) fails only at apply, minutes into a deploy.",
  equivalents: [],
  appliesTo: ["digitalocean_droplet", "digitalocean_database_cluster", "digitalocean_database_replica"],
  evaluate(subject, stack) {
    const size = subject.config.size;
    if (subject.type === "digitalocean_droplet") {
      return verdict(
        isDropletSize(size)
          ? []
          : [{ attribute: "size", value: size ?? null, problem: "not a Droplet size in the catalog.", fix: `use one of ${oneOf(Object.keys(DROPLET_SIZES))}.` }],
      );
    }
    // A replica is sized like its primary's engine; a primary in another stack (data source) is MySQL or PostgreSQL.
    const primary = subject.type === "digitalocean_database_replica" ? stack.deref(subject.config.cluster_id)?.subject : subject;
    const engine = primary?.type === "digitalocean_database_cluster" ? primary.config.engine : undefined;
    const allowed = isEngine(engine) ? sizesFor(engine) : sizesFor("mysql");
    const what = subject.type === "digitalocean_database_cluster" ? `${String(engine)} plan` : "read-only replica plan";
    return verdict(
      isDatabaseSize(size) && allowed.includes(size)
        ? []
        : [{ attribute: "size", value: size ?? null, problem: `not a ${what} in the catalog.`, fix: `use one of ${oneOf(allowed)}${isDatabaseSize(size) ? "" : ` (known plans: ${oneOf(Object.keys(DATABASE_SIZES))})`}.` }],
    );
  },
};
