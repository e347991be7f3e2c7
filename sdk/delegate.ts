import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider object Pulumi serializes into every resource's `__provider`. It only forwards to
 * the installed package (`pulumi-woodpecker/provider`), so the text stays under 2 KB, holds no
 * token, and read/delete of existing resources run the current code rather than a frozen copy.
 * `require` is resolved by the provider host from the program's directory.
 *
 * Every captured function costs about 170 bytes in every resource's state, hence one forwarding
 * function `h`, which also serves as `configure` (the host calls it with the config request).
 */
export function delegateTo(kind: string): pulumi.dynamic.ResourceProvider {
  const h = (op: unknown, args?: unknown[]) => require("pulumi-woodpecker/provider").handle(kind, op, args);
  return {
    configure: h,
    check: (...a: unknown[]) => h("check", a),
    diff: (...a: unknown[]) => h("diff", a),
    create: (...a: unknown[]) => h("create", a),
    read: (...a: unknown[]) => h("read", a),
    update: (...a: unknown[]) => h("update", a),
    delete: (...a: unknown[]) => h("delete", a),
  } as pulumi.dynamic.ResourceProvider;
}
