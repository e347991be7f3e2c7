/**
 * API paths as templates, octokit style: `/repos/{repositoryId}/secrets/{name}`.
 * `{x}` is one path segment, so `/`, `%`, `:`, spaces and unicode are percent-encoded (the server
 * decodes segment values; a `/` inside a secret name or registry address must travel as %2F).
 * `{+x}` keeps `/` (RFC 6570 reserved expansion) for the server's wildcard routes such as
 * `/repos/lookup/*full_name`, whose full names may contain several slashes.
 */
export type PathParams = Record<string, string | number | bigint | undefined | null>;

export function expandPath(template: string, params: PathParams): string {
  return template.replace(/\{(\+?)(\w+)\}/g, (_, reserved: string, name: string) => {
    const value = params[name];
    if (value === undefined || value === null || value === "") {
      throw new Error(`path ${template} needs a value for "${name}"`);
    }
    const text = String(value);
    return reserved ? text.split("/").map(encodeURIComponent).join("/") : encodeURIComponent(text);
  });
}

/** Query strings with stable key order; undefined values are left out, arrays joined by commas (the server's list syntax). */
export function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return "";
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    search.set(key, Array.isArray(value) ? value.join(",") : String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}
