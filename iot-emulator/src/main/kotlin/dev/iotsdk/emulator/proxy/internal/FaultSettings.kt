package dev.iotsdk.emulator.proxy.internal

/** The faults currently applied by one proxy; read by every [ChunkPipe] on each chunk. */
internal class FaultSettings {
    @Volatile var stalled: Boolean = false

    @Volatile var latencyNanos: Long = 0

    @Volatile var bandwidthBytesPerSecond: Long? = null
}
