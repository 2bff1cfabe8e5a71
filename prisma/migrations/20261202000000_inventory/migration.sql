-- CreateTable
CREATE TABLE "InventoryLocation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "isActive" BOOLEAN NOT NULL,
    "fulfillsOnlineOrders" BOOLEAN NOT NULL,
    "syncedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "InventoryItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "variantId" TEXT,
    "sku" TEXT,
    "productTitle" TEXT NOT NULL,
    "variantTitle" TEXT NOT NULL,
    "tracked" BOOLEAN NOT NULL DEFAULT true,
    "lowStockThreshold" INTEGER,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "InventoryLevel" (
    "shop" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "available" INTEGER NOT NULL,
    "onHand" INTEGER NOT NULL,
    "committed" INTEGER NOT NULL,
    "reserved" INTEGER NOT NULL,
    "incoming" INTEGER NOT NULL,
    "damaged" INTEGER NOT NULL,
    "qualityControl" INTEGER NOT NULL,
    "safetyStock" INTEGER NOT NULL,
    "shopifyUpdatedAt" DATETIME,
    "observedAt" DATETIME NOT NULL,

    PRIMARY KEY ("inventoryItemId", "locationId")
);

-- CreateTable
CREATE TABLE "InventoryLedgerEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "toLocationId" TEXT,
    "toName" TEXT,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "delta" INTEGER NOT NULL,
    "quantity" INTEGER,
    "changeFrom" INTEGER,
    "toChangeFrom" INTEGER,
    "quantityAfter" INTEGER,
    "referenceDocumentUri" TEXT,
    "operationKey" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "actor" TEXT NOT NULL,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appliedAt" DATETIME
);

-- CreateTable
CREATE TABLE "InventorySync" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "bulkOperationId" TEXT,
    "objectCount" INTEGER NOT NULL DEFAULT 0,
    "importedObjects" INTEGER NOT NULL DEFAULT 0,
    "expectedObjects" INTEGER,
    "itemsSeen" INTEGER NOT NULL DEFAULT 0,
    "levelsSeen" INTEGER NOT NULL DEFAULT 0,
    "driftsFound" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "requestedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "InventoryDrift" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "syncId" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "expected" INTEGER NOT NULL,
    "actual" INTEGER NOT NULL,
    "cause" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "resolvedBy" TEXT,
    "ledgerEntryId" TEXT,
    "repairEntryId" TEXT,
    "detectedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" DATETIME
);

-- CreateTable
CREATE TABLE "InventorySettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "lowStockThreshold" INTEGER NOT NULL DEFAULT 5,
    "driftRule" TEXT NOT NULL DEFAULT 'review',
    "driftRuleMaxUnits" INTEGER,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "InventoryLocation_shop_idx" ON "InventoryLocation"("shop");

-- CreateIndex
CREATE INDEX "InventoryItem_shop_sku_idx" ON "InventoryItem"("shop", "sku");

-- CreateIndex
CREATE INDEX "InventoryItem_shop_variantId_idx" ON "InventoryItem"("shop", "variantId");

-- CreateIndex
CREATE INDEX "InventoryLevel_shop_locationId_idx" ON "InventoryLevel"("shop", "locationId");

-- CreateIndex
CREATE UNIQUE INDEX "InventoryLedgerEntry_idempotencyKey_key" ON "InventoryLedgerEntry"("idempotencyKey");

-- CreateIndex
CREATE INDEX "InventoryLedgerEntry_shop_inventoryItemId_createdAt_idx" ON "InventoryLedgerEntry"("shop", "inventoryItemId", "createdAt");

-- CreateIndex
CREATE INDEX "InventoryLedgerEntry_shop_status_idx" ON "InventoryLedgerEntry"("shop", "status");

-- CreateIndex
CREATE UNIQUE INDEX "InventoryLedgerEntry_shop_operationKey_key" ON "InventoryLedgerEntry"("shop", "operationKey");

-- CreateIndex
CREATE UNIQUE INDEX "InventorySync_bulkOperationId_key" ON "InventorySync"("bulkOperationId");

-- CreateIndex
CREATE INDEX "InventorySync_shop_requestedAt_idx" ON "InventorySync"("shop", "requestedAt");

-- CreateIndex
CREATE INDEX "InventoryDrift_shop_status_idx" ON "InventoryDrift"("shop", "status");

-- CreateIndex
CREATE INDEX "InventoryDrift_shop_inventoryItemId_idx" ON "InventoryDrift"("shop", "inventoryItemId");

