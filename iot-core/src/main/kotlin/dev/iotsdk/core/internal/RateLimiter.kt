package dev.iotsdk.core.internal

import dev.iotsdk.core.FlowControl
import kotlinx.coroutines.delay
import kotlin.math.max

/** Token buckets for [FlowControl]: publishes per second and bytes per second, one second of burst. */
internal class RateLimiter(private val flow: FlowControl, private val nanoTime: () -> Long = System::nanoTime) {
    private var publishTokens = flow.publishesPerSecond.toDouble()
    private var byteTokens = flow.bytesPerSecond.toDouble()
    private var last = nanoTime()

    suspend fun acquire(bytes: Int) {
        while (true) {
            refill()
            if (publishTokens >= 1.0 && (byteTokens >= bytes || byteTokens >= flow.bytesPerSecond)) {
                publishTokens -= 1.0
                byteTokens -= bytes
                return
            }
            val needPublish = if (publishTokens >= 1.0) 0.0 else (1.0 - publishTokens) / flow.publishesPerSecond
            val needBytes = if (byteTokens >= bytes) 0.0 else (bytes - byteTokens) / flow.bytesPerSecond
            delay(max(1L, (max(needPublish, needBytes) * 1000).toLong()))
        }
    }

    private fun refill() {
        val now = nanoTime()
        val seconds = (now - last) / 1e9
        last = now
        publishTokens = minOf(flow.publishesPerSecond.toDouble(), publishTokens + seconds * flow.publishesPerSecond)
        byteTokens = minOf(flow.bytesPerSecond.toDouble(), byteTokens + seconds * flow.bytesPerSecond)
    }
}
