// In-memory state of every simulated shop. Resolvers, the control API and webhook payloads read
// and change shops only through this module, so a later resource (returns, refunds, inventory
// mutations) adds its records and operations here and its views in graphql/resolvers/.
import { type Clock, isoSeconds } from "./clock";
import { ID_BASE, normalizeShopDomain, parseGid } from "./ids";
import { LeakyBucket, type BucketLimits } from "./graphql/bucket";
import type { RefundRecord, ReturnEvent, ReturnRecord } from "./returns";

export class SimInputError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Amounts are kept in minor units (cents) and printed as Shopify's decimal strings. */
export type Cents = number;

export function toCents(amount: string | number): Cents {
  const text = typeof amount === "number" ? amount.toFixed(2) : amount.trim();
  if (!/^-?\d+(\.\d{1,2})?$/.test(text)) throw new SimInputError(422, `"${amount}" is not an amount of money`);
  const [whole, fraction = ""] = text.replace("-", "").split(".");
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  return text.startsWith("-") ? -cents : cents;
}

export function formatCents(cents: Cents): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

export const QUANTITY_NAMES = [
  "available",
  "on_hand",
  "committed",
  "reserved",
  "incoming",
  "damaged",
  "quality_control",
  "safety_stock",
] as const;
export type QuantityName = (typeof QUANTITY_NAMES)[number];
export type Quantities = Record<QuantityName, number>;

export interface AddressInput {
  firstName?: string;
  lastName?: string;
  company?: string;
  address1?: string;
  address2?: string;
  city?: string;
  province?: string;
  provinceCode?: string;
  country?: string;
  countryCode: string;
  zip?: string;
  phone?: string;
}

export interface AddressRecord {
  id: number;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  country: string | null;
  countryCode: string;
  zip: string | null;
  phone: string | null;
}

export type LocationAddressRecord = Omit<AddressRecord, "id" | "firstName" | "lastName" | "company">;

export interface StaffRecord {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  accountOwner: boolean;
  collaborator: boolean;
  emailVerified: boolean;
  locale: string;
}

export interface ShopPlanRecord {
  displayName: string;
  partnerDevelopment: boolean;
  shopifyPlus: boolean;
}

export interface ShopRecord {
  id: number;
  domain: string;
  name: string;
  email: string;
  currencyCode: string;
  ianaTimezone: string;
  plan: ShopPlanRecord;
  owner: StaffRecord;
  createdAt: string;
  updatedAt: string;
}

export interface LocationRecord {
  id: number;
  name: string;
  isActive: boolean;
  fulfillsOnlineOrders: boolean;
  address: LocationAddressRecord | null;
  createdAt: string;
  updatedAt: string;
}

export interface ProductRecord {
  id: number;
  title: string;
  handle: string;
  status: "ACTIVE" | "ARCHIVED" | "DRAFT";
  vendor: string;
  productType: string;
  tags: string[];
  variantIds: number[];
  createdAt: string;
  updatedAt: string;
}

export interface VariantRecord {
  id: number;
  productId: number;
  title: string;
  sku: string;
  barcode: string | null;
  price: Cents;
  position: number;
  inventoryItemId: number;
  createdAt: string;
  updatedAt: string;
}

export interface InventoryItemRecord {
  id: number;
  variantId: number;
  sku: string;
  tracked: boolean;
  requiresShipping: boolean;
  /** One unit's weight as the merchant entered it; null when none was. */
  weight: WeightRecord | null;
  createdAt: string;
  updatedAt: string;
}

export interface InventoryLevelRecord {
  id: number;
  itemId: number;
  locationId: number;
  quantities: Quantities;
  createdAt: string;
  updatedAt: string;
}

/** One inventory mutation's result, kept so that its idempotent replay answers the same. */
export interface InventoryAdjustmentGroupRecord {
  id: number;
  reason: string;
  referenceDocumentUri: string | null;
  createdAt: string;
  changes: Array<{
    itemId: number;
    locationId: number;
    name: string;
    delta: number;
    quantityAfterChange: number;
    ledgerDocumentUri: string | null;
  }>;
}

/** What a mutation with @idempotent(key:) answered the first time: replayed for the same key. */
export interface IdempotentResult {
  mutation: string;
  /** The mutation's arguments, canonically serialised: the same key with other arguments is refused. */
  arguments: string;
  outcome: { groupId: number } | { returnId: number } | { userErrors: Array<{ field: string[] | null; message: string; code: string | null }> };
}

export type BulkOperationStatus = "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELED";

export interface BulkOperationRecord {
  id: number;
  type: "QUERY";
  query: string;
  groupObjects: boolean;
  status: BulkOperationStatus;
  createdAt: string;
  startedAtMs: number;
  completedAt: string | null;
  /** The JSONL lines, computed from the state when the operation started. */
  lines: string[];
  rootObjectCount: number;
  /** An unguessable name for the result file, like Shopify's signed storage URLs. */
  resultToken: string;
}

/** An HTTP error the simulator answers to the shop's next GraphQL request (a control-API fault). */
export interface GraphqlFault {
  status: number;
  retryAfterSeconds: number | null;
}

export interface CustomerRecord {
  id: number;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  tags: string[];
  defaultAddress: AddressRecord | null;
  createdAt: string;
  updatedAt: string;
}

export interface LineItemRecord {
  id: number;
  variantId: number;
  productId: number;
  title: string;
  variantTitle: string;
  sku: string;
  vendor: string;
  quantity: number;
  currentQuantity: number;
  price: Cents;
  requiresShipping: boolean;
}

export interface ShippingLineRecord {
  id: number;
  title: string;
  code: string | null;
  price: Cents;
}

export type FinancialStatus = "AUTHORIZED" | "PAID" | "PENDING" | "PARTIALLY_PAID" | "PARTIALLY_REFUNDED" | "REFUNDED" | "VOIDED";

/** Shopify's OrderCancelReason. */
export type CancelReason = "CUSTOMER" | "DECLINED" | "FRAUD" | "INVENTORY" | "OTHER" | "STAFF";

export interface OrderRecord {
  id: number;
  number: number;
  name: string;
  email: string | null;
  phone: string | null;
  customerId: number | null;
  lineItems: LineItemRecord[];
  shippingAddress: AddressRecord | null;
  billingAddress: AddressRecord | null;
  shippingLine: ShippingLineRecord | null;
  note: string | null;
  tags: string[];
  currencyCode: string;
  financialStatus: FinancialStatus;
  /** Order.paymentGatewayNames: how the customer chose to pay ("Cash on Delivery (COD)" is Shopify's own manual method). */
  paymentGatewayNames: string[];
  fulfillmentOrderIds: number[];
  createdAt: string;
  updatedAt: string;
  processedAt: string;
  cancelledAt: string | null;
  cancelReason: CancelReason | null;
  closedAt: string | null;
}

