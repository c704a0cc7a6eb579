/**
 * DO-APP-1: every App Platform service has an HTTP health check (`health_check.http_path`).
 *
 * Without `http_path`, App Platform disables the HTTP check and only checks that the port accepts a
 * TCP connection (API app spec, app_service_spec_health_check.yml: "If not set, the HTTP health
 * check will be disabled and a TCP health check used instead"), so a release that answers every
 * request with a 500 still goes live and replaces the healthy one. Workers, jobs, static sites and
 * functions have no HTTP port to check (provider v2.71.0: `health_check` exists on services only).
 */
import { NOT_APPLICABLE, verdict, type Finding, type PolicyRule } from "../rule";
import { appComponents, appSpec, single } from "./app-spec";

export const APP_1: PolicyRule = {
  id: "DO-APP-1",
  title: "Every App Platform service has an HTTP health check (health_check.http_path)",
  rationale: "Without an HTTP path App Platform only checks that the port is open, so a broken release goes live.",
  equivalents: [],
  appliesTo: ["digitalocean_app"],
  evaluate(subject) {
    const spec = appSpec(subject.config);
    const services = spec ? appComponents(spec, ["service"]) : [];
    if (services.length === 0) return NOT_APPLICABLE;
    const findings: Finding[] = [];
    for (const service of services) {
      const check = single(service.block, "health_check", service.path);
      const path = check?.block.http_path;
      if (typeof path === "string" && path.startsWith("/")) continue;
      findings.push({
        attribute: check ? `${check.path}.http_path` : `${service.path}.health_check`,
        value: path ?? null,
        problem:
          path === undefined || path === null || path === ""
            ? `the service ${service.name} has no HTTP health check, so App Platform only checks that its port accepts TCP.`
            : `the service ${service.name}'s health check path ${JSON.stringify(path)} is not a path starting with "/".`,
        fix: `give the service ${service.name} a health check path the app answers with 2xx once ready (config healthCheck.path, e.g. "/health").`,
      });
    }
    return verdict(findings);
  },
};
