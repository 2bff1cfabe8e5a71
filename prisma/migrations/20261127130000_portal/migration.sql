-- CreateTable
CREATE TABLE "PortalRateLimit" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "points" INTEGER NOT NULL,
    "expire" DATETIME
);

-- CreateTable
CREATE TABLE "ReturnDeliveryPreference" (
    "returnId" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "address" TEXT,
    "preferredDate" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "PortalRateLimit_expire_idx" ON "PortalRateLimit"("expire");

-- CreateIndex
CREATE INDEX "Order_shop_name_idx" ON "Order"("shop", "name");

-- CreateIndex
CREATE INDEX "ReturnDeliveryPreference_shop_idx" ON "ReturnDeliveryPreference"("shop");
