-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "sceneName" TEXT,
    "outputFormat" TEXT NOT NULL,
    "frameStart" INTEGER NOT NULL,
    "frameEnd" INTEGER NOT NULL,
    "frameStep" INTEGER NOT NULL DEFAULT 1,
    "totalFrames" INTEGER NOT NULL,
    "framesDone" INTEGER NOT NULL DEFAULT 0,
    "framesFailed" INTEGER NOT NULL DEFAULT 0,
    "blendSha256" TEXT NOT NULL,
    "blendSize" BIGINT NOT NULL,
    "blendName" TEXT NOT NULL,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Frame" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "jobId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "workerId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "renderTimeMs" INTEGER,
    "error" TEXT,
    "logTail" TEXT,
    "outputFile" TEXT,
    "assignedAt" DATETIME,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "Frame_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Frame_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "Worker" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Worker" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'IDLE',
    "lastHeartbeatAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Job_status_createdAt_idx" ON "Job"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Frame_status_jobId_number_idx" ON "Frame"("status", "jobId", "number");

-- CreateIndex
CREATE INDEX "Frame_workerId_status_idx" ON "Frame"("workerId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Frame_jobId_number_key" ON "Frame"("jobId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Worker_tokenHash_key" ON "Worker"("tokenHash");
