/**
 * DO-APP-4: App Platform autoscaling is one the API accepts and the size can do.
 *
 * On every service and worker with an `autoscaling` block (jobs have none at provider v2.71.0):
 * - `min_instance_count` ≥ 1, `max_instance_count` ≤ 250 and min ≤ max; `metrics.cpu.percent`
 *   1–100 (API app spec, app_autoscaling_spec.yml: minimum 1, maximum 250, percent 1–100);
 * - no `instance_count` beside it (app_component_instance_base.yml: "Must not be set if autoscaling
 *   is used");
 * - CPU is the only metric the provider can express (v2.71.0 binding: `autoscaling.metrics.cpu`
 *   only) and CPU-based autoscaling runs on dedicated-CPU sizes only (DigitalOcean blog,
 *   "Introducing CPU-based autoscaling for dedicated instances on App Platform"; DigitalOcean's
 *   request-based autoscaling announcement: "Until now, autoscaling on App Platform required a
 *   dedicated CPU plan"; docs.digitalocean.com/products/app-platform/how-to/scale-app/), so the
 *   size's catalog entry must be `dedicated` (catalog/app-platform.ts).
 * Every number must be a literal: a bound from an expression cannot be checked (or priced).
 */
import { APP_INSTANCE_SIZES, isAppInstanceSize } from "../../catalog/app-platform";
import { NOT_APPLICABLE, verdict, type Finding, type PolicyRule } from "../rule";
import type { Json } from "../stack-view";
import { appComponents, appSpec, AUTOSCALED_KINDS, single } from "./app-spec";
import { oneOf } from "./util";

export const MAX_APP_INSTANCES = 250;

const DEDICATED = Object.entries(APP_INSTANCE_SIZES)
  .filter(([, plan]) => plan.dedicated)
  .map(([slug]) => slug);

const isCount = (v: Json | undefined): v is number => typeof v === "number" && Number.isInteger(v);

export const APP_4: PolicyRule = {
  id: "DO-APP-4",
  title: "App Platform autoscaling: 1 ≤ min ≤ max ≤ 250, CPU percent 1–100, no instance_count beside it, a dedicated size",
  rationale: "The API refuses bounds out of order, a fixed count beside autoscaling and CPU autoscaling on shared-CPU sizes, only at apply.",
  equivalents: [],
  appliesTo: ["digitalocean_app"],
  evaluate(subject) {
    const spec = appSpec(subject.config);
    const scaled = (spec ? appComponents(spec, AUTOSCALED_KINDS) : []).flatMap((c) => {
      const autoscaling = single(c.block, "autoscaling", c.path);
      return autoscaling ? [{ c, autoscaling }] : [];
    });
    if (scaled.length === 0) return NOT_APPLICABLE;
    const findings: Finding[] = [];
    for (const { c, autoscaling } of scaled) {
      const at = autoscaling.path;
      const what = `the ${c.kind} ${c.name}`;
      const fix = `autoscale ${c.name} between min and max instances (1 ≤ min ≤ max ≤ ${MAX_APP_INSTANCES}) at a CPU percent of 1–100 (config autoscale { min, max, cpuPercent }).`;
      const min = autoscaling.block.min_instance_count;
      const max = autoscaling.block.max_instance_count;
      if (!isCount(min) || min < 1) findings.push({ attribute: `${at}.min_instance_count`, value: min ?? null, problem: `${what} autoscales from ${JSON.stringify(min ?? null)} instances, not a literal whole number of at least 1.`, fix });
      if (!isCount(max) || max < 1 || max > MAX_APP_INSTANCES) findings.push({ attribute: `${at}.max_instance_count`, value: max ?? null, problem: `${what} autoscales to ${JSON.stringify(max ?? null)} instances, not a literal whole number from 1 to ${MAX_APP_INSTANCES}.`, fix });
      if (isCount(min) && isCount(max) && min > max) findings.push({ attribute: `${at}.min_instance_count`, value: min, problem: `${what}'s minimum (${min}) is above its maximum (${max}).`, fix });
      const metrics = single(autoscaling.block, "metrics", at);
      const cpu = metrics ? single(metrics.block, "cpu", metrics.path) : undefined;
      const percent = cpu?.block.percent;
      if (!isCount(percent) || percent < 1 || percent > 100) {
        findings.push({ attribute: `${at}.metrics.cpu.percent`, value: percent ?? null, problem: percent === undefined || percent === null ? `${what} autoscales on no CPU target (metrics.cpu.percent), the only metric provider v2.71.0 can express.` : `${what}'s target CPU percent ${JSON.stringify(percent)} is not a literal whole number from 1 to 100.`, fix });
      }
      if (c.block.instance_count !== undefined && c.block.instance_count !== null) {
        findings.push({ attribute: `${c.path}.instance_count`, value: c.block.instance_count, problem: `${what} sets instance_count beside autoscaling, which the API refuses.`, fix: `drop instance_count from ${c.name}: autoscaling's min and max decide the count.` });
      }
      const slug = c.block.instance_size_slug;
      if (!isAppInstanceSize(slug) || !APP_INSTANCE_SIZES[slug].dedicated) {
        findings.push({
          attribute: `${c.path}.instance_size_slug`,
          value: slug ?? null,
          problem: isAppInstanceSize(slug)
            ? `${what} autoscales on ${slug}, a shared-CPU size; App Platform autoscales dedicated-CPU sizes only.`
            : `${what} autoscales on ${JSON.stringify(slug ?? null)}, which the catalog does not list as a dedicated-CPU size.`,
          fix: `use a dedicated-CPU size (${oneOf(DEDICATED)}) or a fixed instance count.`,
        });
      }
    }
    return verdict(findings);
  },
};
