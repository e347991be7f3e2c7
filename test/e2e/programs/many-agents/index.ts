import * as pulumi from "@pulumi/pulumi";
import * as woodpecker from "pulumi-woodpecker/plugin";

// `count` global agents named agent-0 … agent-<count-1>; `adopt` stands for the user adding
// `adopt: true` to them, as the provider's message says after an interrupted `pulumi up`.
const config = new pulumi.Config();
const count = config.getNumber("count") ?? 60;
const adopt = config.getBoolean("adopt");

for (let i = 0; i < count; i++) {
  new woodpecker.Agent(`agent-${i}`, { name: `agent-${i}`, ...(adopt === undefined ? {} : { adopt }) });
}
