-- CreateTable
CREATE TABLE "Content" (
    "sha256" TEXT NOT NULL PRIMARY KEY,
    "size" BIGINT NOT NULL,
    "storedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ProjectFile" (
    "jobId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" BIGINT NOT NULL,

    PRIMARY KEY ("jobId", "path"),
    CONSTRAINT "ProjectFile_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProjectFile_sha256_fkey" FOREIGN KEY ("sha256") REFERENCES "Content" ("sha256") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "JobProject" (
    "jobId" TEXT NOT NULL PRIMARY KEY,
    "blendPath" TEXT NOT NULL,
    "fileCount" INTEGER NOT NULL,
    "fileBytes" BIGINT NOT NULL,
    CONSTRAINT "JobProject_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ProjectFile_sha256_idx" ON "ProjectFile"("sha256");
