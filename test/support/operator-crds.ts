/**
 * What examples/kubernetes-operator relies on from the Pulumi Kubernetes Operator's CRDs, read from the
 * operator's release v2.9.0 (github.com/pulumi/pulumi-kubernetes-operator, deploy/crds/pulumi.com_stacks.yaml
 * and pulumi.com_programs.yaml; the selector types from operator/api/pulumi/shared/stack_types.go). Not the
 * CRDs themselves: only the field paths the example uses, each checked against the CRD schema when this list
 * was written. `*` is a key of a map (additionalProperties), `[]` an item of a list. Below an `open` path
 * the CRD keeps unknown fields (x-kubernetes-preserve-unknown-fields), so nothing is checked there.
 */
export const OPERATOR_RELEASE = "v2.9.0";
export const API_VERSION = "pulumi.com/v1";

export interface KindFields {
  required: string[];
  fields: string[];
  open: string[];
}

export const CRD_FIELDS: Record<"Stack" | "Program", KindFields> = {
  Stack: {
    required: ["spec.stack"],
    fields: [
      "spec",
      "spec.branch",
      "spec.config",
      "spec.config.*",
      "spec.continueResyncOnCommitMatch",
      "spec.destroyOnFinalize",
      "spec.envRefs",
      "spec.envRefs.*",
      "spec.envRefs.*.literal",
      "spec.envRefs.*.literal.value",
      "spec.envRefs.*.secret",
      "spec.envRefs.*.secret.key",
      "spec.envRefs.*.secret.name",
      "spec.envRefs.*.type",
      "spec.programRef",
      "spec.programRef.name",
      "spec.projectRepo",
      "spec.refresh",
      "spec.repoDir",
      "spec.resyncFrequencySeconds",
      "spec.secretsRef",
      "spec.secretsRef.*",
      "spec.secretsRef.*.secret",
      "spec.secretsRef.*.secret.key",
      "spec.secretsRef.*.secret.name",
      "spec.secretsRef.*.type",
      "spec.serviceAccountName",
      "spec.shallow",
      "spec.stack",
      "spec.workspaceTemplate",
      "spec.workspaceTemplate.spec",
      "spec.workspaceTemplate.spec.image",
      "spec.workspaceTemplate.spec.podTemplate",
      "spec.workspaceTemplate.spec.podTemplate.spec",
      "spec.workspaceTemplate.spec.podTemplate.spec.initContainers",
      "spec.workspaceTemplate.spec.podTemplate.spec.initContainers[].command",
      "spec.workspaceTemplate.spec.podTemplate.spec.initContainers[].image",
      "spec.workspaceTemplate.spec.podTemplate.spec.initContainers[].name",
      "spec.workspaceTemplate.spec.podTemplate.spec.initContainers[].volumeMounts",
      "spec.workspaceTemplate.spec.podTemplate.spec.initContainers[].volumeMounts[].mountPath",
      "spec.workspaceTemplate.spec.podTemplate.spec.initContainers[].volumeMounts[].name",
    ],
    // spec.config is schemaless: structured values are allowed
    open: ["spec.config.*"],
  },
  Program: {
    required: ["program.resources.*.type"],
    fields: [
      "program",
      "program.configuration",
      "program.configuration.*",
      "program.configuration.*.default",
      "program.configuration.*.type",
      "program.outputs",
      "program.outputs.*",
      "program.resources",
      "program.resources.*",
      "program.resources.*.options",
      "program.resources.*.options.dependsOn",
      "program.resources.*.options.dependsOn[]",
      "program.resources.*.options.version",
      "program.resources.*.properties",
      "program.resources.*.properties.*",
      "program.resources.*.type",
    ],
    open: ["program.outputs.*", "program.resources.*.properties.*", "program.resources.*.options.dependsOn[]", "program.configuration.*.default"],
  },
};

/** The `type` of a ResourceRef (envRefs, secretsRef): the selector types of stack_types.go. */
export const RESOURCE_REF_TYPES = ["Env", "FS", "Secret", "Literal"];
/** The enum of a Program's configuration `type` in pulumi.com_programs.yaml. */
export const PROGRAM_CONFIG_TYPES = ["String", "Number", "List<Number>", "List<String>"];
/** The workspace pod's shared volume (WorkspaceShareVolumeName in operator/internal/controller/auto/workspace_controller.go), where the source is fetched. */
export const SHARE_VOLUME = "share";
