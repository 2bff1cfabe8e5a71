// `npm start`: the production server. Remix's build behind express, as remix-serve runs it, with
// one lane in front: a POST to a webhook route goes straight to the same receiveDelivery the
// route's action calls, without express, compression, the access log or Remix's request handling
// (docs/decisions/0008-webhook-ingest-lane.md). `shopify app dev` runs Vite instead of this file;
// there the route files receive webhooks, through the same function.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { text } from "node:stream/consumers";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";
import type { receiveDelivery as ReceiveDelivery } from "./app/webhooks/receive.server";
import type { webhookRequest as WebhookRequest } from "./app/webhooks/verify.server";

process.env.NODE_ENV ??= "production";
process.setSourceMapsEnabled(true);

const build = (await import(pathToFileURL(path.resolve("build/server/index.js")).href)) as ServerBuild;
installGlobals({ nativeFetch: build.future.v3_singleFetch });
// app/entry.server.tsx re-exports these, so the lane runs the build's own copy of the app's
// modules: one Prisma client, one job queue, one environment.
const { receiveDelivery, webhookRequest } = build.entry.module as unknown as {
  receiveDelivery: typeof ReceiveDelivery;
  webhookRequest: typeof WebhookRequest;
};

const webhookPaths = new Set(
  Object.values(build.routes)
    .map((route) => route?.path)
    .filter((routePath): routePath is string => routePath?.startsWith("webhooks/") === true)
    .map((routePath) => `/${routePath}`),
);

const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
app.use(morgan("tiny"));
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

async function receive(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  try {
    const rawBody = await text(req);
    const headers: Array<[string, string]> = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
    const answer = await receiveDelivery(webhookRequest(req.method ?? "POST", url, headers), rawBody);
    res.writeHead(answer.status, answer.statusText).end();
  } catch (error) {
    console.error("webhook delivery could not be stored", error);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  }
}

const port = Number(process.env.PORT ?? 3000);
const origin = `http://${process.env.HOST ?? "localhost"}:${port}`;
const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", origin);
  if (req.method === "POST" && webhookPaths.has(url.pathname)) void receive(req, res, url);
  else app(req, res);
});
server.listen(port, process.env.HOST, () => console.log(`Orderflow listening on ${origin} (${webhookPaths.size} webhook routes in the ingest lane)`));

async function shutDown(): Promise<void> {
  await new Promise((resolve) => server.close(resolve));
  await globalThis.orderflowQueue?.stop();
  process.exit(0);
}
process.once("SIGTERM", () => void shutDown());
process.once("SIGINT", () => void shutDown());
