"""`flask seed`: municipalities, the seeded events, program and speakers. Idempotent."""
