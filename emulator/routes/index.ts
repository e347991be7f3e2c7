// Route registration for every route of the release the emulator serves (the rest: emulator/DIVERGENCES.md,
// "Routes not served"; checked by emulator/routes.test.ts).
import type { App } from "../state.js";
import { registerAgents } from "./agents.js";
import { registerCrons } from "./crons.js";
import { registerFeed } from "./feed.js";
import { registerForgeLists } from "./forge-lists.js";
import { registerForges } from "./forges.js";
import { registerLogs } from "./logs.js";
import { registerOrgs } from "./orgs.js";
import { registerPipelines } from "./pipelines.js";
import { registerQueue } from "./queue.js";
import { registerRegistries } from "./registries.js";
import { registerRepos } from "./repos.js";
import { registerSecrets } from "./secrets.js";
import { registerSystem } from "./system.js";
import { registerUser } from "./user.js";
import { registerUsers } from "./users.js";

export function registerAll(app: App): void {
  registerSystem(app);
  registerUser(app);
  registerUsers(app);
  registerOrgs(app);
  registerRepos(app);
  registerSecrets(app);
  registerRegistries(app);
  registerCrons(app);
  registerAgents(app);
  registerForges(app);
  registerPipelines(app);
  registerForgeLists(app);
  registerQueue(app);
  registerFeed(app);
  registerLogs(app);
}
