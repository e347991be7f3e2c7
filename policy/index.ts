import { PolicyPack } from "@pulumi/policy";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, policies } from "./policies.js";

// Only this: `new PolicyPack` starts the analyzer's gRPC server at once and prints its port.
// It reads the pack version from ./package.json of the working directory (the CLI runs packs from
// their folder, policy/). Tests import ./policies.js instead.
new PolicyPack(PACK_NAME, { policies, enforcementLevel: PACK_ENFORCEMENT_LEVEL });
