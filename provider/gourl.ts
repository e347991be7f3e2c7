/**
 * Why Go's `net/url.Parse` refuses a string, or undefined when it parses. The Woodpecker server
 * validates registry addresses with it, so a check at preview must refuse
 * (pinned: test/conformance/cases.ts, "registry addresses go through Go's url.Parse"); it refuses exactly what it refuses: e.g. `%zz`, and `127.0.0.1:5000` (no scheme, and a colon in the
 * first path segment). Texts are Go's, as the server prints them: `parse "<input>": <reason>`.
 */
export function goUrlParseError(raw: string): string | undefined {
  const hash = raw.indexOf("#");
  const [main, fragment] = hash < 0 ? [raw, ""] : [raw.slice(0, hash), raw.slice(hash + 1)];
  const problem = parseProblem(main) ?? (fragment ? unescapeProblem(fragment, "fragment") : undefined);
  return problem && `parse ${goQuote(problem.wholeInput ? raw : main)}: ${problem.reason}`;
}

type Mode = "path" | "fragment" | "host" | "userinfo";
interface Problem {
  reason: string;
  /** Go names the whole input (fragment included) only for fragment errors. */
  wholeInput?: boolean;
}

function parseProblem(raw: string): Problem | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(raw)) return { reason: "net/url: invalid control character in URL" };
  if (raw === "*") return undefined;
  const scheme = schemeOf(raw);
  if (scheme instanceof Error) return { reason: scheme.message };
  let rest = scheme ? raw.slice(scheme.length + 1) : raw;
  rest = rest.endsWith("?") && rest.split("?").length === 2 ? rest.slice(0, -1) : rest.split("?")[0]!;
  if (!rest.startsWith("/")) {
    if (scheme) return undefined; // opaque: not checked further
    if (rest.split("/")[0]!.includes(":")) return { reason: "first path segment in URL cannot contain colon" };
  }
  if ((scheme || !rest.startsWith("///")) && rest.startsWith("//")) {
    const authority = rest.slice(2).split("/")[0]!;
    const problem = authorityProblem(authority);
    if (problem) return problem;
    rest = rest.slice(2 + authority.length);
  }
  return unescapeProblem(rest, "path");
}

/** Go's getScheme: letters, then letters, digits, + - . up to a colon; an error for a leading colon. */
function schemeOf(raw: string): string | Error {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return "";
      continue;
    }
    if (c === ":") return i === 0 ? new Error("missing protocol scheme") : raw.slice(0, i);
    return "";
  }
  return "";
}

function authorityProblem(authority: string): Problem | undefined {
  const at = authority.lastIndexOf("@");
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) return { reason: "net/url: invalid userinfo" };
    const problem = unescapeProblem(userinfo, "userinfo");
    if (problem) return problem;
  }
  const host = authority.slice(at + 1);
  let portFrom = -1;
  if (host.startsWith("[")) {
    const close = host.lastIndexOf("]");
    if (close < 0) return { reason: "missing ']' in host" };
    portFrom = close + 1;
  } else if (host.includes(":")) {
    portFrom = host.lastIndexOf(":");
  }
  if (portFrom >= 0) {
    const port = host.slice(portFrom);
    if (port !== "" && !/^:[0-9]*$/.test(port)) return { reason: `invalid port ${goQuote(port)} after host` };
  }
  return unescapeProblem(host, "host");
}

const HOST_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:[\]<>"]/;

/** Go's unescape: every % needs two hex digits; hosts allow %-escapes of non-ASCII bytes (and %25) only. */
function unescapeProblem(text: string, mode: Mode): Problem | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "%") {
      const escape = text.slice(i, i + 3);
      if (!/^%[0-9A-Fa-f]{2}$/.test(escape)) return { reason: `invalid URL escape ${goQuote(escape)}`, wholeInput: mode === "fragment" };
      if (mode === "host" && parseInt(escape[1]!, 16) < 8 && escape !== "%25") return { reason: `invalid URL escape ${goQuote(escape)}` };
      i += 2;
    } else if (mode === "host" && c.charCodeAt(0) < 0x80 && !HOST_SAFE.test(c)) {
      return { reason: `invalid character ${goQuote(c)} in host name` };
    }
  }
  return undefined;
}

const GO_ESCAPES: Record<string, string> = { "\x07": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v" };

/** Go's %q: JSON-like, but control characters as \a \b … or \xNN. */
function goQuote(text: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${text.replace(/["\\\x00-\x1f\x7f]/g, (c) => (c === '"' || c === "\\" ? `\\${c}` : (GO_ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`)))}"`;
}
