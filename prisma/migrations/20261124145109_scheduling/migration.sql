-- CreateTable
CREATE TABLE "Blocklist" (
    "jobId" TEXT NOT NULL,
    "workerId" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "blockedAt" DATETIME,

    PRIMARY KEY ("jobId", "workerId"),
    CONSTRAINT "Blocklist_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Blocklist_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "Worker" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Frame" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "jobId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "workerId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "failures" INTEGER NOT NULL DEFAULT 0,
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
INSERT INTO "new_Frame" ("assignedAt", "attempts", "error", "finishedAt", "id", "jobId", "logTail", "number", "outputFile", "renderTimeMs", "startedAt", "status", "workerId") SELECT "assignedAt", "attempts", "error", "finishedAt", "id", "jobId", "logTail", "number", "outputFile", "renderTimeMs", "startedAt", "status", "workerId" FROM "Frame";
DROP TABLE "Frame";
ALTER TABLE "new_Frame" RENAME TO "Frame";
CREATE INDEX "Frame_status_jobId_number_idx" ON "Frame"("status", "jobId", "number");
CREATE INDEX "Frame_workerId_status_idx" ON "Frame"("workerId", "status");
CREATE UNIQUE INDEX "Frame_jobId_number_key" ON "Frame"("jobId", "number");
CREATE TABLE "new_Job" (
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
    "framesCanceled" INTEGER NOT NULL DEFAULT 0,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 3,
    "renderTimeoutS" INTEGER,
    "requiredTags" TEXT NOT NULL DEFAULT '[]',
    "blendSha256" TEXT NOT NULL,
    "blendSize" BIGINT NOT NULL,
    "blendName" TEXT NOT NULL,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME
);
INSERT INTO "new_Job" ("blendName", "blendSha256", "blendSize", "createdAt", "error", "finishedAt", "frameEnd", "frameStart", "frameStep", "framesDone", "framesFailed", "id", "name", "outputFormat", "sceneName", "startedAt", "status", "totalFrames") SELECT "blendName", "blendSha256", "blendSize", "createdAt", "error", "finishedAt", "frameEnd", "frameStart", "frameStep", "framesDone", "framesFailed", "id", "name", "outputFormat", "sceneName", "startedAt", "status", "totalFrames" FROM "Job";
DROP TABLE "Job";
ALTER TABLE "new_Job" RENAME TO "Job";
CREATE INDEX "Job_status_createdAt_idx" ON "Job"("status", "createdAt");
CREATE TABLE "new_Worker" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'IDLE',
    "lastHeartbeatAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "tags" TEXT NOT NULL DEFAULT '[]'
);
INSERT INTO "new_Worker" ("createdAt", "id", "lastHeartbeatAt", "name", "status", "tokenHash") SELECT "createdAt", "id", "lastHeartbeatAt", "name", "status", "tokenHash" FROM "Worker";
DROP TABLE "Worker";
ALTER TABLE "new_Worker" RENAME TO "Worker";
CREATE UNIQUE INDEX "Worker_tokenHash_key" ON "Worker"("tokenHash");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Blocklist_workerId_idx" ON "Blocklist"("workerId");
