/**
 * DO-CAT-5: engines and versions DigitalOcean still creates.
 * On App Platform: unchanged for the clusters. The app's `spec.database` blocks attach existing
 * clusters by name; their `engine`/`version` describe them and are not judged here.
 */
import { ENGINE_VERSIONS, ENGINES, isEngine, orderableVersions } from "../../catalog/databases";
import { verdict, type PolicyRule } from "../rule";
import { oneOf } from "./util";

export const CAT_5: PolicyRule = {
  id: "DO-CAT-5",
  title: "Database engines and major versions are ones DigitalOcean still creates",
  rationale: "Redis is retired and PostgreSQL 14 reached end of availability; creating either fails at apply.",
  equivalents: [],
  appliesTo: ["digitalocean_database_cluster"],
  evaluate(subject) {
    const { engine, version } = subject.config;
    if (!isEngine(engine)) {
      return verdict([{ attribute: "engine", value: engine ?? null, problem: "not an engine this platform supports.", fix: `use one of ${oneOf(Object.keys(ENGINES))} (Redis is now Valkey).` }]);
    }
    const known = (ENGINE_VERSIONS[engine] as Record<string, { orderable: boolean; endOfAvailability?: string }>)[String(version)];
    if (known?.orderable) return verdict([]);
    return verdict([{
      attribute: "version",
      value: version ?? null,
      problem: known ? `${ENGINES[engine].label} ${String(version)} reached end of availability on ${known.endOfAvailability}.` : `not a ${ENGINES[engine].label} version.`,
      fix: `use one of ${oneOf(orderableVersions(engine))}.`,
    }]);
  },
};
