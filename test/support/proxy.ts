import { createServer, request, type IncomingHttpHeaders, type RequestListener } from "node:http";
import { createServer as createTlsServer } from "node:https";
import { connect, type AddressInfo, type Socket } from "node:net";

export interface ProxiedRequest {
  /** `CONNECT` (a tunnel, for https) or the method of a forwarded plain-http request. */
  method: string;
  /** `host:port` for CONNECT, the absolute URI otherwise. */
  target: string;
  headers: IncomingHttpHeaders;
}

export interface TestProxy {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  /** What went through, in order. */
  seen: ProxiedRequest[];
  close(): Promise<void>;
}

/**
 * A small forward proxy on 127.0.0.1 as company proxies are: CONNECT tunnels (https) and
 * absolute-URI requests (http), recording each. `refuse` answers every CONNECT with that status;
 * `tls` makes it an https:// proxy.
 */
export async function startProxy(options: { refuse?: number; tls?: { key: string; cert: string } } = {}): Promise<TestProxy> {
  const seen: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const forward: RequestListener = (req, res) => {
    seen.push({ method: req.method ?? "", target: req.url ?? "", headers: req.headers });
    const target = new URL(req.url ?? "");
    const upstream = request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  };
  const server = options.tls ? createTlsServer(options.tls, forward) : createServer(forward);
  server.on(options.tls ? "secureConnection" : "connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("connect", (req, client: Socket, head) => {
    seen.push({ method: "CONNECT", target: req.url ?? "", headers: req.headers });
    if (options.refuse) {
      client.end(`HTTP/1.1 ${options.refuse} Refused\r\n\r\n`);
      return;
    }
    const [host, port] = (req.url ?? "").split(/:(?=\d+$)/);
    const upstream = connect(Number(port), host!, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? "https" : "http"}://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** What a front proxy answers instead of forwarding, e.g. Traefik's `404 page not found` while the server restarts. */
export interface FrontAnswer {
  status: number;
  contentType?: string;
  body?: string;
}

export interface FrontProxy {
  url: string;
  /** Requests that reached the proxy since the last `answer` change: `METHOD /path?query`. */
  seen: string[];
  /** Answer every request with this from now on; undefined forwards to the server again. */
  answer(reply: FrontAnswer | undefined): void;
  close(): Promise<void>;
}

/**
 * A reverse proxy on 127.0.0.1 in front of `target`, as Traefik or nginx sit in front of a
 * Woodpecker server: it forwards (headers included) until told to answer by itself, the way a
 * proxy does while its backend restarts (404, 502, 503), without the server's headers.
 */
export async function startFrontProxy(target: string): Promise<FrontProxy> {
  const upstreamUrl = new URL(target);
  let reply: FrontAnswer | undefined;
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (reply) {
      const body = reply.body ?? "";
      res.writeHead(reply.status, { ...(reply.contentType ? { "Content-Type": reply.contentType } : {}), "Content-Length": Buffer.byteLength(body) });
      res.end(body);
      req.resume();
      return;
    }
    const upstream = request(
      { host: upstreamUrl.hostname, port: upstreamUrl.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstreamUrl.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    answer(next) {
      reply = next;
      seen.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Traefik's answer for a route whose backend is down or restarting (Go's http.NotFound). */
export const PROXY_404: FrontAnswer = { status: 404, contentType: "text/plain; charset=utf-8", body: "404 page not found\n" };
