#!/usr/bin/env node
/**
 * `pulumi-woodpecker <command>`: the package's command line. Each command is one entry of COMMANDS,
 * loaded only when run; the core (provider/) never imports this folder.
 */

interface Command {
  summary: string;
  /** Runs with the arguments after the command name; resolves to the exit status. */
  run(args: string[]): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  doctor: {
    summary: "check the server URL, TLS, server version, the token and what it may manage",
    run: async (args) => (await import("./doctor.js")).main(args),
  },
  inventory: {
    summary: "write what the token can see on the server as a TypeScript program, a Pulumi YAML program or an import file",
    run: async (args) => (await import("./inventory.js")).main(args),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return [
    "usage: pulumi-woodpecker <command> [options]",
    "",
    "commands:",
    ...lines,
    "",
    "`pulumi-woodpecker <command> --help` describes a command's options.",
  ].join("\n");
}

async function run(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(`pulumi-woodpecker: unknown command ${JSON.stringify(name)}\n\n${usage()}`);
    return 2;
  }
  return command.run(args);
}

run(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    console.error(`pulumi-woodpecker: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
