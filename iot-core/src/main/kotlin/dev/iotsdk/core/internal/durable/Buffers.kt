package dev.iotsdk.core.internal.durable

import java.nio.Buffer
import java.nio.ByteBuffer

// Through Buffer: ByteBuffer's own flip()/clear() (JDK 9+) are missing on Android and JDK 8 (animal-sniffer checks).

/** Flips this buffer for reading. */
internal fun ByteBuffer.flipped(): ByteBuffer = apply { (this as Buffer).flip() }

/** Clears this buffer for writing. */
internal fun ByteBuffer.cleared(): ByteBuffer = apply { (this as Buffer).clear() }
