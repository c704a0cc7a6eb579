import { APP_4 } from "../../../policy/rules/app-4-autoscaling";
import { APP, appStack, DEDICATED, SHARED, service, spec, worker } from "../app-fixtures";
import type { RuleCases } from "./types";

const scaling = (min: number, max: number, percent?: number) => ({ minInstanceCount: min, maxInstanceCount: max, metrics: percent === undefined ? {} : { cpu: { percent } } });
const scaled = (min: number, max: number, percent?: number, extra: object = {}) =>
  appStack(spec({ service: [service({ instanceSizeSlug: DEDICATED, instanceCount: undefined, autoscaling: scaling(min, max, percent), ...extra })] }));
const AT = "spec.service[0].autoscaling";

export const cases: RuleCases = {
  rule: APP_4,
  compliant: [
    { name: "a dedicated service autoscaling 2–5 at 70 % CPU", json: scaled(2, 5, 70), subject: APP },
    { name: "min = max = 1, 100 %; a worker autoscales too; a fixed service beside them", json: appStack(spec({ service: [service(), service({ name: "web", instanceSizeSlug: DEDICATED, instanceCount: undefined, autoscaling: scaling(1, 1, 100) })], worker: [worker({ instanceSizeSlug: DEDICATED, instanceCount: undefined, autoscaling: scaling(1, 250, 1) })] })), subject: APP },
  ],
  nonCompliant: [
    { name: "min above max", json: scaled(5, 2, 70), subject: APP, attributes: [`${AT}.min_instance_count`] },
    { name: "min of 0", json: scaled(0, 3, 70), subject: APP, attributes: [`${AT}.min_instance_count`] },
    { name: "max above 250", json: scaled(2, 300, 70), subject: APP, attributes: [`${AT}.max_instance_count`] },
    { name: "CPU percent 0", json: scaled(2, 5, 0), subject: APP, attributes: [`${AT}.metrics.cpu.percent`] },
    { name: "CPU percent 101", json: scaled(2, 5, 101), subject: APP, attributes: [`${AT}.metrics.cpu.percent`] },
    { name: "no CPU metric (the only one provider v2.71.0 can express)", json: scaled(2, 5), subject: APP, attributes: [`${AT}.metrics.cpu.percent`] },
    { name: "instance_count beside autoscaling", json: scaled(2, 5, 70, { instanceCount: 2 }), subject: APP, attributes: ["spec.service[0].instance_count"] },
    { name: "a shared-CPU size", json: scaled(2, 5, 70, { instanceSizeSlug: SHARED }), subject: APP, attributes: ["spec.service[0].instance_size_slug"] },
    { name: "a size the catalog does not list, on a worker", json: appStack(spec({ worker: [worker({ instanceSizeSlug: "basic-xxxl", instanceCount: undefined, autoscaling: scaling(1, 3, 60) })] })), subject: APP, attributes: ["spec.worker[0].instance_size_slug"] },
  ],
  notApplicable: [{ name: "fixed instance counts only", json: appStack(spec({ worker: [worker()] })), subject: APP }],
};
