
-- CreateTable
CREATE TABLE "OrderIntake" (
    "orderId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "holdReason" TEXT,
    "heldAt" TIMESTAMP(3),
    "openBlocking" INTEGER NOT NULL DEFAULT 0,
    "openTotal" INTEGER NOT NULL DEFAULT 0,
    "oldestOpenAt" TIMESTAMP(3),
    "evaluatedVersion" TIMESTAMP(3),
    "evaluatedAt" TIMESTAMP(3),
    "lockedUntil" TIMESTAMP(3),
    "lockedBy" TEXT,

    CONSTRAINT "OrderIntake_pkey" PRIMARY KEY ("orderId")
);

-- CreateTable
CREATE TABLE "Finding" (
    "id" TEXT NOT NULL,
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
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "resolvedBy" TEXT,
    "overriddenAt" TIMESTAMP(3),
    "overriddenBy" TEXT,
    "overrideNote" TEXT,

    CONSTRAINT "Finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderEvent" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "actorName" TEXT,
    "summary" TEXT NOT NULL,
    "details" TEXT,
    "dedupeKey" TEXT,

    CONSTRAINT "OrderEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IntakeSettings" (
    "shop" TEXT NOT NULL,
    "config" TEXT NOT NULL DEFAULT '{}',
    "carriers" TEXT NOT NULL DEFAULT '[]',
    "slaHours" INTEGER NOT NULL DEFAULT 24,
    "fixLinkHours" INTEGER NOT NULL DEFAULT 72,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "IntakeSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "FixLink" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "openedAt" TIMESTAMP(3),
    "submittedAt" TIMESTAMP(3),

    CONSTRAINT "FixLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeadLetter" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "apiVersion" TEXT NOT NULL,
    "triggeredAt" TIMESTAMP(3),
    "body" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'open',
    "resolvedAt" TIMESTAMP(3),
    "resolvedBy" TEXT,
    "outcome" TEXT,

    CONSTRAINT "DeadLetter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReconcileState" (
    "shop" TEXT NOT NULL,
    "watermark" TIMESTAMP(3),
    "nextRunAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReconcileState_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "ReconcileRun" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "since" TIMESTAMP(3) NOT NULL,
    "checked" INTEGER NOT NULL DEFAULT 0,
    "repaired" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "ReconcileRun_pkey" PRIMARY KEY ("id")
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

