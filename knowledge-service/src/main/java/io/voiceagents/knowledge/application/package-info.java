/**
 * Use cases of knowledge-service (create a knowledge base, ingest a document, retrieve passages) as plain classes;
 * {@code application.port} will hold the interfaces they need (embedding model, document parser).
 */
package io.voiceagents.knowledge.application;
