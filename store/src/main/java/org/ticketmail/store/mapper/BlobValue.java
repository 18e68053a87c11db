package org.ticketmail.store.mapper;

/** One BLOB column read as bytes (a mapper returning byte[] directly would be read as an array of rows). */
public record BlobValue(byte[] bytes) {
}
