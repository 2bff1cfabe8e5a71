-- CreateTable
CREATE TABLE "CarrierSetup" (
    "shop" TEXT NOT NULL,
    "catalog" TEXT,
    "catalogVersion" TEXT,
    "settings" TEXT,
    "lanes" TEXT NOT NULL,
    "lanesVersion" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "CarrierSetup_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "Shipment" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "shippedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Shipment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FulfillmentErrorLog" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "fulfillmentOrderId" TEXT NOT NULL,
    "orderName" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "scanned" TEXT,
    "expected" TEXT,
    "message" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FulfillmentErrorLog_pkey" PRIMARY KEY ("id")
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

