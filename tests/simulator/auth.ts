// Shopify's side of app authentication: App Bridge session tokens (HS256 JWTs signed with the
// app secret), token exchange, refresh, the authorization-code grant, and the access tokens
// that the Admin API accepts.
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { Clock } from "./clock";
import type { HttpAnswer } from "./http";
import { shopHandle } from "./ids";
import type { AccessTokenRecord, ShopState } from "./store";

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
const OFFLINE_TOKEN = "urn:shopify:params:oauth:token-type:offline-access-token";
const ONLINE_TOKEN = "urn:shopify:params:oauth:token-type:online-access-token";

const SESSION_TOKEN_SECONDS = 60;
const CLOCK_TOLERANCE_SECONDS = 10;
const EXPIRING_OFFLINE_SECONDS = 3600;
const REFRESH_TOKEN_SECONDS = 90 * 24 * 3600;
const ONLINE_TOKEN_SECONDS = 86_399;
const AUTHORIZATION_CODE_SECONDS = 600;

export interface AuthConfig {
  apiKey: string;
  apiSecret: string;
  scopes: string;
  appUrl: string;
  redirectUrls: string[];
}

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString("base64url");
}

export function signJwt(payload: Record<string, unknown>, secret: string): string {
  const head = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const body = base64url(JSON.stringify(payload));
  const signature = createHmac("sha256", secret).update(`${head}.${body}`).digest("base64url");
  return `${head}.${body}.${signature}`;
}