export interface FulfillmentOrderLineItemRecord {
  id: number;
  lineItemId: number;
  totalQuantity: number;
  remainingQuantity: number;
}

export interface FulfillmentOrderRecord {
  id: number;
  orderId: number;
  locationId: number;
  status: "OPEN" | "IN_PROGRESS" | "CLOSED" | "CANCELLED" | "INCOMPLETE" | "ON_HOLD" | "SCHEDULED";
  requestStatus: "UNSUBMITTED" | "SUBMITTED" | "ACCEPTED" | "REJECTED" | "CLOSED";
  lineItems: FulfillmentOrderLineItemRecord[];
  /** Active holds; the status is ON_HOLD exactly while there is one. */
  holds: FulfillmentHoldRecord[];
  createdAt: string;
  updatedAt: string;
}

/** Shopify's FulfillmentHoldReason. */
export const FULFILLMENT_HOLD_REASONS = [
  "AWAITING_PAYMENT",
  "AWAITING_RETURN_ITEMS",
  "HIGH_RISK_OF_FRAUD",
  "INCORRECT_ADDRESS",
  "INVENTORY_OUT_OF_STOCK",
  "ONLINE_STORE_POST_PURCHASE_CROSS_SELL",
  "OTHER",
  "UNKNOWN_DELIVERY_DATE",
] as const;
export type FulfillmentHoldReason = (typeof FULFILLMENT_HOLD_REASONS)[number];

export interface FulfillmentHoldRecord {
  id: number;
  reason: FulfillmentHoldReason;
  reasonNotes: string | null;
  handle: string | null;
  externalId: string | null;
  /** The app is the only API client the simulator has, so every API-placed hold is held by it. */
  heldByApp: boolean;
  createdAt: string;
}

export interface HoldInput {
  reason: FulfillmentHoldReason;
  reasonNotes?: string | null;
  handle?: string | null;
  externalId?: string | null;
  notifyMerchant?: boolean | null;
}

export interface CancelOrderInput {
  reason: CancelReason;
  restock: boolean;
  refund: boolean;
  staffNote?: string | null;
}

/** A mutation refused the way Shopify refuses it: a user error, not a failed request. */
export interface SimUserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

/** Shopify lets one app keep at most this many active holds on a fulfillment order. */
export const MAX_HOLDS_PER_APP = 10;

export interface AccessTokenRecord {
  kind: "offline" | "online";
  expiresAt: number | null;
  userId: number | null;
  scope: string;
}

export const WEIGHT_UNITS = ["GRAMS", "KILOGRAMS", "OUNCES", "POUNDS"] as const;
export interface WeightRecord {
  value: number;
  unit: (typeof WEIGHT_UNITS)[number];
}

/** Shopify's FulfillmentEventStatus. */
export const FULFILLMENT_EVENT_STATUSES = [
  "ATTEMPTED_DELIVERY",
  "CARRIER_PICKED_UP",
  "CONFIRMED",
  "DELAYED",
  "DELIVERED",
  "FAILURE",
  "IN_TRANSIT",
  "LABEL_PRINTED",
  "LABEL_PURCHASED",
  "OUT_FOR_DELIVERY",
  "READY_FOR_PICKUP",
] as const;
export type FulfillmentEventStatus = (typeof FULFILLMENT_EVENT_STATUSES)[number];

export interface FulfillmentEventRecord {
  id: number;
  status: FulfillmentEventStatus;
  message: string | null;
  happenedAt: string;
  estimatedDeliveryAt: string | null;
  address1: string | null;
  city: string | null;
  province: string | null;
  country: string | null;
  zip: string | null;
  createdAt: string;
}

export interface FulfillmentLineItemRecord {
  id: number;
  lineItemId: number;
  fulfillmentOrderId: number;
  fulfillmentOrderLineItemId: number;
  quantity: number;
}

export interface TrackingInfoRecord {
  company: string | null;
  number: string | null;
  url: string | null;
}

export interface FulfillmentRecord {
  id: number;
  orderId: number;
  locationId: number;
  /** The order's name and the fulfilment's position on it: "#1001.1". */
  name: string;
  status: "SUCCESS" | "CANCELLED";
  trackingInfo: TrackingInfoRecord[];
  notifyCustomer: boolean;
  lineItems: FulfillmentLineItemRecord[];
  events: FulfillmentEventRecord[];
  createdAt: string;
  updatedAt: string;
  inTransitAt: string | null;
  deliveredAt: string | null;
}

export interface FulfillmentInput {
  lineItemsByFulfillmentOrder: Array<{ fulfillmentOrderId: number; fulfillmentOrderLineItems?: Array<{ id: number; quantity: number }> | null }>;
  trackingInfo?: { company?: string | null; number?: string | null; numbers?: string[] | null; url?: string | null; urls?: string[] | null } | null;
  notifyCustomer?: boolean | null;
}

export interface FulfillmentEventInput {
  status: FulfillmentEventStatus;
  message?: string | null;
  happenedAt?: string | null;
  estimatedDeliveryAt?: string | null;
  address1?: string | null;
  city?: string | null;
  province?: string | null;
  country?: string | null;
  zip?: string | null;
}

/** A mutation Shopify refused: answered as userErrors, not as a failed request. */
export interface FulfillmentUserError {
  field: string[] | null;
  message: string;
}

export interface MutationLogEntry {
  name: string;
  arguments: Record<string, unknown>;
  variables: Record<string, unknown>;
  idempotencyKey: string | null;
  implemented: boolean;
  at: string;
}

export interface RequestLogEntry {
  operationName: string | null;
  operationType: "query" | "mutation" | "subscription" | null;
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttled: boolean;
  /** Each error's extensions.code, or its message when it has none. */
  errorCodes: string[];
  deprecatedFields: string[];
  at: string;
}

