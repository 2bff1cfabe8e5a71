-- CreateTable
CREATE TABLE "ReturnPolicy" (
    "shop" TEXT NOT NULL,
    "policy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "ReturnPolicy_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "Return" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "shopifyReturnId" TEXT,
    "shopifyStatus" TEXT,
    "shopifyUpdatedAt" TIMESTAMP(3),
    "orderId" TEXT NOT NULL,
    "orderName" TEXT NOT NULL,
    "customerId" TEXT,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reasons" TEXT NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "value" INTEGER NOT NULL,
    "refunded" INTEGER NOT NULL DEFAULT 0,
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Return_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReturnTimelineEntry" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "returnId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReturnTimelineEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReturnResolution" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "returnId" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "lines" TEXT NOT NULL,
    "amounts" TEXT NOT NULL,
    "request" TEXT,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "actor" TEXT NOT NULL,
    "shopifyConfirmedAt" TIMESTAMP(3),
    "shopifyResult" TEXT,
    "inventoryConfirmedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "committedAt" TIMESTAMP(3),

    CONSTRAINT "ReturnResolution_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Return_shop_status_requestedAt_idx" ON "Return"("shop", "status", "requestedAt");

-- CreateIndex
CREATE INDEX "Return_shop_orderId_idx" ON "Return"("shop", "orderId");

-- CreateIndex
CREATE UNIQUE INDEX "Return_shop_shopifyReturnId_key" ON "Return"("shop", "shopifyReturnId");

-- CreateIndex
CREATE INDEX "ReturnTimelineEntry_returnId_at_idx" ON "ReturnTimelineEntry"("returnId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "ReturnTimelineEntry_returnId_key_key" ON "ReturnTimelineEntry"("returnId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "ReturnResolution_idempotencyKey_key" ON "ReturnResolution"("idempotencyKey");

-- CreateIndex
CREATE INDEX "ReturnResolution_returnId_createdAt_idx" ON "ReturnResolution"("returnId", "createdAt");

-- CreateIndex
CREATE INDEX "ReturnResolution_shop_status_idx" ON "ReturnResolution"("shop", "status");
