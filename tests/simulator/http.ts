import type { IncomingMessage, ServerResponse } from "node:http";
import { SimInputError } from "./store";

export interface HttpAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export const CORS_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, PUT, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type, Authorization, X-Shopify-Access-Token",
};

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new SimInputError(413, "Request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** JSON, form-encoded or (for GraphQL) a raw query, by Content-Type. */
export function parseBody(text: string, contentType: string | undefined): Record<string, unknown> {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") return Object.fromEntries(new URLSearchParams(text));
  if (type === "application/graphql") return { query: text };
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SimInputError(400, "Body is not valid JSON");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new SimInputError(400, "Body must be a JSON object");
  return parsed as Record<string, unknown>;
}

export function send(res: ServerResponse, answer: HttpAnswer): void {
  const headers: Record<string, string> = { ...answer.headers };
  let payload: string | undefined;
  if (answer.body !== undefined) {
    if (typeof answer.body === "string") payload = answer.body;
    else {
      payload = JSON.stringify(answer.body);
      headers["Content-Type"] ??= "application/json; charset=utf-8";
    }
  }
  res.writeHead(answer.status, headers);
  res.end(payload);
}
