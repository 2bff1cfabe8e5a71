-- CreateTable
CREATE TABLE "CarrierSetup" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "catalog" TEXT,
    "catalogVersion" TEXT,
    "settings" TEXT,
    "lanes" TEXT NOT NULL,
    "lanesVersion" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT
);

-- CreateTable
CREATE TABLE "Shipment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT NOT NULL,
    "fulfillmentOrderId" TEXT NOT NULL,
    "pendingFor" TEXT,
    "fulfillmentId" TEXT,
    "locationId" TEXT NOT NULL,
    "locationName" TEXT NOT NULL,
    "carrierId" TEXT NOT NULL,
    "carrierName" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "serviceName" TEXT NOT NULL,
    "trackingNumber" TEXT NOT NULL,
    "trackingUrl" TEXT,
    "laneKey" TEXT NOT NULL,
    "lane" TEXT NOT NULL,
    "promisedDays" INTEGER NOT NULL,
    "cost" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "choice" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "events" TEXT NOT NULL DEFAULT '[]',
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "shippedAt" DATETIME,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "FulfillmentErrorLog" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "fulfillmentOrderId" TEXT NOT NULL,
    "orderName" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "scanned" TEXT,
    "expected" TEXT,
    "message" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "Shipment_pendingFor_key" ON "Shipment"("pendingFor");

-- CreateIndex
CREATE INDEX "Shipment_shop_fulfillmentOrderId_idx" ON "Shipment"("shop", "fulfillmentOrderId");

-- CreateIndex
CREATE INDEX "Shipment_shop_createdAt_idx" ON "Shipment"("shop", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Shipment_shop_trackingNumber_key" ON "Shipment"("shop", "trackingNumber");

-- CreateIndex
CREATE UNIQUE INDEX "Shipment_shop_fulfillmentId_key" ON "Shipment"("shop", "fulfillmentId");

-- CreateIndex
CREATE INDEX "FulfillmentErrorLog_shop_at_idx" ON "FulfillmentErrorLog"("shop", "at");

-- CreateIndex
CREATE INDEX "FulfillmentErrorLog_shop_fulfillmentOrderId_at_idx" ON "FulfillmentErrorLog"("shop", "fulfillmentOrderId", "at");