/** The payload when the signature is ours and the header says HS256; null otherwise. */
export function verifyJwtSignature(token: string, secret: string): Record<string, unknown> | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [head, body, signature] = parts;
  const expected = createHmac("sha256", secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const header = JSON.parse(Buffer.from(head, "base64url").toString("utf8")) as { alg?: string };
    if (header.alg !== "HS256") return null;
    return JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/**
 * Shopify's OAuth/admin query signature: hex HMAC-SHA256 of the params (without hmac), sorted,
 * URL-encoded as `k=v` joined by `&` (the same string @shopify/shopify-api recomputes).
 */
export function signAdminQuery(params: Record<string, string>, secret: string): string {
  const search = new URLSearchParams();
  for (const key of Object.keys(params).sort((a, b) => a.localeCompare(b))) {
    if (key !== "hmac" && key !== "signature") search.append(key, params[key]);
  }
  return createHmac("sha256", secret).update(search.toString().replace(/\+/g, "%20")).digest("hex");
}

/** `host` as Shopify's admin passes it: base64 of "admin.shopify.com/store/<handle>", unpadded. */
export function adminHost(domain: string): string {
  return Buffer.from(`admin.shopify.com/store/${shopHandle(domain)}`).toString("base64").replace(/=+$/, "");
}

function oauthError(status: number, error: string, description: string): HttpAnswer {
  return { status, body: { error, error_description: description } };
}

export class ShopifyAuth {
  constructor(
    private readonly config: AuthConfig,
    private readonly clock: Clock,
  ) {}

  private seconds(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  issueSessionToken(shop: ShopState, userId: number = shop.shop.owner.id): string {
    const now = this.seconds();
    return signJwt(
      {
        iss: `https://${shop.domain}/admin`,
        dest: `https://${shop.domain}`,
        aud: this.config.apiKey,
        sub: String(userId),
        exp: now + SESSION_TOKEN_SECONDS,
        nbf: now,
        iat: now,
        jti: randomUUID(),
        sid: createHash("sha256").update(`${shop.domain}:${userId}:${this.config.apiKey}`).digest("hex").slice(0, 32),
      },
      this.config.apiSecret,
    );
  }

  /** A reason string when the session token is not one Shopify would accept for `shop`. */
  private sessionTokenProblem(token: string, shop: ShopState): string | null {
    const payload = verifyJwtSignature(token, this.config.apiSecret);
    if (!payload) return "signature verification failed";
    const now = this.seconds();
    if (payload.aud !== this.config.apiKey) return "audience does not match the client id";
    if (typeof payload.exp !== "number" || payload.exp + CLOCK_TOLERANCE_SECONDS < now) return "token has expired";
    if (typeof payload.nbf === "number" && payload.nbf - CLOCK_TOLERANCE_SECONDS > now) return "token is not yet valid";
    if (payload.dest !== `https://${shop.domain}`) return "token was issued for another shop";
    return null;
  }

  /** True when the Admin API should accept this X-Shopify-Access-Token for the shop. */
  acceptsAccessToken(shop: ShopState, token: string | undefined): boolean {
    if (!token || !shop.installed) return false;
    const record = shop.accessTokens.get(token);
    return Boolean(record && (record.expiresAt === null || record.expiresAt > this.clock.now()));
  }

  private mint(prefix: string): string {
    return `${prefix}_${randomBytes(16).toString("hex")}`;
  }

  private issue(shop: ShopState, kind: AccessTokenRecord["kind"], expiring: boolean): Record<string, unknown> {
    const scope = this.config.scopes;
    const now = this.clock.now();
    shop.installed = true;
    if (kind === "online") {
      const owner = shop.shop.owner;
      const token = this.mint("shpua");
      shop.accessTokens.set(token, { kind, expiresAt: now + ONLINE_TOKEN_SECONDS * 1000, userId: owner.id, scope });
      return {
        access_token: token,
        scope,
        expires_in: ONLINE_TOKEN_SECONDS,
        associated_user_scope: scope,
        associated_user: {
          id: owner.id,
          first_name: owner.firstName,
          last_name: owner.lastName,
          email: owner.email,
          email_verified: owner.emailVerified,
          account_owner: owner.accountOwner,
          locale: owner.locale,
          collaborator: owner.collaborator,
        },
      };
    }
    const token = this.mint("shpat");
    if (!expiring) {
      shop.accessTokens.set(token, { kind, expiresAt: null, userId: null, scope });
      return { access_token: token, scope };
    }
    const refreshToken = this.mint("shprt");
    shop.accessTokens.set(token, { kind, expiresAt: now + EXPIRING_OFFLINE_SECONDS * 1000, userId: null, scope });
    shop.refreshTokens.set(refreshToken, { expiresAt: now + REFRESH_TOKEN_SECONDS * 1000, scope });
    return {
      access_token: token,
      scope,
      expires_in: EXPIRING_OFFLINE_SECONDS,
      refresh_token: refreshToken,
      refresh_token_expires_in: REFRESH_TOKEN_SECONDS,
    };
  }

  /** POST /admin/oauth/access_token: token exchange, refresh, or authorization code. */
  accessToken(shop: ShopState, params: Record<string, string>): HttpAnswer {
    if (!params.client_id || !params.client_secret) {
      return oauthError(400, "invalid_request", "client_id and client_secret are required");
    }
    if (params.client_id !== this.config.apiKey || params.client_secret !== this.config.apiSecret) {
      return oauthError(401, "invalid_client", "Client authentication failed");
    }
    const expiring = params.expiring === "1";
    const grant = params.grant_type;

    if (grant === TOKEN_EXCHANGE) {
      const requested = params.requested_token_type;
      if (requested !== OFFLINE_TOKEN && requested !== ONLINE_TOKEN) {
        return oauthError(400, "invalid_request", `requested_token_type must be ${OFFLINE_TOKEN} or ${ONLINE_TOKEN}`);
      }
      if (!params.subject_token) return oauthError(400, "invalid_request", "subject_token is required");
      if (params.subject_token_type === ID_TOKEN) {
        const problem = this.sessionTokenProblem(params.subject_token, shop);
        if (problem) return oauthError(400, "invalid_subject_token", `Invalid subject token: ${problem}`);
        return { status: 200, body: this.issue(shop, requested === ONLINE_TOKEN ? "online" : "offline", expiring) };
      }
      if (params.subject_token_type === OFFLINE_TOKEN && requested === OFFLINE_TOKEN) {
        // Migration of a non-expiring offline token to an expiring one.
        const record = shop.accessTokens.get(params.subject_token);
        if (!record || record.kind !== "offline" || record.expiresAt !== null || !shop.installed) {
          return oauthError(400, "invalid_subject_token", "Invalid subject token: not a non-expiring offline token of this shop");
        }
        shop.accessTokens.delete(params.subject_token);
        return { status: 200, body: this.issue(shop, "offline", true) };
      }
      return oauthError(400, "invalid_request", `subject_token_type must be ${ID_TOKEN}`);
    }

    if (grant === "refresh_token") {
      const record = params.refresh_token ? shop.refreshTokens.get(params.refresh_token) : undefined;
      if (!record || record.expiresAt <= this.clock.now() || !shop.installed) {
        return oauthError(400, "invalid_grant", "The refresh token is invalid, expired or already used");
      }
      shop.refreshTokens.delete(params.refresh_token);
      return { status: 200, body: this.issue(shop, "offline", true) };
    }

    if (grant === undefined && params.code) {
      const code = shop.authorizationCodes.get(params.code);
      if (!code || code.expiresAt <= this.clock.now()) {
        return oauthError(400, "invalid_request", "The authorization code was not found or was already used");
      }
      shop.authorizationCodes.delete(params.code);
      return { status: 200, body: this.issue(shop, code.online ? "online" : "offline", expiring) };
    }

    return oauthError(400, "unsupported_grant_type", `Unsupported grant_type ${grant ?? "(none)"}`);
  }

  private redirectAllowed(redirectUri: string): boolean {
    if (this.config.redirectUrls.includes(redirectUri)) return true;
    try {
      return new URL(redirectUri).origin === new URL(this.config.appUrl).origin;
    } catch {
      return false;
    }
  }

  /** GET /admin/oauth/authorize: the merchant approves at once; back to the app with a code. */
  authorize(shop: ShopState, query: URLSearchParams): HttpAnswer {
    const redirectUri = query.get("redirect_uri") ?? "";
    if (query.get("client_id") !== this.config.apiKey) {
      return oauthError(400, "invalid_request", "Unknown client_id");
    }
    if (!this.redirectAllowed(redirectUri)) {
      return oauthError(400, "invalid_request", `redirect_uri ${redirectUri || "(none)"} is not whitelisted for this app`);
    }
    const code = randomBytes(16).toString("hex");
    shop.authorizationCodes.set(code, {
      expiresAt: this.clock.now() + AUTHORIZATION_CODE_SECONDS * 1000,
      online: query.get("grant_options[]") === "per-user",
    });
    const params: Record<string, string> = {
      code,
      host: adminHost(shop.domain),
      shop: shop.domain,
      state: query.get("state") ?? "",
      timestamp: String(this.seconds()),
    };
    const target = new URL(redirectUri);
    for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
    target.searchParams.set("hmac", signAdminQuery(params, this.config.apiSecret));
    return { status: 302, headers: { Location: target.toString() } };
  }

  /** Where Shopify's admin sends the browser when the merchant opens the embedded app. */
  embeddedAppUrl(shop: ShopState, appPath: string, extra: URLSearchParams): string {
    const params: Record<string, string> = Object.fromEntries(extra.entries());
    Object.assign(params, {
      embedded: "1",
      shop: shop.domain,
      host: adminHost(shop.domain),
      id_token: this.issueSessionToken(shop),
      locale: shop.shop.owner.locale,
      timestamp: String(this.seconds()),
    });
    delete params.hmac;
    const target = new URL(`/app${appPath ? `/${appPath}` : ""}`, this.config.appUrl);
    for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
    target.searchParams.set("hmac", signAdminQuery(params, this.config.apiSecret));
    return target.toString();
  }
}
