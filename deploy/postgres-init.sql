-- Runs once, when the compose Postgres volume is first initialised. knowledge-service stores
-- embeddings with pgvector; creating the extension needs a superuser, which the services'
-- Flyway user should not have to be in production.
CREATE EXTENSION IF NOT EXISTS vector;
