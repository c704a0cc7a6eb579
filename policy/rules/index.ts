/** Every policy rule, in the order reports list them. Ids are stable: never renumber or reuse one. */
import type { PolicyRule } from "../rule";
import { APP_1 } from "./app-1-health-check";
import { APP_2 } from "./app-2-secret-env";
import { APP_3 } from "./app-3-instance-size";
import { APP_4 } from "./app-4-autoscaling";
import { APP_5 } from "./app-5-domains";
import { CAT_1 } from "./cat-1-size";
import { CAT_2 } from "./cat-2-region";
import { CAT_3 } from "./cat-3-nodes";
import { CAT_4 } from "./cat-4-replica";
import { CAT_5 } from "./cat-5-version";
import { CAT_6 } from "./cat-6-eviction";
import { CAT_7 } from "./cat-7-image";
import { COST_1 } from "./cost-1-budget";
import { COST_2 } from "./cost-2-priced";
import { DATA_1 } from "./data-1-prevent-destroy";
import { DB_1 } from "./db-1-firewall";
import { DB_2 } from "./db-2-standby";
import { DB_3 } from "./db-3-pool";
import { DROPLET_1 } from "./droplet-1-ssh-keys";
import { DROPLET_2 } from "./droplet-2-monitoring";
import { FW_1 } from "./fw-1-world-ingress";
import { FW_2 } from "./fw-2-world-egress";
import { LB_1 } from "./lb-1-https-redirect";
import { LB_2 } from "./lb-2-size";
import { LB_3 } from "./lb-3-certificate";
import { MON_1 } from "./mon-1-data-tier";
import { NET_1 } from "./net-1-in-vpc";
import { SEC_1 } from "./sec-1-no-secrets";
import { SEC_2 } from "./sec-2-plan-time-code";
import { SPACES_1 } from "./spaces-1-private";
import { SPACES_2 } from "./spaces-2-versioning";
import { SPACES_3 } from "./spaces-3-force-destroy";
import { TAG_1 } from "./tag-1-app-env";

export const RULES: readonly PolicyRule[] = [
  FW_1,
  FW_2,
  DROPLET_1,
  DROPLET_2,
  MON_1,
  NET_1,
  LB_1,
  LB_2,
  LB_3,
  SPACES_1,
  SPACES_2,
  SPACES_3,
  TAG_1,
  DB_1,
  DB_2,
  DB_3,
  DATA_1,
  SEC_1,
  SEC_2,
  CAT_1,
  CAT_2,
  CAT_3,
  CAT_4,
  CAT_5,
  CAT_6,
  CAT_7,
  COST_1,
  COST_2,
  APP_1,
  APP_2,
  APP_3,
  APP_4,
  APP_5,
];

/** Rules judged on the whole stack: the only ones a stack's config may suppress (others: per construct; unsuppressible ones: never). */
export const STACK_RULE_IDS: readonly string[] = RULES.filter((r) => r.appliesTo.includes("stack") && r.suppressible !== false).map((r) => r.id);
