// The storefront's theme, as little of it as the return portal needs: a layout (header, main,
// footer, the theme's colours and font as CSS variables), the app block of the theme app extension
// rendered with its schema defaults, and App Proxy answers in Liquid rendered inside the layout.
// Liquid is LiquidJS (Shopify-compatible syntax). Not rendered: sections and section groups, theme
// settings beyond one colour scheme, content_for_header scripts, Shopify's own objects other than
// shop, customer, routes and block, filters other than LiquidJS's and `t` (English only), and
// any other theme's CSS — a merchant's theme will look different, the markup is the same.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Liquid } from "liquidjs";

export const EXTENSION_DIR = path.resolve(import.meta.dirname, "../../extensions/returns-portal");
const BLOCK_FILE = path.join(EXTENSION_DIR, "blocks/returns-portal.liquid");

interface BlockSetting {
  id?: string;
  type: string;
  default?: unknown;
}

const engine = new Liquid({ strictFilters: true });

function translations(): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(EXTENSION_DIR, "locales/en.default.json"), "utf8")) as Record<string, unknown>;
}

engine.registerFilter("t", (key: string, ...args: unknown[]) => {
  const found = key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), translations());
  if (typeof found !== "string") return `translation missing: en.${key}`;
  const values = Object.fromEntries(args.filter((arg): arg is [string, unknown] => Array.isArray(arg) && arg.length === 2));
  return found.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(values[name] ?? ""));
});

const SCHEMA = /\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/;
const LAYOUT_NONE = /^\s*\{%-?\s*layout\s+none\s*-?%\}/;

/** The app block's Liquid without its schema, and the schema's default settings. */
function appBlock(): { liquid: string; settings: Record<string, unknown>; stylesheet: string | null } {
  const source = readFileSync(BLOCK_FILE, "utf8");
  const schema = JSON.parse(SCHEMA.exec(source)?.[1] ?? "{}") as { settings?: BlockSetting[]; stylesheet?: string };
  const settings = Object.fromEntries((schema.settings ?? []).filter((setting) => setting.id).map((setting) => [setting.id!, setting.default ?? (setting.type === "checkbox" ? false : "")]));
  return { liquid: source.replace(SCHEMA, ""), settings, stylesheet: schema.stylesheet ?? null };
}

export interface ThemeContext {
  shopName: string;
  /** routes.root_url: "/" on the shop's own host. */
  rootUrl: string;
  /** Where the extension's assets are served. */
  assetBase: string;
  customer: { id: string; first_name: string } | null;
}

const LAYOUT = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{ page_title }} – {{ shop.name }}</title>
{{ stylesheets }}
<style>
  :root { --color-background: #fbf8f3; --color-foreground: #2b2118; --font-body: Georgia, "Times New Roman", serif; }
  body { margin: 0; background: var(--color-background); color: var(--color-foreground); font: 17px/1.6 var(--font-body); }
  .color-scheme-1 { background: #fff; color: var(--color-foreground); }
  .site-header, .site-footer { padding: 1rem 1.5rem; border-bottom: 1px solid #e6ded3; display: flex; justify-content: space-between; align-items: center; flex-wrap: wrap; gap: .5rem; }
  .site-footer { border-top: 1px solid #e6ded3; border-bottom: 0; font-size: .9em; }
  .site-header a { color: inherit; }
  main { padding: 1rem; max-width: 72rem; margin: 0 auto; }
</style>
</head>
<body>
<header class="site-header"><a href="{{ routes.root_url }}"><strong>{{ shop.name }}</strong></a>{% if customer %}<span>Signed in as {{ customer.first_name }}</span>{% endif %}</header>
<main id="MainContent" role="main">{{ content_for_layout }}</main>
<footer class="site-footer">© {{ shop.name }}</footer>
</body>
</html>`;

async function inLayout(theme: ThemeContext, title: string, content: string, stylesheets: string[]): Promise<string> {
  return engine.parseAndRender(LAYOUT, {
    page_title: title,
    shop: { name: theme.shopName },
    customer: theme.customer,
    routes: { root_url: theme.rootUrl },
    content_for_layout: content,
    stylesheets: stylesheets.map((href) => `<link rel="stylesheet" href="${href}">`).join("\n"),
  });
}

/** The page a merchant made with the app block on it. */
export async function renderBlockPage(theme: ThemeContext, overrides: Record<string, unknown> = {}): Promise<string> {
  const block = appBlock();
  const content = await engine.parseAndRender(`<div class="page-width"><h1>Returns</h1>${block.liquid}</div>`, {
    block: { id: "sim-block", shopify_attributes: "", settings: { ...block.settings, ...overrides } },
    customer: theme.customer,
    routes: { root_url: theme.rootUrl },
  });
  return inLayout(theme, "Returns", content, block.stylesheet ? [`${theme.assetBase}/${block.stylesheet}`] : []);
}

/** An App Proxy answer in Liquid, as the storefront shows it: rendered, and inside the layout unless it says `{% layout none %}`. */
export async function renderProxyLiquid(theme: ThemeContext, liquid: string): Promise<string> {
  const bare = LAYOUT_NONE.test(liquid);
  const content = await engine.parseAndRender(liquid.replace(LAYOUT_NONE, ""), { shop: { name: theme.shopName }, customer: theme.customer, routes: { root_url: theme.rootUrl } });
  return bare ? content : inLayout(theme, "Returns", content, []);
}

/** A file of the extension's assets folder, or null. */
export function extensionAsset(name: string): { body: string; contentType: string } | null {
  if (!/^[\w.-]+$/.test(name)) return null;
  try {
    const body = readFileSync(path.join(EXTENSION_DIR, "assets", name), "utf8");
    return { body, contentType: name.endsWith(".css") ? "text/css; charset=utf-8" : name.endsWith(".js") ? "text/javascript; charset=utf-8" : "application/octet-stream" };
  } catch {
    return null;
  }
}
