import { APP_3 } from "../../../policy/rules/app-3-instance-size";
import { APP, appStack, DEDICATED, job, service, spec, staticSite, worker } from "../app-fixtures";
import type { RuleCases } from "./types";

export const cases: RuleCases = {
  rule: APP_3,
  compliant: [
    { name: "a service, a worker and a job on catalog sizes; a static site has none", json: appStack(spec({ service: [service({ instanceSizeSlug: DEDICATED })], worker: [worker()], job: [job()], staticSite: [staticSite] })), subject: APP },
  ],
  nonCompliant: [
    { name: "a size the catalog does not list", json: appStack(spec({ service: [service({ instanceSizeSlug: "basic-xxxl" })] })), subject: APP, attributes: ["spec.service[0].instance_size_slug"] },
    { name: "a job without a size (the API's default, unpriced)", json: appStack(spec({ job: [job({ instanceSizeSlug: undefined })] })), subject: APP, attributes: ["spec.job[0].instance_size_slug"] },
    { name: "a worker sized by a variable", json: appStack(spec({ worker: [worker({ instanceSizeSlug: "${var.worker_size}" })] })), subject: APP, attributes: ["spec.worker[0].instance_size_slug"] },
  ],
  notApplicable: [{ name: "a static site only", json: appStack(spec({ service: undefined, staticSite: [staticSite] })), subject: APP }],
};
