import { TerraformVariable, type TerraformStack } from "cdktf";
import { APP_2 } from "../../../policy/rules/app-2-secret-env";
import { APP, appStack, job, service, spec, staticSite, worker } from "../app-fixtures";
import type { RuleCases } from "./types";

const secretVariable = (sensitive: boolean) => (stack: TerraformStack) => new TerraformVariable(stack, "stripe_key", { type: "string", sensitive }).stringValue;

export const cases: RuleCases = {
  rule: APP_2,
  compliant: [
    {
      name: "secrets from a sensitive variable and from bindable placeholders; plain settings as GENERAL",
      json: appStack((stack) =>
        spec({
          env: [{ key: "APP_ENV", value: "production" }, { key: "STRIPE_SECRET_KEY", type: "SECRET", value: secretVariable(true)(stack) }],
          service: [service({ env: [{ key: "DATABASE_URL", type: "SECRET", value: "$${db.DATABASE_URL}", scope: "RUN_TIME" }, { key: "DB_PASSWORD", type: "SECRET", value: "$${db.PASSWORD}" }, { key: "DB_HOST", value: "$${db.HOSTNAME}" }] })],
        }),
      ),
      subject: APP,
    },
    {
      name: "GENERAL identifiers and non-secret references: the Spaces key's id, a bindable hostname, the bucket's name",
      json: appStack(spec({ env: [{ key: "AWS_ACCESS_KEY_ID", value: "${digitalocean_spaces_key.app.access_key}" }, { key: "DB_HOST", value: "$${db.HOSTNAME}" }, { key: "BUCKET", value: "${digitalocean_spaces_bucket.media.name}" }, { key: "DB_USER", value: "$${db.USERNAME}" }] })),
      subject: APP,
    },
    { name: "a secret-named var left empty leaks nothing", json: appStack(spec({ worker: [worker({ env: [{ key: "SENTRY_TOKEN", value: "" }] })] })), subject: APP },
    { name: "a SECRET built around a reference", json: appStack(spec({ env: [{ key: "REDIS_URL", type: "SECRET", value: "rediss://default:$${cache.PASSWORD}@$${cache.HOSTNAME}:25061" }] })), subject: APP },
  ],
  nonCompliant: [
    { name: "a SECRET literal on the app's own env", json: appStack(spec({ env: [{ key: "APP_KEY", type: "SECRET", value: "base64:c2VjcmV0c2VjcmV0" }] })), subject: APP, attributes: ["spec.env[0].value"] },
    { name: "a GENERAL var named like a secret, on a worker", json: appStack(spec({ worker: [worker({ env: [{ key: "LOG", value: "info" }, { key: "STRIPE_API_KEY", type: "GENERAL", value: "$${_self.STRIPE}" }] })] })), subject: APP, attributes: ["spec.worker[0].env[1].type"] },
    { name: "no type (GENERAL by default) on a secret name, in a job", json: appStack(spec({ job: [job({ env: [{ key: "db_password", value: "hunter22" }] })] })), subject: APP, attributes: ["spec.job[0].env[0].type"] },
    { name: "a SECRET from a variable that is not sensitive", json: appStack((stack) => spec({ service: [service({ env: [{ key: "STRIPE_SECRET_KEY", type: "SECRET", value: secretVariable(false)(stack) }] })] })), subject: APP, attributes: ["spec.service[0].env[0].value"] },
    { name: "a GENERAL var carrying the bindable DATABASE_URL (it embeds the password)", json: appStack(spec({ service: [service({ env: [{ key: "DATABASE_URL", value: "$${db.DATABASE_URL}" }] })] })), subject: APP, attributes: ["spec.service[0].env[0].type"] },
    { name: "a GENERAL var carrying a Spaces secret key and a cluster URI", json: appStack(spec({ env: [{ key: "S3_CREDENTIAL", value: "${digitalocean_spaces_key.app.secret_key}" }, { key: "PG", type: "GENERAL", value: "${digitalocean_database_cluster.db.private_uri}" }] })), subject: APP, attributes: ["spec.env[0].type", "spec.env[1].type"] },
    { name: "a GENERAL var carrying a sensitive variable", json: appStack((stack) => spec({ env: [{ key: "STRIPE", value: secretVariable(true)(stack) }] })), subject: APP, attributes: ["spec.env[0].type"] },
    { name: "a secret literal in a static site's build env", json: appStack(spec({ staticSite: [{ ...staticSite, env: [{ key: "NEXT_PUBLIC_MAPS_TOKEN", value: "pk.eyJ1Ijoi", scope: "BUILD_TIME" }] }] })), subject: APP, attributes: ["spec.static_site[0].env[0].type"] },
  ],
  notApplicable: [{ name: "an app without a spec", json: { resource: { digitalocean_app: { app: {} } } }, subject: APP }],
};
