
-- CreateTable
CREATE TABLE "OrderIntake" (
    "orderId" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "holdReason" TEXT,
    "heldAt" DATETIME,
    "openBlocking" INTEGER NOT NULL DEFAULT 0,
    "openTotal" INTEGER NOT NULL DEFAULT 0,
    "oldestOpenAt" DATETIME,
    "evaluatedVersion" DATETIME,
    "evaluatedAt" DATETIME,
    "lockedUntil" DATETIME,
    "lockedBy" TEXT
);

-- CreateTable
CREATE TABLE "Finding" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "errorClass" TEXT NOT NULL,
    "holdReason" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "suggestion" TEXT NOT NULL,
    "suggestedValue" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "openedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "resolvedAt" DATETIME,
    "resolvedBy" TEXT,
    "overriddenAt" DATETIME,
    "overriddenBy" TEXT,
    "overrideNote" TEXT
);

-- CreateTable
CREATE TABLE "OrderEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "actorName" TEXT,
    "summary" TEXT NOT NULL,
    "details" TEXT,
    "dedupeKey" TEXT
);

-- CreateTable
CREATE TABLE "IntakeSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "config" TEXT NOT NULL DEFAULT '{}',
    "carriers" TEXT NOT NULL DEFAULT '[]',
    "slaHours" INTEGER NOT NULL DEFAULT 24,
    "fixLinkHours" INTEGER NOT NULL DEFAULT 72,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT
);

-- CreateTable
CREATE TABLE "FixLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "openedAt" DATETIME,
    "submittedAt" DATETIME
);

-- CreateTable
CREATE TABLE "DeadLetter" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "apiVersion" TEXT NOT NULL,
    "triggeredAt" DATETIME,
    "body" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'open',
    "resolvedAt" DATETIME,
    "resolvedBy" TEXT,
    "outcome" TEXT
);

-- CreateTable
CREATE TABLE "ReconcileState" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "watermark" DATETIME,
    "nextRunAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ReconcileRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "since" DATETIME NOT NULL,
    "checked" INTEGER NOT NULL DEFAULT 0,
    "repaired" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT
);

-- CreateIndex
CREATE INDEX "OrderIntake_shop_status_oldestOpenAt_idx" ON "OrderIntake"("shop", "status", "oldestOpenAt");

-- CreateIndex
CREATE INDEX "Finding_shop_status_errorClass_idx" ON "Finding"("shop", "status", "errorClass");

-- CreateIndex
CREATE UNIQUE INDEX "Finding_orderId_code_field_key" ON "Finding"("orderId", "code", "field");

-- CreateIndex
CREATE UNIQUE INDEX "OrderEvent_dedupeKey_key" ON "OrderEvent"("dedupeKey");

-- CreateIndex
CREATE INDEX "OrderEvent_orderId_at_idx" ON "OrderEvent"("orderId", "at");

-- CreateIndex
CREATE INDEX "OrderEvent_shop_at_idx" ON "OrderEvent"("shop", "at");

-- CreateIndex
CREATE INDEX "FixLink_orderId_idx" ON "FixLink"("orderId");

-- CreateIndex
CREATE INDEX "DeadLetter_shop_status_receivedAt_idx" ON "DeadLetter"("shop", "status", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "DeadLetter_shop_eventId_key" ON "DeadLetter"("shop", "eventId");

-- CreateIndex
CREATE INDEX "ReconcileRun_shop_startedAt_idx" ON "ReconcileRun"("shop", "startedAt");

