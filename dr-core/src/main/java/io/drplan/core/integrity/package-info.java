/**
 * Data integrity of a restored database over JDBC ({@code java.sql} only; the driver is the
 * host's): row counts, order-independent checksums over key ranges and a watermark giving the
 * measured data loss. Entry point: {@link io.drplan.core.integrity.IntegrityCheck}.
 */
package io.drplan.core.integrity;
