-- AlterTable
-- Added in place rather than by the table copy migration:new wrote: the same schema (its diff
-- against prisma/schema.prisma is empty) without rewriting every job row.
ALTER TABLE "Job" ADD COLUMN "allowMissingFiles" BOOLEAN NOT NULL DEFAULT false;