export class ShopState {
  readonly locations = new Map<number, LocationRecord>();
  readonly products = new Map<number, ProductRecord>();
  readonly variants = new Map<number, VariantRecord>();
  readonly inventoryItems = new Map<number, InventoryItemRecord>();
  readonly inventoryLevels = new Map<number, InventoryLevelRecord>();
  readonly customers = new Map<number, CustomerRecord>();
  readonly orders = new Map<number, OrderRecord>();
  readonly fulfillmentOrders = new Map<number, FulfillmentOrderRecord>();
  readonly fulfillments = new Map<number, FulfillmentRecord>();
  readonly returns = new Map<number, ReturnRecord>();
  readonly refunds = new Map<number, RefundRecord>();
  readonly accessTokens = new Map<string, AccessTokenRecord>();
  readonly refreshTokens = new Map<string, { expiresAt: number; scope: string }>();
  readonly authorizationCodes = new Map<string, { expiresAt: number; online: boolean }>();
  readonly mutationLog: MutationLogEntry[] = [];
  readonly requestLog: RequestLogEntry[] = [];
  readonly adjustmentGroups = new Map<number, InventoryAdjustmentGroupRecord>();
  readonly idempotentResults = new Map<string, IdempotentResult>();
  readonly bulkOperations = new Map<number, BulkOperationRecord>();
  readonly faults: GraphqlFault[] = [];
  /** Mutations whose next request is applied but never answered (the client sees the connection hang). */
  readonly heldMutations: string[] = [];
  /** How fast a bulk operation works through its objects. */
  bulkObjectsPerSecond: number;
  private readonly levelIndex = new Map<number, Map<number, InventoryLevelRecord>>();
  installed = true;
  nextOrderNumber = 1001;

  constructor(
    readonly shop: ShopRecord,
    readonly bucket: LeakyBucket,
    bulkObjectsPerSecond = DEFAULT_BULK_OBJECTS_PER_SECOND,
  ) {
    this.bulkObjectsPerSecond = bulkObjectsPerSecond;
  }

  get domain(): string {
    return this.shop.domain;
  }

  addLevel(level: InventoryLevelRecord): void {
    this.inventoryLevels.set(level.id, level);
    let byLocation = this.levelIndex.get(level.itemId);
    if (!byLocation) {
      byLocation = new Map();
      this.levelIndex.set(level.itemId, byLocation);
    }
    byLocation.set(level.locationId, level);
  }

  levelFor(itemId: number, locationId: number): InventoryLevelRecord | undefined {
    return this.levelIndex.get(itemId)?.get(locationId);
  }

  levelsOfItem(itemId: number): InventoryLevelRecord[] {
    return [...(this.levelIndex.get(itemId)?.values() ?? [])];
  }

  variantBySku(sku: string): VariantRecord | undefined {
    for (const variant of this.variants.values()) if (variant.sku === sku) return variant;
    return undefined;
  }

  customerByEmail(email: string): CustomerRecord | undefined {
    const wanted = email.toLowerCase();
    for (const customer of this.customers.values()) if (customer.email?.toLowerCase() === wanted) return customer;
    return undefined;
  }

  ordersOfCustomer(customerId: number): OrderRecord[] {
    return [...this.orders.values()].filter((order) => order.customerId === customerId);
  }

  activeLocations(): LocationRecord[] {
    return [...this.locations.values()].filter((location) => location.isActive);
  }
}

export type StoreEvent =
  | { topic: "orders/create" | "orders/updated" | "orders/cancelled"; shop: string; orderId: number }
  | { topic: "fulfillment_orders/placed_on_hold"; shop: string; fulfillmentOrderId: number; hold: FulfillmentHoldRecord }
  | { topic: "fulfillment_orders/hold_released" | "fulfillment_orders/cancelled"; shop: string; fulfillmentOrderId: number }
  | { topic: "fulfillment_holds/added" | "fulfillment_holds/released"; shop: string; fulfillmentOrderId: number; hold: FulfillmentHoldRecord }
  | { topic: "app/uninstalled"; shop: string }
  | { topic: "fulfillments/create" | "fulfillments/update"; shop: string; fulfillmentId: number }
  | { topic: "fulfillment_events/create"; shop: string; fulfillmentId: number; eventId: number }
  | { topic: "orders/fulfilled" | "orders/partially_fulfilled"; shop: string; orderId: number }
  | { topic: "inventory_levels/update"; shop: string; levelId: number }
  | { topic: "bulk_operations/finish"; shop: string; operationId: number }
  | ReturnEvent;

export const DEFAULT_BULK_OBJECTS_PER_SECOND = 1000;

export interface CreateShopInput {
  shop: string;
  name?: string;
  email?: string;
  currencyCode?: string;
  ianaTimezone?: string;
  plan?: Partial<ShopPlanRecord>;
  owner?: { firstName: string; lastName: string; email?: string };
  bucket?: Partial<BucketLimits>;
  bulkObjectsPerSecond?: number;
}

export interface SeedInput {
  locations?: Array<{ name: string; address?: AddressInput; fulfillsOnlineOrders?: boolean }>;
  products?: Array<{
    title: string;
    handle?: string;
    vendor?: string;
    productType?: string;
    tags?: string[];
    status?: ProductRecord["status"];
    variants: Array<{
      title?: string;
      sku: string;
      barcode?: string;
      price: string | number;
      weight?: WeightRecord;
      inventory?: Record<string, number>;
    }>;
  }>;
  customers?: Array<{
    firstName: string;
    lastName: string;
    email: string;
    phone?: string;
    tags?: string[];
    address?: AddressInput;
  }>;
}

export interface SeedResult {
  locations: Array<{ id: number; name: string }>;
  products: Array<{ id: number; title: string; variants: Array<{ id: number; sku: string; inventoryItemId: number }> }>;
  customers: Array<{ id: number; email: string }>;
}

export interface PlaceOrderInput {
  email?: string;
  phone?: string;
  customer?: { email: string; firstName: string; lastName: string; phone?: string };
  shippingAddress?: AddressInput;
  billingAddress?: AddressInput;
  lineItems: Array<{ sku?: string; variantId?: string | number; quantity: number; price?: string | number }>;
  note?: string;
  tags?: string[];
  shippingLine?: { title: string; code?: string; price: string | number };
  financialStatus?: FinancialStatus;
  paymentGateway?: string;
  createdAt?: string;
}

export interface UpdateOrderInput {
  note?: string | null;
  tags?: string[];
  email?: string | null;
  phone?: string | null;
  shippingAddress?: AddressInput | null;
}

export type TagTarget = { type: "Order" | "Product" | "Customer"; id: number };

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

/** Shopify accepts tags as a list whose entries may themselves be comma-separated. */
export function splitTags(tags: readonly string[]): string[] {
  const result: string[] = [];
  for (const entry of tags) {
    for (const tag of entry.split(",")) {
      const trimmed = tag.trim();
      if (trimmed && !result.some((existing) => existing.toLowerCase() === trimmed.toLowerCase())) result.push(trimmed);
    }
  }
  return result;
}

