-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
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
    "allowMissingFiles" BOOLEAN NOT NULL DEFAULT false,
    "requiredTags" TEXT NOT NULL DEFAULT '[]',
    "blendSha256" TEXT NOT NULL,
    "blendSize" BIGINT NOT NULL,
    "blendName" TEXT NOT NULL,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME
);
INSERT INTO "new_Job" ("blendName", "blendSha256", "blendSize", "createdAt", "error", "finishedAt", "frameEnd", "frameStart", "frameStep", "framesCanceled", "framesDone", "framesFailed", "id", "maxAttempts", "name", "outputFormat", "priority", "renderTimeoutS", "requiredTags", "sceneName", "startedAt", "status", "totalFrames") SELECT "blendName", "blendSha256", "blendSize", "createdAt", "error", "finishedAt", "frameEnd", "frameStart", "frameStep", "framesCanceled", "framesDone", "framesFailed", "id", "maxAttempts", "name", "outputFormat", "priority", "renderTimeoutS", "requiredTags", "sceneName", "startedAt", "status", "totalFrames" FROM "Job";
DROP TABLE "Job";
ALTER TABLE "new_Job" RENAME TO "Job";
CREATE INDEX "Job_status_createdAt_idx" ON "Job"("status", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
