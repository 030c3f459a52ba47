-- The marketplace policy always exists, with its defaults, so readers never have to create it.
INSERT INTO "Policy" ("id", "updatedAt") VALUES (1, now()) ON CONFLICT ("id") DO NOTHING;
