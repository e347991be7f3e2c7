/**
 * The executables at the root of a plugin archive: the CLI starts `pulumi-resource-woodpecker`
 * (`.exe` or `.cmd` on Windows) from the unpacked folder. Both run the plugin with the `node` on
 * PATH, and when that is missing or older than package.json's `engines.node` they print one line
 * naming the minimum version (the CLI shows it when the plugin fails to start).
 */
export const MAIN = "node_modules/pulumi-woodpecker/dist/provider/plugin/main.js";

export function shLauncher(minMajor: number): string {
  return `#!/bin/sh
# Starts the Woodpecker provider plugin with the node on PATH (Node.js ${minMajor} or later).
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)
if [ -z "$major" ] || [ "$major" -lt ${minMajor} ]; then
  echo "pulumi-resource-woodpecker needs Node.js ${minMajor} or later on PATH; found: $(node --version 2>/dev/null || echo no node)" >&2
  exit 1
fi
exec node "$(dirname "$0")/${MAIN}" "$@"
`;
}

export function cmdLauncher(minMajor: number): string {
  return [
    "@echo off",
    `rem Starts the Woodpecker provider plugin with the node on PATH (Node.js ${minMajor} or later).`,
    "set major=",
    `for /f "tokens=1 delims=." %%v in ('node -p "process.versions.node" 2^>nul') do set major=%%v`,
    'if "%major%"=="" goto old',
    `if %major% LSS ${minMajor} goto old`,
    `node "%~dp0${MAIN.replace(/\//g, "\\")}" %*`,
    "exit /b %errorlevel%",
    ":old",
    `echo pulumi-resource-woodpecker needs Node.js ${minMajor} or later on PATH 1>&2`,
    "exit /b 1",
    "",
  ].join("\r\n");
}
