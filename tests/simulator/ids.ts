export const ID_BASE = 1_000_000_000;

export function gid(type: string, id: number, query?: Record<string, string | number>): string {
  const suffix = query
    ? `?${Object.entries(query)
        .map(([key, value]) => `${key}=${value}`)
        .join("&")}`
    : "";
  return `gid://shopify/${type}/${id}${suffix}`;
}

export interface ParsedGid {
  type: string;
  id: number;
}

export function parseGid(value: string): ParsedGid | null {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/.exec(value);
  return match ? { type: match[1], id: Number(match[2]) } : null;
}

/** Control-API ids may be the numeric legacy id or the (URL-decoded) gid. */
export function parseIdParam(value: string, type: string): number | null {
  if (/^\d+$/.test(value)) return Number(value);
  const parsed = parseGid(value);
  return parsed && parsed.type === type ? parsed.id : null;
}

export function normalizeShopDomain(value: string): string {
  const lower = value.trim().toLowerCase();
  return lower.endsWith(".myshopify.com") ? lower : `${lower}.myshopify.com`;
}

export function shopHandle(domain: string): string {
  return domain.replace(/\.myshopify\.com$/, "");
}
