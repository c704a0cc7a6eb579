/**
 * DO-APP-3: every App Platform component that runs on instances (services, workers, jobs) names an
 * instance size the catalog lists (catalog/app-platform.ts APP_INSTANCE_SIZES).
 *
 * An unknown slug fails only when App Platform validates the spec at apply, and the estimate
 * (DO-COST-1/2) cannot price it. An unset slug is the API's default (`apps-s-1vcpu-0.5gb`, API app
 * spec app_component_instance_base.yml), which a reviewer cannot see in the JSON: it must be stated.
 * Static sites and functions have no instance size.
 */
import { APP_INSTANCE_SIZES, isAppInstanceSize } from "../../catalog/app-platform";
import { NOT_APPLICABLE, verdict, type Finding, type PolicyRule } from "../rule";
import { appComponents, appSpec, SIZED_KINDS } from "./app-spec";
import { oneOf } from "./util";

export const APP_3: PolicyRule = {
  id: "DO-APP-3",
  title: "App Platform services, workers and jobs name an instance size the catalog lists",
  rationale: "An unknown size fails at apply and cannot be priced; an unset one is a default nobody reviewed.",
  equivalents: [],
  appliesTo: ["digitalocean_app"],
  evaluate(subject) {
    const spec = appSpec(subject.config);
    const sized = spec ? appComponents(spec, SIZED_KINDS) : [];
    if (sized.length === 0) return NOT_APPLICABLE;
    const findings: Finding[] = [];
    for (const c of sized) {
      const slug = c.block.instance_size_slug;
      if (isAppInstanceSize(slug)) continue;
      findings.push({
        attribute: `${c.path}.instance_size_slug`,
        value: slug ?? null,
        problem:
          slug === undefined || slug === null
            ? `the ${c.kind} ${c.name} states no instance size (the API's default applies, unpriced and unreviewed).`
            : `the ${c.kind} ${c.name}'s instance size ${JSON.stringify(slug)} is not one the catalog lists.`,
        fix: `set instance_size_slug to one of ${oneOf(Object.keys(APP_INSTANCE_SIZES))} (catalog/app-platform.ts; add a size there, with its source, to use another).`,
      });
    }
    return verdict(findings);
  },
};