function handleize(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

export function emptyQuantities(): Quantities {
  return Object.fromEntries(QUANTITY_NAMES.map((name) => [name, 0])) as Quantities;
}

export class SimStore {
  private readonly shopsByDomain = new Map<string, ShopState>();
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  private lastId = ID_BASE;
  /** Where the simulator listens, once it does: bulk operation result URLs point there. */
  baseUrl = "http://127.0.0.1";

  constructor(
    readonly clock: Clock,
    private readonly defaultBucket: BucketLimits,
    private readonly defaultBulkObjectsPerSecond = DEFAULT_BULK_OBJECTS_PER_SECOND,
  ) {}

  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  now(): string {
    return isoSeconds(this.clock.now());
  }

  on(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: StoreEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  reset(): void {
    this.shopsByDomain.clear();
    this.lastId = ID_BASE;
  }

  shops(): ShopState[] {
    return [...this.shopsByDomain.values()];
  }

  getShop(domain: string): ShopState | undefined {
    return this.shopsByDomain.get(normalizeShopDomain(domain));
  }

  requireShop(domain: string): ShopState {
    const state = this.getShop(domain);
    if (!state) throw new SimInputError(404, `No simulated shop ${normalizeShopDomain(domain)}; create it with POST /_sim/shops`);
    return state;
  }

  createShop(input: CreateShopInput): ShopState {
    const domain = normalizeShopDomain(input.shop);
    if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(domain)) {
      throw new SimInputError(400, `"${input.shop}" is not a myshopify.com domain`);
    }
    if (this.shopsByDomain.has(domain)) throw new SimInputError(409, `Shop ${domain} already exists`);
    const handle = domain.replace(/\.myshopify\.com$/, "");
    const email = input.email ?? `owner@${domain}`;
    const now = this.now();
    const shop: ShopRecord = {
      id: this.nextId(),
      domain,
      name: input.name ?? handle,
      email,
      currencyCode: input.currencyCode ?? "USD",
      ianaTimezone: input.ianaTimezone ?? "UTC",
      plan: {
        displayName: input.plan?.displayName ?? "Development",
        partnerDevelopment: input.plan?.partnerDevelopment ?? true,
        shopifyPlus: input.plan?.shopifyPlus ?? false,
      },
      owner: {
        id: 1,
        firstName: input.owner?.firstName ?? "Store",
        lastName: input.owner?.lastName ?? "Owner",
        email: input.owner?.email ?? email,
        accountOwner: true,
        collaborator: false,
        emailVerified: true,
        locale: "en",
      },
      createdAt: now,
      updatedAt: now,
    };
    const bucket = new LeakyBucket({ ...this.defaultBucket, ...input.bucket }, this.clock);
    const state = new ShopState(shop, bucket, input.bulkObjectsPerSecond ?? this.defaultBulkObjectsPerSecond);
    this.shopsByDomain.set(domain, state);
    return state;
  }

  private locationAddress(input: AddressInput): LocationAddressRecord {
    const countryCode = input.countryCode.toUpperCase();
    return {
      address1: input.address1 ?? null,
      address2: input.address2 ?? null,
      city: input.city ?? null,
      province: input.province ?? null,
      provinceCode: input.provinceCode ?? null,
      country: input.country ?? regionNames.of(countryCode) ?? null,
      countryCode,
      zip: input.zip ?? null,
      phone: input.phone ?? null,
    };
  }

  private address(input: AddressInput): AddressRecord {
    return {
      id: this.nextId(),
      firstName: input.firstName ?? null,
      lastName: input.lastName ?? null,
      company: input.company ?? null,
      ...this.locationAddress(input),
    };
  }

  /** A seed is applied whole or not at all: every conflict is found before anything is created. */
  private checkSeed(state: ShopState, input: SeedInput): void {
    const locationNames = new Set([...state.locations.values()].map((location) => location.name));
    for (const location of input.locations ?? []) {
      if (locationNames.has(location.name)) throw new SimInputError(409, `Location "${location.name}" already exists in ${state.domain}`);
      locationNames.add(location.name);
    }
    const skus = new Set([...state.variants.values()].map((variant) => variant.sku));
    for (const variant of (input.products ?? []).flatMap((product) => product.variants)) {
      if (skus.has(variant.sku)) throw new SimInputError(409, `SKU "${variant.sku}" already exists in ${state.domain}`);
      skus.add(variant.sku);
      for (const locationName of Object.keys(variant.inventory ?? {})) {
        if (!locationNames.has(locationName)) throw new SimInputError(422, `SKU "${variant.sku}" stocks unknown location "${locationName}"`);
      }
    }
    const emails = new Set([...state.customers.values()].flatMap((customer) => (customer.email ? [customer.email.toLowerCase()] : [])));
    for (const customer of input.customers ?? []) {
      if (emails.has(customer.email.toLowerCase())) throw new SimInputError(409, `Customer ${customer.email} already exists in ${state.domain}`);
      emails.add(customer.email.toLowerCase());
    }
  }

  seed(domain: string, input: SeedInput): SeedResult {
    const state = this.requireShop(domain);
    const now = this.now();
    const result: SeedResult = { locations: [], products: [], customers: [] };

    this.checkSeed(state, input);

    for (const location of input.locations ?? []) {
      const record: LocationRecord = {
        id: this.nextId(),
        name: location.name,
        isActive: true,
        fulfillsOnlineOrders: location.fulfillsOnlineOrders ?? true,
        address: location.address ? this.locationAddress(location.address) : null,
        createdAt: now,
        updatedAt: now,
      };
      state.locations.set(record.id, record);
      result.locations.push({ id: record.id, name: record.name });
    }

    for (const product of input.products ?? []) {
      const record: ProductRecord = {
        id: this.nextId(),
        title: product.title,
        handle: product.handle ?? handleize(product.title),
        status: product.status ?? "ACTIVE",
        vendor: product.vendor ?? state.shop.name,
        productType: product.productType ?? "",
        tags: splitTags(product.tags ?? []),
        variantIds: [],
        createdAt: now,
        updatedAt: now,
      };
      state.products.set(record.id, record);
      const seeded: SeedResult["products"][number] = { id: record.id, title: record.title, variants: [] };
      product.variants.forEach((variantInput, index) => {
        const variant: VariantRecord = {
          id: this.nextId(),
          productId: record.id,
          title: variantInput.title ?? "Default Title",
          sku: variantInput.sku,
          barcode: variantInput.barcode ?? null,
          price: toCents(variantInput.price),
          position: index + 1,
          inventoryItemId: 0,
          createdAt: now,
          updatedAt: now,
        };
        const item: InventoryItemRecord = {
          id: this.nextId(),
          variantId: variant.id,
          sku: variant.sku,
          tracked: true,
          requiresShipping: true,
          weight: variantInput.weight ?? null,
          createdAt: now,
          updatedAt: now,
        };
        variant.inventoryItemId = item.id;
        state.variants.set(variant.id, variant);
        state.inventoryItems.set(item.id, item);
        record.variantIds.push(variant.id);
        for (const [locationName, available] of Object.entries(variantInput.inventory ?? {})) {
          const location = [...state.locations.values()].find((candidate) => candidate.name === locationName)!;
          const quantities = emptyQuantities();
          quantities.available = available;
          quantities.on_hand = available;
          const level: InventoryLevelRecord = {
            id: this.nextId(),
            itemId: item.id,
            locationId: location.id,
            quantities,
            createdAt: now,
            updatedAt: now,
          };
          state.addLevel(level);
        }
        seeded.variants.push({ id: variant.id, sku: variant.sku, inventoryItemId: item.id });
      });
      result.products.push(seeded);
    }

    for (const customer of input.customers ?? []) {
      const record = this.createCustomer(state, customer);
      result.customers.push({ id: record.id, email: customer.email });
    }
    return result;
  }

  private createCustomer(
    state: ShopState,
    input: { firstName: string; lastName: string; email: string; phone?: string; tags?: string[]; address?: AddressInput },
  ): CustomerRecord {
    const now = this.now();
    const record: CustomerRecord = {
      id: this.nextId(),
      firstName: input.firstName,
      lastName: input.lastName,
      email: input.email,
      phone: input.phone ?? null,
      tags: splitTags(input.tags ?? []),
      defaultAddress: input.address ? this.address(input.address) : null,
      createdAt: now,
      updatedAt: now,
    };
    state.customers.set(record.id, record);
    return record;
  }

  placeOrder(domain: string, input: PlaceOrderInput): OrderRecord {
    const state = this.requireShop(domain);
    if (input.lineItems.length === 0) throw new SimInputError(422, "An order needs at least one line item");
    const lines = input.lineItems.map((line) => {
      let variant: VariantRecord | undefined;
      if (line.sku !== undefined) {
        variant = state.variantBySku(line.sku);
        if (!variant) throw new SimInputError(422, `Unknown SKU "${line.sku}" in ${state.domain}`);
      } else if (line.variantId !== undefined) {
        const id = typeof line.variantId === "number" ? line.variantId : (parseGid(line.variantId)?.id ?? Number(line.variantId));
        variant = state.variants.get(id);
        if (!variant) throw new SimInputError(422, `Unknown variant ${line.variantId} in ${state.domain}`);
      } else {
        throw new SimInputError(422, "Each line item needs a sku or a variantId");
      }
      if (!Number.isInteger(line.quantity) || line.quantity < 1) {
        throw new SimInputError(422, `Quantity for ${variant.sku} must be a positive whole number`);
      }
      return { variant, quantity: line.quantity, price: line.price === undefined ? variant.price : toCents(line.price) };
    });

    const location = this.assignLocation(state, lines);
    const now = this.now();
    if (input.createdAt !== undefined && Number.isNaN(Date.parse(input.createdAt))) {
      throw new SimInputError(422, `createdAt "${input.createdAt}" is not a date`);
    }
    const createdAt = input.createdAt !== undefined ? isoSeconds(Date.parse(input.createdAt)) : now;

    let customer: CustomerRecord | null = null;
    if (input.customer) {
      customer = state.customerByEmail(input.customer.email) ?? this.createCustomer(state, input.customer);
    }

    const lineItems: LineItemRecord[] = lines.map(({ variant, quantity, price }) => {
      const product = state.products.get(variant.productId)!;
      return {
        id: this.nextId(),
        variantId: variant.id,
        productId: product.id,
        title: product.title,
        variantTitle: variant.title,
        sku: variant.sku,
        vendor: product.vendor,
        quantity,
        currentQuantity: quantity,
        price,
        requiresShipping: state.inventoryItems.get(variant.inventoryItemId)?.requiresShipping ?? true,
      };
    });

    const number = state.nextOrderNumber++;
    const order: OrderRecord = {
      id: this.nextId(),
      number,
      name: `#${number}`,
      email: input.email ?? input.customer?.email ?? null,
      phone: input.phone ?? input.customer?.phone ?? null,
      customerId: customer?.id ?? null,
      lineItems,
      shippingAddress: input.shippingAddress ? this.address(input.shippingAddress) : null,
      billingAddress: input.billingAddress ? this.address(input.billingAddress) : null,
      shippingLine: input.shippingLine
        ? {
            id: this.nextId(),
            title: input.shippingLine.title,
            code: input.shippingLine.code ?? null,
            price: toCents(input.shippingLine.price),
          }
        : null,
      note: input.note ?? null,
      tags: splitTags(input.tags ?? []),
      currencyCode: state.shop.currencyCode,
      financialStatus: input.financialStatus ?? "PAID",
      // "bogus" is the gateway Shopify names on orders paid with its test payment provider.
      paymentGatewayNames: [input.paymentGateway ?? "bogus"],
      fulfillmentOrderIds: [],
      createdAt,
      updatedAt: createdAt,
      processedAt: createdAt,
      cancelledAt: null,
      cancelReason: null,
      closedAt: null,
    };

    const fulfillmentOrder: FulfillmentOrderRecord = {
      id: this.nextId(),
      orderId: order.id,
      locationId: location.id,
      status: "OPEN",
      requestStatus: "UNSUBMITTED",
      lineItems: lineItems.map((line) => ({
        id: this.nextId(),
        lineItemId: line.id,
        totalQuantity: line.quantity,
        remainingQuantity: line.quantity,
      })),
      holds: [],
      createdAt,
      updatedAt: createdAt,
    };
    order.fulfillmentOrderIds.push(fulfillmentOrder.id);

    const changedLevels = new Set<number>();
    for (const { variant, quantity } of lines) {
      const level = this.levelAt(state, variant.inventoryItemId, location.id);
      level.quantities.available -= quantity;
      level.quantities.committed += quantity;
      level.updatedAt = now;
      changedLevels.add(level.id);
    }
    if (customer) customer.updatedAt = now;

    state.orders.set(order.id, order);
    state.fulfillmentOrders.set(fulfillmentOrder.id, fulfillmentOrder);
    this.emit({ topic: "orders/create", shop: state.domain, orderId: order.id });
    for (const levelId of changedLevels) this.emit({ topic: "inventory_levels/update", shop: state.domain, levelId });
    return order;
  }

  /** Shopify's simplest routing: the first active location that can ship every line, else the first one. */
  private assignLocation(state: ShopState, lines: Array<{ variant: VariantRecord; quantity: number }>): LocationRecord {
    const candidates = state.activeLocations();
    if (candidates.length === 0) throw new SimInputError(422, `${state.domain} has no active location; seed one first`);
    const stocked = candidates.find((location) =>
      lines.every(({ variant, quantity }) => (state.levelFor(variant.inventoryItemId, location.id)?.quantities.available ?? 0) >= quantity),
    );
    return stocked ?? candidates[0];
  }

  levelAt(state: ShopState, itemId: number, locationId: number): InventoryLevelRecord {
    const existing = state.levelFor(itemId, locationId);
    if (existing) return existing;
    const now = this.now();
    const level: InventoryLevelRecord = { id: this.nextId(), itemId, locationId, quantities: emptyQuantities(), createdAt: now, updatedAt: now };
    state.addLevel(level);
    return level;
  }

  requireOrder(state: ShopState, id: number): OrderRecord {
    const order = state.orders.get(id);
    if (!order) throw new SimInputError(404, `No order ${id} in ${state.domain}`);
    return order;
  }

  updateOrder(domain: string, orderId: number, input: UpdateOrderInput): OrderRecord {
    const state = this.requireShop(domain);
    const order = this.requireOrder(state, orderId);
    if (input.note !== undefined) order.note = input.note;
    if (input.tags !== undefined) order.tags = splitTags(input.tags);
    if (input.email !== undefined) order.email = input.email;
    if (input.phone !== undefined) order.phone = input.phone;
    if (input.shippingAddress !== undefined) {
      order.shippingAddress = input.shippingAddress ? this.address(input.shippingAddress) : null;
    }
    order.updatedAt = this.now();
    this.emit({ topic: "orders/updated", shop: state.domain, orderId: order.id });
    return order;
  }

  private taggable(state: ShopState, target: TagTarget): { tags: string[]; updatedAt: string } | undefined {
    switch (target.type) {
      case "Order":
        return state.orders.get(target.id);
      case "Product":
        return state.products.get(target.id);
      case "Customer":
        return state.customers.get(target.id);
    }
  }

  /** Returns null when the resource does not exist; `changed` is false when the tag set stayed the same. */
  changeTags(domain: string, target: TagTarget, tags: readonly string[], op: "add" | "remove"): { changed: boolean } | null {
    const state = this.requireShop(domain);
    const resource = this.taggable(state, target);
    if (!resource) return null;
    const requested = splitTags(tags).map((tag) => tag.toLowerCase());
    const before = resource.tags;
    const after =
      op === "add"
        ? splitTags([...before, ...splitTags(tags)])
        : before.filter((tag) => !requested.includes(tag.toLowerCase()));
    const changed = after.length !== before.length;
    if (!changed) return { changed };
    resource.tags = after;
    resource.updatedAt = this.now();
    if (target.type === "Order") this.emit({ topic: "orders/updated", shop: state.domain, orderId: target.id });
    return { changed };
  }

  requireFulfillmentOrder(state: ShopState, id: number): FulfillmentOrderRecord {
    const fulfillmentOrder = state.fulfillmentOrders.get(id);
    if (!fulfillmentOrder) throw new SimInputError(404, `No fulfillment order ${id} in ${state.domain}`);
    return fulfillmentOrder;
  }

  /**
   * fulfillmentOrderHold on a whole fulfillment order. Several holds may stack (API 2025-01+),
   * each app's handles are unique per fulfillment order, and the order goes ON_HOLD with the first.
   */
  holdFulfillmentOrder(
    domain: string,
    fulfillmentOrderId: number,
    input: HoldInput,
  ): { fulfillmentOrder: FulfillmentOrderRecord | null; hold: FulfillmentHoldRecord | null; userErrors: SimUserError[] } {
    const state = this.requireShop(domain);
    const fulfillmentOrder = state.fulfillmentOrders.get(fulfillmentOrderId);
    const refuse = (field: string[] | null, message: string, code: string | null) => ({
      fulfillmentOrder: fulfillmentOrder ?? null,
      hold: null,
      userErrors: [{ field, message, code }],
    });
    if (!fulfillmentOrder) return refuse(["id"], "Fulfillment order does not exist.", "FULFILLMENT_ORDER_NOT_FOUND");
    if (fulfillmentOrder.status !== "OPEN" && fulfillmentOrder.status !== "ON_HOLD") {
      return refuse(["id"], `Fulfillment order with status ${fulfillmentOrder.status} cannot be placed on hold.`, null);
    }
    const own = fulfillmentOrder.holds.filter((hold) => hold.heldByApp);
    if (input.handle && own.some((hold) => hold.handle === input.handle)) {
      return refuse(["fulfillmentHold", "handle"], "The handle provided for the fulfillment hold is already in use by this app for another hold on this fulfillment order.", "DUPLICATE_FULFILLMENT_HOLD_HANDLE");
    }
    if (own.length >= MAX_HOLDS_PER_APP) {
      return refuse(["id"], `The maximum number of fulfillment holds for this fulfillment order has been reached for this app. An app can only have up to ${MAX_HOLDS_PER_APP} holds on a single fulfillment order at any one time.`, "FULFILLMENT_ORDER_HOLD_LIMIT_REACHED");
    }
    const now = this.now();
    const hold: FulfillmentHoldRecord = {
      id: this.nextId(),
      reason: input.reason,
      reasonNotes: input.reasonNotes ?? null,
      handle: input.handle ?? null,
      externalId: input.externalId ?? null,
      heldByApp: true,
      createdAt: now,
    };
    const wasHeld = fulfillmentOrder.status === "ON_HOLD";
    fulfillmentOrder.holds.push(hold);
    fulfillmentOrder.status = "ON_HOLD";
    fulfillmentOrder.updatedAt = now;
    if (!wasHeld) this.emit({ topic: "fulfillment_orders/placed_on_hold", shop: state.domain, fulfillmentOrderId, hold });
    this.emit({ topic: "fulfillment_holds/added", shop: state.domain, fulfillmentOrderId, hold });
    return { fulfillmentOrder, hold, userErrors: [] };
  }

  /**
   * fulfillmentOrderReleaseHold: the named holds (all, without ids) come off; ids of holds that are
   * no longer there change nothing, so a release that raced another one succeeds without effect.
   * The order is OPEN again once its last hold is gone.
   */
  releaseFulfillmentOrderHold(
    domain: string,
    fulfillmentOrderId: number,
    holdIds: number[] | null,
  ): { fulfillmentOrder: FulfillmentOrderRecord | null; userErrors: SimUserError[] } {
    const state = this.requireShop(domain);
    const fulfillmentOrder = state.fulfillmentOrders.get(fulfillmentOrderId);
    if (!fulfillmentOrder) {
      return { fulfillmentOrder: null, userErrors: [{ field: ["id"], message: "Fulfillment order does not exist.", code: "FULFILLMENT_ORDER_NOT_FOUND" }] };
    }
    const released = fulfillmentOrder.holds.filter((hold) => holdIds === null || holdIds.includes(hold.id));
    if (released.length === 0) return { fulfillmentOrder, userErrors: [] };
    fulfillmentOrder.holds = fulfillmentOrder.holds.filter((hold) => !released.includes(hold));
    fulfillmentOrder.updatedAt = this.now();
    for (const hold of released) this.emit({ topic: "fulfillment_holds/released", shop: state.domain, fulfillmentOrderId, hold });
    if (fulfillmentOrder.holds.length === 0 && fulfillmentOrder.status === "ON_HOLD") {
      fulfillmentOrder.status = "OPEN";
      this.emit({ topic: "fulfillment_orders/hold_released", shop: state.domain, fulfillmentOrderId });
    }
    return { fulfillmentOrder, userErrors: [] };
  }

  /**
   * orderCancel. Shopify runs it as a job; the simulator applies it at once, and the app learns the
   * outcome as it would from Shopify: from orders/cancelled and the fulfillment orders' webhooks.
   */
  cancelOrder(domain: string, orderId: number, input: CancelOrderInput): { userErrors: SimUserError[] } {
    const state = this.requireShop(domain);
    const order = state.orders.get(orderId);
    if (!order) return { userErrors: [{ field: ["orderId"], message: "Order does not exist", code: "NOT_FOUND" }] };
    if (order.cancelledAt) return { userErrors: [{ field: ["orderId"], message: "Order has already been cancelled", code: "INVALID" }] };
    const fulfillmentOrders = order.fulfillmentOrderIds.map((id) => state.fulfillmentOrders.get(id)!);
    if (fulfillmentOrders.some((fo) => fo.lineItems.some((line) => line.remainingQuantity < line.totalQuantity))) {
      return { userErrors: [{ field: ["orderId"], message: "Cannot cancel an order with fulfilled items", code: "INVALID" }] };
    }
    const now = this.now();
    const cancelled = fulfillmentOrders.filter((fo) => fo.status !== "CANCELLED" && fo.status !== "CLOSED");
    for (const fulfillmentOrder of cancelled) {
      if (input.restock) {
        for (const item of fulfillmentOrder.lineItems) {
          const line = order.lineItems.find((candidate) => candidate.id === item.lineItemId)!;
          const variant = state.variants.get(line.variantId);
          const level = variant ? state.levelFor(variant.inventoryItemId, fulfillmentOrder.locationId) : undefined;
          if (!level) continue;
          level.quantities.committed -= item.remainingQuantity;
          level.quantities.available += item.remainingQuantity;
          level.updatedAt = now;
        }
      }
      fulfillmentOrder.holds = [];
      fulfillmentOrder.status = "CANCELLED";
      fulfillmentOrder.updatedAt = now;
    }
    order.cancelledAt = now;
    order.cancelReason = input.reason;
    order.closedAt = now;
    if (order.financialStatus === "AUTHORIZED" || order.financialStatus === "PENDING") order.financialStatus = "VOIDED";
    else if (input.refund && order.financialStatus === "PAID") order.financialStatus = "REFUNDED";
    if (input.staffNote) order.note = order.note ? `${order.note}\n${input.staffNote}` : input.staffNote;
    order.updatedAt = now;
    this.emit({ topic: "orders/cancelled", shop: state.domain, orderId: order.id });
    this.emit({ topic: "orders/updated", shop: state.domain, orderId: order.id });
    for (const fulfillmentOrder of cancelled) {
      this.emit({ topic: "fulfillment_orders/cancelled", shop: state.domain, fulfillmentOrderId: fulfillmentOrder.id });
    }
    return { userErrors: [] };
  }

  uninstall(domain: string): void {
    const state = this.requireShop(domain);
    state.installed = false;
    state.accessTokens.clear();
    state.refreshTokens.clear();
    state.authorizationCodes.clear();
    this.emit({ topic: "app/uninstalled", shop: state.domain });
  }

  fulfillmentsOfOrder(state: ShopState, orderId: number): FulfillmentRecord[] {
    return [...state.fulfillments.values()].filter((fulfillment) => fulfillment.orderId === orderId);
  }

  /**
   * fulfillmentCreate: the fulfillment orders must belong to one order and one location and be
   * open or in progress (an ON_HOLD one is refused, as Shopify refuses it); each line's quantity
   * comes off what remains, a fully fulfilled fulfillment order closes, and the stock leaves the
   * location. Refusals are user errors in the simulator's own words.
   */
  createFulfillment(domain: string, input: FulfillmentInput): { fulfillment: FulfillmentRecord | null; userErrors: FulfillmentUserError[] } {
    const state = this.requireShop(domain);
    const refuse = (message: string, field: string[] = ["fulfillment"]) => ({ fulfillment: null, userErrors: [{ field, message }] });
    if (input.lineItemsByFulfillmentOrder.length === 0) return refuse("Line items by fulfillment order can't be blank.", ["fulfillment", "lineItemsByFulfillmentOrder"]);
    const plan: Array<{ fulfillmentOrder: FulfillmentOrderRecord; item: FulfillmentOrderLineItemRecord; quantity: number }> = [];
    for (const entry of input.lineItemsByFulfillmentOrder) {
      const fulfillmentOrder = state.fulfillmentOrders.get(entry.fulfillmentOrderId);
      if (!fulfillmentOrder) return refuse(`Fulfillment order ${entry.fulfillmentOrderId} does not exist.`);
      const first = plan[0]?.fulfillmentOrder ?? fulfillmentOrder;
      if (fulfillmentOrder.orderId !== first.orderId) return refuse("All fulfillment orders must belong to the same order.");
      if (fulfillmentOrder.locationId !== first.locationId) return refuse("All fulfillment orders must be assigned to the same location.");
      if (fulfillmentOrder.status === "ON_HOLD") return refuse(`Fulfillment order ${fulfillmentOrder.id} is on hold.`);
      if (fulfillmentOrder.status !== "OPEN" && fulfillmentOrder.status !== "IN_PROGRESS") {
        return refuse(`Fulfillment order ${fulfillmentOrder.id} cannot be fulfilled: its status is ${fulfillmentOrder.status}.`);
      }
      const requested = entry.fulfillmentOrderLineItems?.length
        ? entry.fulfillmentOrderLineItems
        : fulfillmentOrder.lineItems.filter((item) => item.remainingQuantity > 0).map((item) => ({ id: item.id, quantity: item.remainingQuantity }));
      for (const { id, quantity } of requested) {
        const item = fulfillmentOrder.lineItems.find((candidate) => candidate.id === id);
        if (!item) return refuse(`Fulfillment order line item ${id} does not belong to fulfillment order ${fulfillmentOrder.id}.`);
        if (!Number.isInteger(quantity) || quantity < 1) return refuse("Quantity must be greater than 0.");
        const planned = plan.filter((p) => p.item === item).reduce((sum, p) => sum + p.quantity, 0);
        if (planned + quantity > item.remainingQuantity) {
          return refuse(`Invalid fulfillment order line item quantity requested: ${quantity} exceeds the remaining ${item.remainingQuantity - planned}.`);
        }
        plan.push({ fulfillmentOrder, item, quantity });
      }
    }
    if (plan.length === 0) return refuse("There are no line items left to fulfill.");
    const order = this.requireOrder(state, plan[0].fulfillmentOrder.orderId);
    const now = this.now();
    const tracking = input.trackingInfo;
    const numbers = tracking?.numbers?.length ? tracking.numbers : tracking?.number ? [tracking.number] : [];
    const urls = tracking?.urls?.length ? tracking.urls : tracking?.url ? [tracking.url] : [];
    const trackingInfo = (numbers.length > 0 ? numbers : urls.length > 0 || tracking?.company ? [null] : []).map((number, i) => ({
      company: tracking?.company ?? null,
      number,
      url: urls[i] ?? null,
    }));
    const fulfillment: FulfillmentRecord = {
      id: this.nextId(),
      orderId: order.id,
      locationId: plan[0].fulfillmentOrder.locationId,
      name: `${order.name}.${this.fulfillmentsOfOrder(state, order.id).length + 1}`,
      status: "SUCCESS",
      trackingInfo,
      notifyCustomer: input.notifyCustomer ?? false,
      lineItems: plan.map(({ fulfillmentOrder, item, quantity }) => ({
        id: this.nextId(),
        lineItemId: item.lineItemId,
        fulfillmentOrderId: fulfillmentOrder.id,
        fulfillmentOrderLineItemId: item.id,
        quantity,
      })),
      events: [],
      createdAt: now,
      updatedAt: now,
      inTransitAt: null,
      deliveredAt: null,
    };
    for (const { fulfillmentOrder, item, quantity } of plan) {
      item.remainingQuantity -= quantity;
      fulfillmentOrder.updatedAt = now;
      const line = order.lineItems.find((candidate) => candidate.id === item.lineItemId);
      const variant = line && state.variants.get(line.variantId);
      const level = variant && state.levelFor(variant.inventoryItemId, fulfillmentOrder.locationId);
      if (level) {
        level.quantities.committed -= quantity;
        level.quantities.on_hand -= quantity;
        level.updatedAt = now;
      }
    }
    for (const fulfillmentOrder of new Set(plan.map((p) => p.fulfillmentOrder))) {
      fulfillmentOrder.status = fulfillmentOrder.lineItems.every((item) => item.remainingQuantity === 0) ? "CLOSED" : "IN_PROGRESS";
    }
    state.fulfillments.set(fulfillment.id, fulfillment);
    order.updatedAt = now;
    const everything = order.fulfillmentOrderIds.every((id) => state.fulfillmentOrders.get(id)!.lineItems.every((item) => item.remainingQuantity === 0));
    this.emit({ topic: "fulfillments/create", shop: state.domain, fulfillmentId: fulfillment.id });
    this.emit({ topic: everything ? "orders/fulfilled" : "orders/partially_fulfilled", shop: state.domain, orderId: order.id });
    this.emit({ topic: "orders/updated", shop: state.domain, orderId: order.id });
    return { fulfillment, userErrors: [] };
  }

  /** fulfillmentEventCreate: a carrier's tracking update on a fulfilment. */
  createFulfillmentEvent(
    domain: string,
    fulfillmentId: number,
    input: FulfillmentEventInput,
  ): { event: FulfillmentEventRecord | null; userErrors: FulfillmentUserError[] } {
    const state = this.requireShop(domain);
    const fulfillment = state.fulfillments.get(fulfillmentId);
    if (!fulfillment) return { event: null, userErrors: [{ field: ["fulfillmentEvent", "fulfillmentId"], message: "Fulfillment does not exist." }] };
    if (input.happenedAt != null && Number.isNaN(Date.parse(input.happenedAt))) {
      return { event: null, userErrors: [{ field: ["fulfillmentEvent", "happenedAt"], message: "Happened at is invalid." }] };
    }
    const now = this.now();
    const event: FulfillmentEventRecord = {
      id: this.nextId(),
      status: input.status,
      message: input.message ?? null,
      happenedAt: input.happenedAt != null ? isoSeconds(Date.parse(input.happenedAt)) : now,
      estimatedDeliveryAt: input.estimatedDeliveryAt ?? null,
      address1: input.address1 ?? null,
      city: input.city ?? null,
      province: input.province ?? null,
      country: input.country ?? null,
      zip: input.zip ?? null,
      createdAt: now,
    };
    fulfillment.events.push(event);
    if (event.status === "IN_TRANSIT") fulfillment.inTransitAt ??= event.happenedAt;
    if (event.status === "DELIVERED") fulfillment.deliveredAt = event.happenedAt;
    fulfillment.updatedAt = now;
    this.emit({ topic: "fulfillment_events/create", shop: state.domain, fulfillmentId, eventId: event.id });
    this.emit({ topic: "fulfillments/update", shop: state.domain, fulfillmentId });
    return { event, userErrors: [] };
  }
}
