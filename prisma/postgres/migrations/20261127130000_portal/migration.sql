-- CreateTable
CREATE TABLE "PortalRateLimit" (
    "key" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "expire" TIMESTAMP(3),

    CONSTRAINT "PortalRateLimit_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ReturnDeliveryPreference" (
    "returnId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "address" TEXT,
    "preferredDate" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReturnDeliveryPreference_pkey" PRIMARY KEY ("returnId")
);

-- CreateIndex
CREATE INDEX "PortalRateLimit_expire_idx" ON "PortalRateLimit"("expire");

-- CreateIndex
CREATE INDEX "Order_shop_name_idx" ON "Order"("shop", "name");

-- CreateIndex
CREATE INDEX "ReturnDeliveryPreference_shop_idx" ON "ReturnDeliveryPreference"("shop");
