import { APP_1 } from "../../../policy/rules/app-1-health-check";
import { APP, appStack, service, spec, specAsList, staticSite, worker } from "../app-fixtures";
import type { RuleCases } from "./types";

export const cases: RuleCases = {
  rule: APP_1,
  compliant: [
    { name: "one service with an HTTP health check", json: appStack(spec()), subject: APP },
    { name: "two services with checks; a worker and a static site need none", json: appStack(spec({ service: [service(), service({ name: "web", healthCheck: { httpPath: "/", initialDelaySeconds: 10 } })], worker: [worker()], staticSite: [staticSite] })), subject: APP },
    { name: "spec written as a one-element list", json: specAsList(appStack(spec())), subject: APP },
  ],
  nonCompliant: [
    { name: "a service without health_check", json: appStack(spec({ service: [service({ healthCheck: undefined })] })), subject: APP, attributes: ["spec.service[0].health_check"] },
    { name: "a health check with a port but no http_path (TCP only)", json: appStack(spec({ service: [service({ healthCheck: { port: 8080 } })] })), subject: APP, attributes: ["spec.service[0].health_check.http_path"] },
    { name: "the second service has none", json: appStack(spec({ service: [service(), service({ name: "web", healthCheck: undefined })] })), subject: APP, attributes: ["spec.service[1].health_check"] },
    { name: "a path without its leading slash", json: appStack(spec({ service: [service({ healthCheck: { httpPath: "health" } })] })), subject: APP, attributes: ["spec.service[0].health_check.http_path"] },
    { name: "spec as a list, service without health_check", json: specAsList(appStack(spec({ service: [service({ healthCheck: undefined })] }))), subject: APP, attributes: ["spec[0].service[0].health_check"] },
  ],
  notApplicable: [{ name: "an app of a worker and a static site only", json: appStack(spec({ service: undefined, worker: [worker()], staticSite: [staticSite] })), subject: APP }],
};
