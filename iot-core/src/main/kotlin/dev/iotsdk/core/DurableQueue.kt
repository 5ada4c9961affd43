package dev.iotsdk.core

import java.nio.file.Path

/**
 * A directory-backed queue for QoS 1 publishes (opt-in; see [IotMqttClientConfig.durableQueue]). With it, a QoS 1
 * `publish` returns once the message is stored in [directory] (as [fsync] says) and the client delivers it in the
 * background, at least once, in publish order: after a reconnect, and after the process is killed and a new client is
 * made on the same directory. A record leaves the directory once the broker acknowledged it (PUBACK, or a PUBACK
 * error: a refused message is not retried).
 *
 * Bounded by [maxMessages] and [maxBytes] (record bytes: payload, topic, properties and 32 bytes of framing); when full,
 * [overflow] fails the new publish with [OfflineQueueFullException] or drops the oldest stored message (both counted in
 * [OperationStatistics.droppedByOverflow]). Disk use stays under about [maxBytes] plus one 1 MiB segment file.
 *
 * QoS 0 publishes, subscribes and unsubscribes are not stored: they use the in-memory [OfflineQueuePolicy]. A torn or
 * corrupt tail left by a crash is skipped and counted ([OperationStatistics.durableRecordsSkipped]), never a startup
 * failure. One client per directory: making a second one while the first is open (in this process or another) throws
 * [DurableQueueLockedException].
 *
 * ```kotlin
 * val client = IotMqttClient {
 *     endpoint = "a1b2c3-ats.iot.us-east-1.amazonaws.com"
 *     connectionType = ConnectionType.MutualTls(identity)
 *     durableQueue = DurableQueue(Path.of("/var/lib/sensor/queue"))
 * }
 * client.publish(MqttMessage.text("telemetry/sensor-1", "{}")) // returns once on disk
 * ```
 * ```java
 * IotMqttClientConfig config = IotMqttClientConfig.builder()
 *     .endpoint(endpoint).mutualTls(identity)
 *     .durableQueue(new DurableQueue(Path.of("/var/lib/sensor/queue")))
 *     .build();
 * ```
 */
public class DurableQueue @JvmOverloads constructor(
    /** The directory that holds the queue's files (made if missing); one client at a time. */
    public val directory: Path,
    /** When records are forced to the device. */
    public val fsync: FsyncPolicy = FsyncPolicy.EVERY_MESSAGE,
    /** How many undelivered messages the directory may hold. */
    public val maxMessages: Int = 100_000,
    /** How many bytes of undelivered records the directory may hold. */
    public val maxBytes: Long = 64L * 1024 * 1024,
    /** Which message gives way when the queue is full. */
    public val overflow: OverflowPolicy = OverflowPolicy.DROP_OLDEST,
) {
    init {
        require(maxMessages > 0) { "maxMessages must be positive" }
        require(maxBytes > 0) { "maxBytes must be positive" }
    }

    override fun toString(): String =
        "DurableQueue(directory=$directory, fsync=$fsync, maxMessages=$maxMessages, maxBytes=$maxBytes, " +
            "overflow=$overflow)"
}
